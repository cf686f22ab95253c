"""The preview's 审核 page (先审后发): the records awaiting each review level, with their
sign-offs, what changed since the last one, and a form to sign at the next level (posted to
the preview server itself: editors/reviewdesk.py). Never part of a published build."""

from __future__ import annotations

from storykit.pages.pagedata import (
    Count,
    DiffLine,
    Link,
    ReviewBadge,
    ReviewGroup,
    ReviewItem,
    ReviewPage,
    SignOffLine,
)
from storykit.pages.parts import link_to
from storykit.pages.queries import Queries
from storykit.pages.urls import REVIEW_SIGN_URL, REVIEW_URL
from storykit.records import review as rules
from storykit.records.catalog import RecordView

TITLE = "审核"


def badge(site: Queries, view: RecordView) -> ReviewBadge | None:
    """A record page's review line, in the preview with review levels set."""
    if not site.previewing or view.review is None or view.record.draft:
        return None
    state = view.review
    return ReviewBadge(state.label, state.signed, state.passed, REVIEW_URL)


def home_count(site: Queries) -> Count | None:
    """The home page's link to 审核 in the preview: how many records await a sign-off."""
    queue = site.review_queue()
    if not queue:
        return None
    waiting = sum(1 for v in queue if v.review and not v.review.passed)
    return Count(Link(REVIEW_URL, "审核"), waiting)


def _diff(lines: list[str] | None) -> tuple[DiffLine, ...] | None:
    if lines is None:
        return None
    kinds = {"+": "add", "-": "del", "@": "hunk"}
    return tuple(DiffLine(line, kinds.get(line[:1], "same")) for line in lines)


def item(site: Queries, view: RecordView) -> ReviewItem:
    state = view.review
    assert state is not None
    current = rules.digest(view.record, (p for _, p in view.pictures))
    signoffs = tuple(
        SignOffLine(s.level, s.by, str(s.date), s.note or "", s.digest == current)
        for s in view.record.reviews
    )
    return ReviewItem(
        link=link_to(view),
        path=view.rel,
        key=f"{view.kind}:{view.id}",
        label=state.label,
        next_level=state.next_level,
        signoffs=signoffs,
        changes=_diff(site.review_changes(view.kind, view.id)),
    )


def review_page(site: Queries) -> ReviewPage:
    levels = tuple(site.settings_now().review.levels)
    queue = site.review_queue()
    waiting = [v for v in queue if v.review and not v.review.passed]
    order = [f"待{level}" for level in levels] + [rules.CHANGED]
    by_label: dict[str, list[ReviewItem]] = {label: [] for label in order}
    for view in waiting:
        by_label.setdefault(view.review.label, []).append(item(site, view))  # type: ignore[union-attr]
    groups = tuple(ReviewGroup(label, tuple(items)) for label, items in by_label.items())
    return ReviewPage(
        url=REVIEW_URL,
        title=TITLE,
        levels=levels,
        groups=groups,
        waiting=len(waiting),
        passed=len(queue) - len(waiting),
        token=site.form_token().value,
        action=REVIEW_SIGN_URL,
    )
