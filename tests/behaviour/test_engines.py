"""The second engine: ProperDocs (the maintained fork of MkDocs 1.6) builds the same site as
MkDocs from the same mkdocs.yml, hooks and templates, and hooks/run.py speaks Chinese on both."""

from __future__ import annotations

import gzip
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
import test_build
from helpers import FIXTURES, assemble, masked_times

from tools.bench.serve import ENV, serving

RUN = [sys.executable, "hooks/run.py"]
ENGINES = ("mkdocs", "properdocs")

# The one tag that names the engine: Material writes the engine's version string into it.
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')
# Pagefind writes its filter chunks in no fixed order, so their bytes, and the names hashed
# from them, differ between two builds on one engine too; their number does not.
UNORDERED = re.compile(r"^pagefind/(filter/.*\.pf_filter|pagefind\.[\w-]+\.pf_meta)$")


def tree(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":  # the gzip header stamps the build's second
                data = gzip.decompress(data)
            rel = path.relative_to(site)
            files[rel.as_posix()] = masked_times(rel, data)  # the open data's time of this build
    return files


def test_properdocs_writes_the_same_site_as_mkdocs(published, published_properdocs):
    ours, theirs = tree(published), tree(published_properdocs)
    assert len(ours) > 50
    loose = [name for name in ours if UNORDERED.match(name)]
    assert loose and len(loose) == len([name for name in theirs if UNORDERED.match(name)])
    for name in [*loose, *(n for n in theirs if UNORDERED.match(n))]:
        ours.pop(name, None), theirs.pop(name, None)
    # pagefind-entry.json names the meta file by that hash; the rest of it must agree
    for files in (ours, theirs):
        files["pagefind/pagefind-entry.json"] = re.sub(
            rb'"hash": *"[^"]*"', b'"hash": ""', files["pagefind/pagefind-entry.json"]
        )
    assert sorted(ours) == sorted(theirs)
    engines = set()
    for name, data in ours.items():
        other = theirs[name]
        if name.endswith(".html"):
            engines.update(GENERATOR.findall(data) + GENERATOR.findall(other))
            data, other = GENERATOR.sub(b"", data), GENERATOR.sub(b"", other)
        assert data == other, name
    assert engines == {b"1.6.1", b"ProperDocs 1.6.7"}


# test_build.py's checks of the published site, run again on ProperDocs's build of it
ON_PUBLISHED = [
    check
    for name, check in vars(test_build).items()
    if name.startswith("test_") and list(inspect.signature(check).parameters) == ["published"]
]


@pytest.mark.parametrize("check", ON_PUBLISHED, ids=lambda check: check.__name__)
def test_the_published_site_checks_hold_on_properdocs(check, published_properdocs):
    check(published_properdocs)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return assemble(tmp_path / "p", FIXTURES / "good" / "stories")


def run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*RUN, *args],
        cwd=project,
        env={**ENV, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_build_speaks_chinese_and_a_hook_warning_stops_it_on_each_engine(project, engine):
    done = run(project, "build", ENGINE=engine)
    assert done.returncode == 0, done.stderr
    assert "网站已生成" in done.stderr and "Documentation built" not in done.stderr
    # a warning logged by a hook, as hooks/site.py logs its own, counts in strict mode
    (project / "hooks" / "warn.py").write_text(
        "import logging\n\n\ndef on_pre_build(config):\n"
        '    logging.getLogger("mkdocs.hooks.warn").warning("测试用的警告")\n',
        "utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - hooks/site.py\n", "  - hooks/site.py\n  - hooks/warn.py\n"
        ),
        "utf-8",
    )
    failed = run(project, "--engine", engine, "build")
    assert failed.returncode == 1
    assert "警告 - 测试用的警告" in failed.stderr
    assert failed.stderr.strip().splitlines()[-1].startswith("有 1 条警告，按严格模式未生成网站")
    assert "Aborted" not in failed.stderr


def test_a_record_error_is_reported_in_chinese_on_properdocs(project):
    (project / "stories" / "cases" / "half.yml").write_text("title: 未写完\n", "utf-8")
    failed = run(project, "--engine", "properdocs", "build")
    assert failed.returncode == 1
    assert "stories/cases/half.yml:1: summary: 缺少必填字段" in failed.stderr
    assert "Traceback" not in failed.stderr and "BuildError" not in failed.stderr
    assert failed.stderr.strip().splitlines()[-1].startswith("未生成网站")


def test_an_unknown_engine_is_refused_in_chinese(project):
    refused = run(project, "build", ENGINE="hugo")
    assert refused.returncode == 2
    assert (
        refused.stderr.strip()
        == "不认识的生成引擎“hugo”；可用的有：mkdocs、properdocs（默认 mkdocs）"
    )
    assert not (project / "site").exists()


def test_the_preview_runs_on_properdocs(project):
    import urllib.request

    program = [*RUN, "--engine", "properdocs", "serve"]
    with serving(project, program=program) as (base, _, log), urllib.request.urlopen(base) as r:
        assert r.status == 200 and 'class="sk-card' in r.read().decode("utf-8")
    said = log.read_text("utf-8")
    assert "预览地址" in said and "Serving on" not in said and "Traceback" not in said
    assert "dirty" not in said


def test_maintainers_notes_are_never_published(published, published_properdocs):
    for site in (published, published_properdocs):
        assert (site.parent / "docs" / "maintainers" / "zensical.md").is_file()
        assert not (site / "maintainers").exists()
        assert not [p for p in site.rglob("*.html") if "Zensical" in p.read_text("utf-8")]
