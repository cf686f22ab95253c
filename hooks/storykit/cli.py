"""The `storykit` command: check, schema, new."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .models import KINDS
from .settings import STORIES

KIND_HELP = "、".join(f"{k}（{m.label}）" for k, m in KINDS.items())


def cmd_check(args: argparse.Namespace) -> int:
    from .catalog import build
    from .problems import errors, for_display, sort_problems
    from .settings import read_settings

    root = Path(args.dir)
    if not (root / STORIES).is_dir():
        print(
            f"storykit: 找不到 {root / STORIES}；请在项目根目录运行，或写明项目文件夹",
            file=sys.stderr,
        )
        return 2
    start = time.perf_counter()
    cat = build(root, drafts=True)
    problems = list(cat.problems)
    if (root / "mkdocs.yml").is_file():  # a stories-only folder has no site settings to check
        problems += read_settings(root / "mkdocs.yml")[1]
    elapsed = time.perf_counter() - start
    problems = sort_problems(problems)
    for problem in for_display(problems):
        print(problem)
    count = len(cat.all)
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
    from .schema import write

    written = write(Path(args.dir))
    for rel in written:
        print(f"已写入 {rel}")
    if not written:
        print("schemas/ 与 .vscode/settings.json 已是最新")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_record

    if args.kind not in KINDS:
        print(f"storykit: 未知类型 {args.kind}；应为 {KIND_HELP}", file=sys.stderr)
        return 2
    root = Path(args.dir)
    if not (root / STORIES).is_dir():
        print(f"storykit: 找不到 {root / STORIES}；请在项目根目录运行", file=sys.stderr)
        return 2
    path = new_record(root, args.kind, args.title)
    print(f"已创建 {path.relative_to(root).as_posix()}；请填写其中的必填字段，然后运行 make check")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="storykit", description="storykit：故事记录的检查与生成工具")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="检查 stories/ 下的全部记录")
    c.add_argument("dir", nargs="?", default=".", help="项目文件夹（默认当前文件夹）")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("schema", help="生成 schemas/ 与 .vscode/settings.json")
    s.add_argument("dir", nargs="?", default=".")
    s.set_defaults(func=cmd_schema)
    n = sub.add_parser("new", help="新建一条记录")
    n.add_argument("kind", help=f"记录类型：{KIND_HELP}")
    n.add_argument("title", help="标题或名称，例如 老帮青三年行动")
    n.add_argument("--dir", default=".")
    n.set_defaults(func=cmd_new)
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
