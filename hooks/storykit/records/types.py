"""Field types shared by the record models, each with a Chinese error a volunteer can act on.

What a field says beyond its type (how it is shown, sorted, described to editors) is a marker,
in markers.py."""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from storykit.records import markers
from storykit.records.problems import show

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
YEAR_MIN, YEAR_MAX = 1000, 2100


def digits(chars: str = "0123456789") -> str:
    """A regex class of these ASCII digits and their full-width forms: check reads \\d, which
    takes the digits a Chinese input method types too."""
    wide = "".join(chr(ord(c) + 0xFEE0) for c in chars)
    return "[" + _ranges(chars) + _ranges(wide) + "]"


def _ranges(chars: str) -> str:
    """`0123456789` → `0-9`: runs of three or more consecutive characters as a range."""
    out, i = "", 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        out += f"{chars[i]}-{chars[j]}" if j - i >= 2 else chars[i : j + 1]
        i = j + 1
    return out


def _date_pattern() -> str:
    """YYYY, YYYY-M or YYYY-M-D with one- or two-digit parts, each month with its own days
    (29 for February: the leap year is left to check)."""
    d = digits
    first = f"{d('0')}?{d('123456789')}|{d('12')}{d()}"
    months = (
        (f"{d('0')}?{d('13578')}|{d('1')}{d('02')}", f"{first}|{d('3')}{d('01')}"),
        (f"{d('0')}?{d('469')}|{d('1')}{d('1')}", f"{first}|{d('3')}{d('0')}"),
        (f"{d('0')}?{d('2')}", first),
    )
    month_day = "|".join(f"(?:{m})(?:-(?:{days}))?" for m, days in months)
    return rf"^\s*(?!{d('0')}{{4}}){d()}{{4}}(?:-(?:{month_day}))?\s*$"


def _code_pattern(length: int) -> str:
    """`length` digits, the last of them possibly X, with spaces and hyphens anywhere
    (ISBN-10, ISSN); check removes the separators before counting."""
    return rf"(?:{digits()}[\s-]*){{{length - 1}}}(?:{digits()}|[Xx])"


SLUG_JSON = {"type": "string", "pattern": SLUG_RE.pattern}
NUMBER_JSON = {"type": "number"}  # text fields take numbers: coerce_numbers_to_str
DATE_PATTERN = _date_pattern()
YEAR_PATTERN = (  # YEAR_MIN to YEAR_MAX written out: 1000 to 2100
    rf"^\s*(?:{digits('1')}{digits()}{{3}}|{digits('2')}{digits('0')}{digits()}{{2}}"
    rf"|{digits('2')}{digits('1')}{digits('0')}{digits('0')})\s*$"
)
ISBN_PATTERN = rf"^[\s-]*(?:(?:{digits()}[\s-]*){{12}}{digits()}|{_code_pattern(10)})[\s-]*$"
ISSN_PATTERN = rf"^[\s-]*{_code_pattern(8)}[\s-]*$"
URL_PATTERN = r"^\s*https?://[^\s/$.?#]\S*\s*$"
TEXT_FORM = markers.JsonForm({"pattern": r"\S"}, also=(NUMBER_JSON,))


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `Model`, `Model | None`, `list[Model]` or an Annotated form of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found:
            return found
    return None


def has_validator(annotation: Any, func: Any) -> bool:
    """Whether a type (inside unions, lists and Annotated) is checked by `func`."""
    for m in getattr(annotation, "__metadata__", ()):
        if getattr(m, "func", None) is func:
            return True
    return any(has_validator(arg, func) for arg in typing.get_args(annotation))


def checked_by(info: FieldInfo, func: Any) -> bool:
    """Whether a field is checked by `func`, e.g. `_url` for a web address or `_year` for a
    year: pydantic keeps a field's outer metadata apart from its annotation."""
    return any(getattr(m, "func", None) is func for m in info.metadata) or has_validator(
        info.annotation, func
    )


def _fail(kind: str, message: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message + "；实际为 {found}", {"found": show(value)})


def _slug(value: Any) -> Any:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise _fail("slug", "应为记录编号（小写英文字母、数字和连字符），例如 liaoning-ggw", value)
    return value


def _year(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
        raise _fail("year", "应为四位数字年份，例如 2023", value)
    return value


def _date(value: Any) -> str:
    """Full or partial dates: 2023-05-01, 2023-05 or 2023 (reports often give only a year)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    m = DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if m:
        year, month, day = (int(g) if g else None for g in m.groups())
        try:  # month 0 or day 0 is a mistake, not "unknown": write 2023 or 2023-05 then
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError:
            m = None
        else:
            parts = [f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None]
            return "-".join(parts)
    raise _fail("date", '应为日期，写成 "2023-05-01"、"2023-05" 或 "2023"', value)


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("number", "应为数字（不带逗号和单位，单位写在 unit 里），例如 2113", value)
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail("count", "应为不小于 0 的整数，例如 12", value)
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/$.?#][^\s]*$", value.strip()):
        raise _fail("url", "应为以 http:// 或 https:// 开头的网址", value)
    return value.strip()


def _isbn(value: Any) -> str:
    text = re.sub(r"[\s-]", "", str(value)).upper()
    ok = False
    if re.fullmatch(r"\d{13}", text):
        ok = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(text)) % 10 == 0
    elif re.fullmatch(r"\d{9}[\dX]", text):
        digits = [10 if c == "X" else int(c) for c in text]
        ok = sum((10 - i) * d for i, d in enumerate(digits)) % 11 == 0
    if not ok:
        raise _fail(
            "isbn", "ISBN 不正确（应为 13 位或 10 位，校验位要对得上），请对照书的版权页", value
        )
    return str(value).strip()


def _issn(value: Any) -> str:
    text = re.sub(r"[\s-]", "", str(value)).upper()
    ok = bool(re.fullmatch(r"\d{7}[\dX]", text))
    if ok:
        total = sum((8 - i) * int(c) for i, c in enumerate(text[:7]))
        check = (11 - total % 11) % 11
        ok = text[7] == ("X" if check == 10 else str(check))
    if not ok:
        raise _fail("issn", "ISSN 不正确（应为 8 位，如 1234-5679，校验位要对得上）", value)
    return f"{text[:4]}-{text[4:]}"


def _text(value: Any) -> Any:
    if isinstance(value, dict | list):
        raise _fail("text", "应为一段文字", value)
    if isinstance(value, bool):
        raise _fail("text", "应为一段文字（若要写 是/否，请加引号）", value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "不能为空，请填写内容")
    return value


Slug = Annotated[str, BeforeValidator(_slug), markers.JsonForm({"pattern": SLUG_RE.pattern})]
Year = Annotated[
    int,
    BeforeValidator(_year),
    markers.JsonForm(
        {"minimum": YEAR_MIN, "maximum": YEAR_MAX},
        also=({"type": "string", "pattern": YEAR_PATTERN},),
        examples=(2023,),
    ),
]
PartialDate = Annotated[
    str,
    BeforeValidator(_date),
    markers.JsonForm(
        {"pattern": DATE_PATTERN},
        also=({"type": "integer", "minimum": 1000, "maximum": 9999},),  # date: 2023
        examples=("2024-05-20",),
    ),
    markers.Unexpressed("2 月 29 日只在闰年有效（编辑器不核对闰年）", "date"),
]
Number = Annotated[
    float | int, BeforeValidator(_number), markers.JsonForm(None, also=(NUMBER_JSON,))
]
Count = Annotated[int, BeforeValidator(_count), markers.JsonForm({"minimum": 0})]
Url = Annotated[str, BeforeValidator(_url), markers.JsonForm({"pattern": URL_PATTERN})]
Isbn = Annotated[
    str,
    BeforeValidator(_isbn),
    markers.JsonForm(  # a number is read as its digits: 9787300000008
        {"pattern": ISBN_PATTERN},
        also=(
            {"type": "integer", "minimum": 10**9, "maximum": 10**10 - 1},
            {"type": "integer", "minimum": 10**12, "maximum": 10**13 - 1},
        ),
    ),
    markers.Unexpressed("最后一位校验位须与前面的数字对得上（编辑器只检查位数）", "isbn"),
]
Issn = Annotated[
    str,
    BeforeValidator(_issn),
    markers.JsonForm(
        {"pattern": ISSN_PATTERN},
        also=({"type": "integer", "minimum": 10**7, "maximum": 10**8 - 1},),
    ),
    markers.Unexpressed("最后一位校验位须与前面的数字对得上（编辑器只检查位数）", "issn"),
]
Text = Annotated[str, BeforeValidator(_text), AfterValidator(_not_blank), TEXT_FORM]
Summary = Annotated[
    str, BeforeValidator(_text), AfterValidator(_not_blank), Field(max_length=300), TEXT_FORM
]
Markdown = Annotated[str, BeforeValidator(_text), markers.JsonForm(also=(NUMBER_JSON,))]

# -- display titles ------------------------------------------------------------------------
# A record's title heads its page, its card and its WeChat share (WeChat allows 64 characters);
# Chinese news titles rarely pass 40, organisation and site names 30. A person's name is short
# even with an ethnic-minority name's middle dot, so a longer value is a sentence typed there.
TITLE_MAX = 60
NAME_MAX = 30
Title = Annotated[Text, Field(max_length=TITLE_MAX)]
PersonName = Annotated[Text, Field(max_length=NAME_MAX), markers.ProperName()]
