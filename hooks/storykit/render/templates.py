"""Rendering page data with the core's own Jinja environment.

Autoescaping is on and undefined names are errors. Templates live in the package
(`storykit/templates/`); a file of the same name under the site's `overrides/storykit/`
replaces one. Every template a page loads is recorded as a dependency of that page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    meta,
    pass_context,
)
from markupsafe import Markup

from storykit.pages import deps
from storykit.pages.pagedata import PageData
from storykit.records.richtext import relative_url
from storykit.render.cache import compiled_cache
from storykit.render.share import Share

OVERRIDES = "overrides/storykit"  # under the project root
PACKAGED = Path(str(resources.files("storykit").joinpath("templates")))

# The page being rendered: templates write site-relative URLs through `href`, which makes
# them relative to this page (the site works from any folder and from file://).
_page_url: ContextVar[str] = ContextVar("storykit_page_url", default="")


@pass_context  # never worked out when a template is compiled: the answer depends on the page
def href(context: Any, url: str) -> str:
    return relative_url(_page_url.get(), url)


class RecordingEnvironment(Environment):
    """Notes each template a page uses as a dependency: the one loaded and every template it
    extends, includes or imports, since Jinja keeps imported macros and does not load them
    again for the next page."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._closures: dict[str, frozenset[str]] = {}

    def _load_template(self, name: Any, globals: Any) -> Any:  # noqa: A002
        template = super()._load_template(name, globals)
        for used in self.closure(str(name)):
            deps.read(("template", used))
        return template

    def closure(self, name: str) -> frozenset[str]:
        """`name` and the templates it refers to, all the way down (names fixed in the source)."""
        if name not in self._closures:
            self._closures[name] = frozenset({name})  # a cycle stops here
            source, _, _ = self.loader.get_source(self, name)
            found = {name}
            for ref in meta.find_referenced_templates(self.parse(source)):
                if ref:
                    found |= self.closure(ref)
            self._closures[name] = frozenset(found)
        return self._closures[name]


class Templates:
    def __init__(self, root: Path | None = None, reload: bool = False):
        self.override_dir = Path(root) / OVERRIDES if root else None
        loaders = [FileSystemLoader(str(self.override_dir))] if self.override_dir else []
        self.env = RecordingEnvironment(
            loader=ChoiceLoader([*loaders, FileSystemLoader(str(PACKAGED))]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=reload,  # the preview picks up an edited override
            bytecode_cache=compiled_cache(Path(root), "storykit") if root else None,
        )
        self.env.filters["href"] = href

    def source_of(self, name: str) -> Path:
        """The file a template name resolves to: the site's override, else the packaged one."""
        if self.override_dir and (self.override_dir / name).is_file():
            return self.override_dir / name
        return PACKAGED / name

    def stamp(self, name: str) -> str:
        path = self.source_of(name)
        return f"{path}:{deps.file_stamp(path)}"

    def render_template(self, name: str, url: str, **context: Any) -> Markup:
        """A template by name, its links made relative to the page at `url`."""
        with at_page(url):
            return Markup(self.env.get_template(name).render(**context))

    def render_page(self, page: PageData, share: Share | None = None) -> Markup:
        """The main content of a page from its data. `share` (the QR box) comes from the
        engine, which alone knows the page's public address."""
        return self.render_template(page.template, page.url, page=page, share=share)


@contextmanager
def at_page(url: str) -> Iterator[None]:
    token = _page_url.set(url)
    try:
        yield
    finally:
        _page_url.reset(token)
