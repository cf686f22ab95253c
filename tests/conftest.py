"""Fixtures shared by all tests; helpers live in helpers.py so test modules can import them."""

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, SITE_URL, assemble, mkdocs


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small valid project in tests/fixtures/good."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", dest)
    return dest


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """A small linked site (tests/fixtures/linked) built as it would be published: site_url and
    a filing number set. Its project, with the records, is the folder above."""
    project = assemble(
        tmp_path_factory.mktemp("published") / "p",
        FIXTURES / "linked" / "stories",
        f"\nsite_url: {SITE_URL}\nextra: {{generator: false, sponsor: 示例主办单位, icp: 京ICP备00000000号-1}}\n",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"
