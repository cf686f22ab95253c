"""Cleaning text: pinyin glosses left by bad traditional→simplified conversions, OpenCC t2s,
half-width punctuation between Chinese characters, and page furniture."""

from __future__ import annotations

import re
from functools import cache

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# 發(fā)展: a character followed by its pinyin in brackets; a tone mark proves it is pinyin.
GLOSS = re.compile(rf"[(（]\s*[a-z{TONED}]*[{TONED}][a-z{TONED}]*\s*[)）]")
CJK = r"\u3400-\u9fff"


# What a lost character leaves behind in such text: 下?lián)苷???h委 → question marks.
LOST = re.compile(r"(?<=[\u3400-\u9fff])(?:\?{2,}[a-z]?|\?[a-z])(?=[\u3400-\u9fff])")


def drop_glosses(text: str) -> tuple[str, int]:
    text, n = GLOSS.subn("", text)
    return LOST.sub("", text), n


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


# What YAML cannot hold or reads as a line break (control characters, NEL, U+2028/9, U+FFFE/F).
UNSAFE = re.compile(
    "[^\\t\\n\\r\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)

PUNCT = {",": "，", ";": "；", "?": "？", "!": "！"}


def punctuation(text: str) -> str:
    """Half-width , ; ? ! : ( ) next to Chinese text become the full-width forms Chinese
    typesetting uses; times (10:27) and numbers (1,200) stay as they are."""
    text = re.sub(rf"(?<=[{CJK}”’》）%])\s*([,;?!])", lambda m: PUNCT[m.group(1)], text)
    text = re.sub(r"(?<=\d)([,;?!])(?!\d)", lambda m: PUNCT[m.group(1)], text)
    text = re.sub(rf"(?<=[{CJK}”’》）])\s*:\s*", "：", text)
    text = re.sub(rf"(?<=[{CJK}\w])\s*\(([^()]*[{CJK}][^()]*)\)", r"（\1）", text)
    return text


# Page furniture: whole lines that are navigation, counters, buttons or template code.
FURNITURE = [
    re.compile(p)
    for p in (
        r"当前位置|您现在所在的位置|您的位置|所在位置|现在的位置",
        r"^(?:网站)?首页\s*[/>＞»›>]",
        r"^\s*(?:[^\d\s/>＞»›。，]{1,12}\s*[/>＞»›]\s*){2,}[^\d/。，]{0,12}\s*$",  # 首页/组织建设/…
        r"^\s*(?:打印|【?打印本页】?|关闭(?:窗口)?|返回(?:首页|顶部|列表)?|分享到?[:：]?.*|"
        r"扫码分享.*|扫一扫.*|微信扫一扫.*|收藏|评论|写评论|发表评论|点赞|在看|相关新闻|"
        r"上一篇.*|下一篇.*|阅读原文|字号[:：]?.*|\[?[大中小]\]?(?:\s*\[?[大中小]\]?)+)\s*$",
        r"浏览量|浏览次数|点击数|点击量|阅读量|阅读数|访问量|【字体",
        r"\{\{.*?\}\}|\{%.*?%\}|\$\{.*?\}",
        r"^\s*(?:https?://|www\.)\S+\s*$",
        r"Copyright|版权所有|ICP备|公网安备|All rights reserved",
        r"^\s*(?:投稿|邮箱|E-?mail)[:：]",
        r"^\s*!\[\]\(\)",
        r"^\s*[•·]\s*\S",
        r"^\s*(?:(?:点赞|在看|分享|收藏|评论|赞|转发|喜欢|阅读原文|写留言|留言|打赏)\s*[|｜]?\s*)+$",
        r"^\s*(?:首页|新闻|网站首页)(?:\s+\S{2,6}){2,}\s*$",  # 首页 新闻 区县动态 沿河县
    )
]


def furniture(line: str) -> bool:
    return any(p.search(line) for p in FURNITURE)


def template_code(text: str) -> str:
    """Unrendered template code inside a line ({{ title }}, {% if %})."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text)


def clean_line(text: str) -> tuple[str, int]:
    """(cleaned text, number of glosses dropped)."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    text = UNSAFE.sub("", re.sub(r"[\u200b-\u200f\ufffd]", "", text))
    text, glosses = drop_glosses(text)
    text = to_simplified(text)
    text = punctuation(text)
    return " ".join(text.split()), glosses
