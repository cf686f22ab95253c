"""MkDocs hook adapter: translates MkDocs's events into calls on the core's build session
(storykit/build/session.py), and gives it Material's page around the generated pages.

MkDocs puts this folder on sys.path only while it first executes this file, so every
sibling module is imported here, at the top."""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import posixpath
import re
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from htmlfixes import mark_hand_written, safe_title, scrollable_boxes, tidy_page  # noqa: E402
from mkdocs.commands.build import get_context  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from mkdocs.utils import write_file  # noqa: E402
from shells import Shells, Values  # noqa: E402

from storykit.build import memory as sk_memory  # noqa: E402
from storykit.build import wechat as sk_wechat  # noqa: E402
from storykit.build.session import Frame, Session, Stop  # noqa: E402
from storykit.editors import cms as sk_cms  # noqa: E402
from storykit.editors import reviewdesk as sk_reviewdesk  # noqa: E402
from storykit.pages.linkpreview import SiteInfo, link_preview  # noqa: E402
from storykit.pages.routes import Route  # noqa: E402
from storykit.pages.urls import src_uri  # noqa: E402
from storykit.render import feeds as sk_feeds  # noqa: E402
from storykit.render.cache import compiled_cache  # noqa: E402

log = logging.getLogger("mkdocs.hooks.storykit")


class GeneratedFile(File):
    """A generated page that tells MkDocs's dirty build whether it needs rendering again."""

    changed = True
    route: Route

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class GeneratedPage(Page):
    """A generated page as MkDocs sees it: front matter from its route and no Markdown to
    convert (its content is rendered by the core), so no Markdown converter is set up for
    each of thousands of pages."""

    def read_source(self, config) -> None:
        self.markdown, self.meta = "", _meta(self.file.route)

    def render(self, config, files) -> None:
        self.content, self.toc, self._title_from_render = "", get_toc([]), None
        self.present_anchor_ids = set()


class State:
    """MkDocs's side of the build, kept between its events: which of its files are generated
    pages, and what Material needs to render one outside its own page loop."""

    routes: dict[str, Route] = {}  # src_uri → route
    filled: list[GeneratedFile] = []  # generated pages outside the nav: written from shells
    hidden: set[str] = set()  # sources of the sections of kinds with nothing published
    nav = None
    env = None
    files: Files | None = None
    nav_digest = ""  # the navigation's titles and addresses: part of every page's frame


state = State()


class _GeneratedLinks(logging.Filter):
    """MkDocs notes a link from docs/ to a page outside the built site; the generated pages
    are outside its navigation but written all the same (on_post_build), so such a link is
    not worth a line in a volunteer's terminal."""

    LINK = re.compile(r"contains a link to '([^']+)' which is excluded from the built site")

    def filter(self, record: logging.LogRecord) -> bool:
        found = self.LINK.search(record.getMessage())
        return not (found and found.group(1) in state.routes)


logging.getLogger("mkdocs.structure.pages").addFilter(_GeneratedLinks())
session = Session(log=log)  # the core's build; on_startup starts the one MkDocs runs


def _stopping(event):
    """An event whose Stop becomes MkDocs's PluginError: the reason said, no traceback."""

    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except Stop as err:
            raise PluginError(str(err)) from None

    return run


def on_startup(command: str, dirty: bool) -> None:
    global session
    session = Session(command, dirty, log)


@_stopping
def on_config(config):
    config.site_dir = session.configure(Path(config.config_file_path), config.site_dir)
    config.extra["sk_footer"] = session.footer()
    # link-preview tags of the page for a wrong address (404.html), which has no page object
    config.extra["sk_og_missing"] = link_preview(_site(config), "页面不存在", "").as_dict()
    config.extra["sk_feeds"] = bool(config.site_url)  # every page links the feeds then
    return config


@_stopping
def on_pre_build(config) -> None:
    session.begin(config.site_url, config.site_name)


# Material files no page of this site asks for: the lunr search and its worker (search is
# Pagefind's), the palette stylesheet (no palette is set) and the source maps (only a
# developer's browser tools ask for those). Left out of the build, never copied.
UNUSED_THEME_FILES = re.compile(
    r"assets/javascripts/(lunr|workers)/|assets/stylesheets/palette\.[0-9a-f]+\.min\.css"
    r"|assets/(javascripts|stylesheets)/[^/]+\.map$"
)


def on_files(files: Files, config) -> Files:
    for file in list(files):
        if not file.is_documentation_page() and UNUSED_THEME_FILES.match(file.src_uri):
            files.remove(file)
    home = files.get_file_from_path("index.md") is None
    state.hidden = _hidden_sections(files)
    config.nav = _shown_nav(config)
    state.routes = {}
    for route in session.routes(home):
        src = src_uri(route.url)
        if files.get_file_from_path(src) is not None:
            continue  # a hand-written page wins
        state.routes[src] = route
        file = GeneratedFile.generated(config, src, content="")
        file.route = route
        files.append(file)
    # written with the pages into the build folder, so a failed build (which never replaces
    # site/) leaves no half-written copy
    for path, make in session.data_files().items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=make()))
    pages = files.documentation_pages()
    hand_written = [f.dest_uri for f in pages if f.src_uri not in state.routes]
    # every file written: the engine's, the core's and 404.html (a static template)
    written = InclusionLevel.is_in_serve if session.serving else InclusionLevel.is_included
    outputs = [f.dest_uri for f in files if f.src_uri in state.routes or written(f.inclusion)]
    outputs += [t for t in config.theme.static_templates if t.endswith(".html")]
    session.site_pages(hand_written, [f.url for f in pages], outputs)
    # The generated pages outside the navigation are filled into shells after the build
    # (on_post_build): MkDocs reads and writes none of them. Links to them from docs/ still
    # resolve (MkDocs notes such a link at INFO, never as a warning).
    in_nav = set(_nav_sources(config.nav or []))
    for src in state.routes:
        if src not in in_nav:
            files.get_file_from_path(src).inclusion = InclusionLevel.EXCLUDED
    return files


def _hidden_sections(files: Files) -> set[str]:
    """The sources of the section indexes of kinds with nothing published (no page until
    they have a record), unless docs/ has a page of its own there."""
    hidden = {src_uri(url) for url in session.hidden_sections()}
    return {src for src in hidden if files.get_file_from_path(src) is None}


def _shown_nav(config):
    """mkdocs.yml's nav without the hidden sections. The nav as written is kept on the
    config: a preview rebuild that reuses the config brings a section back with a record."""
    if not hasattr(config, "sk_written_nav"):
        config.sk_written_nav = config.nav
    written = config.sk_written_nav
    return _without(written, state.hidden) if state.hidden else written


def _without(items, hidden: set[str]):
    """A nav (or part of one) without the entries naming `hidden` files; None when nothing
    is left of it."""
    if isinstance(items, str):
        return None if items in hidden else items
    if isinstance(items, dict):
        kept = {k: v for k, v in ((k, _without(v, hidden)) for k, v in items.items()) if v}
        return kept or None
    if isinstance(items, list):
        kept = [x for x in (_without(i, hidden) for i in items) if x is not None]
        return kept or None
    return items


def _nav_sources(items) -> list[str]:
    """The files mkdocs.yml's nav names, at any depth."""
    if isinstance(items, str):
        return [items]
    if isinstance(items, dict):
        return [s for value in items.values() for s in _nav_sources(value)]
    if isinstance(items, list):
        return [s for item in items for s in _nav_sources(item)]
    return []


def on_nav(nav, config, files: Files):
    """Generated pages in the navigation (the indexes) go through Material as MkDocs pages;
    the others are filled into shells after the build (on_post_build)."""
    in_nav = {page.file.src_uri for page in nav.pages}
    state.nav, state.nav_digest = nav, _nav_digest(nav.items)
    state.filled = []
    for src in state.routes:
        file = files.get_file_from_path(src)
        if file.page is None:
            GeneratedPage(None, file, config)
        else:
            file.page.__class__ = GeneratedPage  # made by MkDocs's navigation
        if src not in in_nav:
            state.filled.append(file)
        elif session.unchanged(file.route, lambda f=file: _around(_frame(config, f.page, f.route))):
            file.changed = False
    return nav


def _nav_digest(items) -> str:
    """The navigation as every page shows it: titles and addresses, nested."""
    return repr([(i.title, getattr(i, "url", None), _nav_digest(i.children or [])) for i in items])


def on_env(env, config, files: Files):
    state.env, state.files = env, files
    env.bytecode_cache = compiled_cache(session.root, "theme")  # Material's, kept between builds
    return env


# An inline Markdown link (not an image): [text](target "title")
MARKDOWN_LINK = re.compile(r'(?<!!)\[([^\[\]]*)\]\(([^()\s]+)(?:\s+"[^"]*")?\)')


def on_page_markdown(markdown: str, page, config, files) -> str:
    """A hand-written page's links to a hidden section (关于's list of kinds) become their
    text: the section has no page until its kind has a published record."""
    if not state.hidden or page.file.src_uri in state.routes:
        return markdown
    here = posixpath.dirname(page.file.src_uri)

    def plain(link: re.Match) -> str:
        target = link.group(2).split("#")[0]
        if not target or "://" in target or target.startswith(("/", "mailto:")):
            return link.group(0)
        path = posixpath.normpath(posixpath.join(here, target))
        hidden = path in state.hidden or f"{path}/index.md" in state.hidden
        return link.group(1) if hidden else link.group(0)

    return MARKDOWN_LINK.sub(plain, markdown)


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri in state.routes:
        return html  # generated pages are rendered in on_page_context
    return scrollable_boxes(html)


def on_page_context(context, page, config, nav):
    if getattr(page, "sk_filled", False):
        return context  # its values are already in place (_material)
    route = state.routes.get(page.file.src_uri)
    title = config.site_name if page.is_homepage else (route.title if route else page.title)
    if page.url.startswith(sk_feeds.UNLISTED):
        page.meta["sk_noindex"] = True  # the editors' guide is not for search engines
    if route is None:  # 关于, 编辑指南: the description is the front matter's, if any
        description = page.meta.get("description") or ""
        page.meta["sk_og"] = link_preview(_site(config), title, description).as_dict()
        return context
    # Rendered here, just before the template, and dropped in on_post_page: MkDocs reads
    # every page before writing any, so content made in on_page_content would all sit
    # in memory at once (gigabytes at 10,000 records).
    frame = _frame(config, page, route)
    content = session.content(route, _around(frame), _address(config, page, route))
    page.content = content
    page.meta["sk_og"] = frame.og
    if frame.wechat:
        page.meta["sk_wechat"] = frame.wechat
    page.edit_url = frame.edit
    return context


def on_post_page(output: str, page, config) -> str:
    if page.file.src_uri in state.routes or getattr(page, "sk_filled", False):
        page.content = None  # written next; keep memory flat
    else:
        output = mark_hand_written(output)  # 关于, 编辑指南: indexed for search
    return tidy_page(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return tidy_page(output_content)  # 404.html


@_stopping
def on_post_build(config) -> None:
    tallies = session.write_pages(state.filled, Material(config))
    shapes = max((n for n, _ in tallies), default=0)
    log.info(f"页面外框：{shapes} 种，{sum(full for _, full in tallies)} 次完整生成")
    session.finish(_site(config))
    if session.serving:
        try:  # the form editor exists in the preview only
            sk_cms.write_admin(session.root, Path(config.site_dir) / sk_cms.ADMIN)
        except sk_cms.MissingEditor as err:
            log.warning(f"表单编辑器（/admin/）没有生成：{err}")


def on_serve(server, config, builder):
    """The preview server (a WSGI server) also takes the 审核 page's sign-offs."""
    server.set_app(sk_reviewdesk.wsgi(server.get_app(), session.root))
    return server


def on_build_error(error) -> None:
    session.failed_build()


def on_shutdown() -> None:
    session.close()


# -- Material's page around a generated page -------------------------------------------------


class Material:
    """Material's page around the generated pages outside the navigation, for the session:
    each Material's shell of its shape with the page's values put in (shells.py)."""

    def __init__(self, config) -> None:
        self.config = config
        serve = InclusionLevel.is_in_serve if session.serving else InclusionLevel.is_included
        self.docs = state.files.documentation_pages(inclusion=serve)
        self.shells = Shells(lambda v, fake: "", enabled=os.environ.get("STORYKIT_SHELLS") != "0")

    def frame(self, file: GeneratedFile) -> Frame:
        config, page, route = self.config, file.page, file.route
        values = _frame(config, page, route)
        wrap = functools.partial(self._wrap, file, values)
        return Frame(_around(values), _address(config, page, route), wrap)

    def _wrap(self, file: GeneratedFile, frame: Values, content: str) -> str:
        values = dataclasses.replace(frame, content=content)
        self.shells.render = lambda v, fake: _material(self.config, self.docs, file, v, fake)
        html, _ = self.shells.page(values, _shape(file, values))
        file.page.content = None  # keep memory flat
        return html

    def write(self, file: GeneratedFile, data: bytes) -> None:
        write_file(data, file.abs_dest_path)

    def tally(self) -> tuple[int, int]:
        """Shapes of page, and pages Material rendered in full."""
        return len(self.shells.shells), self.shells.full


def _meta(route: Route) -> dict:
    """A generated page's front matter (it has no Markdown of its own)."""
    meta = {"title": safe_title(route.title), "hide": ["navigation", "toc"], "sk_page": True}
    if route.description:
        meta["description"] = escape(route.description)
    if route.record:
        meta["kind"] = route.record.kind
    if route.search:
        meta["sk_search"] = True
    return meta


def _frame(config, page, route: Route) -> Values:
    """What Material writes around a generated page's content: its title, link-preview
    facts, edit and canonical addresses. Cheap: the content is left empty."""
    record, title = route.record, config.site_name if page.is_homepage else route.title
    wechat = None
    if record and session.serving and not record.record.draft:
        # 推文素材: written in the background after each preview build (wechat.PreviewWriter)
        wechat = sk_wechat.preview_url(record.kind, record.id)
    edit = None
    if record and config.repo_url and config.edit_uri:
        edit = _edit_url(config, record.rel)
    og = link_preview(_site(config), title, route.description, record, session.site.image_set)
    return Values(
        title=safe_title(route.title),
        description=escape(route.description) if route.description else "",
        content="",
        canonical=page.canonical_url,
        edit=edit,
        og=og.as_dict(),
        wechat=wechat,
    )


def _around(frame: Values) -> str:
    """Everything around a page's content, for its fingerprint: the navigation and its frame."""
    return sk_memory.digest(f"{state.nav_digest}|{frame!r}".encode())


def _shape(file: GeneratedFile, values: Values) -> tuple:
    meta = _meta(file.route)
    key = tuple(sorted((k, repr(v)) for k, v in meta.items() if k not in ("title", "description")))
    # Material's links are relative to the page's folder (`../` to its own index), so pages
    # share a shell only with pages in the same folder
    return values.shape(os.path.dirname(file.url.rstrip("/")), key)


def _material(config, docs: list, file: GeneratedFile, values: Values, fake: bool) -> str:
    """Material's whole page for a generated page with these values, as MkDocs's own build
    renders it, page events included. `fake` renders it for a made-up address beside the
    page's own, so that a template printing the page's address shows in the shell's check."""
    page = file.page
    if fake:
        parent = os.path.dirname(file.url.rstrip("/"))
        fake_url = f"{parent}/sk-shell/" if parent else "sk-shell/"
        other = GeneratedFile.generated(config, src_uri(fake_url), content="")
        other.route = file.route
        page = GeneratedPage(None, other, config)
    page.read_source(config)
    page.render(config, state.files)
    page.meta["title"] = values.title
    if values.description:
        page.meta["description"] = values.description
    page.meta["sk_og"] = values.og
    if values.wechat:
        page.meta["sk_wechat"] = values.wechat
    page.content, page.edit_url, page.canonical_url = values.content, values.edit, values.canonical
    page.sk_filled = True  # on_page_context leaves it as it is
    page.active = True
    try:
        context = get_context(state.nav, docs, config, page)
        template = state.env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=state.nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False


def _site(config) -> SiteInfo:
    return SiteInfo(config.site_name, config.site_description, config.site_url)


def _address(config, page, route: Route) -> str | None:
    """What a record page's QR code opens: the published address, or the preview's while
    serving; None (no QR code) for other pages, or without either."""
    if not route.record:
        return None
    if config.site_url:
        return page.canonical_url
    if session.serving:
        return f"http://{config.dev_addr.host}:{config.dev_addr.port}/{page.url}"
    return None


def _edit_url(config, rel: str) -> str:
    """edit_uri points into docs/ (e.g. `edit/main/docs/`); records live beside it."""
    base = config.edit_uri
    docs = os.path.basename(os.path.normpath(config.docs_dir)) + "/"
    if base.endswith(docs):
        base = base[: -len(docs)]
    return config.repo_url.rstrip("/") + "/" + base.strip("/") + "/" + rel
