"""Page types as data: what each generated page shows, with no markup.

`parts.py`, `record.py`, `listings.py` and `statspage.py` build these from the answers of
`Queries`; the core's templates render them. URLs here are site-relative directory URLs
(`cases/x/`); templates make them relative to the page. Strings are plain text and get
escaped by the templates; the only `Markup` values are sanitised Markdown (`richtext.md`)
and the QR code's SVG."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


# -- small parts ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    """A link inside the site (`url` site-relative) or, when `external`, to another host."""

    url: str
    text: str
    external: bool = False


@dataclass(frozen=True)
class Fact:
    """One row of a record's fact box. `style` says how its items are joined: `list` (、),
    `path` (a region chain, /), `tags` (theme tags), `lines` (one per line), `honors`."""

    label: str
    items: tuple[str | Link, ...]
    style: str = "list"
    name: bool = False  # proper names: data-sk-name


@dataclass(frozen=True)
class Figure:
    value: str  # formatted, with 多/约 where the source gave an approximate number
    unit: str
    label: str
    note: str


@dataclass(frozen=True)
class Section:
    title: str
    body: Markup


@dataclass(frozen=True)
class SectionGroup:
    key: str  # the field, e.g. practices
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Source:
    link: Link | str  # a title without a safe address is shown as text
    extra: str  # publisher and date


@dataclass(frozen=True)
class Byline:
    label: str
    text: str
    name: bool = False  # a proper name: data-sk-name


@dataclass(frozen=True)
class ReviewedBy:
    """With extra.review.show: one level's reviewer of the content shown (先审后发)."""

    level: str  # 初审
    by: str  # 张三


# -- pictures -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Picture:
    """A photo with its responsive WebP variants and one JPEG fallback."""

    srcset: tuple[tuple[str, int], ...]  # (site-relative file, width)
    src: str
    width: int
    height: int
    alt: str
    caption: str
    role: str = ""  # portrait, cover: styled beside the fact box


@dataclass(frozen=True)
class Thumb:
    src: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Placeholder:
    """A generated stand-in, never a fake photo. `shape`: cover (a book cover with the title),
    avatar (a person's first character) or badge (the kind's name on a colour)."""

    shape: str
    kind: str
    colour: str
    label: str  # accessible name, or the badge text
    lines: tuple[str, ...] = ()  # a cover's title lines
    foot: str = ""  # a cover's kind and year
    initial: str = ""  # an avatar's character


@dataclass(frozen=True)
class Card:
    url: str
    kind: str
    kind_label: str
    title: str
    summary: str
    meta: str  # region and date
    draft: bool
    thumb: Thumb | Placeholder
    problem: str = ""  # in the preview: the first problem of the record's file
    name: bool = False  # the title is a proper name (a person's): data-sk-name


@dataclass(frozen=True)
class RelatedGroup:
    title: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class ShelfItem:
    card: Card
    note: str


@dataclass(frozen=True)
class RosterEntry:
    """One person or organisation on an honours list."""

    name: Link | str  # linked to their record, or as written
    unit: Link | str  # their organisation, or "" (an organisation needs none)
    note: str


@dataclass(frozen=True)
class RosterGroup:
    key: str  # the field, e.g. recipients
    title: str  # the honour title of the group (先进集体), else the field's label
    entries: tuple[RosterEntry, ...]


@dataclass(frozen=True)
class SearchTags:
    """What Pagefind reads from a record page: filters and result metadata."""

    filters: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Pagination:
    previous: str | None
    next: str | None
    pages: tuple[tuple[int, str], ...]  # (number, url)
    current: int


@dataclass(frozen=True)
class ProblemLine:
    """One problem as shown in the preview, linked to the page of the record it is in."""

    text: str  # path:line: field: message
    short: str  # 第 N 行 field：message, where the file is known (a card)
    url: str | None  # None for files without a page (themes.yml, mkdocs.yml)
    warning: bool


@dataclass(frozen=True)
class Errors:
    """What the preview shows on a page of one record file, or of the whole site: the
    problems (the red box) and, apart and quieter, the reminders, which never stop a build."""

    problems: tuple[ProblemLine, ...]
    whole_site: bool
    reminders: tuple[ProblemLine, ...] = ()


# -- pages ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Directions:
    """A site's links to phones' map apps, each in that app's coordinate system."""

    amap: str
    baidu: str


@dataclass(frozen=True)
class SiteMap:
    """The map of /sites/ or of a site page; only there when a 天地图 key is set."""

    data: str  # site-relative URL of map.json
    key: str
    center: str  # "lng,lat" in WGS-84 on a site page, "" on /sites/ (fit all)
    nearby: int
    review_number: str = ""  # 审图号 of the base map, shown under it


@dataclass(frozen=True)
class SiteGroup:
    """The sites of one province, by city ("" for those with no city)."""

    province: str
    cities: tuple[tuple[str, tuple[Link, ...]], ...]


@dataclass(frozen=True)
class RecordPage:
    url: str
    kind: str  # the template is `<kind>.html`
    kind_label: str
    index_url: str | None  # None while its kind has nothing published (a draft's, previewing)
    title: str
    lead: str
    draft: bool
    name: bool  # the title is a proper name (a person's): data-sk-name
    errors: Errors | None
    own: Picture | Placeholder | None  # a portrait or cover beside the fact box
    pictures: tuple[Picture, ...]
    facts: tuple[Fact, ...]
    figures: tuple[Figure, ...]
    body: Markup
    sections: tuple[SectionGroup, ...]
    items: tuple[ShelfItem, ...]
    quote: str
    sources: tuple[Source, ...]
    bylines: tuple[Byline, ...]
    related: tuple[RelatedGroup, ...]
    search: SearchTags | None  # None for drafts: never indexed
    share_image: str  # site-relative link-preview image
    roster: tuple[RosterGroup, ...] = ()  # an honours list's groups of recipients
    totals: tuple[LocalTotal, ...] = ()  # an organisation's key figures added up
    directions: Directions | None = None  # a site with a location
    map: SiteMap | None = None
    worklist: str | None = None  # a draft's: the preview's list of drafts to check
    origin: Link | str | None = None  # gathered from another site: 来源 its organisation
    reviewed_by: tuple[ReviewedBy, ...] = ()  # extra.review.show: under the byline
    review: ReviewBadge | None = None  # in the preview, with review levels set

    template = property(lambda self: f"{self.kind}.html")


@dataclass(frozen=True)
class ListingPage:
    """A list of cards: a section index (paginated), a theme or a year."""

    url: str
    title: str
    lead: str
    total: int
    cards: tuple[Card, ...]
    pagination: Pagination | None
    feed: str | None = None  # a section index offers the site's feed (订阅) when there is one
    groups: tuple[SiteGroup, ...] = ()  # /sites/: every site by province and city
    map: SiteMap | None = None
    template = "listing.html"


@dataclass(frozen=True)
class RegionNode:
    name: str
    url: str
    count: int
    children: tuple[RegionNode, ...]


@dataclass(frozen=True)
class RegionGroup:
    label: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class RegionIndexPage:
    url: str
    title: str
    tree: tuple[RegionNode, ...]
    template = "regions.html"


@dataclass(frozen=True)
class RegionPage:
    url: str
    title: str  # the region's own name
    crumbs: tuple[Link, ...]  # 全部地区 and the ancestors
    children: tuple[RegionNode, ...]
    groups: tuple[RegionGroup, ...]
    totals: tuple[LocalTotal, ...] = ()  # the region's key figures added up
    template = "region.html"


@dataclass(frozen=True)
class Topic:
    link: Link
    count: int
    description: str


@dataclass(frozen=True)
class TopicIndexPage:
    """The list of themes or of years."""

    url: str
    title: str
    topics: tuple[Topic, ...]
    template = "topics.html"


@dataclass(frozen=True)
class Count:
    link: Link
    count: int


@dataclass(frozen=True)
class HomePage:
    url: str
    title: str
    errors: Errors | None
    counts: tuple[Count, ...]
    featured: tuple[Card, ...]
    latest: tuple[Card, ...]
    themes: tuple[Link, ...]
    provinces: tuple[Link, ...]
    years: Link
    feed: str | None = None  # the RSS feed, when the site has one (site_url set)
    statistics: Link | None = None  # the statistics page
    drafts: Count | None = None  # in the preview: the drafts still to check
    review: Count | None = None  # in the preview, with review levels set: records awaiting it
    template = "home.html"


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    type: str  # in Chinese: 文字, 年份, 先进典型编号列表…
    allowed: tuple[str, ...]  # English options with their meaning: `top（上部，保留人脸）`
    required: bool
    description: str
    example: str  # one line of YAML, e.g. `people: [shili-person-1, shili-person-2]`; or ""


@dataclass(frozen=True)
class FieldTable:
    anchor: str
    title: str
    path: str  # where these files live, e.g. stories/cases/
    rows: tuple[FieldRow, ...]
    example: str  # a complete example file, YAML


@dataclass(frozen=True)
class FieldRule:
    """A rule the checker applies that JSON Schema cannot express."""

    field: str
    rule: str


@dataclass(frozen=True)
class FieldReferencePage:
    url: str
    title: str
    tables: tuple[FieldTable, ...]
    rules: tuple[FieldRule, ...] = ()
    template = "fields.html"


@dataclass(frozen=True)
class SearchPage:
    url: str
    title: str
    kinds: tuple[str, ...] = ()  # the kinds with published records, by name
    template = "search.html"


@dataclass(frozen=True)
class DataKind:
    label: str
    count: int
    json: str  # site-relative addresses
    csv: str
    schema: str


@dataclass(frozen=True)
class DataPage:
    """数据开放: what the site offers as data, on what terms, and how much."""

    url: str
    title: str
    licence: str  # as the site's owner wrote it; "" when none is given
    org: str  # the organisation the site belongs to, or ""
    updated: str  # 2026-12-05 10:00
    manifest: str  # site-relative address of manifest.json
    kinds: tuple[DataKind, ...]
    template = "opendata.html"


@dataclass(frozen=True)
class BrokenRecordPage:
    """In the preview, a record whose file is broken still has a page: its problems."""

    url: str
    title: str
    errors: Errors
    template = "broken.html"


@dataclass(frozen=True)
class DraftItem:
    """One draft on the preview's list of drafts to work through."""

    link: Link  # its title, to its page in the preview
    path: str  # its file, e.g. stories/cases/x.yml
    checks: tuple[str, ...]  # what its import asked to check (`# 请核对：…` at its head)
    problems: tuple[ProblemLine, ...]  # what stops it from being published
    reminders: tuple[ProblemLine, ...]  # what check reminds of: the fields it still lacks…


@dataclass(frozen=True)
class DraftGroup:
    """The drafts of one folder of records."""

    folder: str  # stories/cases/
    label: str  # the kind's name, 经验做法
    drafts: tuple[DraftItem, ...]


@dataclass(frozen=True)
class WorklistPage:
    """In the preview only: every draft, by folder, with what is left to check (待核对)."""

    url: str
    title: str
    total: int
    groups: tuple[DraftGroup, ...]
    template = "worklist.html"


# -- review (先审后发), in the preview only ----------------------------------------------------
@dataclass(frozen=True)
class ReviewBadge:
    """A record page's line in the preview: where its sign-offs stand, linked to 审核."""

    label: str  # 待复审, 已通过, 内容已改动，需重审
    signed: tuple[str, ...]  # the levels signed for its current content
    passed: bool
    url: str  # the 审核 page


@dataclass(frozen=True)
class SignOffLine:
    level: str
    by: str
    date: str
    note: str
    valid: bool  # for the current content; False once the record has changed since


@dataclass(frozen=True)
class DiffLine:
    text: str
    change: str  # "add", "del", "hunk" or "same"


@dataclass(frozen=True)
class ReviewItem:
    link: Link
    path: str  # stories/cases/x.yml
    key: str  # case:x, what the sign-off form names
    label: str  # its state
    next_level: str | None  # the level that signs next; None once passed
    signoffs: tuple[SignOffLine, ...]
    changes: tuple[DiffLine, ...] | None  # since the last sign-off; None: no copy kept


@dataclass(frozen=True)
class ReviewGroup:
    label: str  # 待初审 … or 内容已改动，需重审
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class ReviewPage:
    """In the preview only: the records awaiting each review level, with a form to sign."""

    url: str
    title: str
    levels: tuple[str, ...]
    groups: tuple[ReviewGroup, ...]
    waiting: int
    passed: int
    token: str  # the preview process's own: a sign-off posted without it is refused
    action: str  # where the forms post
    template = "review.html"


# -- statistics ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LocalTotal:
    """One metric's newest total for a region or an organisation, with where it comes from."""

    metric: str
    unit: str
    year: int
    value: str
    basis: str  # 本级填报 or 下级汇总
    sources: tuple[Link, ...]
    url: str  # the metric on the statistics page


@dataclass(frozen=True)
class StatRow:
    """A row of a statistics table, and the same number as a bar of its chart."""

    label: str
    link: str | None  # the region's or organisation's page, if any
    year: int
    value: str
    share: float  # the bar's length, 0–100, of the longest in its chart
    basis: str
    sources: tuple[Link, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    head: str  # the first column's heading: 地区, 年份, 组织类型
    summary: str  # the chart's text alternative
    unit: str
    rows: tuple[StatRow, ...]


@dataclass(frozen=True)
class RegionTotal:
    name: str
    url: str
    row: StatRow
    children: tuple[RegionTotal, ...]


@dataclass(frozen=True)
class MetricBlock:
    anchor: str
    name: str
    unit: str
    description: str
    provinces: Chart
    tree: tuple[RegionTotal, ...]  # province, prefecture, county
    years: Chart
    types: Chart


@dataclass(frozen=True)
class StatisticsPage:
    url: str
    title: str
    rule: str
    year_rule: str
    csv: str  # site-relative address of figures.csv
    metrics: tuple[MetricBlock, ...]
    unlisted: tuple[str, ...]  # metrics with no counted figure yet
    template = "statistics.html"


PageData = (
    RecordPage
    | ListingPage
    | RegionIndexPage
    | RegionPage
    | TopicIndexPage
    | HomePage
    | FieldReferencePage
    | SearchPage
    | DataPage
    | BrokenRecordPage
    | WorklistPage
    | ReviewPage
    | StatisticsPage
)
