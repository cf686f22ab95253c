"""A build from scratch is swapped in whole; a build from the last one's memory is patched
into the site in place (storykit/build/staging.py)."""

from pathlib import Path

import pytest

from storykit.build.staging import Staging, walk


def _files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


def _tree(root: Path) -> dict[str, str]:
    return {rel: (root / rel).read_text("utf-8") for rel in sorted(walk(root))}


def test_a_patch_replaces_what_was_written_and_leaves_the_rest_untouched(tmp_path):
    site = tmp_path / "site"
    _files(
        site,
        {
            "index.html": "旧首页",
            "cases/a/index.html": "案例甲",
            "cases/b/index.html": "案例乙",
            "pagefind-cases/x.pf": "旧索引",
            "pagefind-cases/gone.pf": "旧索引",
        },
    )
    kept = (site / "cases" / "a" / "index.html").stat().st_ino
    staging = Staging(str(site))
    staged = Path(staging.start())
    _files(
        staged,
        {"index.html": "新首页", "cases/c/index.html": "案例丙", "pagefind-cases/y.pf": "新"},
    )
    staging.patch_in(whole=["pagefind-cases"], stale=["cases/b/index.html"])
    assert _tree(site) == {
        "cases/a/index.html": "案例甲",
        "cases/c/index.html": "案例丙",
        "index.html": "新首页",
        "pagefind-cases/y.pf": "新",  # the part's folder replaced whole
    }
    assert (site / "cases" / "a" / "index.html").stat().st_ino == kept  # not touched
    assert not (site / "cases" / "b").exists()  # the folder a removed page leaves empty goes
    assert not staged.exists()


@pytest.mark.parametrize(
    ("before", "after"),
    [({"feed/x.txt": "旧"}, {"feed": "新"}), ({"feed": "旧"}, {"feed/index.html": "新"})],
    ids=["a file where a folder stood", "a folder where a file stood"],
)
def test_a_file_and_a_folder_take_each_others_place(tmp_path, before, after):
    site = tmp_path / "site"
    _files(site, before)
    staging = Staging(str(site))
    _files(Path(staging.start()), after)
    staging.patch_in(whole=(), stale=list(before))
    assert _tree(site) == after


def test_a_swap_replaces_the_site_whole(tmp_path):
    site = tmp_path / "site"
    _files(site, {"old.html": "旧"})
    staging = Staging(str(site))
    _files(Path(staging.start()), {"new.html": "新"})
    old = staging.swap_in()
    assert _tree(site) == {"new.html": "新"}
    assert _tree(Path(old)) == {"old.html": "旧"}
