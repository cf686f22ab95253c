"""`python -m tools.bench [--records N ...]` from the project root; `make bench` runs it."""

from __future__ import annotations

import argparse
import sys


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tools.bench", description="性能测试（生成合成语料并构建）"
    )
    p.add_argument("--records", type=int, nargs="*", default=[1000, 10000])
    p.add_argument("--rounds", type=int, default=2, help="与基准交替构建的轮数")
    p.add_argument("--baseline-upto", type=int, default=10000, help="最多在多少条记录时构建基准")
    p.add_argument("--photos", type=int, default=20, help="图片流水线测试的照片数（0 表示跳过）")
    p.add_argument("--no-preview", dest="preview", action="store_false", help="跳过预览速度测试")
    return p


def main(argv: list[str] | None = None) -> int:
    from .measure import main as run

    return run(parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
