"""The preview's list of drafts to work through (待核对): every draft by folder, each with
what its import asked to check and what `storykit check` still says of it. A draft leaves
the list when its `draft:` becomes false. Never part of a published build."""

from __future__ import annotations

from storykit.pages.pagedata import DraftGroup, DraftItem, WorklistPage
from storykit.pages.parts import link_to
from storykit.pages.queries import Queries
from storykit.pages.urls import WORKLIST_URL
from storykit.records.catalog import RecordView
from storykit.records.models import KINDS
from storykit.records.settings import STORIES

TITLE = "待核对的草稿"


def draft_item(site: Queries, view: RecordView) -> DraftItem:
    found = site.problems(view.rel)
    problems = tuple(p for p in found if not p.warning)
    reminders = tuple(p for p in found if p.warning)
    return DraftItem(link_to(view), view.rel, view.entry.checks, problems, reminders)


def worklist_page(site: Queries) -> WorklistPage:
    drafts = site.drafts()
    by_kind: dict[str, list[DraftItem]] = {}
    for view in drafts:
        by_kind.setdefault(view.kind, []).append(draft_item(site, view))
    groups = tuple(
        DraftGroup(f"{STORIES}/{model.folder}/", model.label, tuple(by_kind[kind]))
        for kind, model in KINDS.items()
        if kind in by_kind
    )
    return WorklistPage(WORKLIST_URL, TITLE, len(drafts), groups)
