"""Where each generated page lives. URLs are directory style: `cases/<id>/`."""

from __future__ import annotations

from storykit.records.load import Entry
from storykit.records.models import KINDS

STATISTICS_URL = "statistics/"
CSV_URL = "statistics/figures.csv"
FEED_URL = "feed.xml"
WORKLIST_URL = "drafts/"  # the preview's list of drafts to check; never published
REVIEW_URL = "review/"  # the preview's 审核 page (先审后发); never published
REVIEW_SIGN_URL = "review/sign"  # where its sign-off forms post, to the preview server


def record_url(kind: str, rid: str) -> str:
    return f"{KINDS[kind].folder}/{rid}/"


def entry_url(entry: Entry) -> str:
    return record_url(entry.kind, entry.id)


def index_url(kind: str, page: int = 1) -> str:
    folder = KINDS[kind].folder
    return f"{folder}/" if page == 1 else f"{folder}/page/{page}/"


def region_url(code: str | None = None) -> str:
    return f"regions/{code}/" if code else "regions/"


def theme_url(slug: str | None = None) -> str:
    return f"themes/{slug}/" if slug else "themes/"


def year_url(year: int | None = None) -> str:
    return f"years/{year}/" if year else "years/"


def src_uri(url: str) -> str:
    """The Markdown source MkDocs needs for a directory URL: `cases/` → `cases/index.md`,
    `cases/x/` → `cases/x.md` (MkDocs's directory URLs turn it back into `cases/x/`)."""
    path = url.strip("/")
    if not path:
        return "index.md"
    return f"{path}/index.md" if "/" not in path else f"{path}.md"
