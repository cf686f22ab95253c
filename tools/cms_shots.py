"""Screenshots of the form editor (/admin/ in `make serve`) for the volunteers' guide.

    .venv/bin/python -m tools.cms_shots            # writes docs/guide/img/forms-*.png

Chromium's folder picker is a window of the operating system that a headless browser cannot
show. Here the picker hands the editor a copy of the project's stories/ kept in the browser's
own private storage (the origin private file system): the same kind of folder handle the real
picker returns, read and written by the editor in the same way. The browser test of the editor
uses the same functions (tests/browser/test_cms_admin.py)."""

from __future__ import annotations

import base64
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "img"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# The picker returns the private folder; the editor checks that a project has a .git folder.
PICKER = "window.showDirectoryPicker = async () => navigator.storage.getDirectory();"
FILL = """async (files) => {
  const top = await navigator.storage.getDirectory();
  for await (const name of top.keys()) await top.removeEntry(name, {recursive: true});
  await top.getDirectoryHandle('.git', {create: true});
  for (const [path, b64] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = top;
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, {create: true});
    const out = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await out.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    await out.close();
  }
}"""
READ = """async (path) => {
  const parts = path.split('/');
  let dir = await navigator.storage.getDirectory();
  try {
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
  } catch (e) { return null; }
}"""
LIST = """async (path) => {
  let dir = await navigator.storage.getDirectory();
  for (const p of path.split('/')) dir = await dir.getDirectoryHandle(p);
  const out = [];
  for await (const name of dir.keys()) out.push(name);
  return out.sort();
}"""


def project_files(root: Path) -> dict[str, str]:
    """stories/ of a project as relative path → base64 content."""
    return {
        p.relative_to(root).as_posix(): base64.b64encode(p.read_bytes()).decode()
        for p in sorted((root / "stories").rglob("*"))
        if p.is_file()
    }


def open_project(page, admin_url: str, root: Path) -> None:
    """Open the editor on a copy of `root`'s stories/, as 使用本地仓库 does with the real folder.
    The page's context needs PICKER as an init script."""
    page.goto(admin_url)
    page.evaluate(FILL, project_files(root))
    page.get_by_role("button", name="使用本地仓库").click()
    page.get_by_role("button", name="创建新条目").wait_for()


def read(page, rel: str) -> str | None:
    """The text of a file in the editor's folder, as the editor saved it."""
    return page.evaluate(READ, rel)


def listing(page, rel: str) -> list[str]:
    return page.evaluate(LIST, rel)


def field(page, label: str):
    """A form's text box by its Chinese label (the label carries a * when required)."""
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def save(page) -> None:
    """Save and wait for the list to come back. A click that lands while the form is still
    taking in the last keystrokes is sometimes ignored: then it is clicked again."""
    for _ in range(3):
        page.get_by_role("button", name=re.compile("^保存")).click()
        try:
            page.get_by_role("button", name="创建新条目").wait_for(timeout=10_000)
            return
        except Exception:  # noqa: BLE001 - still on the form: click again
            continue
    page.get_by_role("button", name="创建新条目").wait_for()


def type_into(page, box, text: str) -> None:
    """Fill a text box and see that it kept the text: a new form that is still setting itself
    up can clear what was typed into its first box, as a volunteer would see and type again."""
    for _ in range(5):
        box.fill(text)
        page.wait_for_timeout(300)
        if box.input_value() == text:
            return
    assert box.input_value() == text


PERSON = {"姓名": "示例人物", "摘要": "这是写在表单里的一句摘要，保存后就是文件里的 summary。"}
PERSON_ID = "shili-renwu"
PHOTO = ROOT / "tests" / "fixtures" / "good" / "stories" / "media" / "test-photo.jpg"
PHOTO_ALT = "示例人物的照片"
MISTAKE = "没有这个省/没有这个市"  # a region the forms let through and check refuses


def new_person(page, photo: Path, snap=lambda name: None) -> None:
    """Fill in a new 先进典型 with a photo and save it, as the guide shows step by step."""
    page.get_by_text("先进典型", exact=True).first.click()
    page.get_by_role("button", name="创建新条目").wait_for()
    snap("2-list")
    page.get_by_role("button", name="创建新条目").click()
    for label, text in PERSON.items():
        type_into(page, field(page, label), text)
    type_into(page, page.get_by_role("textbox", name=re.compile("Slug|别名", re.I)), PERSON_ID)
    snap("3-new")
    page.get_by_role("button", name=re.compile("添加.*图片")).first.click()
    # the drop zone's file input: what 浏览 or dragging a photo onto it fills
    page.locator("input[type=file]").first.set_input_files(str(photo))
    type_into(page, field(page, "替代文字"), PHOTO_ALT)
    page.wait_for_timeout(500)
    snap("4-photo")
    save(page)


def copy_back(page, root: Path, rels: list[str]) -> None:
    """Files the editor saved in its folder, written into the project on disk (what the real
    folder picker's folder would hold)."""
    for rel in rels:
        data = page.evaluate(
            """async (path) => { const parts = path.split('/');
              let dir = await navigator.storage.getDirectory();
              for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
              const buf = await (await (await dir.getFileHandle(parts.at(-1))).getFile()).arrayBuffer();
              let s = ''; for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
              return btoa(s); }""",
            rel,
        )
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(base64.b64decode(data))


def shoot(base: str, root: Path, out: Path) -> list[Path]:
    """The guide's pictures from the preview at `base`: the editor at a laptop's width, the
    result at a phone's."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(viewport={"width": 1100, "height": 720}, locale="zh-CN")
        context.add_init_script(PICKER)
        page = context.new_page()

        def snap(name: str) -> None:
            page.wait_for_timeout(400)  # let the editor finish drawing before the picture
            path = out / f"forms-{name}.png"
            page.screenshot(path=str(path))
            shots.append(path)

        page.goto(base + "admin/")
        page.get_by_role("button", name="使用本地仓库").wait_for()
        snap("1-open")
        open_project(page, base + "admin/", root)
        photo = PHOTO
        new_person(page, photo, snap)
        saved = [f"stories/people/{PERSON_ID}.yml", f"stories/media/{photo.name}"]
        copy_back(page, root, saved)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        result = phone.new_page()
        for _ in range(60):  # the preview rebuilds after the save
            result.goto(base + f"people/{PERSON_ID}/")
            if result.locator("h1").count() and PERSON["姓名"] in result.locator("h1").inner_text():
                break
            result.wait_for_timeout(1000)
        path = out / "forms-5-result.png"
        result.screenshot(path=str(path))
        shots.append(path)
        # a mistake saved from the forms, as the preview reports it
        page.goto(base + f"admin/#/collections/person/entries/{PERSON_ID}")
        type_into(page, field(page, "地区"), MISTAKE)
        save(page)
        copy_back(page, root, [f"stories/people/{PERSON_ID}.yml"])
        for _ in range(60):
            result.goto(base + f"people/{PERSON_ID}/")
            if result.locator(".sk-errors").count():
                break
            result.wait_for_timeout(1000)
        result.locator(".sk-errors").scroll_into_view_if_needed()
        path = out / "forms-6-mistake.png"
        result.screenshot(path=str(path))
        shots.append(path)
        browser.close()
    return shots


def small(path: Path) -> None:
    """A screenshot of flat interface colours keeps well in 64 colours, at a fraction of the size."""
    from PIL import Image

    with Image.open(path) as im:
        few = im.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    few.save(path, optimize=True)


def main() -> int:
    from tools.bench.serve import serving

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        for name in ("hooks", "overrides", "docs", "stories"):
            shutil.copytree(
                ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        program = [sys.executable, str(project / "hooks" / "run.py"), "serve"]
        with serving(project, program=program) as (base, _, _):
            shots = shoot(base, project, OUT)
    for path in shots:
        small(path)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
