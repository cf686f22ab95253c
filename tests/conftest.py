"""Fixtures shared by all tests; helpers live in helpers.py so test modules can import them."""

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small valid project in tests/fixtures/good."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", dest)
    return dest
