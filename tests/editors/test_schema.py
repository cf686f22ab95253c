"""The editors' JSON Schema (schemas/*.schema.json) says what `storykit check` says.

A real JSON Schema validator reads every record fixture and its verdict is compared with
check's own verdict on that file: the model, and the region, which needs no other file.
Rules that need other files (references, themes, pictures) or that JSON Schema cannot state
are the ones `unexpressed_rules` lists; a file check rejects only for such a rule may
pass the schema, no other."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from storykit.editors import schema
from storykit.pages import reference
from storykit.records import yamlfile
from storykit.records.load import Entry, _clean_loc, validate
from storykit.records.models import FOLDERS, KINDS, Record, Theme
from storykit.records.problems import FILE, field_path
from storykit.records.regions import RegionError, Regions
from storykit.records.rules import unexpressed_rules

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA_FIXTURES = FIXTURES / "schema"
# Folders holding one folder per record kind (cases/, people/, …).
KIND_ROOTS = (
    FIXTURES / "good" / "stories",
    FIXTURES / "bad",
    SCHEMA_FIXTURES / "good",
    SCHEMA_FIXTURES / "bad",
)

# Every keyword of JSON Schema draft 2020-12 (core, applicator, validation, meta-data,
# format, content, unevaluated). A word outside it is ignored by every validator, as `ge` was.
KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor",
    "$vocabulary", "$comment", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    "dependentSchemas", "prefixItems", "items", "contains", "properties",
    "patternProperties", "additionalProperties", "propertyNames", "type", "enum", "const",
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains",
    "minContains", "maxProperties", "minProperties", "required", "dependentRequired",
    "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
    "format", "contentEncoding", "contentMediaType", "contentSchema",
    "unevaluatedItems", "unevaluatedProperties",
}  # fmt: skip


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema, as VS Code's YAML extension reads a file: `yes` and `on` are
    text and `2024-05-20` is text, where check's YAML 1.1 reads true and a date."""

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("int", r"[-+]?[0-9]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", "-+.0123456789"),
    ("merge", r"<<", "<"),
):
    Yaml12Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first)
    )


def record_files() -> list[tuple[Path, type[Record]]]:
    out = []
    for base in KIND_ROOTS:
        for folder, model in FOLDERS.items():
            out += [(path, model) for path in sorted((base / folder).glob("*.yml"))]
    return out


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def as_json(value: Any) -> Any:
    """Plain data as a JSON validator sees it: YAML 1.1's dates are the text they were."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return str(value)
    return value


_validators: dict[str, Draft202012Validator] = {}


def validator(kind: str) -> Draft202012Validator:
    if kind not in _validators:
        found = schema.themes_schema() if kind == "themes" else schema.kind_schema(kind)
        _validators[kind] = Draft202012Validator(found)
    return _validators[kind]


def schema_errors(kind: str, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(file)'}: {e.message[:160]}"
        for e in validator(kind).iter_errors(data)
    ]


def check_reasons(model: type[Record], doc: yamlfile.YamlDoc, path: Path) -> list[tuple[str, str]]:
    """(field, code) of each problem check reports in this file on its own: the model's, then
    the region's. Codes are pydantic's error types, or `region`."""
    result = validate(model, doc, rel(path), path.stem)
    if isinstance(result, Entry):
        region = result.record.region
        try:
            if region is not None:
                Regions.load().resolve(region)
        except RegionError:
            return [("region", "region")]
        return []
    if not isinstance(doc.data, dict):
        return [(FILE, "not_a_mapping")]
    try:
        model.model_validate(doc.data)
    except ValidationError as err:
        return [(field_path(_clean_loc(e["loc"])), e["type"]) for e in err.errors()]
    raise AssertionError(f"{rel(path)}: check rejects it, the model alone does not")


def rule_key(field: str) -> str:
    """`items[0].publication` → `items[].publication`, `themes[2]` → `themes`: the keys of
    the field reference page."""
    return re.sub(r"\[\d+\]", "[]", re.sub(r"\[\d+\]$", "", field))


def unexplained(model: type[Record], reasons: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The reasons no rule in unexpressed_rules accounts for."""
    rules = unexpressed_rules(model)
    return [
        (field, code)
        for field, code in reasons
        if not any(r.code == code and f in (FILE, rule_key(field)) for f, r in rules)
    ]


FILES = record_files()


@pytest.mark.parametrize("path,model", FILES, ids=[rel(p) for p, _ in FILES])
def test_schema_verdict_is_checks_verdict(path: Path, model: type[Record]):
    try:
        doc = yamlfile.read(str(path), rel(path))
    except yamlfile.YamlError:
        pytest.skip("the YAML does not parse: the editor reports that itself")
    reasons = check_reasons(model, doc, path)
    errors = schema_errors(model.kind, as_json(doc.data))
    if not reasons:
        assert errors == [], f"check accepts {rel(path)}, the schema does not"
        # …and as VS Code reads it, with YAML 1.2
        seen12 = yaml.load(path.read_text("utf-8-sig"), Loader=Yaml12Loader)  # noqa: S506
        assert schema_errors(model.kind, seen12) == [], f"VS Code would mark {rel(path)}"
    elif not errors:
        left = unexplained(model, reasons)
        assert left == [], f"check rejects {rel(path)} for {left}, which the schema can state"


def test_every_kind_is_compared_with_good_and_bad_files():
    seen = {(model.kind, p.is_relative_to(FIXTURES / "bad")) for p, model in FILES}
    assert {kind for kind, _ in seen} == set(KINDS)
    assert len(FILES) > 60


@pytest.mark.parametrize("path", sorted(SCHEMA_FIXTURES.glob("good/*/*.yml")), ids=rel)
def test_forms_check_accepts_pass_the_schema(path: Path):
    """Region as a number, date 2023, "2023-5-1", year "2023", draft: yes, plain shelf ids…"""
    model = FOLDERS[path.parent.name]
    doc = yamlfile.read(str(path), rel(path))
    assert check_reasons(model, doc, path) == []
    assert schema_errors(model.kind, as_json(doc.data)) == []


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SCHEMA_FIXTURES.glob("bad/*/*.yml") if "feb-29" not in p.name),
    ids=rel,
)
def test_values_check_rejects_fail_the_schema(path: Path):
    """2023-02-30, an empty name, copies -5, a short ISBN, a website without http…"""
    model = FOLDERS[path.parent.name]
    doc = yamlfile.read(str(path), rel(path))
    assert check_reasons(model, doc, path) != []
    assert schema_errors(model.kind, as_json(doc.data)) != []


def test_leap_day_is_left_to_check_and_listed():
    path = SCHEMA_FIXTURES / "bad/cases/date-feb-29.yml"
    model = KINDS["case"]
    reasons = check_reasons(model, yamlfile.read(str(path), rel(path)), path)
    assert reasons == [("date", "date")]
    assert schema_errors("case", as_json(yamlfile.read(str(path), rel(path)).data)) == []
    assert unexplained(model, reasons) == []
    # the allowance is the listed rule, not any rejection: a rule that is not listed stays
    assert unexplained(model, [("date", "isbn"), ("title", "date")]) == [
        ("date", "isbn"),
        ("title", "date"),
    ]


def test_draft_yes_as_vs_code_reads_it():
    text = (SCHEMA_FIXTURES / "good/cases/draft-yes.yml").read_text("utf-8")
    seen12 = yaml.load(text, Loader=Yaml12Loader)  # noqa: S506
    assert seen12["draft"] == "yes"  # YAML 1.2: text
    assert schema_errors("case", seen12) == []
    assert schema_errors("case", {**seen12, "draft": "maybe"}) != []


def test_theme_vocabulary_passes_its_schema():
    path = FIXTURES / "good/stories/themes.yml"
    data = yamlfile.read(str(path), rel(path)).data
    assert schema_errors("themes", as_json(data)) == []
    assert schema_errors("themes", [{"name": " ", "slug": "a"}]) != []
    assert schema_errors("themes", [{"name": "乡村振兴", "slug": "Xiangcun"}]) != []


def walk(node: Any, path: str = "") -> list[tuple[str, str]]:
    """(where, keyword) for every key of every schema object, property names left out."""
    out = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            out += walk(item, f"{path}/{i}")
    elif isinstance(node, dict):
        for key, value in node.items():
            out.append((path, key))
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    out += walk(sub, f"{path}/{key}/{name}")
            elif key not in ("enum", "const", "default", "examples", "required"):
                out += walk(value, f"{path}/{key}")
    return out


@pytest.mark.parametrize("rel_path", [p for p in schema.files() if p.endswith(".schema.json")])
def test_schemas_use_draft_2020_12_keywords_only(rel_path: str):
    found = json.loads(schema.files()[rel_path])
    Draft202012Validator.check_schema(found)
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [(where, key) for where, key in walk(found) if key not in KEYWORDS] == []


def test_length_limits_carry_over_and_count_the_text_inside():
    case = schema.kind_schema("case")
    assert '"maxLength": 300' in json.dumps(case["properties"]["summary"])
    good = {"title": "标题", "org": "x", "date": "2024"}
    assert schema_errors("case", {**good, "summary": "测" * 300 + "\n"}) == []
    assert schema_errors("case", {**good, "summary": "测" * 301}) != []
    assert schema_errors("case", {**good, "summary": "摘要", "title": "题" * 61}) != []


def test_unexpressed_rules_name_fields_of_the_reference_page():
    for model in (*KINDS.values(), Theme):
        keys = {row.key for row in reference.rows(model)}
        rules = unexpressed_rules(model)
        assert all(field in keys for field, _ in rules if field != FILE), model.__name__
        assert all(str(rule) and rule.code for _, rule in rules)
    listed = {(f, r.code) for f, r in unexpressed_rules(KINDS["publication"])}
    assert {("isbn", "isbn"), ("issn", "issn"), ("date", "date"), ("org", "ref")} <= listed
    assert ("items[].publication", "ref") in {
        (f, r.code) for f, r in unexpressed_rules(KINDS["shelf"])
    }
    everything = unexpressed_rules()
    assert len(everything) == len({(f, str(r)) for f, r in everything})
    assert ("themes.yml: name", "duplicate") in {(f, r.code) for f, r in everything}


def patterns(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(patterns, node)) if node else set()
    if isinstance(node, dict):
        own = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return own.union(*(patterns(v) for k, v in node.items() if k != "pattern"))
    return set()


def test_patterns_are_ecmascript_regexes_as_vs_code_reads_them():
    """JSON Schema patterns are ECMAScript regexes, which VS Code compiles with the u flag;
    Python's re is more forgiving, so each pattern is compiled by Node too."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found")
    found = set()
    for rel_path, text in schema.files().items():
        if rel_path.endswith(".schema.json"):
            found |= patterns(json.loads(text))
    date = schema.kind_schema("case")["properties"]["date"]["anyOf"][0]["pattern"]
    script = (
        "const [pats, date] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "for (const p of pats) new RegExp(p, 'u');"
        "const re = new RegExp(date, 'u');"
        "console.log(JSON.stringify(['2023-5-1', '２０２３-０５', '2023-02-30', '2023-13']"
        ".map(s => re.test(s))));"
    )
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps([sorted(found), date]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True, False, False]
