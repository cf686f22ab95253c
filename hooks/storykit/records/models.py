"""One typed model per record kind: the single source of truth.

Validation, the JSON Schema for editors, the field reference page, `storykit new` templates
and the page templates all read these classes. Chinese labels (`title`) and explanations
(`description`) live on the fields.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from storykit.records import markers
from storykit.records.types import (
    SLUG_JSON,
    Count,
    Isbn,
    Issn,
    Markdown,
    Number,
    PartialDate,
    PersonName,
    Slug,
    Summary,
    Text,
    Title,
    Url,
    Year,
    _fail,
    digits,
)

FIVE_ELDERS = ("老干部", "老战士", "老专家", "老教师", "老模范", "其他")
SITE_KINDS = ("旧址", "遗址", "纪念馆", "纪念碑", "烈士陵园", "教育基地", "其他")
ERAS = (
    "土地革命战争时期",
    "抗日战争时期",
    "解放战争时期",
    "社会主义革命和建设时期",
    "改革开放新时期",
    "新时代",
)
# The years each named era begins; it ends where the next begins. An era written as years
# (1931-1934年) is shown as written and counts for the named eras it overlaps.
ERA_STARTS = (1927, 1937, 1945, 1949, 1978, 2012)
PROTECTION = ("全国重点文物保护单位", "省级", "市级", "县级", "未定级")
PUBLICATION_KINDS = ("图书", "丛书", "期刊", "报纸", "内部资料", "调研报告", "画册", "音像")
ORG_TYPES = ("关工委", "老促会", "老干部局", "老科协", "老年大学", "其他")
ORG_LEVELS = ("全国", "省", "市", "县", "乡镇", "村社区", "学校", "企业")
HONOR_LEVELS = ("全国", "省", "市", "县")
HONOR_STATUS = ("提名", "公示", "授予")
# English option values, each with its Chinese meaning: the field reference, `storykit new` and
# error messages show the meaning beside the value.
CRS_MEANINGS = {
    "WGS84": "GPS 定位和国际通用的坐标",
    "GCJ02": "高德、腾讯地图的坐标",
    "BD09": "百度地图的坐标",
}
CRS = tuple(CRS_MEANINGS)
RegionText = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
    markers.JsonForm(
        {"pattern": r"\S"}, also=({"type": "integer", "minimum": 100000, "maximum": 999999},)
    ),
    markers.Unexpressed("须是 GB/T 2260 行政区划中的地区：名称路径或 6 位代码", "region"),
]
APPROX = ("多", "余", "约", "近", "超过")
FOCUS_MEANINGS = {
    "center": "居中",
    "top": "上部，保留人脸",
    "bottom": "下部",
    "left": "左侧",
    "right": "右侧",
}
FOCUS = tuple(FOCUS_MEANINGS)
VALUE_MEANINGS: dict[str, str] = {**CRS_MEANINGS, **FOCUS_MEANINGS}


def with_meaning(value: object) -> str:
    """An option value as shown to volunteers: `top（上部，保留人脸）`; Chinese values as they are."""
    meaning = VALUE_MEANINGS.get(str(value))
    return f"{value}（{meaning}）" if meaning else str(value)


def meanings(options: dict[str, str]) -> str:
    """`center：居中；top：上部，保留人脸；…` for a field's description."""
    return "；".join(f"{k}：{v}" for k, v in options.items())


def labelled(title: str, description: str = "", required: bool = False, **kw: Any) -> Any:
    """A field with its Chinese label and explanation; optional (None) unless `required`."""
    if not required:
        kw.setdefault("default", None)
    return Field(title=title, description=description or None, **kw)


# -- values written in more than one way --------------------------------------------------
SPAN = r"\s*(\d{4})\s*(?:[-—–~～至到]+\s*(\d{4})\s*)?年?\s*"
SPAN_RE = re.compile(rf"^{SPAN}$")  # 1931-1934年, 1949—2019, 1935年
SPAN_PATTERN = (  # the same for the editors' JSON Schema (full-width digits too)
    rf"^\s*{digits()}{{4}}\s*(?:[-—–~～至到]+\s*{digits()}{{4}}\s*)?年?\s*$"
)


def _span(text: str) -> tuple[int, int] | None:
    """(first, last) year of `1931-1934年` or `1935年`; None when it is no such text."""
    m = SPAN_RE.match(text)
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    return (first, last) if first <= last else None


def _era(value: Any) -> str:
    """A named era, or years as the source gives them; kept as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and (value.strip() in ERAS or _span(value)):
        return value.strip()
    raise _fail("era", f"应为时期名称（{'、'.join(ERAS)}）或年份，例如 1931-1934年", value)


def era_names(era: str) -> tuple[str, ...]:
    """The named eras an era overlaps: 1931-1934年 → 土地革命战争时期. A span that only
    touches an era's first year (1937-1945年) does not count for it."""
    if era in ERAS:
        return (era,)
    first, last = _span(era) or (0, 0)
    out = []
    for i, name in enumerate(ERAS):
        start = ERA_STARTS[i]
        end = ERA_STARTS[i + 1] if i + 1 < len(ERA_STARTS) else 10000
        if start <= first < end if first == last else max(first, start) < min(last, end):
            out.append(name)
    return tuple(out)


def _period(value: Any) -> Any:
    """`1949—2019` written as text, as a book's title page gives it → {from, to}."""
    if isinstance(value, str):
        found = _span(value)
        if found:
            return {"from": found[0], "to": found[1]}
        raise _fail("period", "应写成 {from: 1949, to: 2019} 或 1949—2019", value)
    return value


def one_or_many(value: Any) -> Any:
    """A single value where a list is expected is a list of one (`category: 老战士`)."""
    if value is None:
        return []
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


# What a list field that takes one value on its own line also accepts (one_or_many).
ONE_FORMS = ({"type": "string", "pattern": r"\S"}, {"type": "null"})
SLUG_OR_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _awarder(value: Any) -> Any:
    """An awarding body written on its own: an id names an org record, other text is a name."""
    if isinstance(value, str):
        return {"org": value} if SLUG_OR_NAME.match(value.strip()) else {"name": value}
    return value


def _recipient(value: Any) -> Any:
    """A recipient written on its own is a name; a bare id could be a person or an org."""
    if isinstance(value, str):
        if SLUG_OR_NAME.match(value.strip()):
            raise _fail(
                "recipient",
                "只写编号分不清是人物还是组织；请写成 {person: 编号} 或 {org: 编号}",
                value,
            )
        return {"name": value}
    return value


def _exactly_one(part: BaseModel, keys: tuple[str, ...], what: str) -> None:
    given = [k for k in keys if getattr(part, k) is not None]
    if len(given) != 1:
        found = f"写了 {'、'.join(given)}" if given else "都没有写"
        raise PydanticCustomError(
            "one_of",
            "{what}须写 {keys} 中的一项，且只写一项；实际{found}",
            {"what": what, "keys": "、".join(keys), "found": found},
        )


def _one_of(*keys: str) -> dict[str, Any]:
    """JSON Schema: exactly one of these keys (check says the same in _exactly_one)."""
    return {"oneOf": [{"required": [k]} for k in keys]}


class Part(BaseModel):
    """Nested objects: unknown keys are errors, numbers in text fields become text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class Image(Part):
    src: Annotated[
        Text,
        markers.Unexpressed(
            "图片文件须存在（在本记录旁或 stories/media/ 里），且能作为图片打开", "picture"
        ),
    ] = labelled(
        "图片文件",
        "相对于本记录文件的路径，或 stories/media/ 里的文件名，例如 school.jpg",
        required=True,
    )
    alt: Text = labelled(
        "替代文字", "用一句话说明图片内容，供看不见图片的读者和读屏软件使用（必填）", required=True
    )
    caption: Text | None = labelled("图片说明", "显示在图片下方的说明文字")
    credit: Text | None = labelled("摄影/来源", "拍摄者或图片来源")
    focus: Literal[FOCUS] | None = labelled(  # type: ignore[valid-type]
        "裁切重点", f"缩略图裁切时保留哪一部分。{meanings(FOCUS_MEANINGS)}"
    )


class Figure(Part):
    label: Text = labelled("指标名称", "例如 五老队伍、成员、帮扶青年", required=True)
    value: Number = labelled("数值", "只写数字，不带逗号和单位，例如 2113", required=True)
    approx: Literal[APPROX] | None = labelled(  # type: ignore[valid-type]
        "约数", "原文是约数时填写：多、余（写在数字后）或 约、近、超过（写在数字前）"
    )
    unit: Text | None = labelled("单位", "例如 人、个、万元、亩")
    year: Year | None = labelled("年份", "数字对应的年份")
    note: Text | None = labelled("备注", "口径或补充说明")


class Section(Part):
    title: Text = labelled("小标题", required=True)
    body: Markdown | None = labelled("正文", "可用 Markdown 书写")


class Source(Part):
    title: Text = labelled("来源标题", "原文或报道的标题", required=True)
    publisher: Text | None = labelled("发布单位", "例如 某省关工委、某某日报")
    url: Url | None = labelled("网址", "以 http:// 或 https:// 开头")
    date: PartialDate | None = labelled("发布日期", '写成 "2024-05-20"、"2024-05" 或 "2024"')


class Period(Part):
    from_: Year | None = Field(None, alias="from", title="起始年份", description="例如 2023")
    to: Year | None = labelled("结束年份", "例如 2025")


YearSpan = Annotated[
    Period,
    BeforeValidator(_period),
    markers.JsonForm(also=({"type": "string", "pattern": SPAN_PATTERN},)),
    markers.Unexpressed("写成文字时，起始年份不能晚于结束年份", "period"),
]
Era = Annotated[
    str,
    BeforeValidator(_era),
    markers.JsonForm(
        None,
        also=(
            {"enum": list(ERAS)},
            {"type": "string", "pattern": SPAN_PATTERN},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ),
    ),
    markers.Unexpressed("写成年份时，起始年份不能晚于结束年份", "era"),
]


class Honor(Part):
    title: Text = labelled("荣誉名称", "例如 全国关心下一代工作先进个人", required=True)
    year: Year | None = labelled("获得年份")
    by: Text | None = labelled("授予单位")

    def __str__(self) -> str:
        extra = "，".join(str(x) for x in (self.year and f"{self.year}年", self.by) if x)
        return f"{self.title}（{extra}）" if extra else self.title


class Awarder(Part):
    """An awarding body: an org record by its id, or the name of one without a record."""

    model_config = ConfigDict(json_schema_extra=_one_of("org", "name"))

    org: Annotated[Slug | None, markers.Ref("org")] = labelled(
        "组织编号", "已有组织记录时写它的编号"
    )
    name: Text | None = labelled("单位名称", "没有组织记录的单位，写全称")

    @model_validator(mode="after")
    def _check(self) -> Awarder:
        _exactly_one(self, ("org", "name"), "授予单位")
        return self

    def __str__(self) -> str:
        return self.name or self.org or ""


class Recipient(Part):
    """One person or organisation honoured: by record id, or by name with their unit."""

    model_config = ConfigDict(json_schema_extra=_one_of("person", "org", "name"))

    person: Annotated[Slug | None, markers.Ref("person")] = labelled(
        "人物编号", "已有人物记录时写它的编号"
    )
    org: Annotated[Slug | None, markers.Ref("org")] = labelled(
        "组织编号", "受表彰的集体已有组织记录时写它的编号"
    )
    name: Annotated[Text | None, markers.ProperName()] = labelled(
        "姓名或名称", "没有记录的个人或集体，写姓名或全称"
    )
    org_name: Text | None = labelled("所在单位", "没有记录的个人所在的单位或职务，照原文写")
    note: Text | None = labelled("备注", "例如 追授")

    @model_validator(mode="after")
    def _check(self) -> Recipient:
        _exactly_one(self, ("person", "org", "name"), "受表彰者")
        return self


class RecipientGroup(Part):
    title: Text | None = labelled("荣誉称号", "这一组获得的称号，例如 先进集体")
    members: Annotated[
        list[
            Annotated[
                Recipient,
                BeforeValidator(_recipient),
                markers.JsonForm(also=({"type": "string", "pattern": r"\S"},)),
            ]
        ],
        markers.Unexpressed(
            "单独一行只写编号时分不清是人物还是组织，须写成 {person: 编号} 或 {org: 编号}",
            "recipient",
        ),
    ] = labelled(
        "名单",
        "每人一项：有记录的写 {person: 编号} 或 {org: 编号}，没有的写 {name: 姓名, org_name: 单位}",
        required=True,
        min_length=1,
        examples=[
            [
                {"person": "shili-person"},
                {"org": "shili-org"},
                {"name": "示例姓名", "org_name": "示例单位"},
            ]
        ],
    )


class Location(Part):
    lat: float = labelled("纬度", "例如 36.59", ge=-90, le=90, required=True)
    lng: float = labelled("经度", "例如 109.49", ge=-180, le=180, required=True)
    crs: Literal[CRS] = labelled(  # type: ignore[valid-type]
        "坐标系",
        f"坐标取自哪种地图或定位。{meanings(CRS_MEANINGS)}。不确定时不要填写坐标",
        required=True,
    )


class Restoration(Part):
    year: Year = labelled("年份", required=True)
    note: Text | None = labelled("说明", "修缮或重建的内容")


class Visiting(Part):
    hours: Text | None = labelled("开放时间", "例如 周二至周日 9:00—17:00")
    booking: Text | None = labelled("预约方式")
    phone: Annotated[Text | None, markers.PublicContact()] = labelled(
        "咨询电话", "对外公开的单位电话（不要填写个人手机号）"
    )


class WebLink(Part):
    title: Text = labelled("链接标题", required=True)
    url: Url = labelled("网址", "以 http:// 或 https:// 开头", required=True)


def _shelf_item(value: Any) -> Any:
    return {"publication": value} if isinstance(value, str) else value


class ShelfItem(Part):
    publication: Annotated[Slug, markers.Ref("publication")] = labelled(
        "书刊编号", "书刊记录的编号（文件名）", required=True
    )
    note: Text | None = labelled("推荐语")


class SignOff(Part):
    """One level's approval of a record's content (先审后发), written by `storykit review`."""

    level: Text = labelled(
        "审核级别", "mkdocs.yml 中 extra.review.levels 的一级，例如 初审", required=True
    )
    by: Text = labelled("审核人", "签字审核的人的姓名", required=True)
    date: PartialDate = labelled("审核日期", '写成 "2024-05-20"', required=True)
    note: Text | None = labelled("审核意见")
    digest: Text = labelled(
        "内容校验值",
        "审核时记录内容的校验值，由 storykit review 写入；内容改动后这次审核作废",
        required=True,
    )


class Origin(Part):
    """Where a record gathered from another storykit site came from (报送与转载), written by
    `storykit import` from that site's /data/. The page credits the origin organisation."""

    site: Text = labelled("来源网站", "原网站的网址", required=True)
    site_name: Text | None = labelled("来源网站名称")
    org: Text | None = labelled("来源单位", "原网站所属组织的名称")
    url: Url | None = labelled("原文链接", "记录在原网站上的网页")
    id: Text = labelled(
        "原编号", "记录在原网站的类型和编号，例如 case:zhangsan-jiangke", required=True
    )
    digest: Text = labelled(
        "导入校验值",
        "导入时记录内容的校验值，由 storykit import 写入；本地改动后与之不同，再次导入时不会覆盖本地修改",
        required=True,
    )


class Record(Part):
    """Fields every kind accepts. A draft (`draft: true`) may lack required fields
    (drafts.py): on its record they are None, or [] for a list."""

    kind: ClassVar[str]
    folder: ClassVar[str]
    label: ClassVar[str]  # the kind's Chinese name
    title_field: ClassVar[str] = "title"
    # Records of the same kind whose `parent` names this one are listed under this heading.
    children_label: ClassVar[str] = ""

    summary: Summary | None = labelled(
        "摘要", "一两句话的纯文本，不超过 300 字，用于卡片和页面描述"
    )
    region: Annotated[RegionText | None, markers.Fact(90)] = labelled(
        "地区",
        "地区名称路径，如 辽宁省/阜新市/彰武县，或 6 位行政区划代码，如 210922",
    )
    themes: Annotated[
        list[Text],
        markers.Fact(99),
        markers.Unexpressed("每项须是 stories/themes.yml 中列出的主题名称", "theme"),
    ] = labelled("主题", "主题名称，只能使用 stories/themes.yml 中列出的名称", default=[])
    images: Annotated[list[Image], markers.Picture(main=1)] = labelled(
        "图片", "每张图片须写 src 和 alt", default=[]
    )
    body: Markdown | None = labelled("正文", "可用 Markdown 书写")
    date: Annotated[PartialDate | None, markers.Fact(100), markers.SortDate(1)] = labelled(
        "日期", '发布或发生的日期，写成 "2024-05-20"、"2024-05" 或 "2024"'
    )
    draft: bool = labelled("草稿", "true 表示草稿：预览时可见，正式发布时不出现", default=False)
    featured: bool = labelled("推荐", "true 表示在首页推荐", default=False)
    origin: Annotated[Origin | None, markers.Written("storykit import", shared=True)] = labelled(
        "转载来源", "从另一个 storykit 网站导入时由 storykit import 写入，不要手工修改"
    )
    reviews: Annotated[list[SignOff], markers.Written("storykit review")] = labelled(
        "审核记录",
        "由 storykit review 或预览中的审核页添加在文件末尾，不要手工修改；记录内容改动后全部作废",
        default=[],
    )

    @property
    def display_title(self) -> str:
        """The title or name; "" on a draft that has none yet."""
        return getattr(self, self.title_field) or ""


class Case(Record):
    kind = "case"
    folder = "cases"
    label = "经验做法"

    title: Title = labelled("标题", required=True)
    summary: Summary = labelled(
        "摘要", "一两句话的纯文本，不超过 300 字，用于卡片和页面描述", required=True
    )
    org: Annotated[Slug, markers.Ref("org"), markers.Fact(1)] = labelled(
        "组织", "开展这项工作的组织的编号，例如 liaoning-ggw", required=True
    )
    date: Annotated[PartialDate, markers.Byline(3), markers.SortDate(1)] = labelled(
        "发布日期",
        '原报道的发布日期，写成 "2024-05-20"、"2024-05" 或 "2024"；原文未注明日期时，写本记录整理发布的年月',
        required=True,
    )
    period: Annotated[Period | None, markers.Fact(3)] = labelled(
        "起止年份", "例如 {from: 2023, to: 2025}"
    )
    brand: Annotated[Text | None, markers.Fact(2)] = labelled("工作品牌", "例如 老帮青")
    practices: Annotated[list[Section], markers.Sections()] = labelled(
        "主要做法", "每条写 title 和 body", default=[]
    )
    outcomes: Annotated[list[Section], markers.Sections()] = labelled(
        "成效", "每条写 title 和 body", default=[]
    )
    figures: Annotated[list[Figure], markers.Counted(by="org", dated=True)] = labelled(
        "关键数字", "例如 {label: 五老队伍, value: 2113, unit: 人}", default=[]
    )
    people: Annotated[list[Slug], markers.Ref("person")] = labelled(
        "相关人物", "人物记录的编号", default=[]
    )
    sites: Annotated[list[Slug], markers.Ref("site")] = labelled(
        "相关红色遗址", "遗址记录的编号", default=[]
    )
    publications: Annotated[list[Slug], markers.Ref("publication")] = labelled(
        "相关书刊", "书刊记录的编号", default=[]
    )
    sources: Annotated[list[Source], markers.Cited()] = labelled("来源", "原文出处", default=[])
    author: Annotated[Text | None, markers.Byline(1), markers.ProperName()] = labelled("作者")
    editor: Annotated[Text | None, markers.Byline(2), markers.ProperName()] = labelled("责任编辑")


class Person(Record):
    kind = "person"
    folder = "people"
    label = "先进典型"
    title_field = "name"

    name: PersonName = labelled("姓名", required=True)
    summary: Summary = labelled(
        "摘要", "一两句话的纯文本，不超过 300 字，用于卡片和页面描述", required=True
    )
    category: Annotated[
        list[Literal[FIVE_ELDERS]],  # type: ignore[valid-type]
        BeforeValidator(one_or_many),
        markers.JsonForm(also=({"enum": list(FIVE_ELDERS)}, {"type": "null"})),
        markers.Fact(1),
    ] = labelled(
        "类别",
        "五老类别：老干部、老战士、老专家、老教师、老模范 或 其他；兼有几类时写成列表，"
        "如 [老战士, 老教师]",
        default=[],
    )
    role: Annotated[Text | None, markers.Fact(2)] = labelled("身份", "例如 镇五老、会长、主任")
    org: Annotated[Slug | None, markers.Ref("org"), markers.Fact(3)] = labelled(
        "所属组织", "组织记录的编号"
    )
    born: Annotated[
        Year | None,
        markers.Fact(4, unit="年"),
        markers.Unexpressed(
            "按出生年份算今年未满 18 周岁的，须写 minor: true 和 consent", "privacy"
        ),
    ] = labelled("出生年份")
    honors: Annotated[list[Honor], markers.Fact(92)] = labelled(
        "荣誉", "每项写 title，可加 year 和 by", default=[]
    )
    quote: Annotated[Text | None, markers.Quote()] = labelled("寄语", "本人说过的一句话")
    portrait: Annotated[
        Image | None,
        markers.Picture(main=2, own=True, hidden_when="minor", stand_in="avatar"),
    ] = labelled("肖像", "人物照片，须写 src 和 alt")
    minor: bool = labelled(
        "未成年人", "true 表示未成年人：须填写 consent，且不显示照片", default=False
    )
    consent: Annotated[Text | None, markers.Unexpressed("minor 为 true 时必须填写", "privacy")] = (
        labelled("监护人同意", "未成年人监护人同意公开的记录，例如 监护人书面同意，存档于某单位")
    )


class RedSite(Record):
    kind = "site"
    folder = "sites"
    label = "红色遗址"
    title_field = "name"
    children_label = "组成部分"  # sites whose `parent` is this one

    name: Title = labelled("名称", required=True)
    summary: Summary = labelled(
        "摘要", "一两句话的纯文本，不超过 300 字，用于卡片和页面描述", required=True
    )
    region: Annotated[RegionText, markers.Fact(90)] = labelled(
        "地区", "地区名称路径，如 陕西省/延安市/宝塔区，或 6 位行政区划代码", required=True
    )
    site_kind: Annotated[  # type: ignore[valid-type]
        Literal[SITE_KINDS] | None, markers.Fact(1), markers.MapProperty("kind")
    ] = Field(
        None,
        alias="kind",
        title="类型",
        description="旧址、遗址、纪念馆、纪念碑、烈士陵园、教育基地 或 其他",
    )
    parent: Annotated[
        Slug | None,
        markers.Ref("site"),
        markers.Fact(2),
        markers.Unexpressed("所属遗址不能绕回本遗址，形成循环", "ref"),
    ] = labelled("所属遗址", "本处是某个较大遗址的一部分（如其中一座建筑）时，写那个遗址的编号")
    eras: Annotated[list[Era], markers.Fact(3), markers.MapProperty("eras")] = labelled(
        "时期",
        "土地革命战争时期、抗日战争时期、解放战争时期、社会主义革命和建设时期、改革开放新时期、"
        "新时代；也可照原文写年份，例如 抗日战争时期 或 1931-1934年",
        default=[],
    )
    address: Annotated[Text | None, markers.Fact(4), markers.MapAddress(), markers.ProperName()] = (
        labelled("地址")
    )
    location: Annotated[Location | None, markers.MapPoint()] = labelled(
        "坐标", "只在确知时填写，并注明坐标系 crs"
    )
    protection: Annotated[  # type: ignore[valid-type]
        Literal[PROTECTION] | None, markers.Fact(5), markers.MapProperty("protection")
    ] = labelled("保护级别", "全国重点文物保护单位、省级、市级、县级 或 未定级")
    batch: Annotated[Text | None, markers.Fact(6)] = labelled(
        "公布批次", "文物保护单位名单的批次，例如 第三批"
    )
    announced: Annotated[Year | None, markers.Fact(7, unit="年")] = labelled(
        "公布年份", "这批名单公布的年份，例如 2013"
    )
    list_number: Annotated[Text | None, markers.Fact(8)] = labelled(
        "名单序号", "本处在公布名单中的编号，照原文写，例如 7-1234"
    )
    designations: Annotated[list[Text], markers.Fact(9)] = labelled(
        "荣誉称号", "例如 全国爱国主义教育示范基地", default=[]
    )
    status: Annotated[Text | None, markers.Fact(10)] = labelled("现状", "例如 保存完好、已修复开放")
    restorations: list[Restoration] = labelled("修缮记录", "每项写 year 和 note", default=[])
    visiting: Annotated[Visiting | None, markers.Fact(92)] = labelled(
        "参观信息", "开放时间、预约方式、咨询电话"
    )
    people: Annotated[list[Slug], markers.Ref("person")] = labelled(
        "相关人物", "人物记录的编号", default=[]
    )
    cases: Annotated[list[Slug], markers.Ref("case")] = labelled(
        "相关经验做法", "经验做法记录的编号", default=[]
    )

    @property
    def named_eras(self) -> tuple[str, ...]:
        """The named eras of `eras`, those written as years included: for filtering."""
        found = (name for era in self.eras for name in era_names(era))
        return tuple(dict.fromkeys(found))


class Publication(Record):
    kind = "publication"
    folder = "publications"
    label = "书刊"

    title: Title = labelled("书名/刊名", required=True)
    pub_kind: Annotated[Literal[PUBLICATION_KINDS], markers.Fact(1)] = Field(  # type: ignore[valid-type]
        alias="kind",
        title="类型",
        description="图书、丛书、期刊、报纸、内部资料、调研报告、画册 或 音像",
    )
    authors: Annotated[list[Text], markers.Fact(2), markers.ProperName()] = labelled(
        "作者", "作者姓名，可写多位", default=[]
    )
    chief_editor: Annotated[
        list[Text],
        BeforeValidator(one_or_many),
        markers.JsonForm(also=(*ONE_FORMS, {"type": "number"})),
        markers.Fact(3),
        markers.ProperName(),
    ] = labelled("主编", "主编姓名；几位主编时写成列表", default=[])
    editors: Annotated[list[Text], markers.Fact(3), markers.ProperName()] = labelled(
        "编者", "编者或副主编姓名", default=[]
    )
    publisher: Annotated[Text | None, markers.Fact(4)] = labelled("出版者", "出版社或编印单位")
    year: Annotated[Year | None, markers.Fact(5), markers.SortDate(2)] = labelled("出版年份")
    isbn: Annotated[Isbn | None, markers.Fact(7)] = labelled(
        "ISBN", "13 位或 10 位书号，会核对校验位"
    )
    issn: Annotated[Issn | None, markers.Fact(8)] = labelled(
        "ISSN", "期刊的 8 位刊号，如 1234-5679，会核对校验位"
    )
    series: Annotated[Text | None, markers.Fact(6)] = labelled("丛书名")
    volumes: Annotated[Count | None, markers.Fact(9, unit="册")] = labelled("册数/辑数")
    issues: Annotated[Count | None, markers.Fact(10, unit="期")] = labelled(
        "期数", "丛刊共出的期数"
    )
    issue_no: Annotated[Count | None, markers.Fact(10, prefix="第", unit="期")] = labelled(
        "当年期号",
        "期刊的这一期是当年第几期，与出版年份一起读：2024年第4期写 year: 2024、issue_no: 4",
    )
    issue_total: Annotated[Count | None, markers.Fact(10, prefix="总第", unit="期")] = labelled(
        "总期号", "创刊以来连续编排的期号，总第280期写 280"
    )
    covers: Annotated[YearSpan | None, markers.Fact(5)] = labelled(
        "记述时限", "志书、史书记述的起止年份，例如 {from: 1949, to: 2019}，也可写 1949—2019"
    )
    copies: Annotated[Count | None, markers.Fact(11, unit="册")] = labelled("印数")
    pages: Annotated[Count | None, markers.Fact(12, unit="页")] = labelled("页数")
    cover: Annotated[
        Image | None,
        markers.Picture(main=3, own=True, stand_in="cover", foot=("pub_kind", "year")),
    ] = labelled("封面", "封面图片，须写 src 和 alt")
    org: Annotated[Slug | None, markers.Ref("org"), markers.Fact(13)] = labelled(
        "编印组织", "组织记录的编号"
    )
    links: Annotated[list[WebLink], markers.Cited()] = labelled(
        "链接", "每项写 title 和 url", default=[]
    )


class Shelf(Record):
    kind = "shelf"
    folder = "shelves"
    label = "书架"

    title: Title = labelled("书架名称", required=True)
    items: Annotated[
        list[
            Annotated[ShelfItem, BeforeValidator(_shelf_item), markers.JsonForm(also=(SLUG_JSON,))]
        ],
        markers.Listing(),
    ] = labelled(
        "书目",
        "按顺序列出书刊编号，或写成 {publication: 编号, note: 推荐语}",
        required=True,
        min_length=1,
    )


class Org(Record):
    kind = "org"
    folder = "orgs"
    label = "组织"
    title_field = "name"
    children_label = "下级组织"  # orgs whose `parent` is this one

    name: Title = labelled("名称", "全称，例如 辽宁省关心下一代工作委员会", required=True)
    org_type: Annotated[Literal[ORG_TYPES], markers.Fact(1)] = Field(  # type: ignore[valid-type]
        alias="type", title="类型", description="关工委、老促会、老干部局、老科协、老年大学 或 其他"
    )
    level: Annotated[Literal[ORG_LEVELS], markers.Fact(3)] = labelled(
        "层级", "全国、省、市、县、乡镇、村社区、学校 或 企业", required=True
    )
    short: Annotated[Text | None, markers.Fact(2)] = labelled("简称", "例如 省关工委")
    parent: Annotated[
        Slug | None,
        markers.Ref("org"),
        markers.Fact(4),
        markers.Unexpressed("上级组织不能绕回本组织，形成循环", "ref"),
    ] = labelled("上级组织", "上级组织的编号")
    founded: Annotated[Year | None, markers.Fact(5, unit="年"), markers.SortDate(3)] = labelled(
        "成立年份"
    )
    website: Annotated[Url | None, markers.Fact(92)] = labelled(
        "网站", "以 http:// 或 https:// 开头"
    )
    figures: Annotated[list[Figure], markers.Counted()] = labelled(
        "关键数字", "例如 {label: 成员, value: 120, unit: 人}", default=[]
    )


class Theme(Part):
    name: Annotated[Text, markers.Unexpressed("不能与别的主题同名", "duplicate")] = labelled(
        "主题名称", "例如 乡村振兴", required=True
    )
    slug: Annotated[Slug, markers.Unexpressed("不能与别的主题的网址名相同", "duplicate")] = (
        labelled(
            "网址名", "主题页面的网址，小写拼音加连字符，例如 xiangcun-zhenxing", required=True
        )
    )
    description: Text | None = labelled("说明")


class Metric(Part):
    """One key figure that is added up on the statistics page (stories/metrics.yml)."""

    name: Text = labelled("指标名称", "统计页上的名称，例如 五老队伍", required=True)
    unit: Text = labelled("单位", "例如 人、个、万元", required=True)
    aliases: list[Text] = labelled(
        "别名", "志愿者常写的同义名称，例如 五老人数；只写意思完全相同的", default=[]
    )
    units: dict[str, float] = labelled(
        "换算",
        "其他单位折合本单位的倍数，例如 {元: 0.0001}；未列出的单位视为错误",
        default={},
    )
    description: Text | None = labelled("说明", "口径说明")


class HonorList(Record):
    """An honours list (表彰名单, 公示名单). Named HonorList: Honor is a person's own honour line."""

    kind = "honor"
    folder = "honors"
    label = "表彰"

    title: Title = labelled(
        "名称", "表彰决定或名单的标题，例如 示例先进集体和先进工作者名单", required=True
    )
    by: Annotated[
        list[
            Annotated[
                Awarder,
                BeforeValidator(_awarder),
                markers.JsonForm(also=({"type": "string", "pattern": r"\S"},)),
            ]
        ],
        BeforeValidator(one_or_many),
        markers.JsonForm(also=ONE_FORMS),
        markers.Fact(1),
    ] = labelled(
        "授予单位",
        "有组织记录的写编号，没有的写单位全称；只有一个单位时可写在同一行，几个单位联合表彰时逐个列出",
        default=[],
        examples=[["shili-org", "示例授予单位"]],
    )
    level: Annotated[Literal[HONOR_LEVELS] | None, markers.Fact(2)] = labelled(  # type: ignore[valid-type]
        "级别", "全国、省、市 或 县"
    )
    status: Annotated[Literal[HONOR_STATUS] | None, markers.Fact(3)] = labelled(  # type: ignore[valid-type]
        "状态", "提名、公示 或 授予（公示名单写 公示，正式表彰写 授予）"
    )
    year: Annotated[Year | None, markers.Fact(4, unit="年度"), markers.SortDate(2)] = labelled(
        "年度", "表彰所属的年度；不知道具体日期时只写它"
    )
    date: Annotated[PartialDate | None, markers.Fact(5), markers.SortDate(1)] = labelled(
        "日期", '公布或授予的日期，写成 "2024-05-20"、"2024-05" 或 "2024"'
    )
    recipients: Annotated[list[RecipientGroup], markers.Roster()] = labelled(
        "受表彰名单",
        "按称号分组，每组写 title（如 先进集体）和 members；只有一种称号时只写一组",
        required=True,
        min_length=1,
    )
    sources: Annotated[list[Source], markers.Cited()] = labelled("来源", "原文出处", default=[])


KINDS: dict[str, type[Record]] = {
    m.kind: m for m in (Case, Person, RedSite, Publication, Shelf, Org, HonorList)
}
FOLDERS: dict[str, type[Record]] = {m.folder: m for m in KINDS.values()}
