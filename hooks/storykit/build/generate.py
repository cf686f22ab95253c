"""One build's generated pages: their routes, their rendering with recorded dependencies,
and the fingerprints that let the preview skip pages whose inputs did not change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from storykit.pages import deps
from storykit.pages.queries import Queries
from storykit.pages.routes import Route
from storykit.render.share import Share
from storykit.render.templates import Templates

# Read by every page and not a query: the code, mkdocs.yml (site name, nav) and Material's
# templates. The core's overridable templates are recorded one by one instead.
SALT_PATHS = ("mkdocs.yml", "overrides", "hooks")
SALT_SKIP = ("overrides/storykit",)
LONG = 200  # an answer longer than this enters fingerprints as its digest


@dataclass(frozen=True)
class Rendered:
    """What a page read when it was last rendered, and the answers it got."""

    reads: tuple[deps.Dep, ...]  # in a fixed order (deps.ordered), for the fingerprint
    fingerprint: str


@dataclass
class Generator:
    site: Queries
    templates: Templates
    salt: str = ""
    previous: dict[str, Rendered] = field(default_factory=dict)
    rendered: dict[str, Rendered] = field(default_factory=dict)
    _lines: dict = field(default_factory=dict)  # dependency → its line in fingerprints

    @classmethod
    def for_project(
        cls,
        root: Path,
        site: Queries,
        templates: Templates,
        previous: dict[str, Rendered],
    ) -> Generator:
        """Every build records what its pages read: the preview's next rebuild and the next
        `make build` (memory.py) both start from it."""
        salt = deps.tree_stamp(root, SALT_PATHS, SALT_SKIP)
        return cls(site, templates, salt, previous)

    def answer(self, dep: deps.Dep) -> str:
        if dep[0] == "template":
            return self.templates.stamp(dep[1])
        return self.site.answer(dep)

    def _line(self, dep: deps.Dep) -> str:
        """A dependency with its answer, as the fingerprint takes it: once per build, as
        the same queries come back from page after page (the answers do not change)."""
        line = self._lines.get(dep)
        if line is None:
            answer = self.answer(dep)
            if len(answer) > LONG:  # a list of thousands: its digest, not its text per page
                answer = hashlib.sha1(answer.encode()).hexdigest()
            line = self._lines[dep] = f"{dep!r}={answer}\n"
        return line

    def _fingerprint(self, route: Route, reads: tuple[deps.Dep, ...], extra: str) -> str:
        own = f"{self.salt}|{route.url}|{route.title}|{route.description}|{extra}"
        return deps.fingerprint(reads, self._line, own)

    def is_current(self, route: Route, extra: str = "") -> bool:
        """Whether the page's last rendering still holds: everything it read is unchanged.
        `extra` is what the engine puts around the content (navigation, link previews)."""
        before = self.previous.get(route.url)
        return (
            before is not None
            and self._fingerprint(route, before.reads, extra) == before.fingerprint
        )

    def holds(self, key: str, before: Rendered | None) -> bool:
        """Whether something made from recorded reads (not a page: `key` names it) would come
        out the same now: everything it read is unchanged."""
        return before is not None and self.made(key, before.reads) == before

    def made(self, key: str, reads: tuple[deps.Dep, ...]) -> Rendered:
        """What `key` read (in deps.ordered order), with its fingerprint now."""
        return Rendered(reads, deps.fingerprint(reads, self._line, f"{self.salt}|{key}"))

    def keep(self, route: Route) -> None:
        """A page not rendered again keeps what it read last time."""
        if route.url in self.previous:
            self.rendered[route.url] = self.previous[route.url]

    def render_content(self, route: Route, share: Share | None = None, extra: str = "") -> Markup:
        """The page's content (what the engine puts its page around), recording what it read."""
        with deps.recording() as reads:
            data = route.data()
            html = self.templates.render_page(data, share=share)
        ordered = deps.ordered(reads)
        self.rendered[route.url] = Rendered(ordered, self._fingerprint(route, ordered, extra))
        return html
