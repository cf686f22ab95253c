"""Numbers as Chinese reports write them: `六万份`, `二百余名`, `一千二百三十四`, `3.5万`,
`1.1 亿元`, `两千`, `近万`, `十余`. Each is read with its approximation word (a value of the
models' APPROX) and the measure word after it, so a caller can make a key figure of it and take
the words before it as its label.

Money keeps its magnitude in the unit (`6500万元` is 6500 万元, as the metrics count money);
any other 万 or 亿 is folded into the value (`3.8万个` is 38000 个). Template placeholders
(`X 个`, `X 万`, `XX县`) contain no digits and are never read as numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from storykit.records.models import APPROX

DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGIT |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGIT) + "".join(SMALL) + "".join(BIG)

# Words written before a number and the APPROX value each means.
BEFORE = {"大约": "约", "约": "约", "将近": "近", "接近": "近", "近": "近"}
BEFORE |= {"超过": "超过", "超": "超过", "逾": "超过"}
# Measure words, longest first so 人次 wins over 人.
UNITS = tuple(
    re.split(
        r"\s+",
        "平方公里 平方米 个月 人次 场次 户次 课时 小时 公里 千米 公顷 周年 "
        "人 名 位 个 家 所 户 份 册 本 套 部 篇 首 幅 张 件 项 条 次 场 期 批 届 支 队 座 处 间 栋 "
        "台 辆 棵 株 元 岁 年 载 天 周 倍 字 米 亩 节 堂 门 种 % ％",
    )
)
CN_NOT_UNITS = ("周", "门", "节", "堂")
TIME_UNITS = ("年", "个月", "天", "小时", "周", "载")
assert set(BEFORE.values()) | {"余", "多"} <= set(APPROX), "approximation words must be APPROX"

FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
NUMBER = re.compile(
    r"(?P<before>大约|将近|接近|超过|约|(?<![最附临靠])近|超|逾)?\s?"
    rf"(?:(?P<arabic>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<cn>[{CN_CHARS}]+))"
    r"\s?(?P<mid>[余多])?(?P<mag>万亿|亿|万|千|百)?(?P<after>[余多])?"
    r"\s?(?P<unit>" + "|".join(map(re.escape, UNITS)) + r")?"
    r"(?P<tail>(?<=[年月天时周载])[余多]|左右)?"
)
# What shows a number is a date, an ordinal, a code or a list number rather than a quantity.
ORDINAL = re.compile(r"(?:第|星期|礼拜|No\.?|#)\s?$")
CODE_WORDS = re.compile(
    r"(?:电话|热线|编码|邮编|区号|代码|号码|编号|证号|账号|ISBN|ISSN|QQ|传真|手机)[^，。；,;\n]{0,8}$"
)
LATIN_BEFORE = re.compile(r"[A-Za-z][A-Za-z.]*\s?$")
JOINED_BEFORE = re.compile(r"[-−–/:·•.@\[\d?？]$")  # ？: a character lost before it
JOINED_AFTER = re.compile(r"^(?:[-−–/:·•]\d|[A-Za-z°′″'])")
DATE_AFTER = re.compile(r"^\s?(?:月|日|号|时(?!间)|点|分(?!钟|之)|年代|年级|年度|年底|年初)")
LIST_NUMBER = re.compile(r"^[、.．）)](?!\d)")
LIST_BEFORE = "\n 　（(【[。；;：:，,"
NOT_YEAR_AFTER = re.compile(r"^\s?[-—–~～至到]\s?\d{4}")


@dataclass(frozen=True)
class Number:
    """A quantity: its value, measure word (None when none follows) and approximation word."""

    value: int | float
    unit: str | None = None
    approx: str | None = None
    text: str = ""  # as written: 二百余名


@dataclass(frozen=True)
class Found(Number):
    """A quantity found in a longer text, with its span there (text[start:end] == .text)."""

    start: int = 0
    end: int = 0


def chinese_int(text: str) -> int | None:
    """一千二百三十四 → 1234, 两千 → 2000, 十二 → 12, 三千五 → 3500, 二〇二五 → 2025; None when
    the characters are no number (十十) or a range (三四)."""
    if not text or any(c not in CN_CHARS for c in text):
        return None
    if all(c in DIGIT for c in text):
        return _positional(text)
    return _grouped(text)


def _positional(text: str) -> int | None:
    """Digit by digit, as years are written (二〇二五); two digits without a zero are a range."""
    if len(text) == 1:
        return DIGIT[text]
    if not any(c in "零〇" for c in text):
        return None  # 三四 (three or four), 一二七 (a unit's name)
    return int("".join(str(DIGIT[c]) for c in text))


def _grouped(text: str) -> int | None:
    """Digits with 十百千万亿: sections of up to 千, multiplied by 万 and 亿."""
    total, section, digit, last, zero = 0, 0, None, 1, False
    for c in text:
        if c in "零〇":
            zero = True  # 一百零五: the digit after it is not scaled
        elif c in DIGIT:
            if digit is not None:
                return None  # two digits in a row
            digit = DIGIT[c]
        elif c in SMALL:
            if digit is None and section and not zero:
                return None  # 十十, 百零十
            section += (1 if digit is None else digit) * SMALL[c]
            digit, last, zero = None, SMALL[c], False
        else:
            group = section + (digit or 0)
            if c == "亿":
                total = (total + (group or 1)) * BIG[c]
            else:
                total += (group or 1) * BIG[c]
            section, digit, last, zero = 0, None, BIG[c], False
    if digit is not None:
        # 三千五 is 3500 and 一万二 12000, but 一百零五 is 105.
        section += digit * (last // 10 if last >= 10 and not zero else 1)
    return total + section


def _value(m: re.Match[str]) -> Decimal | None:
    """The number before its magnitude word, as a Decimal (no float rounding: 6.3万 is 63000)."""
    if m.group("arabic"):
        return Decimal(m.group("arabic").replace(",", ""))
    found = chinese_int(m.group("cn"))
    return None if found is None else Decimal(found)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _number(m: re.Match[str], whole: bool) -> Number | None:
    """The Number of a NUMBER match; None when its words make no quantity."""
    value = _value(m)
    if value is None:
        return None
    cn, mag, unit = m.group("cn"), m.group("mag"), m.group("unit")
    before = BEFORE.get(m.group("before") or "")
    if before == "近" and unit in TIME_UNITS + ("月", "日"):
        before = None  # 近3年 is the last three years, not about three
    tail = m.group("tail")  # 一年多, 300人左右
    after = m.group("mid") or m.group("after") or ("约" if tail == "左右" else tail)
    approx = after or before
    if cn and unit in CN_NOT_UNITS:
        unit = None  # 四周建有围墙, 两门楼: with these words a Chinese numeral is no count
    if cn and not approx and not unit and not whole:
        return None  # 十佳, 千万不要, 五老: Chinese numerals count only with a measure word
    if cn in ("百", "千", "万", "亿") and not approx:
        return None  # 万人空巷, 百年: a bare 万 is a number only as 近万, 万余
    if unit == "元" and mag in ("万", "亿", "万亿"):
        unit = mag + "元"
    elif mag:
        value *= {"百": 100, "千": 1000, "万": 10_000, "亿": 10**8, "万亿": 10**12}[mag]
    return Number(_plain(value), unit, approx, m.group(0).strip())


def read_number(text: str) -> Number | None:
    """The number `text` begins with (`160余人`, `约四百张`, `一千二百三十四`), with its unit;
    None when the text does not begin with one. A Chinese numeral with nothing after it counts
    only when it is the whole text."""
    written = text.strip()
    plain = written.translate(FULL_WIDTH)
    m = NUMBER.match(plain)
    if not m or not (m.group("arabic") or m.group("cn")):
        return None
    number = _number(m, whole=not plain[m.end() :].strip(" 。，,；;、"))
    if number is None:
        return None
    return Number(number.value, number.unit, number.approx, written[: len(number.text)])


def find_numbers(text: str) -> list[Found]:
    """Every quantity in `text`, in order, leaving out dates, years, times, ordinals (第七批),
    list numbers (1、), codes (电话 0451-…, 7-1883), coordinates and footnote marks."""
    plain = text.translate(FULL_WIDTH)
    out: list[Found] = []
    for m in NUMBER.finditer(plain):
        if not (m.group("arabic") or m.group("cn")) or _not_quantity(plain, m):
            continue
        number = _number(m, whole=False)
        if number is None:
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        end = start + len(number.text)
        out.append(Found(number.value, number.unit, number.approx, text[start:end], start, end))
    return out


def _not_quantity(text: str, m: re.Match[str]) -> bool:
    """Whether the digits of this match are a date, code, ordinal or list number."""
    num_start = m.start("arabic") if m.group("arabic") else m.start("cn")
    num_end = m.end("arabic") if m.group("arabic") else m.end("cn")
    before, after = text[max(0, num_start - 12) : num_start], text[num_end:]
    if ORDINAL.search(before) or DATE_AFTER.match(after):
        return True
    if m.group("cn"):
        return False
    digits = m.group("arabic")
    if JOINED_BEFORE.search(before) or JOINED_AFTER.match(after) or CODE_WORDS.search(before):
        return True
    if LATIN_BEFORE.search(before):
        return True  # Page 4, Y032
    if (digits.startswith("0") and len(digits) > 1 and "." not in digits) or len(digits) > 12:
        return True  # 0376, 420325109211
    year = re.fullmatch(r"\d{4}", digits) and 1000 <= int(digits) <= 2100
    if year and (re.match(r"\s?年", after) or NOT_YEAR_AFTER.match(after)):
        return True  # 2013年, 1931-1934
    # 1、 2. （3） at the start of a line or a sentence number a list
    return bool(LIST_NUMBER.match(after)) and (not before or before[-1] in LIST_BEFORE)
