"""MkDocs hook adapter: calls the storykit core at MkDocs events, nothing more.

MkDocs puts this folder on sys.path only while it first executes this file, so every
sibling module is imported here, at the top."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from storykit import catalog as sk_catalog  # noqa: E402
from storykit.footer import footer_html, footer_warnings  # noqa: E402
from storykit.html import tidy_page  # noqa: E402
from storykit.load import Loader  # noqa: E402
from storykit.pages import SitePages  # noqa: E402
from storykit.preview import fingerprint, salt  # noqa: E402
from storykit.problems import for_display, report  # noqa: E402
from storykit.search import (  # noqa: E402
    BackgroundIndexer,
    IndexResult,
    mark_hand_written,
    run_pagefind,
)
from storykit.share import share_box  # noqa: E402
from storykit.variants import Gallery  # noqa: E402

log = logging.getLogger("mkdocs.hooks.storykit")


class GeneratedFile(File):
    """A generated page that tells MkDocs's dirty build whether it needs rendering again."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class State:
    command = "build"
    dirty = False
    prints: dict[str, str] = {}  # src_uri → fingerprint of the last successful build
    pending: dict[str, str] = {}
    root: Path
    loader: Loader | None = None
    pages: SitePages | None = None
    gallery: Gallery | None = None
    indexer: BackgroundIndexer | None = None
    specs: dict = {}
    hand_written: list[str] = []  # built paths of the pages in docs/
    final_site_dir: str | None = None
    staging_dir: str | None = None
    built = False
    failed = False


S = State()


def on_startup(command: str, dirty: bool) -> None:
    S.command = command
    S.dirty = dirty


def on_config(config):
    S.root = Path(config.config_file_path).resolve().parent
    if S.loader is None or S.loader.root != S.root:
        S.loader = Loader(S.root)  # kept across preview rebuilds: unchanged files are not re-read
    config.extra["sk_footer"] = footer_html(config.extra)
    if S.command == "build":  # serve sets site_url to its own address
        for warning in footer_warnings(config.site_url, config.extra):
            log.warning(warning)
    if S.command == "build":
        # Build into a staging folder and swap it in only when everything succeeded,
        # so a failed build never leaves a half-written site.
        S.final_site_dir = config.site_dir
        S.staging_dir = config.site_dir.rstrip("/\\") + ".building"
        shutil.rmtree(S.staging_dir, ignore_errors=True)
        config.site_dir = S.staging_dir
    return config


def on_pre_build(config) -> None:
    serving = S.command == "serve"
    cat = sk_catalog.build(S.root, drafts=serving, loader=S.loader)
    if cat.problems and not serving:
        raise PluginError(
            f"记录有 {len(cat.problems)} 个问题，未生成网站：\n" + report(cat.problems)
        )
    for problem in for_display(cat.problems):
        log.warning(str(problem))
    S.gallery = Gallery(S.root / ".cache" / "images")  # outside site/, kept between builds
    S.pages = SitePages(cat, cat.problems, S.gallery)


def on_files(files: Files, config) -> Files:
    home = files.get_file_from_path("index.md") is None
    S.specs, S.pending = {}, {}
    base = salt(S.root)
    for spec in S.pages.specs(home=home):
        src = _src_uri(spec.url)
        if files.get_file_from_path(src) is not None:
            continue  # a hand-written page wins
        S.specs[src] = spec
        file = GeneratedFile.generated(config, src, content=_markdown(spec))
        if S.dirty:
            S.pending[src] = fingerprint(spec, S.pages.cat, S.pages.problems, base)
            file.changed = S.prints.get(src) != S.pending[src]
        files.append(file)
    S.hand_written = [f.dest_uri for f in files.documentation_pages() if f.src_uri not in S.specs]
    if S.dirty and S.prints:
        changed = sum(1 for src in S.pending if S.prints.get(src) != S.pending[src])
        log.info(f"预览：{changed} 个生成页面有变化，其余 {len(S.pending) - changed} 个不重新生成")
    return files


def on_page_context(context, page, config, nav):
    spec = S.specs.get(page.file.src_uri)
    if spec:
        # Rendered here, just before the template, and dropped in on_post_page: MkDocs reads
        # every page before writing any, so content made in on_page_content would all sit
        # in memory at once (gigabytes at 10,000 records).
        page.content = str(spec.render())
        page.meta["sk_share"] = _absolute(config, S.pages.pics.share(spec.entry))
    if spec and spec.entry:
        address = _page_address(config, page)
        page.meta["sk_share_box"] = share_box(address) if address else ""
    if spec and spec.entry and config.repo_url and config.edit_uri:
        page.edit_url = _edit_url(config, spec.entry.rel)
    elif spec:
        page.edit_url = None
    return context


def on_post_page(output: str, page, config) -> str:
    if page.file.src_uri in S.specs:
        page.content = None  # written next; keep memory flat
    else:
        output = mark_hand_written(output)  # 关于, 编辑指南: indexed for search
    return tidy_page(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return tidy_page(output_content)  # 404.html


def on_post_build(config) -> None:
    S.gallery.publish(Path(config.site_dir))
    log.info(
        f"图片：{len(S.gallery.used)} 张，新处理 {S.gallery.encoded} 张，用时 {S.gallery.seconds:.2f} 秒"
    )
    S.prints = S.pending  # only now: a failed build re-renders everything next time
    if S.command == "serve":  # the reader's page reloads now; the index follows a moment later
        S.indexer = S.indexer or BackgroundIndexer(_indexed)
        S.indexer.request(Path(config.site_dir), S.hand_written)
    else:
        found = run_pagefind(Path(config.site_dir), S.hand_written)
        if not found.ok:
            raise PluginError("搜索索引（Pagefind）生成失败：\n" + found.output[-2000:])
        _indexed(found)
    S.built = True


def _indexed(found: IndexResult) -> None:
    if not found.ok:  # in the preview: say so and keep serving
        log.error("搜索索引（Pagefind）生成失败：\n" + found.output[-2000:])
        return
    parts = f"，分 {found.shards} 部分" if found.shards > 1 else ""
    log.info(f"搜索索引：用时 {found.seconds:.2f} 秒{parts}")


def on_build_error(error) -> None:
    S.failed = True
    S.prints = {}


def on_shutdown() -> None:
    if not S.staging_dir:
        return
    if S.built and not S.failed:
        old = S.final_site_dir + ".old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(S.final_site_dir):
            os.replace(S.final_site_dir, old)
        os.replace(S.staging_dir, S.final_site_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        shutil.rmtree(S.staging_dir, ignore_errors=True)


# -- helpers --------------------------------------------------------------------------------


def _src_uri(url: str) -> str:
    from storykit.urls import src_uri

    return src_uri(url)


def _markdown(spec) -> str:
    """Front matter only (the content is rendered in on_page_context). JSON is valid YAML and
    much faster to write than PyYAML's dump, which matters at thousands of pages."""
    meta = {**spec.front_matter(), "hide": ["navigation", "toc"]}
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"


def _absolute(config, path: str) -> str | None:
    """An absolute URL (link previews need one); None without site_url."""
    return config.site_url.rstrip("/") + "/" + path if config.site_url else None


def _page_address(config, page) -> str | None:
    """What a QR code should open: the published address, or the preview's while serving."""
    if config.site_url:
        return page.canonical_url
    if S.command == "serve":
        return f"http://{config.dev_addr.host}:{config.dev_addr.port}/{page.url}"
    return None


def _edit_url(config, rel: str) -> str:
    """edit_uri points into docs/ (e.g. `edit/main/docs/`); records live beside it."""
    base = config.edit_uri
    docs = os.path.basename(os.path.normpath(config.docs_dir)) + "/"
    if base.endswith(docs):
        base = base[: -len(docs)]
    return config.repo_url.rstrip("/") + "/" + base.strip("/") + "/" + rel
