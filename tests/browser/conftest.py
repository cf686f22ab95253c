"""Browser tests drive Debian's Chromium through Playwright (it cannot download its own here)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import watched

from storykit.records import catalog

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def phone(browser):
    """A phone-sized page that records console errors and any request to another host."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    yield watched(context.new_page())
    context.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def serve_dir() -> Iterator:
    """serve_dir(path) → base URL of a static server for that folder."""
    servers = []

    def start(path: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(path))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for s in servers:
        s.shutdown()


@pytest.fixture(scope="session")
def site(published, serve_dir) -> str:
    """The base URL of the built fixture site (tests/conftest.py's `published`)."""
    return serve_dir(published)


@pytest.fixture(scope="session")
def cat(published):
    """The fixture site's catalog, published records only."""
    return catalog.build(published.parent)
