"""`python -m tools.importscore` (`make import-score`): how close `storykit import --kind auto`
comes to what an editor wants, on real articles.

Each article of ../shared/articles/ (and of every `--corpus` folder or `STORYKIT_CORPUS` entry)
is imported on its own into a fresh copy of the small project tests/fixtures/import/project,
so one article's new org draft never helps another, and the record written is compared field
by field with the hand-written answers in tests/importing/corpus/expected*.yml. Printed, never
asserted: it is a measure, not a test, and always exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
ANSWERS = ROOT / "tests" / "importing" / "corpus"
PROJECT = ROOT / "tests" / "fixtures" / "import" / "project"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
RECIPIENTS, GROUP_TITLES = "recipients", "recipients.title"
LONGEST = 30  # an answer is a fact, never a copied sentence

# -- comparing values -----------------------------------------------------------------------
# Marks that differ between two spellings of the same title or name, not in what they say.
IGNORED = str.maketrans("", "", "“”‘’\"'「」『』《》〈〉")
SAME = str.maketrans({"•": "·", "・": "·", "‧": "·", "—": "-", "–": "-", "―": "-", "~": "-"})
SEPARATORS = re.compile(r"[、,，;；/|\s]+")
DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?\s*日?$")


def norm(value: Any) -> str:
    """Full- and half-width forms, spaces, quotes and 《》 do not count."""
    text = unicodedata.normalize("NFKC", str(value)).translate(IGNORED).translate(SAME)
    return re.sub(r"\s+", "", text).casefold()


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def alternatives(expected: Any) -> list[Any]:
    """The answers an editor would accept: `{any: [...]}` or the one value given."""
    if isinstance(expected, dict) and set(expected) == {"any"}:
        return list(expected["any"])
    return [expected]


def as_list(value: Any) -> list[Any]:
    """A list as it is; one string split at 、 , ; / and spaces (两位作者 in one line)."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part for part in SEPARATORS.split(value) if part]
    return [value]


def date_text(value: Any) -> str:
    """2018-10-29, 2018-10 or 2018, zero-padded; other text as it is."""
    m = DATE.match(str(value).strip())
    if not m:
        return str(value).strip()
    return "-".join(f"{int(part):02d}" if i else part for i, part in enumerate(m.groups()) if part)


def same_date(expected: Any, got: Any) -> bool:
    """Compared at the precision of the answer: 2018-10 is right for a record's 2018-10-29."""
    want, have = date_text(expected), date_text(got)
    return have[: len(want)] == want and (len(have) == len(want) or have[len(want)] == "-")


def known_region(value: Any) -> str | None:
    """The full path of a region written as a code, a path or a short form; None when the
    dataset does not know it."""
    from storykit.records.regions import Regions

    try:
        regions = Regions.load()
        return regions.path(regions.resolve(value).code)
    except Exception:  # RegionError, or a value no region is written as
        return None


def region_path(value: Any) -> str:
    """A region as its full path; one the dataset does not know is compared as written."""
    return known_region(value) or norm(value)


def same_value(field_name: str, expected: Any, got: Any) -> bool:
    """One expected value (no alternatives) against what the record holds."""
    if expected is None:
        return is_empty(got)
    if is_empty(got):
        return False
    if isinstance(expected, list):
        return {norm(x) for x in expected} == {norm(x) for x in as_list(got)}
    if isinstance(got, list):
        return {norm(x) for x in got} == {norm(expected)}
    if field_name == "date":
        return same_date(expected, got)
    if field_name == "region":
        return region_path(expected) == region_path(got)
    return norm(expected) == norm(got)


def matches(field_name: str, expected: Any, got: Any) -> bool:
    return any(same_value(field_name, alt, got) for alt in alternatives(expected))


# -- what the imported project holds ----------------------------------------------------------
@dataclass
class Names:
    """The project's org and person records, id → name, the import's own drafts included."""

    orgs: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Names:
        return cls(_names(root / "stories" / "orgs"), _names(root / "stories" / "people"))

    def org(self, value: Any) -> Any:
        return self.orgs.get(value, value) if isinstance(value, str) else value

    def awarder(self, value: Any) -> Any:
        if isinstance(value, dict):
            return value.get("name") or self.org(value.get("org"))
        return self.org(value)

    def member(self, value: Any) -> str:
        if not isinstance(value, dict):
            return str(value)
        if value.get("name"):
            return str(value["name"])
        if value.get("person"):
            return self.people.get(value["person"], value["person"])
        return str(self.org(value.get("org")))


def _names(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        data = read_yaml(path)
        if isinstance(data, dict) and data.get("name"):
            out[path.stem] = str(data["name"])
    return out


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


@dataclass
class Imported:
    """What one import left: the kind picked, the record, the names around it, or why not."""

    kind: str | None = None
    record: dict = field(default_factory=dict)
    names: Names = field(default_factory=Names)
    error: str | None = None


def import_article(path: Path, project: Path = PROJECT) -> Imported:
    """The article imported with --kind auto into a throwaway copy of `project`."""
    from storykit.importing import import_paths

    with tempfile.TemporaryDirectory(prefix="importscore-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(project, root)
        try:
            (result,) = import_paths(root, [path], kind="auto")
        except Exception as exc:  # the importer broke on this article: scored as refused
            return Imported(error=f"{type(exc).__name__}: {exc}")
        if result.error or not result.kind or not result.written:
            return Imported(error=result.error or "no record written")
        record = read_yaml(main_record(result.kind, result.written))
        return Imported(result.kind, record if isinstance(record, dict) else {}, Names.read(root))


def main_record(kind: str, written: list[Path]) -> Path:
    """The record of the picked kind (an org draft written beside a case is not it)."""
    from storykit.records import models

    folder = models.KINDS[kind].folder if kind in models.KINDS else None
    own = [p for p in written if p.parent.name == folder]
    return (own or written)[-1]


# -- scoring one article ----------------------------------------------------------------------
@dataclass
class Mark:
    """One field of one article: `right` of `total` (names for a list of recipients)."""

    field: str
    right: int
    total: int
    expected: Any = None
    got: Any = None

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Outcome:
    file: str
    expected_kind: str
    got_kind: str | None
    error: str | None
    marks: list[Mark]

    @property
    def refused(self) -> bool:
        return self.error is not None


def record_key(kind: str | None, field_name: str, expected_kind: str) -> str | None:
    """The YAML key of a model field in a record of `kind` (site_kind → kind); the answer's
    title field (title or name) is the record's own title field whatever its kind."""
    from storykit.records import models

    model = models.KINDS.get(kind or "")
    if model is None:
        return None
    expected_model = models.KINDS.get(expected_kind)
    if expected_model and field_name == expected_model.title_field:
        return model.title_field
    info = model.model_fields.get(field_name)
    return (info.alias or field_name) if info else None


def got_value(imported: Imported, field_name: str, expected_kind: str) -> Any:
    key = record_key(imported.kind, field_name, expected_kind)
    value = imported.record.get(key) if key else None
    if field_name == "org":
        return imported.names.org(value)
    if field_name == "by":
        return [imported.names.awarder(v) for v in as_list(value)] if value else None
    if imported.kind == "honor" and value is None and field_name in ("date", "year"):
        other = imported.record.get("year" if field_name == "date" else "date")
        return str(other)[:4] if field_name == "year" and other else other
    return value


def expected_groups(recipients: Any) -> list[tuple[Any, list[str]]]:
    """(title or None, names): a flat list of names is one untitled group."""
    if recipients and all(isinstance(r, dict) for r in recipients):
        return [(g.get("title"), [str(m) for m in g.get("members", [])]) for g in recipients]
    return [(None, [str(m) for m in recipients or []])]


def got_groups(imported: Imported) -> list[tuple[Any, list[str]]]:
    groups = imported.record.get(RECIPIENTS) if imported.kind == "honor" else None
    out = []
    for group in groups or []:
        if isinstance(group, dict):
            members = [imported.names.member(m) for m in group.get("members") or []]
            out.append((group.get("title"), members))
    return out


def count_found(
    expected: list[Any], got: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, list[Any], list[Any]]:
    """How many expected items the got items hold (each got item used once), the expected
    items missing and the got items left over."""
    pool = list(got)
    missing = []
    for want in expected:
        hit = next((i for i, have in enumerate(pool) if same(want, have)), None)
        if hit is None:
            missing.append(want)
        else:
            pool.pop(hit)
    return len(expected) - len(missing), missing, pool


def recipient_marks(answer: Any, imported: Imported) -> list[Mark]:
    """Each expected name found is right, each name too many is wrong; group titles alike."""
    want = expected_groups(answer)
    have = got_groups(imported)
    names = [n for _, members in want for n in members]
    found, missing, extra = count_found(
        names, [n for _, members in have for n in members], lambda a, b: norm(a) == norm(b)
    )
    marks = [Mark(RECIPIENTS, found, len(names) + len(extra), missing, extra)]
    titles = [t for t, _ in want if t is not None]
    if titles:
        got_titles = [t for t, _ in have if t]
        found, missing, extra = count_found(titles, got_titles, lambda a, b: matches("title", a, b))
        marks.append(Mark(GROUP_TITLES, found, len(titles) + len(extra), missing, extra))
    return marks


def expected_kind_of(answer: dict) -> str:
    return str(alternatives(answer.get("kind"))[0])


def kind_mark(expected: Any, imported: Imported) -> Mark:
    right = matches("kind", expected, imported.kind)
    return Mark("kind", int(right), 1, expected, imported.kind or "(refused)")


def score(file: str, answer: dict, imported: Imported) -> Outcome:
    """Every field of the answer compared with the record; a refused article has every field
    wrong. A wrongly picked kind still scores the fields its record has."""
    kind = expected_kind_of(answer)
    marks = [kind_mark(answer.get("kind"), imported)]
    for name, expected in answer.items():
        if name == "kind":
            continue
        if name == RECIPIENTS:
            marks += recipient_marks(expected, imported)
            continue
        got = got_value(imported, name, kind)
        right = imported.error is None and matches(name, expected, got)
        marks.append(Mark(name, int(right), 1, expected, got))
    return Outcome(file, kind, imported.kind, imported.error, marks)


# -- the answers ------------------------------------------------------------------------------
def load_answers(folder: Path = ANSWERS) -> dict[str, dict]:
    """Every expected*.yml of the folder, keyed by article file name."""
    answers: dict[str, dict] = {}
    for path in sorted(folder.glob("expected*.yml")):
        answers.update(yaml.safe_load(path.read_text("utf-8")) or {})
    return answers


def answer_problems(answers: dict[str, dict]) -> list[str]:
    """Answers that name no model field, use a value the model does not allow, hold a region
    the dataset does not know or a value so long it could be a copied sentence."""
    from storykit.records import models

    allowed = {
        "level": {"honor": models.HONOR_LEVELS, "org": models.ORG_LEVELS},
        "status": {"honor": models.HONOR_STATUS},
        "org_type": {"org": models.ORG_TYPES},
        "site_kind": {"site": models.SITE_KINDS},
        "protection": {"site": models.PROTECTION},
        "pub_kind": {"publication": models.PUBLICATION_KINDS},
        "category": {"person": models.FIVE_ELDERS},
    }
    problems = []
    for file, answer in answers.items():
        kinds = [str(k) for k in alternatives(answer.get("kind"))]
        for kind in kinds:
            if kind not in models.KINDS:
                problems.append(f"{file}: kind: {kind} is no record kind")
        model = models.KINDS.get(kinds[0]) if kinds else None
        for name, value in answer.items():
            if name != "kind" and model and name not in model.model_fields:
                problems.append(f"{file}: {name}: no field of {kinds[0]}")
            options = allowed.get(name, {}).get(kinds[0] if kinds else "")
            for leaf in leaves(value):
                problems += leaf_problems(file, name, leaf, options)
    return problems


def leaves(value: Any) -> Iterable[Any]:
    """The plain values inside alternatives, lists and recipient groups."""
    if isinstance(value, dict):
        for inner in value.values():
            yield from leaves(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from leaves(inner)
    elif value is not None:
        yield value


def leaf_problems(file: str, name: str, leaf: Any, options: tuple[str, ...] | None) -> list[str]:
    out = []
    if len(norm(leaf)) >= LONGEST:
        out.append(f"{file}: {name}: {leaf} is {LONGEST} characters or more")
    if options and str(leaf) not in options:
        out.append(f"{file}: {name}: {leaf} is not one of {'、'.join(options)}")
    if name == "region" and known_region(leaf) is None:
        out.append(f"{file}: region: {leaf} is no region of the dataset")
    return out


# -- the run ----------------------------------------------------------------------------------
def corpora(extra: list[str], environ: dict[str, str] | None = None) -> list[Path]:
    """The shared articles, then the folders named on the command line and in STORYKIT_CORPUS."""
    environ = os.environ if environ is None else environ
    named = extra + [p for p in environ.get("STORYKIT_CORPUS", "").split(os.pathsep) if p]
    out: list[Path] = []
    for folder in [SHARED_ARTICLES, *(Path(p) for p in named)]:
        if folder.resolve() not in [f.resolve() for f in out]:
            out.append(folder)
    return out


def articles(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.name.lower() != "readme.md"
    )


def run(folders: list[Path], answers: dict[str, dict], out: TextIO | None = None) -> list[Outcome]:
    """Every article with an answer imported and scored; the others named and left out."""
    out = out or sys.stdout
    outcomes = []
    for folder in folders:
        if not folder.is_dir():
            print(f"note: {folder} not found, skipped", file=out)
            continue
        for path in articles(folder):
            if path.name not in answers:
                print(f"note: {path} has no expected answer, not scored", file=out)
                continue
            outcomes.append(score(path.name, answers[path.name], import_article(path)))
    return outcomes


# -- the report -------------------------------------------------------------------------------
def field_totals(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for mark in (m for o in outcomes for m in o.marks):
        right, total = totals.get(mark.field, (0, 0))
        totals[mark.field] = (right + mark.right, total + mark.total)
    return totals


def fields_right(outcomes: list[Outcome]) -> float:
    """The share of fields right, each field counting once (recipients by the share of names
    right), in per cent."""
    marks = [m for o in outcomes for m in o.marks]
    return 100 * sum(m.share for m in marks) / len(marks) if marks else 0.0


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}" if total else "    -"


LABELS = {RECIPIENTS: f"{RECIPIENTS} (names)", GROUP_TITLES: f"{GROUP_TITLES} (groups)"}


def print_fields(outcomes: list[Outcome], out: TextIO) -> None:
    print(f"{'field':<26}{'right':>7}{'total':>7}{'%':>7}", file=out)
    for name, (right, total) in field_totals(outcomes).items():
        label = LABELS.get(name, name)
        print(f"{label:<26}{right:>7}{total:>7}{percent(right, total):>7}", file=out)


def print_kinds(outcomes: list[Outcome], out: TextIO) -> None:
    print(f"{'expected kind':<14}{'articles':>9}{'kind right':>11}{'fields right %':>16}", file=out)
    for kind in dict.fromkeys(o.expected_kind for o in outcomes):
        mine = [o for o in outcomes if o.expected_kind == kind]
        picked = sum(o.marks[0].right for o in mine)
        print(f"{kind:<14}{len(mine):>9}{picked:>11}{fields_right(mine):>16.1f}", file=out)


def shown(value: Any) -> str:
    if isinstance(value, list) and len(value) > 8:
        return "[" + ", ".join(str(v) for v in value[:8]) + f", … {len(value) - 8} more]"
    return str(value)


def print_detail(outcomes: list[Outcome], out: TextIO) -> None:
    for outcome in outcomes:
        if outcome.refused:
            print(f"{outcome.file}: refused: {outcome.error}", file=out)
        for mark in outcome.marks:
            if mark.right == mark.total:
                continue
            if mark.field in (RECIPIENTS, GROUP_TITLES):
                print(
                    f"{outcome.file}: {mark.field}: {mark.right} of {mark.total} right; "
                    f"missing {shown(mark.expected)} extra {shown(mark.got)}",
                    file=out,
                )
            else:
                print(
                    f"{outcome.file}: {mark.field}: expected {shown(mark.expected)} "
                    f"got {shown(mark.got)}",
                    file=out,
                )


def report(outcomes: list[Outcome], detail: bool = False, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    refused = sum(o.refused for o in outcomes)
    print(
        f"storykit import --kind auto against the expected answers: {len(outcomes)} articles",
        file=out,
    )
    if detail:
        print_detail(outcomes, out)
        print(file=out)
    print_fields(outcomes, out)
    print(file=out)
    print_kinds(outcomes, out)
    print(file=out)
    print(f"refused: {refused} of {len(outcomes)}", file=out)
    print(
        f"overall: {fields_right(outcomes):.1f} % of fields right (each field counts once, "
        "recipients and group titles by the share right)",
        file=out,
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tools.importscore", description="导入评分：逐字段对照人工标注的答案"
    )
    p.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="DIR",
        help="另一个文章文件夹（可重复；也可用环境变量 STORYKIT_CORPUS）",
    )
    p.add_argument("--detail", action="store_true", help="逐条列出不对的字段")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    answers = load_answers()
    for problem in answer_problems(answers):
        print(f"note: answer: {problem}")
    report(run(corpora(args.corpus), answers), detail=args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
