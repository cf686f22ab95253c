"""MkDocs hook adapter: calls the storykit core at MkDocs events, nothing more.

MkDocs puts this folder on sys.path only while it first executes this file, so every
sibling module is imported here, at the top."""

from __future__ import annotations

import dataclasses
import gzip
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from mkdocs.commands.build import get_context  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from mkdocs.utils import write_file  # noqa: E402
from shells import Shells, Values  # noqa: E402

from storykit.build import memory as sk_memory  # noqa: E402
from storykit.build import wechat as sk_wechat  # noqa: E402
from storykit.build.generate import Generator, Rendered  # noqa: E402
from storykit.build.search import (  # noqa: E402
    BackgroundIndexer,
    IndexResult,
    Previous,
    index_digest,
    run_pagefind,
)
from storykit.editors import cms as sk_cms  # noqa: E402
from storykit.media.variants import SHARE, URL_DIR, Gallery  # noqa: E402
from storykit.pages import maps as sk_maps  # noqa: E402
from storykit.pages import pictures as sk_pictures  # noqa: E402
from storykit.pages.builders import every_picture  # noqa: E402
from storykit.pages.queries import Queries  # noqa: E402
from storykit.pages.routes import Route, routes  # noqa: E402
from storykit.pages.urls import (
    CSV_URL,  # noqa: E402
    src_uri,  # noqa: E402
)
from storykit.records import catalog as sk_catalog  # noqa: E402
from storykit.records.load import Loader  # noqa: E402
from storykit.records.problems import errors, for_display, report  # noqa: E402
from storykit.records.settings import IMAGE_CACHE, Settings, read_settings  # noqa: E402
from storykit.render import feeds as sk_feeds  # noqa: E402
from storykit.render.cache import code_version, compiled_cache  # noqa: E402
from storykit.render.footer import footer_html  # noqa: E402
from storykit.render.share import share  # noqa: E402
from storykit.render.templates import Templates  # noqa: E402

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
    """What the adapter keeps between MkDocs events and, in the preview, between rebuilds."""

    command = "build"
    dirty = False
    root: Path
    loader: Loader | None = None
    settings: Settings = Settings()
    settings_problems: list = []  # mkdocs.yml's, from the last time it was read
    config_failure: list = []  # set by hooks/run.py when MkDocs itself refused mkdocs.yml
    templates: Templates | None = None
    generator: Generator | None = None
    rendered: dict[str, Rendered] = {}  # url → what the page read when last rendered
    gallery: Gallery | None = None
    indexer: BackgroundIndexer | None = None
    wechat: sk_wechat.PreviewWriter | None = None  # the preview's 推文素材 pages
    routes: dict[str, Route] = {}  # src_uri → route
    filled: list[GeneratedFile] = []  # generated pages outside the nav: written from shells
    nav = None
    env = None
    files: Files | None = None
    hand_written: list[str] = []  # built paths of the pages in docs/
    page_urls: list[str] = []  # site-relative URLs of every page, for the sitemap
    final_site_dir: str | None = None
    staging_dir: str | None = None
    memory: sk_memory.Memory | None = None  # what the last `make build` left (builds only)
    version = inputs = ""  # this build's code version and input stamp, for the next
    nav_digest = ""  # the navigation's titles and addresses: part of every page's frame
    page_digests: dict[str, str] = {}  # built path → search.index_digest of its HTML
    search_digests: dict[str, str] = {}  # search index part → digest of its pages
    built = False
    failed = False


state = State()


def on_startup(command: str, dirty: bool) -> None:
    state.command = command
    state.dirty = dirty


def on_config(config):
    state.root = Path(config.config_file_path).resolve().parent
    if state.loader is None or state.loader.root != state.root:
        state.loader = Loader(
            state.root
        )  # kept across preview rebuilds: unchanged files are not re-read
    settings, problems = read_settings(
        Path(config.config_file_path), Path(config.config_file_path).name
    )
    if not errors(problems):
        problems = problems + state.config_failure
    stopping = errors(problems)
    if stopping and state.command == "build":
        raise PluginError(
            f"mkdocs.yml 有 {len(stopping)} 个问题，未生成网站：\n" + report(stopping)
        )
    if stopping and state.templates is not None:
        settings = state.settings  # the preview keeps the last good settings meanwhile
    state.settings = settings
    state.settings_problems = problems  # the preview shows them on its pages
    state.templates = Templates(state.root, reload=state.command == "serve")
    config.extra["sk_footer"] = footer_html(state.templates, settings)
    # link-preview tags of the page for a wrong address (404.html), which has no page object
    config.extra["sk_og_missing"] = _og(config, "页面不存在", "", None)
    config.extra["sk_feeds"] = bool(config.site_url)  # every page links the feeds then
    if state.command == "build":
        # Build into a staging folder and swap it in only when everything succeeded,
        # so a failed build never leaves a half-written site.
        state.final_site_dir = config.site_dir
        state.staging_dir = config.site_dir.rstrip("/\\") + ".building"
        shutil.rmtree(state.staging_dir, ignore_errors=True)
        config.site_dir = state.staging_dir
        # What the last build left: records already read, pages whose inputs did not change
        state.version = code_version(state.root)
        state.inputs = sk_memory.input_stamp(state.root)
        state.memory = sk_memory.load(state.root, Path(state.final_site_dir))
        sk_memory.forget(state.root)  # until this build succeeds: it is about to change
        if state.memory:
            state.loader.recall(state.memory.records)
            state.rendered = state.memory.rendered
    return config


def on_pre_build(config) -> None:
    serving = state.command == "serve"
    cat = sk_catalog.build(state.root, drafts=serving, loader=state.loader)
    cat.problems.extend(state.settings_problems)
    stopping = errors(cat.problems)
    if stopping and not serving:
        raise PluginError(f"记录有 {len(stopping)} 个问题，未生成网站：\n" + report(stopping))
    for problem in for_display(cat.problems):
        # warnings at INFO: they must not abort `mkdocs build --strict`
        (log.info if problem.warning else log.warning)(str(problem))
    state.gallery = Gallery(state.root / IMAGE_CACHE)  # outside site/, kept between builds
    site = Queries(cat, state.settings, state.gallery)
    site.feeds = bool(config.site_url)
    previous = state.rendered if state.dirty or state.memory else {}
    state.generator = Generator.for_project(state.root, site, state.templates, previous)
    state.page_digests = {}


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
    state.routes = {}
    gen = state.generator
    for route in routes(gen.site, home=home):
        src = src_uri(route.url)
        if files.get_file_from_path(src) is not None:
            continue  # a hand-written page wins
        state.routes[src] = route
        file = GeneratedFile.generated(config, src, content="")
        file.route = route
        files.append(file)
    # the statistics as a table: written with the pages into the build folder, so a failed
    # build (which never replaces site/) leaves no half-written copy
    if files.get_file_from_path(CSV_URL) is None:
        files.append(File.generated(config, CSV_URL, content=gen.site.statistics().csv()))
    if files.get_file_from_path(sk_maps.MAP_URL) is None:  # the red sites as GeoJSON
        files.append(File.generated(config, sk_maps.MAP_URL, content=sk_maps.map_json(gen.site)))
    state.hand_written = [
        f.dest_uri for f in files.documentation_pages() if f.src_uri not in state.routes
    ]
    state.page_urls = [f.url for f in files.documentation_pages()]
    # The generated pages outside the navigation are filled into shells after the build
    # (on_post_build): MkDocs reads and writes none of them. Links to them from docs/ still
    # resolve (MkDocs notes such a link at INFO, never as a warning).
    in_nav = set(_nav_sources(config.nav or []))
    for src in state.routes:
        if src not in in_nav:
            files.get_file_from_path(src).inclusion = InclusionLevel.EXCLUDED
    return files


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
        elif state.dirty and state.generator.is_current(file.route, _extra(config, file)):
            file.changed = False
            state.generator.keep(file.route)
    return nav


def _nav_digest(items) -> str:
    """The navigation as every page shows it: titles and addresses, nested."""
    return repr([(i.title, getattr(i, "url", None), _nav_digest(i.children or [])) for i in items])


def on_env(env, config, files: Files):
    state.env, state.files = env, files
    env.bytecode_cache = compiled_cache(state.root, "theme")  # Material's, kept between builds
    return env


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
        page.meta["sk_og"] = _og(config, title, page.meta.get("description") or "", None)
        return context
    # Rendered here, just before the template, and dropped in on_post_page: MkDocs reads
    # every page before writing any, so content made in on_page_content would all sit
    # in memory at once (gigabytes at 10,000 records).
    values = _values(config, page, route, title)
    page.content = values.content
    page.meta["sk_og"] = values.og
    if values.wechat:
        page.meta["sk_wechat"] = values.wechat
    page.edit_url = values.edit
    return context


def on_post_page(output: str, page, config) -> str:
    if page.file.src_uri in state.routes or getattr(page, "sk_filled", False):
        page.content = None  # written next; keep memory flat
    else:
        output = mark_hand_written(output)  # 关于, 编辑指南: indexed for search
    return tidy_page(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return tidy_page(output_content)  # 404.html


def on_post_build(config) -> None:
    every_picture(state.generator.site)  # all of them published, whichever pages are rendered
    _write_filled(config)
    # The pages are all written: the index is made (by Pagefind, on the other core) while
    # the pictures and feeds are written.
    indexing = _index_in_background(config) if state.command == "build" else None
    gallery = state.gallery
    gallery.publish(Path(config.site_dir))
    _feeds(config)
    log.info(
        f"图片：{len(gallery.used)} 张，新处理 {gallery.encoded} 张，用时 {gallery.seconds:.2f} 秒"
    )
    state.rendered = state.generator.rendered  # only now: a failed build re-renders all next time
    if state.command == "serve":  # the reader's page reloads now; the index follows a moment later
        state.indexer = state.indexer or BackgroundIndexer(_indexed)
        state.indexer.request(Path(config.site_dir), state.hand_written)
        state.wechat = state.wechat or sk_wechat.PreviewWriter(log.warning)
        state.wechat.request(
            state.generator.site, state.templates, Path(config.site_dir), config.site_url
        )
        try:  # the form editor exists in the preview only
            sk_cms.write_admin(state.root, Path(config.site_dir) / sk_cms.ADMIN)
        except sk_cms.MissingEditor as err:
            log.warning(f"表单编辑器（/admin/）没有生成：{err}")
    else:
        found = indexing.result()
        if not found.ok:
            raise PluginError("搜索索引（Pagefind）生成失败：\n" + found.output[-2000:])
        state.search_digests = found.digests
        _indexed(found)
    state.built = True


def _index_in_background(config) -> Future:
    site_dir = Path(config.site_dir)
    memory = state.memory
    previous = Previous(
        Path(state.final_site_dir) if memory else None,
        memory.search if memory else {},
        _page_digest(site_dir),
    )
    pool = ThreadPoolExecutor(1)
    future = pool.submit(run_pagefind, site_dir, state.hand_written, previous=previous)
    pool.shutdown(wait=False)  # returns now; the thread ends with its one task
    return future


def _page_digest(site_dir: Path):
    """A built page's digest: the one taken when it was written, else read from the file
    (the pages MkDocs wrote: the indexes in the navigation and those from docs/)."""

    def digest(path: str) -> str:
        known = state.page_digests.get(path)
        return known or index_digest((site_dir / path).read_bytes())

    return digest


def _remove_later(path: str) -> None:
    """The replaced site, removed after the build has returned (thousands of folders take a
    while); the next build removes any of it still there before it starts."""
    if os.name == "posix" and os.path.exists(path):
        gone = path + f".{os.getpid()}"
        os.replace(path, gone)
        subprocess.Popen(["rm", "-rf", gone], start_new_session=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _remember() -> None:
    """What this build leaves for the next `make build` (memory.py)."""
    memory = sk_memory.Memory(
        version=state.version,
        inputs=state.inputs,
        records=state.loader.parsed,
        rendered=state.generator.rendered,
        pages=state.page_digests,
        search=state.search_digests,
    )
    sk_memory.save(state.root, memory, Path(state.final_site_dir))


def _feeds(config) -> None:
    """feed.xml, feed.json, sitemap.xml (replacing MkDocs's, which has the build's date) and
    robots.txt, from the core."""
    site_dir = Path(config.site_dir)
    site = state.generator.site
    for name in ("sitemap.xml", "sitemap.xml.gz", *sk_feeds.FEED_FILES):
        (site_dir / name).unlink(missing_ok=True)
    if not config.site_url:
        # INFO: a missing site_url is a choice for a local preview, not a failed build
        log.info(
            "未设置 site_url：订阅（feed.xml、feed.json）和网站地图 sitemap.xml 需要完整网址，"
            "本次不生成；发布前请在 mkdocs.yml 写上 site_url"
        )
        (site_dir / "robots.txt").write_text(sk_feeds.robots(None), "utf-8")
        return
    data = sk_feeds.feed(site, config.site_url, config.site_name, config.site_description or "")
    (site_dir / "feed.xml").write_text(sk_feeds.rss(state.templates, data), "utf-8")
    (site_dir / "feed.json").write_text(sk_feeds.json_feed(data), "utf-8")
    entries = sk_feeds.sitemap_entries(site, config.site_url, state.page_urls)
    xml = sk_feeds.sitemap(state.templates, entries)
    (site_dir / "sitemap.xml").write_text(xml, "utf-8")
    with gzip.open(site_dir / "sitemap.xml.gz", "wt", encoding="utf-8") as gz:
        gz.write(xml)
    robots = sk_feeds.robots(sk_feeds.absolute(config.site_url, "sitemap.xml"))
    (site_dir / "robots.txt").write_text(robots, "utf-8")


def _indexed(found: IndexResult) -> None:
    if not found.ok:  # in the preview: say so and keep serving
        log.error("搜索索引（Pagefind）生成失败：\n" + found.output[-2000:])
        return
    parts = f"，分 {found.shards} 部分" if found.shards > 1 else ""
    if found.indexed < found.shards:
        parts += f"，其中 {found.shards - found.indexed} 部分没有变化，沿用上次的"
    log.info(f"搜索索引：用时 {found.seconds:.2f} 秒{parts}")


def on_build_error(error) -> None:
    state.failed = True
    state.rendered = {}


def on_shutdown() -> None:
    if not state.staging_dir:
        return
    if state.built and not state.failed:
        old = state.final_site_dir + ".old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(state.final_site_dir):
            os.replace(state.final_site_dir, old)
        os.replace(state.staging_dir, state.final_site_dir)
        _remember()
        _remove_later(old)
    else:
        shutil.rmtree(state.staging_dir, ignore_errors=True)


# -- helpers --------------------------------------------------------------------------------


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


def _frame(config, page, route: Route, title: str) -> Values:
    """What Material writes around a generated page's content: its title, link-preview
    facts, edit and canonical addresses. Cheap: the content is left empty."""
    record = route.record
    wechat = None
    if record and state.command == "serve" and not record.record.draft:
        # 推文素材: written in the background after each preview build (wechat.PreviewWriter)
        wechat = sk_wechat.preview_url(record.kind, record.id)
    edit = None
    if record and config.repo_url and config.edit_uri:
        edit = _edit_url(config, record.rel)
    return Values(
        title=safe_title(route.title),
        description=escape(route.description) if route.description else "",
        content="",
        canonical=page.canonical_url,
        edit=edit,
        og=_og(config, title, route.description, record),
        wechat=wechat,
    )


def _title(config, page, route: Route) -> str:
    return config.site_name if page.is_homepage else route.title


def _extra(config, file: GeneratedFile, frame: Values | None = None) -> str:
    """Everything around a page's content, for its fingerprint: the navigation and its frame."""
    frame = frame or _frame(config, file.page, file.route, _title(config, file.page, file.route))
    return sk_memory.digest(f"{state.nav_digest}|{frame!r}".encode())


def _values(config, page, route: Route, title: str) -> Values:
    """A generated page's own values: its frame, and its content rendered by the core."""
    frame = _frame(config, page, route, title)
    address = _page_address(config, page) if route.record else None
    extra = _extra(config, page.file, frame)
    content = str(state.generator.render(route, share(address) if address else None, extra))
    return dataclasses.replace(frame, content=content)


def _write_filled(config) -> None:
    """The generated pages outside the navigation, each Material's shell of its shape with
    the page's values put in (shells.py). A page whose inputs did not change since the last
    build is taken from it as it is; the others are rendered, on both cores when many."""
    gen = state.generator
    before = state.memory.pages if state.memory else {}
    todo = []
    for file in state.filled:
        route = file.route
        # a page the last build did not write is rendered without working out its frame twice
        known = route.url in gen.previous
        if known and gen.is_current(route, _extra(config, file)) and _reuse(file):
            gen.keep(route)
            if file.dest_uri in before:
                state.page_digests[file.dest_uri] = before[file.dest_uri]
            continue
        todo.append(file)
    at_least = int(os.environ.get("STORYKIT_PARALLEL_FROM", PARALLEL_FROM))
    parallel = state.command == "build" and len(todo) >= at_least
    done = _on_two_cores(todo, config) if parallel else [_render_files(config, todo)]
    shapes = full = 0
    for rendered, digests, n_shapes, n_full in done:
        gen.rendered.update(rendered)
        state.page_digests.update(digests)
        shapes, full = max(shapes, n_shapes), full + n_full
    if gen.previous:
        unchanged = len(state.filled) - len(todo)
        said = "预览" if state.command == "serve" else "生成"
        log.info(f"{said}：{len(todo)} 个生成页面有变化，其余 {unchanged} 个不重新生成")
    log.info(f"页面外框：{shapes} 种，{full} 次完整生成")


PARALLEL_FROM = 300  # pages: below this a second process costs more than it saves (the
# tests set STORYKIT_PARALLEL_FROM lower to build their small sites this way too)
Done = tuple[dict, dict[str, str], int, int]  # rendered, page digests, shapes, full renders


def _render_files(config, files: list[GeneratedFile]) -> Done:
    """Render and write these pages: what each read, the digests of what was written, and
    how many shells and full renderings it took."""
    gen = state.generator
    inclusion = (
        InclusionLevel.is_in_serve if state.command == "serve" else InclusionLevel.is_included
    )
    docs = state.files.documentation_pages(inclusion=inclusion)
    shells = Shells(lambda values, fake: "", enabled=os.environ.get("STORYKIT_SHELLS") != "0")
    digests = {}
    for file in files:
        route, page = file.route, file.page
        values = _values(config, page, route, _title(config, page, route))
        shells.render = lambda v, fake, file=file: _material(config, docs, file, v, fake)
        html, _ = shells.page(values, _shape(file, values))
        page.content = None  # keep memory flat
        if html.strip():
            data = html.encode("utf-8", errors="xmlcharrefreplace")
            digests[file.dest_uri] = index_digest(data)
            write_file(data, file.abs_dest_path)
    rendered = {f.url: gen.rendered[f.url] for f in files if f.url in gen.rendered}
    return rendered, digests, len(shells.shells), shells.full


def _on_two_cores(files: list[GeneratedFile], config) -> list[Done]:
    """Half the pages rendered in a forked copy of this process (it has the whole site in
    memory already), half here; the copy sends back what its pages read. Pictures are all
    encoded before (pages.every_picture), so the two never encode the same one."""
    if os.name != "posix" or (os.cpu_count() or 1) < 2:
        return [_render_files(config, files)]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: render its half, send the result, leave without cleaning up
        os.close(read_end)
        status = 0
        try:
            result: object = _render_files(config, files[1::2])
        except BaseException as err:  # sent to the parent, which reports it
            result, status = f"{type(err).__name__}: {err}", 1
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(status)
    os.close(write_end)
    try:
        mine = _render_files(config, files[0::2])
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    theirs = pickle.loads(data) if data else "生成进程意外退出"
    if isinstance(theirs, str):
        raise PluginError(f"生成页面时出错：{theirs}")
    return [mine, theirs]


def _reuse(file: GeneratedFile) -> bool:
    """The page as the last build wrote it, if it is there: in place in the preview, linked
    from the last site into the new one by `make build`."""
    if state.command == "serve":
        return os.path.isfile(file.abs_dest_path)
    if not state.memory:
        return False
    old = Path(state.final_site_dir) / file.dest_uri
    if not old.is_file():
        return False
    sk_memory.link_or_copy(old, Path(file.abs_dest_path))
    return True


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


UNSAFE_TITLE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})


def safe_title(text: str) -> str:
    """Material prints page titles unescaped (and `striptags` would undo escaping), so the
    few characters that matter become their full-width forms, which read the same in Chinese."""
    return text.translate(UNSAFE_TITLE)


DEFAULT_SHARE_ALT = "红底上的一颗金色五角星"  # what variants.default_share draws


def _og(config, title: str, description: str, view) -> dict:
    """A page's link-preview facts as plain text (overrides/main.html escapes every one): the
    record's share picture with its real size and its picture's alt text, or the site's own."""
    images = None
    if view and view.main:
        images = sk_pictures.variants_of(view, *view.main, state.generator.site.image_set)
    if images:
        pic = images.share
        path, width, height = f"{URL_DIR}/{pic.name}", pic.width, pic.height
        alt = view.main[1].alt or title
    else:
        path, width, height, alt = sk_pictures.DEFAULT_SHARE, SHARE, SHARE, DEFAULT_SHARE_ALT
    return {
        "type": "article" if view else "website",
        "title": title or config.site_name,
        "description": description or config.site_description or config.site_name,
        "image": _absolute(config, path),
        "image_width": width,
        "image_height": height,
        "image_alt": alt,
    }


def _absolute(config, path: str) -> str | None:
    """An absolute URL (link previews need one); None without site_url."""
    return config.site_url.rstrip("/") + "/" + path if config.site_url else None


def _page_address(config, page) -> str | None:
    """What a QR code should open: the published address, or the preview's while serving."""
    if config.site_url:
        return page.canonical_url
    if state.command == "serve":
        return f"http://{config.dev_addr.host}:{config.dev_addr.port}/{page.url}"
    return None


def _edit_url(config, rel: str) -> str:
    """edit_uri points into docs/ (e.g. `edit/main/docs/`); records live beside it."""
    base = config.edit_uri
    docs = os.path.basename(os.path.normpath(config.docs_dir)) + "/"
    if base.endswith(docs):
        base = base[: -len(docs)]
    return config.repo_url.rstrip("/") + "/" + base.strip("/") + "/" + rel


# -- Material's output ----------------------------------------------------------------------
# These adjust the HTML Material writes, so they live with the adapter, not in the core.

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')


def mark_hand_written(html: str) -> str:
    """A hand-written page (关于, 编辑指南) is indexed whole: its article is the body."""
    return _ARTICLE.sub(
        '<article class="md-content__inner md-typeset" data-pagefind-body>', html, 1
    )


_WIDE = re.compile(r'<pre class="highlight">.*?</pre>|<table>.*?</table>', re.S)


def scrollable_boxes(html: str) -> str:
    """Code blocks and tables of a hand-written page sit in a box that scrolls sideways and
    takes keyboard focus, as the field reference's do: a long line on a phone is reached with
    the arrow keys too. Material focuses wide code itself only where the pointer can hover."""

    def box(m: re.Match) -> str:
        label = "表格" if m.group(0).startswith("<table") else "代码示例"
        return f'<div class="sk-table" tabindex="0" role="region" aria-label="{label}">{m.group(0)}</div>'

    return _WIDE.sub(box, html)


def tidy_page(html: str) -> str:
    """Two bits of Material's markup the Nu Html Checker rejects, removed without changing
    behaviour: autocomplete="off" on its drawer and search checkboxes, and the empty
    tabindex="" on nav section labels (browsers ignore both)."""
    html = re.sub(r'(<input class="md-toggle"[^>]*?) autocomplete="off"', r"\1", html)
    return html.replace(' tabindex=""', "")
