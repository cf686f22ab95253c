"""The generated pages: one per record, section indexes, taxonomies and the home page.

Each page is a `PageSpec`: where it lives, its (safe) title and description, the template,
and a function that renders its main content as sanitised HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

from markupsafe import Markup

from . import reference
from .catalog import Catalog, iter_refs
from .html import esc, link, md
from .load import Entry
from .models import KINDS
from .pictures import Pictures
from .problems import Problem, for_display
from .search import index_tags
from .urls import PER_PAGE, entry_url, index_url, record_url, region_url, theme_url, year_url
from .variants import Gallery
from .views import View, format_date

UNSAFE_TITLE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})


def safe_title(text: str) -> str:
    """Material prints page titles unescaped (and `striptags` would undo escaping), so the
    few characters that matter become their full-width forms, which read the same in Chinese."""
    return text.translate(UNSAFE_TITLE)


@dataclass
class PageSpec:
    url: str
    title: str
    render: Callable[[], Markup]
    template: str = "storykit/page.html"
    description: str = ""
    entry: Entry | None = None
    meta: dict = field(default_factory=dict)
    # The records whose files this page shows; None: it may show any of them. A preview
    # rebuild re-renders a page only when one of these (or the page's title) changed.
    deps: tuple[Entry, ...] | None = None
    key: str = ""  # anything else the page shows that deps do not cover (e.g. an index's order)

    def front_matter(self) -> dict:
        meta = {"title": safe_title(self.title), "template": self.template, **self.meta}
        if self.description:
            meta["description"] = str(esc(self.description))
        return meta


class SitePages:
    def __init__(
        self, cat: Catalog, problems: list[Problem] | None = None, gallery: Gallery | None = None
    ):
        self.cat = cat
        self.pics = Pictures(cat.root, gallery)
        self.problems = problems or []

    def view(self, url: str) -> View:
        return View(self.cat, url, self.pics)

    # -- all pages -------------------------------------------------------------------------
    def specs(self, home: bool = True) -> list[PageSpec]:
        out: list[PageSpec] = []
        for entry in self.cat.entries():
            out.append(self.record_page(entry))
        for kind in KINDS:
            out.extend(self.index_pages(kind))
        out.extend(self.region_pages())
        out.extend(self.theme_pages())
        out.extend(self.year_pages())
        out.append(
            PageSpec(url="guide/fields/", title="字段参考", render=reference.render, deps=())
        )
        out.append(
            PageSpec(
                url="search/",
                title="搜索",
                render=self.render_search,
                template="storykit/search.html",
            )
        )
        if home:
            out.append(self.home_page())
        out.extend(self.error_pages())
        return out

    # -- records ---------------------------------------------------------------------------
    def record_page(self, entry: Entry) -> PageSpec:
        url = entry_url(entry)
        return PageSpec(
            url=url,
            title=entry.title,
            render=lambda: self.render_record(entry, url),
            template=f"storykit/{entry.kind}.html",
            description=entry.record.summary or "",
            entry=entry,
            meta={"kind": entry.kind, "draft": entry.record.draft},
            deps=(entry, *self.related_entries(entry)),
        )

    def related_entries(self, entry: Entry) -> list[Entry]:
        """Everything a record page shows of other records: its references and referrers."""
        out = [
            self.cat.all[(k, rid)]
            for _, k, rid in iter_refs(entry.record)
            if (k, rid) in self.cat.all
        ]
        return out + [link.source for link in self.cat.backlinks.get(entry.key, [])]

    def render_record(self, entry: Entry, url: str) -> Markup:
        v = self.view(url)
        r = entry.record
        parts = [
            self.errors_box(entry.rel),
            Markup(
                '<div class="sk-draft" role="note">草稿：本页只在预览中可见，正式发布时不会出现。</div>'
            )
            if r.draft
            else "",
            Markup('<p class="sk-kind" data-pagefind-ignore>{}</p><h1>{}</h1>').format(
                link(url, index_url(entry.kind), KINDS[entry.kind].label), entry.title
            ),
            Markup('<p class="sk-lead">{}</p>').format(r.summary) if r.summary else "",
            Markup('<div class="sk-top">{}{}</div>').format(
                self.pics.gallery_of(url, entry) if entry.kind in ("person", "publication") else "",
                v.facts(entry),
            ),
            v.figures(r),
            self.pics.gallery_of(url, entry) if entry.kind not in ("person", "publication") else "",
            Markup('<div class="sk-body">{}</div>').format(md(r.body)) if r.body else "",
            v.sections(r, "practices"),
            v.sections(r, "outcomes"),
            self.shelf_items(entry, v) if entry.kind == "shelf" else "",
            getattr(r, "quote", None)
            and Markup('<blockquote class="sk-quote">{}</blockquote>').format(r.quote)
            or "",
            v.sources(entry),
            v.related(entry),
        ]
        if not r.draft:  # drafts are never indexed
            parts.append(index_tags(self.cat, entry, self.pics.thumb_file(entry)))
        searchable = Markup("") if r.draft else Markup(" data-pagefind-body")
        return Markup('<article class="sk-record sk-record--{}"{}>{}</article>').format(
            entry.kind, searchable, Markup("").join(p for p in parts if p)
        )

    def shelf_items(self, entry: Entry, v: View) -> Markup:
        rows = []
        for item in entry.record.items:
            target = self.cat.get("publication", item.publication)
            if not target:
                continue
            note = Markup('<p class="sk-shelf__note">{}</p>').format(item.note) if item.note else ""
            card = Markup('<ul class="sk-cards sk-cards--compact">{}</ul>').format(v.card(target))
            rows.append(Markup("<li>{}{}</li>").format(card, note))
        return Markup(
            '<section class="sk-block"><h2>书目</h2><ol class="sk-shelf">{}</ol></section>'
        ).format(Markup("").join(rows))

    # -- section indexes -------------------------------------------------------------------
    def index_pages(self, kind: str) -> list[PageSpec]:
        entries = self.cat.entries(kind)
        pages = max(1, ceil(len(entries) / PER_PAGE))
        out = []
        for n in range(1, pages + 1):
            chunk = entries[(n - 1) * PER_PAGE : n * PER_PAGE]
            url = index_url(kind, n)
            title = KINDS[kind].label + (f"（第 {n} 页）" if n > 1 else "")
            out.append(
                PageSpec(
                    url=url,
                    title=title,
                    render=lambda chunk=chunk, url=url, n=n, pages=pages, title=title: (
                        self.render_index(kind, chunk, url, n, pages, title)
                    ),
                    meta={"kind": kind},
                    deps=tuple(chunk),
                    key=f"{len(entries)}|{pages}|" + ",".join(e.id for e in chunk),
                )
            )
        return out

    def render_index(
        self, kind: str, chunk: list[Entry], url: str, n: int, pages: int, title: str
    ) -> Markup:
        v = self.view(url)
        total = len(self.cat.entries(kind))
        body = v.cards(chunk, level=2) if chunk else Markup('<p class="sk-empty">暂无内容。</p>')
        return Markup('<h1>{}</h1><p class="sk-count">共 {} 条</p>{}{}').format(
            title, total, body, self.pagination(kind, url, n, pages)
        )

    def pagination(self, kind: str, url: str, n: int, pages: int) -> Markup:
        if pages <= 1:
            return Markup("")
        items = []
        if n > 1:
            items.append(Markup("<li>{}</li>").format(link(url, index_url(kind, n - 1), "上一页")))
        for i in range(1, pages + 1):
            if i == n:
                items.append(Markup('<li><span aria-current="page">{}</span></li>').format(i))
            else:
                items.append(Markup("<li>{}</li>").format(link(url, index_url(kind, i), i)))
        if n < pages:
            items.append(Markup("<li>{}</li>").format(link(url, index_url(kind, n + 1), "下一页")))
        return Markup('<nav class="sk-pages" aria-label="分页"><ul>{}</ul></nav>').format(
            Markup("").join(items)
        )

    # -- regions ---------------------------------------------------------------------------
    def region_pages(self) -> list[PageSpec]:
        out = [PageSpec(url=region_url(), title="地区", render=self.render_regions)]
        for code in self.cat.by_region:
            region = self.cat.regions.get(code)
            url = region_url(code)
            out.append(
                PageSpec(
                    url=url,
                    title=self.cat.regions.path(code),
                    render=lambda code=code, url=url: self.render_region(code, url),
                    deps=tuple(self.cat.by_region[code]),
                    description=f"{region.name}的经验做法、先进典型、红色遗址与书刊",
                )
            )
        return out

    def region_tree(self, url: str, parent: str | None) -> Markup:
        children = [r for r in self.cat.regions.children(parent) if r.code in self.cat.by_region]
        if not children:
            return Markup("")
        items = [
            Markup("<li>{} <span class='sk-n'>{}</span>{}</li>").format(
                link(url, region_url(r.code), r.name),
                self.cat.region_count(r.code),
                self.region_tree(url, r.code),
            )
            for r in children
        ]
        return Markup('<ul class="sk-tree">{}</ul>').format(Markup("").join(items))

    def render_regions(self) -> Markup:
        url = region_url()
        return Markup(
            '<h1>地区</h1><p class="sk-count">按省、市、县浏览，数字为记录条数。</p>{}'
        ).format(self.region_tree(url, None))

    def render_region(self, code: str, url: str) -> Markup:
        v = self.view(url)
        chain = self.cat.regions.chain(code)
        crumbs = Markup(" / ").join(
            [link(url, region_url(), "全部地区")]
            + [link(url, region_url(r.code), r.name) for r in chain[:-1]]
        )
        entries = self.cat.by_region[code]
        groups = []
        for kind in KINDS:
            members = [e for e in entries if e.kind == kind]
            if members:
                groups.append(
                    Markup("<section><h2>{}（{}）</h2>{}</section>").format(
                        KINDS[kind].label, len(members), v.cards(members)
                    )
                )
        sub = self.region_tree(url, code)
        return Markup(
            '<nav class="sk-crumbs" aria-label="上级地区">{}</nav><h1>{}</h1>{}{}'
        ).format(
            crumbs,
            chain[-1].name,
            Markup("<h2>下辖地区</h2>{}").format(sub) if sub else "",
            Markup("").join(groups),
        )

    # -- themes and years ------------------------------------------------------------------
    def theme_pages(self) -> list[PageSpec]:
        out = [PageSpec(url=theme_url(), title="主题", render=self.render_themes)]
        for theme in self.cat.themes:
            url = theme_url(theme.slug)
            out.append(
                PageSpec(
                    url=url,
                    title=theme.name,
                    render=lambda theme=theme, url=url: self.render_listing(
                        url, theme.name, theme.description, self.cat.by_theme.get(theme.name, [])
                    ),
                    description=theme.description or "",
                    deps=tuple(self.cat.by_theme.get(theme.name, [])),
                )
            )
        return out

    def render_themes(self) -> Markup:
        url = theme_url()
        items = [
            Markup('<li>{} <span class="sk-n">{}</span>{}</li>').format(
                link(url, theme_url(t.slug), t.name),
                len(self.cat.by_theme.get(t.name, [])),
                Markup("<p>{}</p>").format(t.description) if t.description else "",
            )
            for t in self.cat.themes
        ]
        return Markup('<h1>主题</h1><ul class="sk-topics">{}</ul>').format(Markup("").join(items))

    def year_pages(self) -> list[PageSpec]:
        out = [PageSpec(url=year_url(), title="年份", render=self.render_years)]
        for year, entries in self.cat.by_year.items():
            url = year_url(year)
            out.append(
                PageSpec(
                    url=url,
                    title=f"{year}年",
                    render=lambda year=year, url=url, entries=entries: self.render_listing(
                        url, f"{year}年", None, entries
                    ),
                    deps=tuple(entries),
                )
            )
        return out

    def render_years(self) -> Markup:
        url = year_url()
        items = [
            Markup('<li>{} <span class="sk-n">{}</span></li>').format(
                link(url, year_url(y), f"{y}年"), len(es)
            )
            for y, es in sorted(self.cat.by_year.items(), reverse=True)
        ]
        return Markup('<h1>年份</h1><ul class="sk-topics">{}</ul>').format(Markup("").join(items))

    def render_listing(
        self, url: str, title: str, intro: str | None, entries: list[Entry]
    ) -> Markup:
        v = self.view(url)
        body = (
            v.cards(entries, level=2) if entries else Markup('<p class="sk-empty">暂无内容。</p>')
        )
        lead = Markup('<p class="sk-lead">{}</p>').format(intro) if intro else ""
        return Markup('<h1>{}</h1>{}<p class="sk-count">共 {} 条</p>{}').format(
            title, lead, len(entries), body
        )

    # -- home ------------------------------------------------------------------------------
    def home_page(self) -> PageSpec:
        return PageSpec(
            url="", title="首页", render=self.render_home, template="storykit/home.html"
        )

    def render_home(self) -> Markup:
        url = ""
        v = self.view(url)
        featured = [e for e in self.cat.entries() if e.record.featured]
        latest = sorted(self.cat.entries(), key=lambda e: e.mtime_ns, reverse=True)[:6]
        counts = [
            Markup("<li>{}</li>").format(
                link(
                    url,
                    index_url(kind),
                    Markup(
                        '<span class="sk-figure__value">{}</span><span class="sk-figure__label">{}</span>'
                    ).format(len(self.cat.entries(kind)), KINDS[kind].label),
                )
            )
            for kind in KINDS
        ]
        themes = Markup(" ").join(
            link(url, theme_url(t.slug), t.name, "sk-tag") for t in self.cat.themes
        )
        provinces = [r for r in self.cat.regions.children(None) if r.code in self.cat.by_region]
        regions = Markup(" ").join(
            link(url, region_url(r.code), r.name, "sk-tag") for r in provinces
        )
        return Markup(
            '{errors}<section class="sk-hero"><h1>{title}</h1></section>'
            '<ul class="sk-counts">{counts}</ul>'
            "{featured}"
            "<section><h2>最近更新</h2>{latest}</section>"
            '<section class="sk-entry"><h2>按主题浏览</h2><p>{themes}</p>'
            "<h2>按地区浏览</h2><p>{regions}</p><p>{years}</p></section>"
        ).format(
            errors=self.errors_box(None),
            title="经验做法 · 先进典型 · 红色遗址 · 书刊",
            counts=Markup("").join(counts),
            featured=Markup("<section><h2>推荐</h2>{}</section>").format(v.cards(featured))
            if featured
            else "",
            latest=v.cards(latest),
            themes=themes,
            regions=regions,
            years=link(url, year_url(), "按年份浏览"),
        )

    # -- search ----------------------------------------------------------------------------
    def render_search(self) -> Markup:
        """The form works without script (it reloads with ?q=); search.js fills the results."""
        return Markup(
            '<h1>搜索</h1><form class="sk-find" role="search" action="./" method="get">'
            '<label for="sk-q">搜索全站的经验做法、先进典型、红色遗址、书刊和组织</label>'
            '<div class="sk-find__row"><input id="sk-q" name="q" type="search" '
            'autocomplete="off" placeholder="例如 朝天椒、老帮青、延安" enterkeyhint="search">'
            '<button type="submit">搜索</button></div></form>'
            '<div class="sk-filters" aria-label="筛选"></div>'
            '<p class="sk-find__status" role="status" aria-live="polite"></p>'
            '<ol class="sk-results"></ol>'
            "<noscript><p>搜索需要浏览器启用 JavaScript。</p></noscript>"
        )

    # -- errors while editing --------------------------------------------------------------
    def errors_box(self, rel: str | None) -> Markup:
        problems = [p for p in for_display(self.problems) if rel is None or p.path == rel]
        if not problems:
            return Markup("")
        items = Markup("").join(Markup("<li><code>{}</code></li>").format(str(p)) for p in problems)
        head = (
            "记录文件有问题，请按提示修改后保存："
            if rel
            else f"共 {len(problems)} 个问题，请按提示修改后保存："
        )
        return Markup('<div class="sk-errors" role="alert"><p>{}</p><ul>{}</ul></div>').format(
            head, items
        )

    def error_pages(self) -> list[PageSpec]:
        """In preview, a record whose file is broken still has a page: the errors box."""
        out = []
        for rel in sorted({p.path for p in self.problems}):
            parts = rel.split("/")
            if len(parts) != 3 or not parts[2].endswith(".yml"):
                continue
            model = next((m for m in KINDS.values() if m.folder == parts[1]), None)
            rid = parts[2][:-4]
            if not model or self.cat.all.get((model.kind, rid)):
                continue
            url = record_url(model.kind, rid)
            out.append(
                PageSpec(
                    url=url, title=f"{rid}（有错误）", render=lambda rel=rel: self.errors_box(rel)
                )
            )
        return out


__all__ = ["PageSpec", "SitePages", "format_date", "safe_title"]
