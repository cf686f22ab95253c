"""The form editor's configuration (storykit cms) says what the models say.

Every field of every record kind is in its form with the model's Chinese label and required
flag; fixed choices are selects with the model's values, references are relations to the right
kind, nested models are objects and lists of their own fields. A record filled in from the
forms alone passes `storykit check`, and the editor never reaches a built site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from storykit.cli import main as cli
from storykit.editors import cms
from storykit.records import examples
from storykit.records.models import ERAS, KINDS, Image

ROOT = Path(__file__).resolve().parents[2]


def form(kind: str, vocab: cms.Vocabularies | None = None) -> list[dict[str, Any]]:
    found = [c for c in cms.config(vocab)["collections"] if c["name"] == kind]
    assert len(found) == 1, kind
    return found[0]["fields"]


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def walk(model: type[BaseModel], fields: list[dict[str, Any]], where: str = ""):
    """(path, field info, form field) for every field of `model`, nested models included."""
    named = by_name(fields)
    assert len(named) == len(fields), f"{where}: a field twice"
    editable = {n: i for n, i in model.model_fields.items() if not cms.written(i)}
    assert set(named) == {info.alias or name for name, info in editable.items()}, where
    for name, info in editable.items():
        key = info.alias or name
        field = named[key]
        yield f"{where}{key}", info, field
        inner = examples.shape(info).model
        if inner:
            yield from walk(inner, field["fields"], f"{where}{key}.")


def every_field():
    for kind, model in KINDS.items():
        yield from ((kind, *found) for found in walk(model, form(kind)))


def test_one_form_per_kind_in_its_folder_as_yaml_named_by_id():
    collections = cms.config()["collections"]
    assert [c["name"] for c in collections] == list(KINDS)
    for c in collections:
        model = KINDS[c["name"]]
        assert c["label"] == model.label
        assert c["folder"] == f"stories/{model.folder}"
        assert (c["format"], c["extension"]) == ("yaml", "yml")
        assert c["identifier_field"] == model.title_field
        pattern = re.compile(c["slug"]["pattern"][0])
        assert pattern.match("lin-shuyan") and not pattern.match("林书艳")


def test_every_field_has_the_models_label_hint_and_required_flag():
    count = 0
    for kind, path, info, field in every_field():
        where = f"{kind}: {path}"
        assert field["label"] == (info.title or path.rsplit(".", 1)[-1]), where
        assert field["required"] is info.is_required(), where
        assert field.get("hint") == info.description, where
        count += 1
    assert count > 150  # all seven kinds with their nested parts


def test_fields_come_in_the_order_storykit_new_writes_them():
    for kind, model in KINDS.items():
        ordered = examples.ordered(model, model.title_field)
        keys = [key for key, info in ordered if not cms.written(info)]
        assert [f["name"] for f in form(kind)] == keys, kind
        assert form(kind)[0]["name"] == model.title_field


def test_defaults_are_the_models():
    fields = by_name(form("case"))
    assert fields["draft"]["default"] is False and fields["featured"]["default"] is False
    assert "default" not in fields["title"]


def test_fixed_choices_are_selects_with_the_models_values():
    seen = set()
    for kind, path, info, field in every_field():
        options = examples.shape(info).options
        if not options:
            continue
        assert field["widget"] == "select", f"{kind}: {path}"
        values = [o["value"] if isinstance(o, dict) else o for o in field["options"]]
        assert values == list(options), f"{kind}: {path}"
        assert field.get("multiple", False) is examples.shape(info).many, f"{kind}: {path}"
        seen.add(f"{kind}: {path}")
    expected = {
        "person: category",
        "site: kind",
        "site: protection",
        "site: location.crs",
        "publication: kind",
        "org: type",
        "org: level",
        "honor: level",
        "honor: status",
        "case: images.focus",
        "case: figures.approx",
    }
    assert expected <= seen
    eras = by_name(form("site"))["eras"]  # named eras or years: the form offers the names
    assert (eras["widget"], eras["options"], eras["multiple"]) == ("select", list(ERAS), True)
    crs = by_name(by_name(form("site"))["location"]["fields"])["crs"]
    assert {"label": "GCJ02（高德、腾讯地图的坐标）", "value": "GCJ02"} in crs["options"]


def test_references_are_relations_to_the_kind_they_name():
    found = {}
    for kind, path, info, field in every_field():
        target = examples.shape(info).ref
        if not target:
            continue
        assert field["widget"] == "relation", f"{kind}: {path}"
        assert field["collection"] == target
        assert field["value_field"] == "{{slug}}"  # the id is the file name
        assert field.get("multiple", False) is examples.shape(info).many
        found[f"{kind}: {path}"] = target
    assert found["case: org"] == "org"
    assert found["case: people"] == "person"
    assert found["site: parent"] == "site"
    assert found["shelf: items.publication"] == "publication"
    assert found["honor: recipients.members.person"] == "person"
    assert found["honor: by.org"] == "org"


def test_nested_parts_are_lists_and_objects_of_their_own_fields():
    case = by_name(form("case"))
    assert case["figures"]["widget"] == "list"
    assert [f["name"] for f in case["figures"]["fields"]][:2] == ["label", "value"]
    assert by_name(case["figures"]["fields"])["value"]["widget"] == "number"
    assert case["period"]["widget"] == "object"
    assert [f["name"] for f in case["period"]["fields"]] == ["from", "to"]
    site = by_name(form("site"))
    assert by_name(site["visiting"]["fields"])["phone"]["label"] == "咨询电话"
    assert by_name(site["location"]["fields"])["lat"]["max"] == 90
    honor = by_name(form("honor"))
    assert honor["recipients"]["min"] == 1
    members = by_name(honor["recipients"]["fields"])["members"]
    assert members["widget"] == "list" and members["min"] == 1


def test_body_is_markdown_and_pictures_are_images_in_stories_media():
    case = by_name(form("case"))
    assert case["body"]["widget"] == "markdown"
    assert by_name(case["practices"]["fields"])["body"]["widget"] == "markdown"
    for kind, path, _info, field in every_field():
        if path.endswith("src"):
            assert field["widget"] == "image", f"{kind}: {path}"
            assert field["media_folder"] == "/stories/media"
            assert field["public_folder"] == ""  # written as the bare file name
    portrait = by_name(form("person"))["portrait"]
    assert portrait["widget"] == "object"
    assert [f["name"] for f in portrait["fields"]] == list(Image.model_fields)
    assert cms.config()["media_folder"] == "stories/media"


def test_themes_and_key_figures_choose_from_their_vocabularies(project):
    metrics = "- name: 五老队伍\n  unit: 人\n- name: 受益青少年\n  unit: 人\n"
    (project / "stories/metrics.yml").write_text(metrics, "utf-8")
    vocab = cms.vocabularies(project)
    themes = yaml.safe_load((project / "stories/themes.yml").read_text("utf-8"))
    assert vocab.themes == [t["name"] for t in themes]
    assert vocab.metrics == ["五老队伍", "受益青少年"]
    case = by_name(form("case", vocab))
    assert case["themes"] == {**case["themes"], "widget": "select", "options": vocab.themes}
    assert case["themes"]["multiple"] is True
    label = by_name(case["figures"]["fields"])["label"]
    assert (label["widget"], label["options"]) == ("select", vocab.metrics)
    # without vocabularies the fields stay open: a list of words, a line of text
    plain = by_name(form("case", cms.Vocabularies()))
    assert plain["themes"]["widget"] == "list"
    assert by_name(plain["figures"]["fields"])["label"]["widget"] == "string"


# -- a record filled in from the forms alone ------------------------------------------------


def fill(field: dict[str, Any], project: Path) -> Any:
    """A valid value for a required field, read from its widget as the form shows it."""
    widget = field["widget"]
    if widget in ("list", "object"):
        item = {f["name"]: fill(f, project) for f in field["fields"] if f["required"]}
        if not item:  # a part whose fields are all optional: fill the first
            first = field["fields"][0]
            item = {first["name"]: fill({**first, "required": True}, project)}
        return [item] * field.get("min", 1) if widget == "list" else item
    if widget == "select":
        first = field["options"][0]
        value = first["value"] if isinstance(first, dict) else first
        return [value] if field.get("multiple") else value
    if widget == "relation":
        target = KINDS[field["collection"]]
        ids = sorted(p.stem for p in (project / "stories" / target.folder).glob("*.yml"))
        return [ids[0]] if field.get("multiple") else ids[0]
    if widget == "image":
        return next((project / "stories/media").iterdir()).name
    if widget == "number":
        return field.get("min", 1)
    if widget == "boolean":
        return field.get("default", False)
    if "pattern" in field:  # a date: the form's own pattern says what fits
        for candidate in ("2024-05", "https://www.example.org/", "shili"):
            if re.match(field["pattern"][0], candidate):
                return candidate
    shown = examples.described(field.get("hint"))  # as the hint's 例如 shows: 陕西省/延安市/宝塔区
    return str(shown[0]) if shown else f"示例{field['label']}"


def test_a_record_filled_in_from_each_form_passes_check(project, capsys):
    vocab = cms.vocabularies(project)
    for c in cms.config(vocab)["collections"]:
        record = {f["name"]: fill(f, project) for f in c["fields"] if f["required"]}
        assert record, c["name"]
        path = project / c["folder"] / f"cong-biaodan-{c['name']}.yml"
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    assert cli.main(["check", str(project)]) == 0, capsys.readouterr().out
    written = (project / "stories/cases/cong-biaodan-case.yml").read_text("utf-8")
    assert written.splitlines()[0].startswith("title: ")


def test_the_cli_prints_the_configuration(project, capsys):
    assert cli.main(["cms", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 由 storykit cms")
    data = yaml.safe_load(out)
    assert [c["label"] for c in data["collections"]] == [m.label for m in KINDS.values()]


# -- the editor's files ---------------------------------------------------------------------

needs_npm = pytest.mark.skipif(
    not (ROOT / cms.PACKAGE).is_dir(), reason="Sveltia CMS 未安装（make install 用 npm 安装）"
)


@needs_npm
def test_the_editor_written_for_the_preview_loads_nothing_from_another_host(tmp_path):
    written = cms.write_admin(ROOT, tmp_path)
    assert {"index.html", "config.yml", "sveltia-cms.js", "start.js"} <= set(written)
    script = (tmp_path / "sveltia-cms.js").read_text("utf-8")
    assert "unpkg.com" not in script and "cdn.jsdelivr.net" not in script
    assert "url(fonts/material-symbols-outlined.woff2)" in script
    for rel in written:  # every local address the script uses is there
        assert (tmp_path / rel).is_file()
    assert list(tmp_path.glob("npm/@sveltia/cms@*/locales/zh-CN.json"))
    page = (tmp_path / "index.html").read_text("utf-8")
    assert "default-src 'self'" in page and 'lang="zh-CN"' in page
    assert re.findall(r"""(?:src|href)="([^"]+)""", page) == [
        "data:,",  # no icon: no request for /favicon.ico, which the preview does not have
        "config.yml",
        "start.js",
        "sveltia-cms.js",
    ]
    assert cms.write_admin(ROOT, tmp_path) == []  # nothing changed, nothing written


def test_a_changed_editor_script_is_refused_rather_than_loading_from_a_cdn():
    with pytest.raises(cms.MissingEditor):
        cms.patch("console.log('no addresses here')")


def test_without_the_npm_packages_the_editor_says_how_to_install_them(project, tmp_path):
    with pytest.raises(cms.MissingEditor, match="make install"):
        cms.write_admin(project, tmp_path / "admin")


def test_a_built_site_has_no_form_editor(published):
    assert not (published / "admin").exists()
    assert not list(published.rglob("sveltia-cms.js"))
    assert not list(published.rglob("config.yml"))


# -- 先审后发: the sign-offs are written by storykit review, never by a form ------------------
REVIEW = "\nextra:\n  review:\n    levels: [初审, 复审, 终审]\n"


class Indented(yaml.SafeDumper):
    """Lists indented under their key, as the forms write them (output.yaml.indent_sequences)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def names_in(fields: list[dict[str, Any]]):
    for f in fields:
        yield f["name"]
        yield from names_in(f.get("fields", []))


def test_no_form_offers_the_sign_offs_or_their_digest_and_each_says_they_are_kept():
    for c in cms.config()["collections"]:
        names = set(names_in(c["fields"]))
        assert "reviews" not in names and "digest" not in names, c["name"]
        assert "审核记录" in c["description"] and "原样保留" in c["description"], c["name"]


def test_saving_a_form_keeps_the_sign_offs_and_the_next_reviewer_can_sign(tmp_path):
    from helpers import FIXTURES, assemble

    from storykit.editors import review

    root = assemble(tmp_path / "p", FIXTURES / "good" / "stories", REVIEW)
    review.sign(root, "case:test-case", "初审", "张三")
    review.sign(root, "case:test-case", "复审", "李四")
    path = root / "stories/cases/test-case.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    # Saved as Sveltia saves a file (serialize.js): the form's fields in the form's order,
    # empty optional ones left out, then every key the form does not have.
    order = [f["name"] for f in form("case", cms.vocabularies(root))]
    saved = {k: data[k] for k in order if k in data and data[k] not in (None, "", [], {})}
    saved.update({k: v for k, v in data.items() if k not in saved})
    text = yaml.dump(saved, Dumper=Indented, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")

    assert list(saved)[-1] == "reviews"  # still last: sign-offs are only ever appended
    states = {f"{v.kind}:{v.id}": label for v, label in review.listing(root)}
    assert states["case:test-case"] == "待终审"  # the same content: both sign-offs count
    assert review.sign(root, "case:test-case", "终审", "王五").state == "已通过"
