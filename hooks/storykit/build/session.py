"""A build, or the preview's builds one after another, as the engine's events call for it.

The session sets a build up once (settings, records, pictures, queries, templates, the
generator and what the last build left), decides which pages the last build's copy still
holds, renders the others on every core, writes the feeds, the pictures and the search index,
remembers what it did for the next build, and puts the staging folder in place (swapped in
whole, or patched into the last site). What only the engine knows (its page around the content, where it writes a page) comes in through `Engine`."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

from markupsafe import Markup

from storykit.build import hanzi, memory, parallel
from storykit.build import wechat as sk_wechat
from storykit.build.generate import Generator, Rendered
from storykit.build.outputs import write_feeds
from storykit.build.project import Project, project_settings
from storykit.build.search import (
    BackgroundIndexer,
    IndexResult,
    Previous,
    index_digest,
    run_pagefind,
)
from storykit.build.staging import Staging, remove_later
from storykit.build.startup import engine_problems
from storykit.pages import maps, opendata
from storykit.pages.linkpreview import SiteInfo
from storykit.pages.parts import every_picture
from storykit.pages.queries import Queries
from storykit.pages.routes import Route, hidden_sections, routes
from storykit.pages.urls import CSV_URL
from storykit.records.load import Loader
from storykit.records.problems import REMINDERS, Problem, errors, for_display, report
from storykit.records.settings import Settings
from storykit.render.cache import code_version
from storykit.render.footer import footer_html
from storykit.render.share import share
from storykit.render.templates import Templates


class Stop(Exception):
    """The build cannot go on; the message says why, in Chinese, for the volunteer."""


@dataclass(frozen=True)
class Frame:
    """What the engine puts around a generated page's content."""

    around: str  # its digest (navigation, title, link preview): part of the page's fingerprint
    address: str | None  # what the page's QR code opens; None: no QR code
    wrap: Callable[[str], str]  # the whole page around this content


class PageFile(Protocol):
    """A generated page as the engine holds it."""

    route: Route
    dest_uri: str  # where it is written, under the site folder


P = TypeVar("P", bound=PageFile)


class Engine(Protocol[P]):
    """What the engine does for the generated pages it leaves to the session."""

    def frame(self, page: P) -> Frame: ...

    def write(self, page: P, data: bytes) -> None: ...

    def tally(self) -> object:
        """What this process's pages cost the engine (sent back from a forked copy)."""
        ...


Done = tuple[dict[str, Rendered], dict[str, str], object]  # what pages read, digests, tally


class Session:
    """A build from the engine's events, in their order: configure, begin, pages (content,
    write_pages), finish, close. The preview keeps one session across its rebuilds."""

    def __init__(
        self, command: str = "build", dirty: bool = False, log: logging.Logger | None = None
    ):
        self.command = command  # the engine's: "build" or "serve"
        self.dirty = dirty  # the preview renders again only the pages that changed
        self.log = log or logging.getLogger("storykit.build")
        self.root = Path()
        # kept across preview rebuilds: unchanged files are not re-read
        self.loader: Loader | None = None
        self.settings = Settings()
        self.settings_problems: list[Problem] = []  # mkdocs.yml's, from the last time it was read
        self.templates: Templates | None = None
        self.project: Project | None = None  # this build's settings and records
        self.site: Queries | None = None
        self.generator: Generator | None = None
        self.rendered: dict[str, Rendered] = {}  # url → what the page read when last rendered
        self.site_dir = Path()  # where this build writes
        self.staging: Staging | None = None  # builds only
        self.memory: memory.Memory | None = None  # what the last `make build` left (builds only)
        self.images: list[str] = []  # built paths of the pictures' files
        self.index: IndexResult | None = None  # what the search indexer did (builds only)
        self.version = self.inputs = ""  # this build's code version and input stamp, for the next
        self.hand_written: list[str] = []  # built paths of the pages in docs/
        self.outputs: list[str] = []  # built paths of every file the engine writes
        self.kept: set[str] = set()  # built paths of the pages taken whole from the last build
        self.page_urls: list[str] = []  # site-relative URLs of every page, for the sitemap
        self.page_digests: dict[str, str] = {}  # built path → search.index_digest of its HTML
        self.search_digests: dict[str, str] = {}  # search index part → digest of its pages
        self.indexer: BackgroundIndexer | None = None  # the preview's
        self.wechat: sk_wechat.PreviewWriter | None = None  # the preview's 推文素材 pages
        self.site_url = ""  # mkdocs.yml's, ending in /; "" when unset
        self.site_name = ""  # mkdocs.yml's, for the open data's manifest
        self.hanzi = hanzi.Collector()  # the text counted for 繁體, kept by the preview
        self.built = self.failed = False

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    @property
    def patching(self) -> bool:
        """Whether this build patches the last one's site in place (staging.py): it starts
        from that build's memory."""
        return self.memory is not None

    # -- before the engine reads its files ----------------------------------------------------

    def configure(self, config_file: Path, site_dir: str) -> str:
        """mkdocs.yml's settings, read again before each build; returns the folder to build
        into: a staging folder for `build`, swapped in by close() when all went well."""
        self.root = Path(config_file).resolve().parent
        if self.loader is None or self.loader.root != self.root:
            self.loader = Loader(self.root)
        settings, problems = project_settings(Path(config_file))
        if not errors(problems):
            problems = problems + engine_problems()
        stopping = errors(problems)
        if stopping and self.command == "build":
            raise Stop(f"mkdocs.yml 有 {len(stopping)} 个问题，未生成网站：\n" + report(stopping))
        if stopping and self.templates is not None:
            settings = self.settings  # the preview keeps the last good settings meanwhile
        self.settings, self.settings_problems = settings, problems  # the preview shows them
        self.templates = Templates(self.root, reload=self.serving)
        if self.command != "build":
            self.site_dir = Path(site_dir)
            return site_dir
        self.staging = Staging(site_dir)
        # What the last build left: records already read, pages whose inputs did not change
        self.version = code_version(self.root)
        self.inputs = memory.input_stamp(self.root)
        self.memory = memory.load(self.root, Path(site_dir))
        memory.forget(self.root)  # until this build succeeds: it is about to change
        if self.memory:
            self.loader.recall(self.memory.records)
            self.rendered = self.memory.rendered
        # the last build's count of the site's text for 繁體, else counted afresh
        self.hanzi = (self.memory.hanzi if self.memory else None) or hanzi.Collector()
        folder = self.staging.start()
        self.site_dir = Path(folder)
        return folder

    def footer(self) -> Markup:
        """The footer's lines, from the settings."""
        return footer_html(self.templates, self.settings)

    def begin(self, site_url: str | None, site_name: str = "") -> None:
        """The records loaded and checked (stopping a build on an error; the preview shows
        them), and the pages' queries and generator set up."""
        project = Project.load(
            self.root,
            drafts=self.serving,
            loader=self.loader,
            settings=(self.settings, self.settings_problems),
        )
        stopping = errors(project.problems)
        if stopping and not self.serving:
            # the reminders too, after the problems: all there is to do in one run
            raise Stop(f"记录有 {len(stopping)} 个问题，未生成网站：\n" + report(project.problems))
        self._say(project.problems)
        if not self.serving:
            self._say_withheld(project)
        self.project, self.site = project, project.queries()
        self.site.feeds = bool(site_url)  # every page links the feeds then
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""  # the open data's base
        self.site_name = site_name
        previous = self.rendered if self.dirty or self.memory else {}
        self.generator = Generator.for_project(self.root, self.site, self.templates, previous)
        live = Path(self.staging.site_dir) if self.staging else self.site_dir
        self.site.open_data = opendata.OpenData(
            self.site,
            site_name,
            self.site_url,
            live / opendata.DATA_URL / opendata.MANIFEST,
            self._kept_data(),
        )
        self.page_digests = {}

    def _data_key(self, kind: str) -> str:
        return f"data:{kind}:{self.site_url}"

    def _kept_data(self) -> dict[str, str]:
        """The kinds whose open data the last build made from what is all unchanged: with
        their digests (a build that patches the site leaves their files in place)."""
        if not self.patching:
            return {}
        made = self.memory.open_data
        return {
            kind: digest
            for kind, (before, digest) in made.items()
            if self.generator.holds(self._data_key(kind), before)
        }

    def _say_withheld(self, project: Project) -> None:
        """先审后发: how many records this build leaves out, and why. A notice, not an error."""
        withheld = project.catalog.withheld()
        if not withheld:
            return
        why = Counter(v.review.label for v in withheld if v.review)
        parts = "、".join(f"{label} {n} 条" for label, n in why.most_common())
        self.log.info(
            f"审核：{len(withheld)} 条记录还没有通过全部审核，这次没有发布（{parts}）；"
            "运行 storykit review --list 查看"
        )

    def _say(self, problems: list[Problem]) -> None:
        """The problems, then the reminders under their heading. Reminders at INFO: they
        must not abort `mkdocs build --strict`."""
        shown = for_display(problems)
        for problem in (p for p in shown if not p.warning):
            self.log.warning(str(problem))
        notes = [p for p in shown if p.warning]
        if notes:
            self.log.info(REMINDERS)
        for problem in notes:
            self.log.info(str(problem))

    def routes(self, home: bool) -> list[Route]:
        """Every generated page; `home`: the home page too (docs/ has none of its own)."""
        return routes(self.site, home=home)

    def hidden_sections(self) -> list[str]:
        """The section indexes (`honors/`) of kinds with nothing published: the engine
        leaves them out of its navigation until they have a record."""
        return hidden_sections(self.site)

    def data_files(self) -> dict[str, Callable[[], str]]:
        """The site's data beside its pages, by built path, each made when asked for: the
        statistics as a table, the red sites as GeoJSON."""
        site = self.site
        return {
            CSV_URL: lambda: site.statistics().csv(),
            maps.MAP_URL: lambda: maps.map_json(site),
            **site.open_data.files(),
        }

    def site_pages(self, hand_written: list[str], urls: list[str], outputs: list[str]) -> None:
        """The engine's pages: the built paths of those from docs/ (searched as a part of
        their own), the address of every page (for the sitemap) and the built path of every
        file it writes (so that nothing walks the site's thousands of folders)."""
        self.hand_written, self.page_urls, self.outputs = hand_written, urls, outputs
        # the data files left in place were not given to the engine: still the site's
        self.outputs += self.site.open_data.kept_files()

    # -- pages --------------------------------------------------------------------------------

    def unchanged(self, route: Route, around: Callable[[], str]) -> bool:
        """Whether a page the engine renders itself can stay as the preview last wrote it
        (nothing it read changed, nor what `around` says is around it); it then keeps what
        it read."""
        if not self.dirty or not self.generator.is_current(route, around()):
            return False
        self.generator.keep(route)
        return True

    def content(self, route: Route, around: str, address: str | None) -> str:
        """A generated page's content, with a QR code of `address` where it has one."""
        code = share(address) if address else None
        return str(self.generator.render_content(route, code, around))

    def write_pages(self, pages: Sequence[P], engine: Engine[P]) -> list[object]:
        """The generated pages the engine leaves to the core: each taken from the last build
        when nothing it read changed, the others rendered (on every core when many) and
        written. Returns the engine's tally from each process."""
        every_picture(self.site)  # all published, whichever pages are rendered; none encoded twice
        gen = self.generator
        before = self.memory.pages if self.memory else {}
        self.kept = set(self.site.open_data.kept_files())
        todo: list[tuple[P, Frame | None]] = []
        for page in pages:
            route = page.route
            # a page the last build did not write is rendered without working out its frame twice
            frame = engine.frame(page) if route.url in gen.previous else None
            if frame and gen.is_current(route, frame.around) and self._reuse(page.dest_uri):
                gen.keep(route)
                self.kept.add(page.dest_uri)
                if page.dest_uri in before:
                    self.page_digests[page.dest_uri] = before[page.dest_uri]
                continue
            todo.append((page, frame))
        work = partial(self._render, engine=engine)
        if self.command == "build" and parallel.worth_it(len(todo)):
            try:
                done = parallel.on_every_core(todo, work)
            except parallel.CopyFailed as err:
                raise Stop(f"生成页面时出错：{err}") from None
        else:
            done = [work(todo)]
        for rendered, digests, _ in done:
            gen.rendered.update(rendered)
            self.page_digests.update(digests)
        if gen.previous:
            said = "预览" if self.serving else "生成"
            kept = len(pages) - len(todo)
            self.log.info(f"{said}：{len(todo)} 个生成页面有变化，其余 {kept} 个不重新生成")
        return [tally for _, _, tally in done]

    def _render(self, todo: list[tuple[P, Frame | None]], engine: Engine[P]) -> Done:
        """Render and write these pages: what each read, the digests of what was written,
        and the engine's tally."""
        digests = {}
        for page, frame in todo:
            frame = frame or engine.frame(page)
            html = frame.wrap(self.content(page.route, frame.around, frame.address))
            if html.strip():
                data = html.encode("utf-8", errors="xmlcharrefreplace")
                digests[page.dest_uri] = index_digest(data)
                engine.write(page, data)
        read = self.generator.rendered
        rendered = {p.route.url: read[p.route.url] for p, _ in todo if p.route.url in read}
        return rendered, digests, engine.tally()

    def _reuse(self, path: str) -> bool:
        """Whether the page as the last build wrote it is still there (no one removed it), to
        stay where it is: in the preview's folder, or in the site `make build` patches."""
        if self.serving:
            return (self.site_dir / path).is_file()
        if not self.patching:
            return False
        return path in self.memory.manifest and (Path(self.staging.site_dir) / path).is_file()

    # -- after the pages ----------------------------------------------------------------------

    def finish(self, info: SiteInfo) -> None:
        """The search index (made by Pagefind on another core while the pictures and feeds
        are written), the pictures, the feeds. The preview's index and 推文素材 follow in the
        background, after the reader's page has reloaded."""
        indexing = None if self.serving else self._index_in_background()
        gallery = self.site.gallery
        self.images = gallery.publish(self.site_dir, self._last_site() if self.patching else None)
        if not write_feeds(self.site_dir, self.site, self.templates, info, self.page_urls):
            # INFO: a missing site_url is a choice for a local preview, not a failed build
            self.log.info(
                "未设置 site_url：订阅（feed.xml、feed.json）和网站地图 sitemap.xml 需要完整网址，"
                "本次不生成；发布前请在 mkdocs.yml 写上 site_url"
            )
        self.log.info(
            f"图片：{len(gallery.used)} 张，新处理 {gallery.encoded} 张，用时 {gallery.seconds:.2f} 秒"
        )
        try:
            table = hanzi.write(
                self.site_dir,
                self.hanzi,
                self.settings.traditional,
                paths=self.outputs,
                previous=self._last_site(),
                kept=self.kept,
            )
        except hanzi.MissingTables as err:  # the site still works, in simplified characters
            self.log.warning(f"繁體字表没有生成，读者不能切换到繁體：{err}")
        else:
            self.log.info(
                f"繁體字表：{table.entries} 条，{table.size // 1024} KB，读了 {table.read} 个文件，"
                f"用时 {table.seconds:.2f} 秒"
            )
        self.rendered = self.generator.rendered  # only now: a failed build re-renders all next time
        if self.serving:
            self.indexer = self.indexer or BackgroundIndexer(self._indexed)
            self.indexer.request(self.site_dir, self.hand_written)
            self.wechat = self.wechat or sk_wechat.PreviewWriter(self.log.warning)
            self.wechat.request(self.site, self.templates, self.site_dir, info.url)
        else:
            try:
                found = indexing.result()
            except parallel.CopyFailed as err:
                raise Stop(f"搜索索引（Pagefind）生成失败：{err}") from None
            if not found.ok:
                raise Stop("搜索索引（Pagefind）生成失败：\n" + found.output[-2000:])
            self.search_digests = found.digests
            self.index = found
            self._indexed(found)
        self.built = True

    def _last_site(self) -> Path | None:
        """The site the last `make build` wrote and remembered (still in place until this
        build is swapped in); None in the preview and without a memory."""
        return Path(self.staging.site_dir) if self.memory and self.staging else None

    def _index_in_background(self) -> Future[IndexResult]:
        last = self.memory
        previous = Previous(
            self._last_site(),
            last.search if last else {},
            self._page_digest,
        )
        pages = [p for p in self.outputs if p.endswith(".html")]
        site_dir, hand_written = self.site_dir, self.hand_written
        return parallel.in_another_process(
            lambda: run_pagefind(site_dir, hand_written, previous=previous, pages=pages)
        )

    def _page_digest(self, path: str) -> str:
        """A built page's digest: the one taken when it was written, else read from the file
        (the pages the engine wrote: the indexes in its navigation and those from docs/)."""
        known = self.page_digests.get(path)
        return known or index_digest((self.site_dir / path).read_bytes())

    def _indexed(self, found: IndexResult) -> None:
        if not found.ok:  # in the preview: say so and keep serving
            self.log.error("搜索索引（Pagefind）生成失败：\n" + found.output[-2000:])
            return
        parts = f"，分 {found.shards} 部分" if found.shards > 1 else ""
        if found.indexed < found.shards:
            parts += f"，其中 {found.shards - found.indexed} 部分没有变化，沿用上次的"
        by = f"Pagefind {found.version}，" if found.version else ""
        self.log.info(f"搜索索引：{by}用时 {found.seconds:.2f} 秒{parts}")

    # -- the end ------------------------------------------------------------------------------

    def failed_build(self) -> None:
        self.failed = True
        self.rendered = {}  # the next build renders every page

    def close(self) -> None:
        """When the engine stops: a build that succeeded takes the site's place (whole, or
        patched in) and is remembered; a failed one is removed and leaves the site as it was."""
        if self.staging is None:
            return
        if self.built and not self.failed:
            staged = self.staging.files()
            if self.patching:
                manifest = self._manifest(staged)
                stale = self.memory.manifest - manifest
                self.staging.patch_in(self.index.written if self.index else (), stale)
                self._remember(manifest)
            else:
                old = self.staging.swap_in()
                self._remember(set(staged))
                remove_later(old)
        else:
            self.staging.abandon()

    def _manifest(self, staged: list[str]) -> set[str]:
        """Every file of the site once this build is patched in: what it wrote, and what it
        left in place (pages, search index parts and pictures that did not change)."""
        kept_parts = tuple(f"{part}/" for part in (self.index.kept if self.index else ()))
        left = (
            {p for p in self.memory.manifest if p.startswith(kept_parts)} if kept_parts else set()
        )
        return set(staged) | self.kept | set(self.images) | left

    def _open_data_made(self) -> dict:
        """Each kind's open data: what it read when made (or when the last build made it,
        for a kept kind), with its digest."""
        data = self.site.open_data
        made = {kind: (self.memory.open_data[kind][0], d) for kind, d in data.kept.items()}
        for kind, reads in data.reads.items():
            made[kind] = (self.generator.made(self._data_key(kind), reads), data.digests[kind])
        return made

    def _remember(self, manifest: set[str]) -> None:
        """What this build leaves for the next `make build` (memory.py): `manifest`, every
        file of the site it made."""
        left = memory.Memory(
            version=self.version,
            inputs=self.inputs,
            records=self.loader.parsed,
            rendered=self.generator.rendered,
            pages=self.page_digests,
            search=self.search_digests,
            hanzi=self.hanzi,
            manifest=manifest,
            open_data=self._open_data_made(),
        )
        memory.save(self.root, left, Path(self.staging.site_dir), self.memory)
