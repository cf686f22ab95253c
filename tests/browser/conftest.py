"""Browser tests drive Debian's Chromium through Playwright (it cannot download its own here)."""

from __future__ import annotations

import shutil

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


@pytest.fixture(scope="session")
def site(published, serve_dir) -> str:
    """The base URL of the built fixture site (tests/conftest.py's `published`)."""
    return serve_dir(published)


@pytest.fixture(scope="session")
def cat(published):
    """The fixture site's catalog, published records only."""
    return catalog.build(published.parent)
