"""Generated pages filled into Material's shell (hooks/shells.py) are the pages Material
renders in full, byte for byte, whatever the settings and overrides."""

import re
from pathlib import Path

import pytest
from helpers import FIXTURES, SITE_URL, assemble, mkdocs, site_tree

SETTINGS = (
    f"\nsite_url: {SITE_URL}\nrepo_url: https://example.org/org/site\nedit_uri: EDIT\n"
    "extra: {generator: false, sponsor: 示例主办单位}\n"
)
FOLDERS = {"cases", "people", "sites", "publications", "shelves", "orgs", "honors"}
SHELLS = re.compile(r"页面外框：(\d+) 种，(\d+) 次完整生成")


def build(tmp_path: Path, name: str, settings: str, monkeypatch, shells: bool) -> tuple[Path, str]:
    project = assemble(tmp_path / name, FIXTURES / "linked" / "stories", settings)
    monkeypatch.setenv("STORYKIT_SHELLS", "1" if shells else "0")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site", result.stderr


def same_trees(a: Path, b: Path) -> None:
    left, right = site_tree(a), site_tree(b)
    assert sorted(left) == sorted(right)
    differing = [name for name in left if left[name] != right[name]]
    assert differing == [], differing[:5]


@pytest.mark.parametrize("edit", ["edit/main/docs/", "blob/main/docs/"])
def test_filled_pages_are_what_material_renders(tmp_path, monkeypatch, edit):
    """With edit links of both forms (`/blob/` ones Material rewrites), canonical addresses and
    share pictures: the filled site equals the one Material rendered page by page."""
    settings = SETTINGS.replace("EDIT", edit)
    filled, log = build(tmp_path, "filled", settings, monkeypatch, shells=True)
    full, full_log = build(tmp_path, "full", settings, monkeypatch, shells=False)
    same_trees(filled, full)
    shapes, rendered = map(int, SHELLS.search(log).groups())
    pages = sum(1 for _ in filled.rglob("index.html"))
    if edit.startswith("edit"):
        assert rendered < pages / 2  # the shells did the work
    else:
        # record pages fell back to Material: each rendered in full
        records = sum(1 for p in filled.rglob("index.html") if p.parent.parent.name in FOLDERS)
        assert shapes == 0 or rendered >= records
    assert int(SHELLS.search(full_log).group(2)) > rendered or not edit.startswith("edit")
    page = (filled / "cases" / "test-case" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}cases/test-case/">' in page
    assert "https://example.org/org/site/" in page  # its edit link


def test_override_printing_the_address_is_rendered_in_full(tmp_path, monkeypatch):
    """An override that writes each page's own address cannot be a shared shell: the check
    on the first page of each shape catches it, and every page still shows its address."""
    project = assemble(tmp_path / "p", FIXTURES / "linked" / "stories")
    main = project / "overrides" / "main.html"
    main.write_text(
        main.read_text("utf-8")
        + '{% block footer %}{{ super() }}<p id="sk-address">{{ page.url }}</p>{% endblock %}\n',
        "utf-8",
    )
    monkeypatch.setenv("STORYKIT_SHELLS", "1")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for url in ("cases/test-case/", "people/test-person/", "regions/"):
        html = (site / url / "index.html").read_text("utf-8")
        assert f'<p id="sk-address">{url}</p>' in html
