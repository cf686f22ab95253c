"""`make serve` and `make build` (hooks/run.py): Chinese in the terminal, and a broken
mkdocs.yml reported by line while the preview keeps serving."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import FIXTURES, assemble

from tools.bench.serve import ENV, serving

RUN = [sys.executable, "hooks/run.py"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return assemble(tmp_path / "p", FIXTURES / "good" / "stories")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*RUN, *args], cwd=project, env=ENV, capture_output=True, text=True, timeout=600
    )


def break_site_name(project: Path) -> int:
    """A full-width colon after site_name, as a Chinese input method types it."""
    config = project / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("site_name: "))
    lines[n] = lines[n].replace("site_name: ", "site_name：", 1)
    config.write_text("".join(lines), "utf-8")
    return n + 1


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_build_speaks_chinese_and_a_failed_build_says_why_without_english(project):
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    assert "网站已生成" in done.stderr and "Documentation built" not in done.stderr
    (project / "stories" / "cases" / "half.yml").write_text("title: 未写完\n", "utf-8")
    failed = run(project, "build")
    assert failed.returncode == 1
    assert "stories/cases/half.yml:1: summary: 缺少必填字段" in failed.stderr
    assert "Aborted" not in failed.stderr and "BuildError" not in failed.stderr
    assert failed.stderr.strip().splitlines()[-1].startswith("未生成网站")
    assert (project / "site" / "index.html").is_file()  # the previous site is whole


def test_build_with_a_broken_mkdocs_yml_names_the_line(project):
    line = break_site_name(project)
    failed = run(project, "build")
    assert failed.returncode == 1
    assert f"mkdocs.yml:{line}: " in failed.stderr
    assert "Traceback" not in failed.stderr and "Error" not in failed.stderr


def test_preview_waits_for_a_broken_mkdocs_yml_then_serves(project):
    line = break_site_name(project)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    log = project / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*RUN, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            status, text = _until(lambda: fetch(base), lambda r: r[1])
            assert status == 503 and f"mkdocs.yml:{line}: " in text
            config = project / "mkdocs.yml"
            config.write_text(config.read_text("utf-8").replace("site_name：", "site_name: "))
            status, text = _until(lambda: fetch(base), lambda r: r[0] == 200, wait=120)
            assert 'class="sk-card' in text
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    said = log.read_text("utf-8")
    assert "Traceback" not in said and "dirty" not in said and "预览地址" in said


def test_preview_keeps_serving_when_mkdocs_yml_breaks_and_shows_it(project):
    with serving(project, program=[*RUN, "serve"]) as (base, _, log):
        line = break_site_name(project)
        status, text = _until(lambda: fetch(base), lambda r: f"mkdocs.yml:{line}:" in r[1])
        assert status == 200 and 'class="sk-errors"' in text
        assert 'class="sk-card' in text  # the site is still there, with the last settings
    said = log.read_text("utf-8")
    assert "Traceback" not in said and "appear stuck" not in said


def _until(get, ok, wait: float = 60):
    deadline = time.monotonic() + wait
    while True:
        try:
            found = get()
        except OSError:
            found = None
        if found is not None and ok(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; last: {found!r}"[:2000])
        time.sleep(0.5)
