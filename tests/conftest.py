import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small valid project in tests/fixtures/good."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", dest)
    return dest


def problems_of(root: Path, drafts: bool = True):
    from storykit.catalog import build

    return build(root, drafts=drafts).problems
