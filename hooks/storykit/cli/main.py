"""The `storykit` command: check, schema, cms, fix, new, import, review, wechat, nginx, publish."""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from storykit.records.models import KINDS
from storykit.records.settings import STORIES

KIND_HELP = "、".join(f"{k}（{m.label}）" for k, m in KINDS.items())


def project_root(args: argparse.Namespace) -> Path | None:
    """The project folder the command works in, or None (said on stderr) without stories/."""
    root = Path(args.dir)
    if (root / STORIES).is_dir():
        return root
    print(
        f"storykit: 找不到 {root / STORIES}；请在项目根目录运行，或写明项目文件夹",
        file=sys.stderr,
    )
    return None


def cmd_check(args: argparse.Namespace) -> int:
    from storykit.build.project import Project
    from storykit.records.problems import errors, report, sort_problems

    root = project_root(args)
    if root is None:
        return 2
    start = time.perf_counter()
    # the records with drafts, and mkdocs.yml's settings (a stories-only folder has none)
    project = Project.load(root, drafts=True)
    elapsed = time.perf_counter() - start
    problems = sort_problems(project.problems)
    if problems:
        print(report(problems))  # the problems first, then the reminders under their heading
    count = len(project.catalog.all)
    stopping = len(errors(problems))
    notes = len(problems) - stopping
    reminders = f"，另有 {notes} 条提醒" if notes else ""
    if stopping:
        print(
            f"共 {stopping} 个问题{reminders}（{count} 条记录，用时 {elapsed:.2f} 秒）",
            file=sys.stderr,
        )
        return 1
    found = f"没有问题{reminders}" if notes else "没有问题"
    print(f"检查通过：{count} 条记录，{found}（用时 {elapsed:.2f} 秒）", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from storykit.editors.schema import write

    written = write(Path(args.dir))
    for rel in written:
        print(f"已写入 {rel}")
    if not written:
        print("schemas/ 与 .vscode/settings.json 已是最新")
    return 0


def cmd_cms(args: argparse.Namespace) -> int:
    """The form editor's configuration from the models: printed, or the whole editor written."""
    from storykit.editors import cms

    root = project_root(args)
    if root is None:
        return 2
    if not args.out:
        print(cms.config_yaml(cms.config(cms.vocabularies(root))), end="")
        return 0
    try:
        written = cms.write_admin(root, Path(args.out))
    except cms.MissingEditor as err:
        print(f"storykit: {err}", file=sys.stderr)
        return 1
    print(f"表单编辑器已写入 {args.out}（{len(written)} 个文件有更新）", file=sys.stderr)
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    """Repair full-width punctuation typed where YAML needs ASCII, in place."""
    from storykit.editors.fix import fix_file, targets

    paths = [Path(p) for p in args.paths] or [Path(".")]
    for path in paths:
        if not path.exists() or (not args.paths and not (path / STORIES).is_dir()):
            print(
                f"storykit: 找不到 {path / STORIES if not args.paths else path}；"
                "请在项目根目录运行，或写明项目文件夹或文件",
                file=sys.stderr,
            )
            return 2
    files = fixed = edits = failed = 0
    for path in paths:
        for file, shown in targets(path):
            files += 1
            changes, problem = fix_file(file, shown)
            if problem:
                print(problem)
                failed += 1
            for line, text in changes:
                print(f"{shown}:{line}: 已改正：{text}")
            fixed += bool(changes)
            edits += len(changes)
    unread = f"；{failed} 个文件无法读取或写入，见上" if failed else ""
    if edits:
        print(
            f"已改正 {fixed} 个文件中的 {edits} 行（共 {files} 个文件）{unread}；"
            "其余问题请运行 make check 查看",
            file=sys.stderr,
        )
    else:
        print(f"没有需要改正的全角标点（共 {files} 个文件）{unread}", file=sys.stderr)
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    from storykit.editors.scaffold import new_record, similar

    if args.kind not in KINDS:
        print(f"storykit: 未知类型 {args.kind}；应为 {KIND_HELP}", file=sys.stderr)
        return 2
    root = project_root(args)
    if root is None:
        return 2
    found = similar(root, args.kind, args.title)
    for problem in found:
        print(replace(problem, warning=True) if args.force else problem, file=sys.stderr)
    if found and not args.force:
        print(
            "没有新建文件：上面的记录可能就是这一条，请直接打开它修改；"
            "确实是另一条记录时，在命令后加 --force 再运行一次",
            file=sys.stderr,
        )
        return 1
    path = new_record(root, args.kind, args.title)
    print(f"已创建 {path.relative_to(root).as_posix()}；请填写其中的必填字段，然后运行 make check")
    return 0


def _progress(done: int, total: int) -> None:
    """A plain progress bar on stderr, redrawn in place; only for several files."""
    if total < 2:
        return
    filled = done * 30 // total
    end = "\n" if done == total else ""
    print(
        f"\r导入中 [{'#' * filled}{'-' * (30 - filled)}] {done}/{total}", end=end, file=sys.stderr
    )
    sys.stderr.flush()


def cmd_import(args: argparse.Namespace) -> int:
    from storykit.importing import import_paths
    from storykit.importing.articles import report
    from storykit.importing.remote import place_of

    places = [place_of(p) for p in args.paths]
    if any(places):
        return cmd_import_site(args, places)
    if args.org or args.region or args.since:
        print(
            "storykit import: --org、--region、--since 只用于从另一个 storykit 网站转载"
            "（写网址或装着 manifest.json 的文件夹）",
            file=sys.stderr,
        )
        return 2
    root = project_root(args)
    if root is None:
        return 2
    start = time.perf_counter()
    results = import_paths(root, [Path(p) for p in args.paths], args.kind, progress=_progress)
    failed = [r for r in results if r.error]
    for result in results:
        report(result, root)
    for result in failed:
        print(f"{result.source}: {result.error}")
    done = len(results) - len(failed)
    elapsed = time.perf_counter() - start
    summary = f"导入了 {done} 篇（用时 {elapsed:.2f} 秒）"
    if failed:
        summary += f"，{len(failed)} 个文件没有导入，原因见上"
    print(summary + "；导入的记录都是草稿，请核对后运行 make check", file=sys.stderr)
    return 1 if failed else 0


def cmd_import_site(args: argparse.Namespace, places: list) -> int:
    """报送与转载: records from another storykit site's open data, as drafts."""
    from storykit.importing import sites
    from storykit.importing.remote import DataError

    if len(places) != 1:
        print("storykit import: 从网站转载时只能写一个网址或文件夹", file=sys.stderr)
        return 2
    root = project_root(args)
    if root is None:
        return 2
    try:
        filters = sites.Filters(
            org=args.org or None,
            region=sites.region_prefix(args.region) if args.region else None,
            since=sites.since_date(args.since) if args.since else None,
            kind=None if args.kind == "auto" else args.kind,
        )
    except ValueError as err:
        print(f"storykit import: {err}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        done = sites.import_site(root, places[0], filters)
    except DataError as err:
        print(f"没有导入，项目没有改动：{err}", file=sys.stderr)
        return 1
    except sites.ImportRefused as err:
        for problem in err.problems:
            print(problem)
        print(
            f"没有导入，项目没有改动：原网站的数据有 {len(err.problems)} 个问题，见上；"
            "请联系原网站改正，或用 --kind、--org 等只导入其余记录",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("导入被中断，项目没有改动", file=sys.stderr)
        return 130
    for rel in done.added:
        print(f"{rel}: 新增")
    for rel in done.updated:
        print(f"{rel}: 已按原网站更新")
    for rel in done.present:
        print(f"{rel}: 本地已有同一条记录（编号和名称相同），没有导入")
    for note in done.notes:
        print(note)
    for edited in done.edited:
        print(f"{edited.rel}: 本地改过，没有覆盖（原网站的 {edited.origin_id}）；不同之处：")
        for name, here, there in edited.diffs:
            print(f"  {name}：本地 {here}；原网站 {there}")
    for rel, oid in done.removed:
        print(f"{rel}: 原网站已删除这条记录（{oid}）；本地文件保留，如不再需要请自行删除")
    elapsed = time.perf_counter() - start
    print(
        f"从 {done.site_name}（{done.site}）转载：新增 {len(done.added)} 条、"
        f"更新 {len(done.updated)} 条、本地改过未覆盖 {len(done.edited)} 条、"
        f"原网站已删除 {len(done.removed)} 条（没有变化 {done.unchanged} 条，用时 {elapsed:.2f} 秒）"
        "；转载的记录都是草稿，请核对后运行 make check",
        file=sys.stderr,
    )
    return 0


# -- argparse in Chinese ----------------------------------------------------------------------
# argparse words its help and usage errors in English; volunteers get them in Chinese.
USAGE_ERRORS = [
    (r"the following arguments are required: (.+)", "缺少{0}"),
    (r"unrecognized arguments: (.+)", "多余的参数：{0}"),
    (
        r"argument (.+?): invalid choice: '(.*)' \(choose from (.+)\)",
        "{0}“{1}”不存在；可选：{2}",
    ),
    (r"argument (.+?): expected one argument", "{0} 后面要写一个值"),
    (r"argument (.+?): expected at most one argument", "{0} 后面最多写一个值"),
    (r"argument (.+?): expected at least one argument", "{0} 后面至少要写一个值"),
    (r"argument (.+?): expected (\d+) arguments?", "{0} 后面要写 {1} 个值"),
    (r"argument (.+?): not allowed with argument (.+)", "{0} 不能与 {1} 同时使用"),
    (r"argument (.+?): ignored explicit argument '(.*)'", "{0} 后面不用写值（写了 {1}）"),
    (r"argument (.+?): invalid \w+ value: '(.*)'", "{0} 的值“{1}”不正确"),
    (r"ambiguous option: (\S+) could match (.+)", "选项 {0} 不明确，可能是 {1}"),
    (r"one of the arguments (.+) is required", "{0} 至少要写一个"),
    (r"unexpected option string: (.+)", "不认识的选项 {0}"),
]


def cmd_review(args: argparse.Namespace) -> int:
    """Record a sign-off (先审后发), or list where every record stands."""
    from storykit.editors import review
    from storykit.records.review import ReviewRefused

    root = project_root(args)
    if root is None:
        return 2
    try:
        if args.list:
            rows = review.listing(root)
            for view, label in rows:
                print(f"{label}\t{view.kind}:{view.id}\t{view.title}\t{view.rel}")
            passed = sum(1 for _, label in rows if label == "已通过")
            print(
                f"共 {len(rows)} 条记录，已通过 {passed} 条，待审 {len(rows) - passed} 条",
                file=sys.stderr,
            )
            return 0
        if not args.record or not args.level or not args.by:
            print(
                "storykit review: 请写明记录、级别和审核人，例如 storykit review case:编号 --level 初审 --by 张三",
                file=sys.stderr,
            )
            return 2
        done = review.sign(root, args.record, args.level, args.by, args.note)
    except ReviewRefused as exc:
        print(f"storykit review: {args.record or ''}：{exc}", file=sys.stderr)
        return 1
    print(
        f"{done.rel}: {done.level} 已由 {done.by} 签字（内容校验值 {done.digest}）；现在：{done.state}"
    )
    return 0


def cmd_wechat(args: argparse.Namespace) -> int:
    from storykit.build.project import CONFIG, Project
    from storykit.build.wechat import make
    from storykit.records.settings import site_url as read_site_url

    root = project_root(args)
    if root is None:
        return 2
    kind, _, rid = args.id.rpartition(":")
    every = Project.load(root, drafts=True).catalog.all  # a draft is found, then refused by name
    found = [v for v in every.values() if v.id == rid and (not kind or v.kind == kind)]
    if not found:
        print(
            f"storykit: 没有编号为 {args.id} 的记录（编号是记录文件名去掉 .yml）", file=sys.stderr
        )
        return 1
    if len(found) > 1:
        names = "、".join(f"{v.kind}:{v.id}" for v in found)
        print(f"storykit: 编号 {rid} 有多条记录（{names}），请写成 类型:编号", file=sys.stderr)
        return 1
    view = found[0]
    if view.record.draft:
        print(f"storykit: {view.rel} 是草稿（draft: true），草稿不生成推文素材", file=sys.stderr)
        return 1
    project = Project.load(root)  # as published: drafts left out of everything the article shows
    out = Path(args.out) if args.out else root / "推文素材" / f"{view.kind}-{view.id}"
    config = root / CONFIG
    site_url = read_site_url(config) if config.is_file() else None
    material = make(project.queries(), project.templates(), view.kind, view.id, out, site_url)
    print(f"推文素材（{KINDS[view.kind].label}：{material.title}）已写入 {out}：")
    for name in material.files:
        print(f"  {name}")
    if not site_url:
        print("提醒：mkdocs.yml 没有 site_url，meta.txt 里没有“阅读原文”网址", file=sys.stderr)
    return 0


def cmd_nginx(args: argparse.Namespace) -> int:
    """An nginx configuration for the built site, on stdout; problems on stderr."""
    from urllib.parse import urlsplit

    from storykit.build.project import CONFIG, project_settings
    from storykit.publish import nginx
    from storykit.records.problems import errors, report
    from storykit.records.settings import site_url as read_site_url

    root = Path(args.dir).resolve()
    config = root / CONFIG
    settings, found = project_settings(config)
    if errors(found):
        print(report(errors(found)), file=sys.stderr)
        print(f"storykit: 请先改正 {CONFIG} 里的问题，再生成 nginx 配置", file=sys.stderr)
        return 1
    if not config.is_file():
        print(f"提醒：{root} 下没有 {CONFIG}，按没有地图（天地图）的网站生成", file=sys.stderr)
    host = urlsplit(read_site_url(config) or "").hostname if config.is_file() else None
    site = nginx.NginxSite(
        root=args.root or str(root / "site"),
        listen=args.listen,
        server_names=tuple(args.server_name or [host or "_"]),
        map_tiles=bool(settings.map.tianditu_key),
        standalone=args.standalone,
        prefix=args.prefix or str(root / ".cache" / "nginx"),
    )
    wrong = nginx.problems(site)
    if wrong:
        print("\n".join(f"storykit nginx: {w}" for w in wrong), file=sys.stderr)
        return 2
    if site.standalone:  # nginx creates its temporary folders, not the one they are in
        Path(site.prefix).mkdir(parents=True, exist_ok=True)
    print(nginx.render(site, root), end="")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    import os

    from storykit.publish.run import PublishError, Request, human, publish

    root = project_root(args)
    if root is None:
        return 2
    req = Request(root, args.to or "", args.zip, args.dry_run, args.strict, dict(os.environ))
    meter = _Meter()
    try:
        done = publish(req, print, meter)
    except PublishError as err:
        meter.close()
        print(f"没有发布完成：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        meter.close()
        print("发布被中断；已发布的页面仍然完整，再运行一次即可继续", file=sys.stderr)
        return 130
    meter.close()
    counts = f"上传 {done.uploaded} 个（{human(done.bytes)}）、未变 {done.unchanged} 个、删除 {done.deleted} 个"
    if done.dry_run:
        print(f"演习，没有改动任何文件：将{counts}（用时 {done.seconds:.2f} 秒）", file=sys.stderr)
    else:
        print(f"发布完成：{counts}，用时 {done.seconds:.2f} 秒", file=sys.stderr)
    return 0


class _Meter:
    """Upload progress on stderr: a bar redrawn in place in a terminal; in a CI log a line
    every few seconds instead of hundreds of redraws."""

    EVERY = 5.0

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int, size: int) -> None:
        from storykit.publish.run import human

        now = time.monotonic()
        if not self.tty and now - self.last < self.EVERY and done < total:
            return
        self.last = now
        filled = done * 30 // max(total, 1)
        text = f"上传中 [{'#' * filled}{'-' * (30 - filled)}] {done}/{total} 个文件，{human(size)}"
        print(("\r" + text) if self.tty else text, end="" if self.tty else "\n", file=sys.stderr)
        self.drawn = self.tty
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            print(file=sys.stderr)
            self.drawn = False


def usage_error(message: str) -> str:
    """argparse's English usage error said in Chinese."""
    for pattern, chinese in USAGE_ERRORS:
        m = re.fullmatch(pattern, message)
        if m:
            parts = [re.sub(r"'([^']*)'", r"\1", g).replace(", ", "、") for g in m.groups()]
            return chinese.format(*parts)
    return f"命令写法不对（{message}）"


def width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


NO_LINE_START = set("，。、；：？！）》”’")


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` terminal columns; English words and paths stay whole and
    Chinese punctuation never starts a line."""
    lines, line = [], ""
    for token in re.findall(r"[A-Za-z0-9_./\-]+|\s+|.", " ".join(text.split())):
        if line and width(line + token) > columns and token not in NO_LINE_START:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


class ChineseHelp(argparse.HelpFormatter):
    """argparse's help with Chinese headings, wrapped and aligned by terminal columns."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width))

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:  # the help column measured in columns
            name = self._format_action_invocation(action)
            longest = max(self._action_max_length, width(name) + self._current_indent)
            self._action_max_length = longest

    def _format_action(self, action: argparse.Action) -> str:
        # argparse pads the argument's name by characters; a Chinese name needs fewer spaces.
        text = super()._format_action(action)
        name = self._format_action_invocation(action)
        extra = width(name) - len(name)
        m = re.match(rf"( *{re.escape(name)})( +)(?=\S)", text)
        if extra and m and len(m.group(2)) - extra >= 2:
            text = m.group(1) + m.group(2)[extra:] + text[m.end() :]
        return text


class ChineseParser(argparse.ArgumentParser):
    """Help, section titles and usage errors in Chinese; errors exit with status 2."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", ChineseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本说明后退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{usage_error(message)}（运行 {self.prog} -h 查看用法）\n")


def parser() -> argparse.ArgumentParser:
    p = ChineseParser(prog="storykit", description="storykit：故事记录的检查与生成工具")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    c = sub.add_parser(
        "check", help="检查 stories/ 下的全部记录", description="检查 stories/ 下的全部记录"
    )
    c.add_argument("dir", nargs="?", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser(
        "schema",
        help="生成 schemas/ 与 .vscode/settings.json",
        description="生成 schemas/ 与 .vscode/settings.json，供编辑器提示字段",
    )
    s.add_argument("dir", nargs="?", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    s.set_defaults(func=cmd_schema)
    m = sub.add_parser(
        "cms",
        help="生成表单编辑器（/admin/）的配置",
        description="根据记录模型生成 Sveltia CMS 表单编辑器的配置：每类记录一个表单，字段的名称、说明、"
        "必填与选项都取自模型。make serve 会自动把编辑器放在预览的 /admin/；不写 --out 时只显示配置。",
    )
    m.add_argument("dir", nargs="?", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    m.add_argument(
        "--out", default="", metavar="输出文件夹", help="把整个编辑器（页面、配置和脚本）写到这里"
    )
    m.set_defaults(func=cmd_cms)
    f = sub.add_parser(
        "fix",
        help="改正中文输入法打出的全角冒号、空格、逗号和引号",
        description="把 YAML 格式位置上的全角冒号“：”、全角空格、列表里的全角逗号和括住整个值的"
        "中文引号改为半角，直接改写文件；值里的中文标点不动，不需要改的文件不会被写入。",
    )
    f.add_argument(
        "paths",
        nargs="*",
        metavar="文件或文件夹",
        help="默认为当前项目的 stories/ 与 mkdocs.yml",
    )
    f.set_defaults(func=cmd_fix)
    n = sub.add_parser(
        "new",
        help="新建一条记录",
        description="按记录类型新建一个带说明的 .yml 文件，文件名由标题的拼音生成。",
        epilog=(
            "同类记录中已有同名的记录，或已有编号只差连字符的文件（如 lin-shuyan 与 lin-shu-yan）时，"
            "不新建文件，而是指出已有的文件；确实是另一条记录时加 --force。"
        ),
    )
    n.add_argument("kind", metavar="类型", help=f"记录类型：{KIND_HELP}")
    n.add_argument("title", metavar="标题", help="标题或名称，例如 老帮青三年行动")
    n.add_argument("--dir", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    n.add_argument("--force", action="store_true", help="已有同名或编号相近的记录时仍然新建")
    n.set_defaults(func=cmd_new)
    i = sub.add_parser(
        "import",
        help="把文章（文本、网页、微信文章、Word）导入为草稿记录，或从另一个 storykit 网站转载",
        description="读取 .txt、.md、.html/.htm（浏览器保存的网页，包括微信公众号文章）和 .docx（Word）"
        "文件，或装着这些文件的文件夹，每篇写成一条草稿记录（draft: true），放在 stories/ 下对应类型的"
        "文件夹里，文件名由标题的拼音生成。标题、日期、来源、作者、小标题、关键数字、地区和组织都从原文"
        "取出，繁体转为简体，网页上的栏目、按钮和夹在文字里的拼音注音会删去；已有的文件不会被覆盖。"
        "每篇都会列出需要核对的地方。"
        "写另一个 storykit 网站的网址（首页、/data/ 或 /data/manifest.json），或装着其开放数据"
        "（manifest.json）的文件夹时，转载那个网站公开的记录：每条写成草稿，图片一并下载，"
        "记下来源（origin）；再次转载同一网站时更新本地没改过的记录，本地改过的和原网站已删除的"
        "只列出、不覆盖也不删除。数据有任何问题时一条也不写入。",
        epilog="全部导入时退出码为 0；有文件无法读取或不像文章、或转载的数据有问题时为 1，"
        "并逐个写出原因；命令写错时为 2。",
    )
    i.add_argument(
        "paths",
        nargs="+",
        metavar="文件、文件夹或网址",
        help="要导入的文章，可写多个；或一个 storykit 网站的网址或数据文件夹",
    )
    i.add_argument(
        "--kind",
        default="auto",
        choices=("auto", *KINDS),
        metavar="类型",
        help=f"记录类型：auto（默认，按内容判断；转载时为全部类型）、{KIND_HELP}",
    )
    i.add_argument(
        "--org",
        metavar="组织编号",
        help="转载时只取原网站上这个组织的记录：组织字段（org）是它的经验做法、人物、书刊，"
        "授予单位（by）有它的表彰，以及这个组织本身；编号是原网站上的组织编号"
        "（其网址 orgs/编号/ 中的一段，或 orgs.json 里的 id）",
    )
    i.add_argument(
        "--region",
        metavar="地区",
        help="转载时只取这个地区内的记录：行政区划代码，如 21（辽宁省）、2109 或 210900（阜新市）、"
        "210922（彰武县），也可写地区名称",
    )
    i.add_argument(
        "--since", metavar="日期", help="转载时只取日期不早于它的记录，例如 2024-01-01 或 2024"
    )
    i.add_argument("--dir", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    i.set_defaults(func=cmd_import)
    r = sub.add_parser(
        "review",
        help="审核签字（先审后发），或列出各记录的审核状态",
        description="先审后发：在 mkdocs.yml 的 extra.review.levels 设置审核级别（如 [初审, 复审, 终审]）后，"
        "记录要按顺序通过每一级审核才会发布。签字写在记录文件末尾的 reviews 里，并记下当时内容的校验值；"
        "之后改动记录（包括换图片），已有的签字全部作废，需要重新审核。草稿不能审核。",
    )
    r.add_argument(
        "record", nargs="?", metavar="类型:编号", help="例如 case:longjiang-guanxin-xiayidai"
    )
    r.add_argument("--level", metavar="级别", help="审核级别，例如 初审")
    r.add_argument("--by", metavar="审核人", help="审核人姓名")
    r.add_argument("--note", metavar="意见", help="审核意见（可不写）")
    r.add_argument("--list", action="store_true", help="列出每条记录的审核状态")
    r.add_argument("--dir", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    r.set_defaults(func=cmd_review)
    w = sub.add_parser(
        "wechat",
        help="生成一条记录的公众号推文素材",
        description="把一条记录写成公众号推文素材：article.html（只用行内样式，可整篇复制粘贴到公众号编辑器）、"
        "images/（正文图片）、cover.jpg（900×383 封面）、thumb.jpg（200×200 小图）和 meta.txt（标题、摘要、"
        "作者、阅读原文网址）。草稿不生成。",
    )
    w.add_argument("id", metavar="编号", help="记录编号（文件名去掉 .yml），重名时写成 类型:编号")
    w.add_argument("--dir", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    w.add_argument("--out", default="", metavar="输出文件夹", help="默认为 推文素材/类型-编号/")
    w.set_defaults(func=cmd_wechat)
    u = sub.add_parser(
        "publish",
        help="把生成好的网站（site/）发布到对象存储、SFTP 服务器、文件夹或压缩包",
        description="发布 make build 最近一次生成的 site/：只上传有改动的文件（按校验值比较），"
        "先上传图片、样式、脚本和搜索索引，再上传页面，然后是站点地图和订阅源，最后删除网站里已经没有的文件，"
        "所以中途停下时已发布的页面也不会缺图片或样式。对象存储的密钥只从环境变量读取："
        "AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY（地址为 AWS_ENDPOINT_URL 或 mkdocs.yml 的 "
        "extra.publish.endpoint，区域为 AWS_REGION）；SFTP 用 SSH 代理或 ~/.ssh 里的密钥，"
        "或环境变量 STORYKIT_SFTP_PASSWORD 里的密码。",
        epilog="发布完成时退出码为 0；拒绝发布或上传失败时为 1，并说明原因；命令写错时为 2。",
    )
    target = u.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--to",
        metavar="目标",
        help="s3://存储桶/路径、sftp://用户@服务器[:端口]/路径，或一个文件夹（也可写 file://…）",
    )
    target.add_argument(
        "--zip",
        nargs="?",
        const="",
        metavar="文件",
        help="打包为 zip 文件；只写文件夹或不写时，文件名带日期，例如 site-20250101-0930.zip",
    )
    u.add_argument("--dry-run", action="store_true", help="只列出将上传和删除的文件，不做改动")
    u.add_argument(
        "--strict", action="store_true", help="有提醒（如没有 site_url 或备案号）时不发布"
    )
    u.add_argument("--dir", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    u.set_defaults(func=cmd_publish)
    x = sub.add_parser(
        "nginx",
        help="生成在自己的服务器上发布网站用的 nginx 配置",
        description="根据 make build 生成的网站写出 nginx 配置：网页、订阅与搜索入口每次向服务器确认，"
        "文件名带内容指纹的图片、搜索索引与样式脚本缓存一年，其余文件缓存一小时；文本压缩传输；"
        "找不到的网址显示网站自己的 404 页面；附带安全响应头（只允许本站内容，mkdocs.yml 设了天地图"
        "密钥时加上天地图的图块服务器）。默认写出一段 server { … }，放进 nginx 的 sites-available/ "
        "或宝塔面板的网站配置文件；加 --standalone 写出可以直接 nginx -c 启动的完整配置文件。",
        epilog="例如：storykit nginx --root /www/wwwroot/example.org --server-name example.org "
        "> example.org.conf",
    )
    x.add_argument(
        "--root",
        default="",
        metavar="网站文件夹",
        help="服务器上放网站文件（site/ 里的内容）的文件夹，绝对路径；默认为本项目的 site/",
    )
    x.add_argument(
        "--listen", default="80", metavar="地址", help="监听的端口或 地址:端口，默认为 80"
    )
    x.add_argument(
        "--server-name",
        action="append",
        metavar="域名",
        help="网站的域名，可写多次；默认取 mkdocs.yml 的 site_url 里的域名",
    )
    x.add_argument(
        "--standalone",
        action="store_true",
        help="写出完整的配置文件（events、http 与 server），用 nginx -c 文件 启动",
    )
    x.add_argument(
        "--prefix",
        default="",
        metavar="文件夹",
        help="与 --standalone 同用：pid、日志与临时文件放在这里，默认为本项目的 .cache/nginx/",
    )
    x.add_argument("--dir", default=".", metavar="项目文件夹", help="默认为当前文件夹")
    x.set_defaults(func=cmd_nginx)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
