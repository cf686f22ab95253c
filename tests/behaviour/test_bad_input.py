"""Every broken file in tests/fixtures/bad gets its precise `path:line: field: message`.

Each fixture states what it expects on its first line: `# expect: LINE: FIELD: fragment`.
"""

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, problems_of

BAD = FIXTURES / "bad"
CASES = sorted(p.relative_to(BAD).as_posix() for p in BAD.rglob("*") if p.is_file())


def expectation(path: Path) -> tuple[int, str, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8-sig")
    m = re.match(r"# expect: (\d+): ([^:]+): (.+)$", first)
    assert m, f"{path} lacks its '# expect:' line"
    return int(m.group(1)), m.group(2), m.group(3)


def test_there_are_at_least_forty_broken_files():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_broken_file_is_reported_precisely(project: Path, name: str):
    line, field, fragment = expectation(BAD / name)
    dest = project / "stories" / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BAD / name, dest)
    rel = f"stories/{name}"
    found = [p for p in problems_of(project) if p.path == rel]
    assert found, f"no problem reported for {rel}"
    matching = [p for p in found if p.line == line and p.field == field and fragment in p.message]
    assert matching, "expected {}:{}: {}: …{}…, got:\n{}".format(
        rel, line, field, fragment, "\n".join(map(str, found))
    )
    # nothing else in the valid tree is blamed for this file
    others = [p for p in problems_of(project) if p.path != rel]
    assert others == [], others


def test_all_problems_are_reported_in_one_run(project: Path):
    for name in CASES:
        dest = project / "stories" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BAD / name, dest)
    paths = {p.path for p in problems_of(project)}
    assert paths == {f"stories/{n}" for n in CASES}
