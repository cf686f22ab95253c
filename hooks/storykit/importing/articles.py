"""Importing files: each one read, cleaned, structured, linked and written as a draft record
that `storykit check` accepts, or a Chinese reason why it could not be."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from storykit.importing import facts, figures, honours, link
from storykit.importing import kind as kinds
from storykit.importing.read import SUFFIXES, Unreadable, read
from storykit.importing.structure import Article, Section, analyse, first_sentence, lead
from storykit.importing.write import dump, join, plain, scrub, write_new
from storykit.records import models
from storykit.records.settings import STORIES

GENERIC_PRACTICE = re.compile(
    r"^(?:主要|基本|具体|工作)?(?:做法|措施|举措)(?:和|与)?(?:经验|成效)?$|^经验做法$"
)
OUTCOME = re.compile(r"成效|成果|效果|成绩|收获|变化")
REFLECTION = re.compile(r"体会|启示|思考|问题|打算|下一步|努力方向|展望")


@dataclass
class ImportResult:
    source: Path
    written: list[Path] = field(default_factory=list)
    kind: str | None = None
    checks: list[str] = field(default_factory=list)
    error: str | None = None


BLANK = re.compile(r"[：:【】\[\]]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!代)")


def year_in_text(paragraphs: list[str]) -> str | None:
    """The year a date-less article is about: the year its first paragraph opens with
    (`2023年，我镇关工委…`, as summaries and yearbooks begin), else the latest year its first
    paragraph of content names. Years deeper in the text are history, not the date."""
    this_year = dt.date.today().year
    for p in paragraphs[:3]:
        m = re.match(r"\s*(?:[一二三四五六七八九十]+、\s*)?((?:19|20)\d{2})\s*年", p)
        if m and int(m.group(1)) <= this_year:
            return m.group(1)
    first = lead(paragraphs) or ""
    years = [int(y) for y in YEAR.findall(first) if int(y) <= this_year]
    return str(max(years)) if years else None


class NotImported(Exception):
    """The file was read but makes no record; the message says why, in Chinese."""


def files_of(paths: Iterable[Path]) -> tuple[list[Path], list[ImportResult]]:
    """The articles named or inside the folders named, and the paths that are neither."""
    found: list[Path] = []
    bad: list[ImportResult] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not inside:
                bad.append(
                    ImportResult(
                        path, error="文件夹里没有可导入的文件（.txt .md .html .htm .docx）"
                    )
                )
            found += inside
        elif not path.exists():
            bad.append(ImportResult(path, error="找不到这个文件"))
        elif path.suffix.lower() not in SUFFIXES:
            what = "、".join(SUFFIXES)
            bad.append(ImportResult(path, error=f"不能导入这种文件；可以导入 {what} 文件"))
        else:
            found.append(path)
    return found, bad


def import_paths(
    root: Path,
    paths: Iterable[Path],
    kind: str = "auto",
    progress: Callable[[int, int], None] | None = None,
) -> list[ImportResult]:
    from storykit.records.catalog import build

    root = Path(root)
    files, results = files_of(Path(p) for p in paths)
    cat = build(root, drafts=True)
    created: dict[str, str] = {}  # org name → id of the org drafts this run wrote
    for i, path in enumerate(files):
        results.append(import_file(root, path, kind, cat, created))
        if progress:
            progress(i + 1, len(files))
    return results


def import_file(root: Path, path: Path, kind: str, cat, created: dict[str, str]) -> ImportResult:  # type: ignore[no-untyped-def]
    result = ImportResult(path)
    try:
        doc = read(path)
        article = analyse(doc)
        if len(re.sub(r"\W", "", article.text)) < 20 or not article.title:
            raise Unreadable("文件里几乎没有正文，不像一篇文章")
        Importer(root, article, cat, created, result).run(kind)
    except (Unreadable, NotImported) as exc:
        result.error = str(exc)
    return result


def _kind_label(kind: str) -> str:
    return models.KINDS[kind].label


class Importer:
    def __init__(
        self, root: Path, article: Article, cat, created: dict[str, str], result: ImportResult
    ) -> None:  # type: ignore[no-untyped-def]
        self.root, self.a, self.cat, self.created, self.result = root, article, cat, created, result
        self.checks = result.checks
        self.comments: list[str] = []
        self.text = article.text
        self.title = article.title or ""
        # bylines in the forms the structure pass does not read: （记者 某某）, 文/图 某某
        edges = article.dropped + article.paragraphs[:3] + article.paragraphs[-3:]
        for key, value in facts.bylines(edges).items():
            # an empty field followed by the next label (`作者： 点击数：`) names nobody
            if key in ("author", "editor", "publisher") and value and not BLANK.search(value):
                article.meta.setdefault(key, value)

    # -- shared parts -------------------------------------------------------------------------
    def summary(self) -> str | None:
        source = lead(self.a.intro) or lead(self.a.paragraphs)
        if source is None:
            self.checks.append("原文没有可作摘要的段落，summary 暂空，请补写一两句概括")
            return None
        self.checks.append("摘要取自正文第一段，请改写成一两句概括")
        summary = first_sentence(scrub(source)[0], 200)
        if len(summary) < 40:  # one short sentence says too little: add the next
            rest = source[len(summary) :].strip()
            if rest:
                summary += first_sentence(rest, 200 - len(summary))
        return summary

    def region(self) -> link.RegionGuess:
        guess = link.guess_region(self.title, self.text)
        if guess.others:
            self.comments.append("文中还提到这些地方：" + "、".join(guess.others[:6]))
        return guess

    def themes(self) -> list[str]:
        sure, maybe = link.themes(self.cat, self.text)
        if maybe:
            self.comments.append("可能的主题（确认后加入 themes）：" + "、".join(maybe))
        return sure

    def org(self, region: str | None, required: bool) -> tuple[str | None, str | None]:
        """(org id, its region path). A case must name one: when the catalog has none the
        article names, a draft org record is written from the name the article uses."""
        found = link.match_org(self.cat, self.title, self.text, region)
        if found.id and found.score >= 3:
            self.checks.append(f"组织认作 {found.name}（{found.id}），请核对")
            if found.doubt:
                self.comments.append("组织也可能是：" + "、".join(found.doubt))
            view = self.cat.get("org", found.id)
            return found.id, (
                view.region_chain and "/".join(r.name for r in view.region_chain)
            ) or None
        if not required:
            return None, None
        named = link.named_org(self.title, self.text)
        if named is None:
            place = self._place(region)
            likely = link.likely_org(self.title, self.text, self.a.meta.get("publisher"), place)
            named = link.org_fields(likely, None) if likely else None
            if named is None:
                hint = f"；文中最可能是 {likely}" if likely else ""
                self.checks.append(
                    f"没有认出开展这项工作的组织，org 暂空{hint}：请填写已有组织的编号，"
                    "或先用 storykit new org 新建组织"
                )
                return None, None
        if named["name"] in self.created:
            return self.created[named["name"]], named.get("region")
        data = {**named, "draft": True}
        text = dump(
            data,
            [
                f"组织：{named['name']}",
                f"由 storykit import 导入 {self.result.source.name} 时新建的草稿：名称、类型、层级和地区按文中写法推断，请核对，",
                "并补写简称（short）、上级组织（parent）和摘要（summary）。",
            ],
        )
        path = write_new(self.root, "orgs", named["name"], text)
        self.created[named["name"]] = path.stem
        self.result.written.append(path)
        self.checks.append(
            f"目录中没有这个组织，已新建组织草稿 {self._rel(path)}（{named['name']}），请核对"
        )
        return path.stem, named.get("region")

    @staticmethod
    def _fields(model: type[models.Record], found: dict) -> dict:
        """Facts read from the text under the names the record's YAML uses (site_kind → kind)."""
        out = {}
        for key, value in found.items():
            info = model.model_fields.get(key)
            if info is not None and value not in (None, [], ""):
                out[info.alias or key] = value
        return out

    @staticmethod
    def _place(code: str | None) -> str | None:
        """The name of the region a code stands for: 洪雅县."""
        if not code:
            return None
        from storykit.records.regions import Regions

        return Regions.load().get(code).name

    def body(self, paragraphs: list[str], sections: list[Section] = ()) -> str | None:  # type: ignore[assignment]
        parts = [plain(p) for p in paragraphs]
        for sec in sections:
            parts.append(f"## {sec.title}")
            parts += self._section_parts(sec)
        return join(parts) or None

    def _section_parts(self, sec: Section) -> list[str]:
        parts = [plain(p) for p in sec.paragraphs]
        for child in sec.children:
            parts.append(f"**{child.title}**")
            parts += self._section_parts(child)
        return parts

    def _section(self, sec: Section) -> dict:
        body = join(self._section_parts(sec))
        return {"title": sec.title, "body": body} if body else {"title": sec.title}

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def figures(self) -> list[dict]:
        found = figures.pick(self.a.paragraphs)
        if found:
            self.checks.append(f"{len(found)} 个关键数字是自动提取的，请逐个核对，删去不重要的")
        return found

    # -- kinds --------------------------------------------------------------------------------
    def run(self, kind: str) -> None:
        honor = "honor" in models.KINDS
        if kind == "auto":
            kind = kinds.guess(self.a, honor)
        elif kind == "honor" and not honor:
            raise NotImported("这个版本还没有“表彰”类型（honor）；请改用 --kind case 或其他类型")
        build = getattr(self, f"build_{kind}", None)
        if build is None:  # a kind added to the models before the importer learnt it
            label = _kind_label(kind) if kind in models.KINDS else kind
            raise NotImported(
                f"还不能从文章导入{label}（{kind}）；请用 storykit new {kind} 新建，"
                "或用 --kind 指定别的类型"
            )
        data = build()
        data = {k: v for k, v in data.items() if v not in (None, [], "")}
        self._scrub(data)
        model = models.KINDS[kind]
        self._fit(model, data)
        if self.a.glosses:
            self.checks.append(
                f"删去了 {self.a.glosses} 处夹在文字里的拼音注音（如“發(fā)展”），并转为简体"
            )
        if self.a.dropped:
            shown = "；".join(d[:20] for d in self.a.dropped[:3])
            self.checks.append(f"删去了 {len(self.a.dropped)} 行网页栏目、按钮和署名行（{shown}…）")
        head = [
            f"{model.label}：{data.get(model.title_field, '')}",
            f"由 storykit import 从 {self.result.source.name} 导入的草稿（draft: true）。",
            "请对照原文逐项核对，改好后把 draft 改为 false，再运行 make check。",
        ]
        from storykit.editors.scaffold import similar

        for problem in similar(self.root, kind, str(data.get(model.title_field, ""))):
            self.checks.append(f"已有同名或编号相近的记录 {problem.path}，可能是重复导入")
        notes = [f"请核对：{c}" for c in self.checks] + self.comments
        path = write_new(
            self.root, model.folder, str(data.get(model.title_field, "")), dump(data, head + notes)
        )
        self.result.kind = kind
        self.result.written.append(path)

    def _fit(self, model: type[models.Record], data: dict) -> None:
        """Make `data` a draft the model accepts: a required field the article did not give
        stays missing (check reminds the volunteer; a draft may be incomplete), and a field whose
        value the model refuses is left out with a note, so an article is never refused."""
        for _ in range(len(data) + 1):
            try:
                model.model_validate(data)
                break
            except ValidationError as exc:
                wrong = {e["loc"][0] for e in exc.errors() if e["type"] != "missing" and e["loc"]}
                wrong &= set(data)
                if not wrong:
                    break
                for key in sorted(wrong, key=str):
                    self.checks.append(f"原文中的 {key} 不合格式，已留空，请照原文补写")
                    del data[key]
        missing = [
            name
            for name, info in model.model_fields.items()
            if info.is_required() and (info.alias or name) not in data
        ]
        for name in missing:
            info = model.model_fields[name]
            self.checks.append(
                f"原文没有{info.title or name}（{info.alias or name}），请补写；发布前必须填写"
            )

    def _scrub(self, data: dict) -> None:
        hidden = 0

        def walk(value):  # type: ignore[no-untyped-def]
            nonlocal hidden
            if isinstance(value, str):
                text, n = scrub(value)
                hidden += n
                return text
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            return value

        for key in list(data):
            data[key] = walk(data[key])
        if hidden:
            self.checks.append(f"删去了 {hidden} 个手机号或身份证号（公开的记录里不能有）")

    def _date(self, required: bool) -> str | None:
        date = self.a.meta.get("date")
        if date:
            return date
        if not required:
            return None
        year = year_in_text(self.a.paragraphs)
        if year:
            self.checks.append(
                f"原文没有注明日期：date 按文中的年份暂写 {year}，请改为原报道的发布日期"
            )
            return year
        self.checks.append("原文没有注明日期，文中也没有年份：date 暂空，请补写原报道的发布日期")
        return None

    def _title(self) -> str:
        if self.a.title_from_text:
            self.checks.append("原文没有标题：标题取自正文第一句，请改写")
        title = self.title
        if len(title) > 60:
            title = first_sentence(title, 60)
            self.checks.append("标题超过 60 字，已截短，请改写")
        return title

    def build_case(self) -> dict:
        guess = self.region()
        org, org_region = self.org(guess.code, required=True)
        region = org_region or guess.path
        if org_region and guess.path and guess.path != org_region:
            self.comments.append(f"文中地名多指向 {guess.path}；地区按组织写为 {org_region}")
        practices, outcomes, rest = self._case_sections()
        meta = self.a.meta
        sources = []
        if meta.get("publisher"):
            source = {"title": self.title, "publisher": meta["publisher"]}
            if meta.get("date"):
                source["date"] = meta["date"]
            sources.append(source)
        data = {
            "title": self._title(),
            "summary": self.summary(),
            "org": org,
            "date": self._date(required=True),
            "region": region,
            "themes": self.themes(),
            "practices": [self._section(s) for s in practices],
            "outcomes": [self._section(s) for s in outcomes],
            "figures": self.figures(),
            "people": link.named_records(self.cat, "person", self.text),
            "sites": link.named_records(self.cat, "site", self.text),
            "publications": link.named_records(self.cat, "publication", self.text),
            "sources": sources,
            "author": meta.get("author"),
            "editor": meta.get("editor"),
            "body": self.body(self.a.intro, rest),
            "draft": True,
        }
        if practices:
            self.checks.append(
                f"分出了 {len(practices)} 条主要做法、{len(outcomes)} 条成效，请核对小标题"
            )
        return data

    def _case_sections(self) -> tuple[list[Section], list[Section], list[Section]]:
        practices: list[Section] = []
        outcomes: list[Section] = []
        rest: list[Section] = []
        for sec in self.a.sections:
            short = len(sec.title) <= 10
            if short and OUTCOME.search(sec.title) or sec.title.startswith("取得"):
                outcomes += sec.children or [sec]
            elif short and REFLECTION.search(sec.title) or outcomes:
                rest.append(sec)
            elif GENERIC_PRACTICE.match(sec.title) and sec.children:
                if sec.paragraphs:
                    rest.append(Section(sec.title, sec.level, sec.paragraphs))
                practices += sec.children
            else:
                practices.append(sec)
        return practices, outcomes, rest

    def build_person(self) -> dict:
        name = kinds.person_name(self.a)
        if not name:
            self.checks.append("标题里找不到人物的姓名（例如“林某某：……”），name 暂空，请补写")
        guess = self.region()
        org, _ = self.org(guess.code, required=False)
        found = facts.person_facts(name, self.title + "\n" + self.text) if name else {}
        if found:
            self.checks.append("出生年份、类别和身份取自原文，请核对")
        return {
            **self._fields(models.Person, found),
            "name": name,
            "summary": self.summary(),
            "org": org,
            "date": self.a.meta.get("date"),
            "region": guess.path,
            "themes": self.themes(),
            "body": self.body(self.a.intro, self.a.sections),
            "draft": True,
        }

    def build_site(self) -> dict:
        guess = self.region()
        m = re.search(r"(?:地址|地点)[：:]\s*([^，。；\s]{4,40})", self.text) or re.search(
            r"位于([^，。；]{4,40})", self.text
        )
        address = m.group(1) if m else None
        if address:
            self.checks.append("地址取自原文，请核对")
        eras = [e for e in models.ERAS if e in self.text]
        name = self._site_name()
        found = facts.site_facts(name, self.text)
        point = found.pop("location", None)
        if point and "crs" not in point:  # a point without its map's datum may be off by 500 m
            self.comments.append(
                f"原文坐标 {point['lat']}，{point['lng']}（坐标系未注明，未写入 location）"
            )
            point = None
        if found:
            self.checks.append("保护级别、批次、时期等取自原文，请核对")
        return {
            "location": point,
            **{"eras": eras, "address": address},
            **self._fields(models.RedSite, found),
            "name": name,
            "summary": self.summary(),
            "region": guess.path,
            "themes": self.themes(),
            "body": self.body(self.a.intro, self.a.sections),
            "draft": True,
        }

    SITE_NAME = re.compile(
        r"[\u4e00-\u9fff\d]{2,30}?(?:旧址群|旧址|遗址|纪念馆|纪念碑|纪念园|烈士陵园|故居|会址)"
    )

    def _site_name(self) -> str:
        """The site's name: the title up to the word that names a site (`某某旧址（某村）。`
        is 某某旧址), else the first line that is a site's name alone, else the title."""
        title = re.sub(r"^[^：:]{1,12}[：:]", "", self.title) or self.title
        m = self.SITE_NAME.match(title)
        if m and (self.a.title_from_text or len(title) > len(m.group(0))):
            return m.group(0)
        if not self.a.title_from_text and self.SITE_NAME.search(title):
            return self._title()
        for p in self.a.paragraphs[:30]:
            if self.SITE_NAME.fullmatch(p):
                return p
        return m.group(0) if m else self._title()

    def build_publication(self) -> dict:
        m = re.search(r"《([^》]{2,60})》", self.title) or re.search(
            r"《([^》]{2,60})》", self.text
        )
        title = m.group(1) if m else self._title()
        text = self.text
        if re.search(r"期刊|杂志|刊物|创刊|ISSN|刊号", text):
            pub_kind = "期刊"
        elif title.endswith("报"):
            pub_kind = "报纸"
        elif "丛书" in text:
            pub_kind = "丛书"
        elif "画册" in text:
            pub_kind = "画册"
        elif "内部资料" in text:
            pub_kind = "内部资料"
        else:
            pub_kind = "图书"
        self.checks.append(f"书刊类型按文中用词认作 {pub_kind}，请核对")
        publisher = re.search(r"([\u4e00-\u9fff]{2,16}出版社)", text)
        isbn = re.search(r"ISBN[：:\s]*([0-9Xx-]{10,17})", text)
        guess = self.region()
        org, _ = self.org(guess.code, required=True)
        data = {
            "title": title,
            "kind": pub_kind,
            "summary": self.summary(),
            "publisher": publisher.group(1) if publisher else None,
            "org": org,
            "date": self.a.meta.get("date"),
            "region": guess.path,
            "themes": self.themes(),
            "body": self.body(self.a.intro, self.a.sections),
            "draft": True,
        }
        found = facts.publication_facts(title, "\n".join([*self.a.dropped, text]))
        found.pop("isbn", None)  # checked below, with its check digit
        data.update(self._fields(models.Publication, found))
        if isbn:
            candidate = {**data, "isbn": isbn.group(1)}
            try:
                models.Publication.model_validate({k: v for k, v in candidate.items() if v})
                data["isbn"] = isbn.group(1)
            except ValidationError:
                self.comments.append(f"文中的书号 {isbn.group(1)} 校验不通过，未写入 isbn")
        return data

    BOOK = re.compile(r"《([^》]{1,60})》")
    NUMBERING = re.compile(r"^(?:[一二三四五六七八九十\d]{1,3}\s*[、.．]|[（(][^）)]{1,3}[）)])\s*")

    def build_shelf(self) -> dict:
        """A reading list (推荐书目) as a shelf. Its items can only be ids of publications the
        catalog has, so it lists those the article names, in the order it names them; a book
        the article introduces on a line or under a heading of its own gets that introduction's
        first sentence as its note (推荐语). Books without a record are named in a comment; when
        the article names none the catalog has, the draft's items are empty and the volunteer
        is told which books need records first."""
        titles = {v.id: v.title for v in self.cat.entries("publication")}
        text = self.text

        def position(rid: str) -> tuple[int, int]:
            quoted = text.find(f"《{titles[rid]}》")
            return (0, quoted) if quoted >= 0 else (1, text.find(titles[rid]))

        ids = sorted(link.named_records(self.cat, "publication", text), key=position)
        missing = [t for t in dict.fromkeys(self.BOOK.findall(text)) if t not in titles.values()]
        if not ids:  # a draft all the same: the books are named for the volunteer to add
            if missing:
                shown = "、".join(f"《{t}》" for t in missing[:5])
                self.checks.append(
                    f"文中提到的{shown}在 stories/publications/ 里还没有记录，items 暂空："
                    "请先用 storykit import --kind publication 或 storykit new publication "
                    "新建这些书刊，再把编号写进 items"
                )
            else:
                self.checks.append(
                    "文中没有提到 stories/publications/ 里已有的书刊，items 暂空，请补写书刊编号"
                )
        notes = self._book_notes({rid: titles[rid] for rid in ids})
        items = [{"publication": rid, "note": notes[rid]} if rid in notes else rid for rid in ids]
        self.checks.append("书架名称取自文章标题，请改成书架的名字（如 红色读物推荐书目）")
        if ids:
            self.checks.append(
                f"书目按文中出现的先后列出 {len(ids)} 种已有的书刊，请核对顺序和取舍"
            )
        bare = [titles[rid] for rid in ids if position(rid)[0]]
        if bare:
            self.checks.append("这些书名在文中没有书名号，请确认指的是这些书刊：" + "、".join(bare))
        if notes:
            self.checks.append(
                f"{len(notes)} 条推荐语（note）取自文中介绍该书的第一句，请改写；"
                "正文（body）是原文，请删去与推荐语重复的部分"
            )
        if missing:
            self.comments.append(
                "文中还提到这些书刊，目录中还没有记录，新建后可把编号加入 items："
                + "、".join(f"《{t}》" for t in missing[:12])
            )
        return {
            "title": self._title(),
            "summary": self.summary(),
            "items": items,
            "date": self.a.meta.get("date"),
            "region": self.region().path,
            "themes": self.themes(),
            "body": self.body(self.a.intro, self.a.sections),
            "draft": True,
        }

    def _book_notes(self, titles: dict[str, str]) -> dict[str, str]:
        """id → the first sentence introducing that book alone: the paragraph under a heading
        that names it, or the rest of a paragraph that starts with its title."""
        by_quote = {f"《{t}》": rid for rid, t in titles.items()}

        def named(line: str) -> set[str]:
            return {rid for q, rid in by_quote.items() if q in line}

        def only(line: str) -> str | None:
            found = named(line)
            return found.pop() if len(found) == 1 else None

        def sentence(text: str) -> str | None:
            text = text.strip(" ：:，,、—-　")
            return first_sentence(text, 120) if len(text) >= 6 else None

        notes: dict[str, str] = {}

        def visit(paragraphs: list[str], sections: list[Section]) -> None:
            for p in paragraphs:
                head = self.NUMBERING.sub("", p)
                rid = only(p)
                if rid and rid not in notes and head.startswith(f"《{titles[rid]}》"):
                    note = sentence(head[len(titles[rid]) + 2 :])
                    if note:
                        notes[rid] = note
            for sec in sections:
                rid = only(sec.title)
                inside = sec.paragraphs + [q for c in sec.children for q in c.paragraphs]
                if rid and rid not in notes and inside and named(inside[0]) <= {rid}:
                    note = sentence(inside[0])
                    if note:
                        notes[rid] = note
                visit(sec.paragraphs, sec.children)

        visit(self.a.intro, self.a.sections)
        return notes

    def build_org(self) -> dict:
        named = link.named_org(self.title, self.text) or {"name": self._title()}
        found = facts.org_facts(named["name"], self.text)
        parent = found.pop("parent_name", None)
        if parent:
            self.comments.append(f"上级组织原文写作 {parent}；有记录时把编号写进 parent")
        self.checks.append("组织的类型、层级和地区按名称推断，请核对")
        return {
            **self._fields(models.Org, found),
            **named,
            "summary": self.summary(),
            "themes": self.themes(),
            "figures": self.figures(),
            "body": self.body(self.a.intro, self.a.sections),
            "draft": True,
        }

    def build_honor(self) -> dict:
        roster = honours.read_recipients(self.a.paragraphs)
        named = [
            {"title": t.title, "members": list(t.named)} if t.title else {"members": list(t.named)}
            for t in roster.counts
            if t.named
        ]
        groups = [self._linked(g) for g in roster.groups or roster.in_prose or named]
        count = sum(len(g["members"]) for g in groups)
        if count:
            self.checks.append(f"名单中认出 {count} 个受表彰者，请逐个核对姓名和单位")
        else:
            self.checks.append("没有认出受表彰者的姓名，recipients 暂空，请照原文补写")
        for tally in roster.counts:
            what = f"{tally.title}：" if tally.title else ""
            self.checks.append(f"原文写有 {what}{tally.value}{tally.unit}，请与名单核对人数")
        if roster.empty:
            self.checks.append(
                "这些称号下原文没有列出姓名（可能是图片）：" + "、".join(roster.empty[:5])
            )
        if roster.dropped:
            self.checks.append("原文在这些姓名处中断，未写入：" + "、".join(roster.dropped[:5]))
        if roster.unread:
            self.comments.append("这些行没能分出姓名和单位：" + "；".join(roster.unread[:5]))
        title = self._honour_title()
        # a title made of the first sentence says no more than the text does
        read = honours.honour_facts("" if self.a.title_from_text else title, self.text)
        intro = [p for p in self.a.intro if len(p) > 40]
        data = {
            "title": title,
            "summary": self.summary() if intro else None,
            **read,
            "date": self.a.meta.get("date"),
            "region": self.region().path,
            "recipients": groups,
            "body": self.body(intro) if intro else None,
            "draft": True,
        }
        found = [k for k in ("status", "level", "by") if read.get(k)]
        if found:
            self.checks.append("按原文认出的 " + "、".join(found) + "，请核对")
        return data

    def _honour_title(self) -> str:
        """A list without a headline of its own is titled by its list's heading
        (`表彰名单（某部分）`) rather than by its first sentence."""
        if self.a.title_from_text:
            for p in self.a.paragraphs[:12]:
                if 4 <= len(p) <= 40 and re.search(r"名单|公示|人选", p) and p[-1] not in "。：:":
                    return p
        return self._title()

    def _linked(self, group: dict) -> dict:
        """Members the catalog has records for become references to them."""
        people = {v.title: v.id for v in self.cat.entries("person")}
        orgs = {v.title: v.id for v in self.cat.entries("org")}
        members = []
        for m in group["members"]:
            name = m.get("name", "")
            if name in people:
                members.append(
                    {"person": people[name], **({"note": m["note"]} if m.get("note") else {})}
                )
            elif name in orgs and not m.get("org_name"):
                members.append({"org": orgs[name]})
            else:
                members.append(m)
        return {**group, "members": members}


def report(result: ImportResult, root: Path, out=None) -> None:  # type: ignore[no-untyped-def]
    """What was written and what to check, in Chinese."""
    out = out or sys.stdout
    if result.error:
        return
    for path in result.written:
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        print(f"{result.source}: 已写入 {shown}", file=out)
    for check in result.checks:
        print(f"  - {check}", file=out)


def stories_of(root: Path) -> Path:
    return root / STORIES
