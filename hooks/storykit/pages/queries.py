"""The queries pages make, each answer recorded as the asking page's dependency (deps.py).

`Queries` holds one build's catalog, settings and pictures; pages ask it for a record, a list,
the themes, a region, a picture, and never read the catalog themselves: what a page reads is
then exactly what its fingerprint covers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storykit.media.variants import Gallery, ImageSet
from storykit.pages import deps, formtoken, pictures
from storykit.pages import totals as stats
from storykit.pages.deps import query
from storykit.pages.pagedata import (
    ProblemLine,
)
from storykit.pages.urls import (
    FEED_URL,
    record_url,
)
from storykit.records import reviewtrail
from storykit.records.catalog import Catalog, RecordView
from storykit.records.dates import Dates
from storykit.records.models import FOLDERS, KINDS, Theme
from storykit.records.problems import for_display
from storykit.records.regions import Region
from storykit.records.settings import STORIES, Settings


class Queries:
    """The catalog, settings and pictures of one build, asked through recorded queries."""

    def __init__(
        self, cat: Catalog, settings: Settings | None = None, gallery: Gallery | None = None
    ):
        self._cat = cat  # read only through the queries below
        self.settings = settings or Settings()
        self.gallery = gallery
        self.dates = Dates(cat.root)
        self.feeds = False  # whether feed.xml is written (the engine knows site_url)
        self.open_data: Any = None  # the build's opendata.OpenData (the engine knows site_url)
        self._answers: dict[deps.Dep, str] = {}
        self._images: dict[tuple[Path, str | None], ImageSet | None] = {}
        self._problems: dict[str, list[ProblemLine]] | None = None
        self._stats: stats.Statistics | None = None

    # Each query's answer must carry everything a page shows from it: a record's file
    # stamp covers all of its fields, a list's answer covers its members' stamps.
    @query
    def record(self, kind: str, rid: str) -> RecordView | None:
        return self._cat.get(kind, rid)

    @query
    def referrers(self, kind: str, rid: str) -> list[RecordView]:
        view = self._cat.all.get((kind, rid))
        return self._cat.referrers(view) if view else []

    @query
    def listing(self, kind: str) -> list[RecordView]:
        return self._cat.entries(kind)

    @query
    def listing_page(self, kind: str, n: int, per_page: int) -> tuple[int, list[RecordView]]:
        """(total, the records on page n) of a section index."""
        entries = self._cat.entries(kind)
        return len(entries), entries[(n - 1) * per_page : n * per_page]

    @query
    def count(self, kind: str) -> int:
        return len(self._cat.entries(kind))

    @query
    def kinds_shown(self) -> list[str]:
        """The kinds with a published record (drafts do not count), in the models' order:
        only these have a section, a place in the navigation, a count on the home page and
        a mention on the search page."""
        return self.unrecorded_kinds_shown()

    @query
    def all_records(self) -> list[RecordView]:
        """Every record shown, of every kind, kind by kind (feeds, 推文素材, pictures)."""
        return self._cat.entries()

    @query
    def published_records(self, kind: str) -> list[RecordView]:
        """A kind's records as the published site has them: no drafts, none withheld for
        review (the preview's catalog holds both)."""
        return [v for v in self._cat.entries(kind) if self._cat.published(v)]

    @query
    def featured(self) -> list[RecordView]:
        return [v for v in self._cat.entries() if v.record.featured]

    @query
    def latest(self, n: int) -> list[RecordView]:
        latest = sorted(  # newest by the record date rule (dates.py), as the feeds
            self._cat.entries(),
            key=lambda v: (self.dates.of(v), v.mtime_ns, v.sort_key, v.id),
            reverse=True,
        )
        return latest[:n]  # ties (files saved together, a fresh clone) in a stable order

    @query
    def feed_url(self) -> str | None:
        """The RSS feed's site-relative URL; None when no feed is written (no site_url)."""
        return FEED_URL if self.feeds else None

    @query
    def themes(self) -> list[Theme]:
        return list(self._cat.themes)

    @query
    def theme(self, name: str) -> Theme | None:
        return self._cat.theme(name)

    @query
    def theme_members(self, name: str) -> list[RecordView]:
        return self._cat.by_theme.get(name, [])

    @query
    def theme_counts(self) -> list[int]:
        return [len(self._cat.by_theme.get(t.name, [])) for t in self._cat.themes]

    @query
    def year_members(self, year: int) -> list[RecordView]:
        return self._cat.by_year.get(year, [])

    @query
    def year_counts(self) -> list[tuple[int, int]]:
        return sorted(((y, len(v)) for y, v in self._cat.by_year.items()), reverse=True)

    @query
    def region_members(self, code: str) -> list[RecordView]:
        return self._cat.by_region.get(code, [])

    @query
    def region_counts(self) -> dict[str, int]:
        """Records per region that has any: the region tree."""
        return {code: len(v) for code, v in self._cat.by_region.items()}

    # The regions are the bundled dataset's, fixed for a version of the code: the answer is
    # the regions themselves.
    @query
    def region_path(self, code: str) -> str:
        """`辽宁省/阜新市/彰武县`: a region's names from the province down."""
        return self._cat.regions.path(code)

    @query
    def region_chain(self, code: str) -> list[Region]:
        """A region and those above it, province first."""
        return self._cat.regions.chain(code)

    @query
    def region_children(self, code: str | None) -> list[Region]:
        """The regions directly under one (None: the provinces), in the dataset's order."""
        return self._cat.regions.children(code)

    @query
    def statistics(self) -> stats.Statistics:
        """Key figures added up (computed once per build; its answer covers every figure)."""
        if self._stats is None:
            self._stats = stats.Statistics(self._cat)
        return self._stats

    @query
    def problems(self, rel: str | None) -> list[ProblemLine]:
        """Problems to show in the preview: of one file, or of the whole site (None). A
        published build shows none: only warnings reach it, and readers need not see them."""
        if not self._cat.drafts:
            return []
        if self._problems is None:  # grouped once per build; every card asks
            self._problems = {}
            for p in for_display(self._cat.problems):
                where = record_of_path(p.path)
                url = record_url(*where) if where else None
                short = f"第 {p.line} 行 {p.field}：{p.message}"
                line = ProblemLine(str(p), short, url, p.warning)
                self._problems.setdefault(p.path, []).append(line)
        if rel is None:
            return [line for lines in self._problems.values() for line in lines]
        return self._problems.get(rel, [])

    @query
    def broken(self, kind: str) -> list[tuple[str, str]]:
        """(id, file) of the records of a kind whose file has problems that kept it from
        loading: the preview lists them so that they do not silently vanish."""
        if not self._cat.drafts:
            return []
        found = {p.path for p in self._cat.problems if not p.warning}
        out = []
        for rel in sorted(found):
            where = record_of_path(rel)
            if where and where[0] == kind and where not in self._cat.all:
                out.append((where[1], rel))
        return out

    @query
    def drafts(self) -> list[RecordView]:
        """The drafts, kind by kind, each kind's by file name: the preview's list of drafts
        to check. A published build has none."""
        if not self._cat.drafts:
            return []
        by_file = (sorted(self._cat.entries(kind), key=lambda v: v.rel) for kind in KINDS)
        return [v for views in by_file for v in views if v.record.draft]

    @query
    def review_queue(self) -> list[RecordView]:
        """先审后发, in the preview: every record that is not a draft, with its review state
        (each view's answer covers its file). None without review levels, or when building."""
        if not self._cat.drafts or not self._cat.levels:
            return []
        return [v for v in self._cat.entries() if not v.record.draft and v.review is not None]

    @query
    def review_changes(self, kind: str, rid: str) -> list[str] | None:
        """What changed in a record's file since its last sign-off (reviewtrail.py)."""
        view = self._cat.all.get((kind, rid))
        if view is None:
            return None
        return reviewtrail.changes(self._cat.root, kind, rid, view.rel, view.record)

    @query
    def form_token(self) -> formtoken.FormToken:
        return formtoken.current()

    @query
    def settings_now(self) -> Settings:
        return self.settings

    @query
    def picture_stamp(self, path: str) -> str:
        return deps.file_stamp(Path(path))

    # -- what pages there are: for listing routes, before any page is built --------------
    # Unrecorded, and cheap: a page builds its data from the queries above, never from these.
    @property
    def previewing(self) -> bool:
        """Whether this is the preview (drafts shown): its own pages exist then."""
        return self._cat.drafts

    def unrecorded_kinds_shown(self) -> list[str]:
        """kinds_shown, for listing routes: which section indexes there are."""
        return [k for k in KINDS if any(self._cat.published(v) for v in self._cat.entries(k))]

    def unrecorded_records(self, kind: str | None = None) -> list[RecordView]:
        """The records that get a page: of one kind, or of all kinds, kind by kind."""
        return self._cat.entries(kind)

    def unrecorded_regions(self) -> list[tuple[Region, str]]:
        """(region, its path) of every region that has records: each has a page."""
        regions = self._cat.regions
        return [(regions.get(code), regions.path(code)) for code in self._cat.by_region]

    def unrecorded_themes(self) -> list[Theme]:
        return list(self._cat.themes)

    def unrecorded_years(self) -> list[int]:
        """The years that have records, newest first: each has a page."""
        return list(self._cat.by_year)

    def image_set(self, path: Path, focus: str | None) -> ImageSet | None:
        """A picture's variants; a picture on many cards is looked up once per build."""
        self.picture_stamp(str(path))
        key = (path, focus)
        if key not in self._images:
            self._images[key] = self.gallery.get(path, focus) if self.gallery else None
        return self._images[key]

    def share_image(self, view: RecordView | None) -> str:
        """Site-relative path of a page's link-preview picture."""
        return pictures.share_image(view, self.image_set)

    def answer(self, dep: deps.Dep) -> str:
        """Ask a recorded query again, now (once per build)."""
        if dep not in self._answers:
            name, *args = dep
            method = getattr(type(self), name, None)
            if getattr(method, "is_query", False):
                self._answers[dep] = deps.digest(method.__wrapped__(self, *args))
            else:
                self._answers[dep] = "?"  # a query this code no longer has: render again
        return self._answers[dep]


def record_of_path(rel: str) -> tuple[str, str] | None:
    """(kind, id) of the record a file under stories/<folder>/ would hold, else None."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != STORIES or not parts[2].endswith(".yml"):
        return None
    model = FOLDERS.get(parts[1])
    return (model.kind, parts[2][: -len(".yml")]) if model else None
