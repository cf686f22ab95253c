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


def is_traditional(text: str) -> bool:
    """Whether the article is written in traditional characters. t2s also changes a few
    characters that simplified text uses in names (乾 → 干, 於 → 于), so a simplified article
    is left alone: only when a clear share of its Chinese characters change is it converted."""
    cjk = re.findall(rf"[{CJK}]", text)
    if not cjk:
        return False
    simplified = to_simplified("".join(cjk))
    changed = sum(a != b for a, b in zip(cjk, simplified, strict=True))
    return changed >= 0.03 * len(cjk) and changed >= 3


# What YAML cannot hold or reads as a line break (control characters, NEL, U+2028/9, U+FFFE/F).
UNSAFE = re.compile(
    "[^\\t\\n\\r\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)

PUNCT = {",": "，", ";": "；", "?": "？", "!": "！"}


URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")


def punctuation(text: str) -> str:
    """Half-width , ; ? ! : ( ) next to Chinese text become the full-width forms Chinese
    typesetting uses; times (10:27), numbers (1,200) and addresses (…?id=3) stay as they are."""
    parts = []
    last = 0
    for m in URL.finditer(text):
        parts += [_punctuation(text[last : m.start()]), m.group(0)]
        last = m.end()
    return "".join(parts) + _punctuation(text[last:])


def _punctuation(text: str) -> str:
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
        # share targets, once their bullets are gone: 某某新闻客户端, 某某发布微博
        r"^\s*[•·]?\s*\S{0,10}(?:微信|微博|客户端|抖音|头条号?|App|APP|QQ)\s*$",
        r"^\s*(?:(?:点赞|在看|分享|收藏|评论|赞|转发|喜欢|阅读原文|写留言|留言|打赏)\s*[|｜]?\s*)+$",
        r"^\s*(?:首页|新闻|网站首页)(?:\s+\S{2,6}){2,}\s*$",  # 首页 新闻 区县动态 沿河县
        # counters and buttons with their numbers: 浏览：884, 评论(1), 阅读 1.2万
        r"^\s*(?:(?:浏览|阅读|点击|评论|点赞|收藏|分享|转发)\s*[:：(（]?\s*[\d.万]*\s*[)）]?\s*)+$",
        r"(?:浏览|阅读|点击)\s*[:：]\s*\d+",
        # a site's own links: 官方微信 | 繁体版 | 无障碍版, 友情链接, 搜索, 新闻中心
        r"繁体版|无障碍|友情链接|^\s*搜\s*索\s*$|^\s*新闻中心\s*$|^\s*(?:外观|外觀)\s*$",
        r"^\s*(?:爆料|新闻热线|投稿信箱|联系我们|网站地图|设为首页|加入收藏)",
        r"复制链接|複製鏈接|以下链接发送给好友|以下鏈接發送給好友|^\s*(?:锁定|鎖定)\s*$",
        r"^\s*[(（](?:重定向自|重新導向自)",
        # unrendered template code: //= $list[...], {$title}, <?php
        r"//=|\{\$|\$\w+\[|<\?php|\?>",
        # an e-paper's page furniture: 第02版：…, 上一版 3 4 下一版, 放大 缩小 默认
        r"^\s*第\s*\d{1,3}\s*版\s*[:：]|上一版|下一版|上一篇|下一篇|^\s*放大\s*缩小|^\s*P\.\s*\d+\s*$",
        r"^\s*Page\s+\d+",
        # empty labels and a yearbook's catalogue lines: 书名：, 一级目：群众团体
        r"^\s*(?:书名|来源|作者|编辑|责任编辑|字体|文章热词|关键词|标签)\s*[:：]\s*$",
        r"^\s*[一二三四]级目\s*[:：]",
        # a flattened wiki table's rule and empty cells
        r"^[\s|｜•·-]*$",
    )
]


def furniture(line: str) -> bool:
    return any(p.search(line) for p in FURNITURE)


def template_code(text: str) -> str:
    """Unrendered template code inside a line ({{ title }}, {% if %})."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text)


# Markup a copy-and-paste leaves in plain text (<p class="ql-block">), and the words a
# censoring filter put in pinyin: (zheng zhi)部.
TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
CENSORED = re.compile(r"[(（]\s*[a-z]{1,6}(?:\s+[a-z]{1,6}){1,3}\s*[)）]")
WIKI = re.compile(r"\[(?:编辑|編輯|edit)\]|\[(?:注\s*)?\d+(?:[-–,]\d+)*\]|\^")


def table_row(text: str) -> str:
    """A row of a table flattened to text (`地址 | 重庆市渝中区 | |||`, an encyclopedia's
    infobox) as `地址：重庆市渝中区`; a row of one cell as that cell."""
    if "|" not in text or URL.search(text):
        return text
    cells = [c.strip() for c in re.split(r"\s*[|｜]\s*", text) if c.strip()]
    if len(cells) == 2 and len(cells[0]) <= 12 and not cells[0].endswith(("：", ":")):
        return f"{cells[0]}：{cells[1]}"
    return "，".join(cells) if len(cells) > 2 else "".join(cells)


def clean_line(text: str, traditional: bool = True) -> tuple[str, int]:
    """(cleaned text, number of glosses dropped). `traditional` says whether the article is
    in traditional characters and so is converted to simplified."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    text = UNSAFE.sub("", re.sub(r"[\u200b-\u200f\ufffd]", "", text))
    text = CENSORED.sub("", TAGS.sub(" ", text))
    text = WIKI.sub("", text)
    text, glosses = drop_glosses(text)
    if traditional:
        text = to_simplified(text)
    text = punctuation(text)
    text = re.sub(r"^\s*[•·]\s*", "", text)  # a list bullet, kept apart from share targets
    return " ".join(text.split()), glosses
