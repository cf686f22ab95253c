"""Screenshots of 先审后发 in the preview for the guide page 审核发布 (docs/guide/review.md).

    .venv/bin/python -m tools.review_shots          # writes docs/guide/img/review-*.png

A copy of the small test project (tests/fixtures/good) with three review levels and `show:
true`, some of its records signed with `storykit review` and one edited after its sign-off,
served by `make serve`'s program and photographed at a phone's width in Chromium. It prints
`storykit review --list` of that project too, for the guide's example of the terminal."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.cms_shots import CHROMIUM, small

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "img"
STORIES = ROOT / "tests" / "fixtures" / "good" / "stories"
REVIEW = "\nextra:\n  review:\n    levels: [初审, 复审, 终审]\n    show: true\n"
PHONE = {"width": 390, "height": 844}
# (record, level, reviewer, note): a case through every level, a person half way, a site
# signed once and then edited (its sign-off void)
SIGN = [
    ("case:test-case", "初审", "张三", "事实与照片已核对"),
    ("case:test-case", "复审", "李四", None),
    ("case:test-case", "终审", "王五", None),
    ("person:test-person", "初审", "张三", None),
    ("site:test-site", "初审", "张三", None),
]


def project(dest: Path) -> Path:
    """The fixture's records with the real hooks, templates, docs and mkdocs.yml."""
    for name in ("hooks", "overrides", "docs"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config[: config.index("\nextra:") + 1] if "\nextra:" in config else config
    (dest / "mkdocs.yml").write_text(config + REVIEW, "utf-8")
    shutil.copytree(STORIES, dest / "stories")
    return dest


def storykit(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "review", *args, "--dir", str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout + done.stderr


def prepare(root: Path) -> str:
    """Sign as SIGN says, edit the site after its sign-off; `storykit review --list` after."""
    for record, level, by, note in SIGN:
        storykit(root, record, "--level", level, "--by", by, *(["--note", note] if note else []))
    site = root / "stories" / "sites" / "test-site.yml"
    text = site.read_text("utf-8")
    site.write_text(text.replace("summary:", "summary: （已补充）", 1), "utf-8")
    return storykit(root, "--list")


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()

        def snap(name: str, height: int = 640) -> None:
            page.wait_for_timeout(400)
            path = out / f"review-{name}.png"
            page.screenshot(path=str(path), clip={"x": 0, "y": 0, **PHONE, "height": height})
            shots.append(path)

        # a record halfway: its state line, seen only in the preview
        page.goto(base + "people/test-person/")
        page.locator(".sk-review-state").wait_for()
        snap("1-state", 520)
        # the 审核 page, when the preview has one
        answer = page.goto(base + "review/")
        if answer is not None and answer.ok and page.locator("h1").count():
            snap("2-page", 844)
            # the fixed bar and 回到页面顶部 would cover a record's box in its own picture
            page.add_style_tag(content=".md-header, .md-top { display: none !important; }")
            for name, title in (("3-changed", "测试纪念馆"), ("4-sign", "测试人物")):
                item = page.locator(".sk-review__item").filter(has_text=title).first
                item.scroll_into_view_if_needed()
                path = out / f"review-{name}.png"
                item.screenshot(path=str(path))
                shots.append(path)
        # a record through every level, with show: true: the reviewers under the byline
        page.goto(base + "cases/test-case/")
        line = page.locator(".sk-reviewed")
        line.scroll_into_view_if_needed()
        footer = page.locator(".sk-sources")
        path = out / "review-5-byline.png"
        footer.screenshot(path=str(path))
        shots.append(path)
        browser.close()
    return shots


def main() -> int:
    from tools.bench.serve import serving

    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp) / "p")
        print(prepare(root))
        program = [sys.executable, str(root / "hooks" / "run.py"), "serve"]
        with serving(root, program=program) as (base, _, _):
            shots = shoot(base, OUT)
    for path in shots:
        small(path)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
