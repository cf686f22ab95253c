"""Fixtures shared by all tests; helpers live in helpers.py so test modules can import them."""

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES, SITE_URL, QuietHandler, assemble, mkdocs


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small valid project in tests/fixtures/good."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", dest)
    return dest


def publish(tmp_path_factory, engine: str = "mkdocs") -> Path:
    """The linked fixture built with `engine`'s own command line (mkdocs or properdocs)."""
    project = assemble(
        tmp_path_factory.mktemp(f"published-{engine}") / "p",
        FIXTURES / "linked" / "stories",
        f"\nsite_url: {SITE_URL}\nextra: {{generator: false, sponsor: 示例主办单位, icp: 京ICP备00000000号-1}}\n",
    )
    if engine == "mkdocs":
        result = mkdocs(project, "build", "--strict")
    else:  # the same run through the other engine's command
        exe = Path(sys.executable).with_name(engine)
        result = subprocess.run(
            [str(exe), "build", "--strict"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """A small linked site (tests/fixtures/linked) built as it would be published: site_url and
    a filing number set. Its project, with the records, is the folder above."""
    return publish(tmp_path_factory)


@pytest.fixture(scope="session")
def published_properdocs(tmp_path_factory) -> Path:
    """The same site as `published`, built by ProperDocs instead of MkDocs."""
    return publish(tmp_path_factory, "properdocs")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API cannot be started twice in one
    process while a session is open, so every suite that needs a browser shares this one."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium)
        yield b
        b.close()


@pytest.fixture(scope="session")
def serve_dir() -> Iterator:
    """serve_dir(path, handler) → base URL of a static server on 127.0.0.1 for that folder
    (`handler` a QuietHandler subclass that misbehaves on purpose)."""
    servers = []

    def start(path: Path, handler: type = QuietHandler) -> str:
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(path))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()
