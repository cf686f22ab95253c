"""The field reference page: Chinese types, lists shown as lists, one complete example per kind."""

import html
import re
from html.parser import HTMLParser

import pytest
import yaml

from storykit.pages import reference
from storykit.pages.pagedata import FieldReferencePage, FieldRule
from storykit.records.models import KINDS, Theme
from storykit.records.rules import unexpressed_rules
from storykit.records.types import nested_model
from storykit.render.templates import Templates


@pytest.fixture(scope="module")
def data() -> FieldReferencePage:
    return reference.page()


@pytest.fixture(scope="module")
def page_html(data) -> str:
    return str(Templates().render_page(data))


def row(data: FieldReferencePage, kind: str, key: str):
    table = next(t for t in data.tables if t.anchor == kind)
    return next(r for r in table.rows if r.key == key)


def test_list_fields_are_shown_as_lists(data):
    people = row(data, "case", "people")
    assert people.type == "先进典型编号列表"
    assert re.fullmatch(r"people: \[[a-z0-9-]+, [a-z0-9-]+\]", people.example)
    assert row(data, "case", "org").type == "组织编号"
    assert row(data, "site", "cases").type == "经验做法编号列表"
    assert row(data, "site", "eras").type == "时期名称或年份列表"
    assert row(data, "person", "category").type == "选项列表（可选多项）"
    assert row(data, "honor", "recipients[].members[].person").type == "先进典型编号"
    assert row(data, "publication", "authors").type == "文字列表"
    assert row(data, "case", "practices").type == "列表，每项是一组字段"
    assert row(data, "site", "visiting").type == "一组字段"


def test_types_are_named_in_chinese(data):
    for kind, key, expected in [
        ("person", "born", "年份"),
        ("case", "date", "日期"),
        ("org", "website", "网址"),
        ("publication", "isbn", "ISBN 书号"),
        ("publication", "pages", "整数"),
        ("case", "figures[].value", "数字"),
        ("case", "summary", "文字（不超过 300 字）"),
        ("case", "body", "文字，可分多段（Markdown）"),
        ("person", "minor", "是否（true 或 false）"),
    ]:
        assert row(data, kind, key).type == expected, (kind, key)
    names = {"ISBN", "ISSN", "Markdown", "true", "false"}  # names a volunteer writes as they are
    for table in data.tables:
        for r in table.rows:
            assert set(re.findall(r"[A-Za-z]{3,}", r.type)) <= names, r.type


def test_english_options_have_their_chinese_meaning(data):
    assert row(data, "site", "location.crs").allowed == (
        "WGS84（GPS 定位和国际通用的坐标）",
        "GCJ02（高德、腾讯地图的坐标）",
        "BD09（百度地图的坐标）",
    )
    assert "top（上部，保留人脸）" in row(data, "case", "images[].focus").allowed
    assert row(data, "person", "category").allowed[0] == "老干部"  # Chinese ones as they are


def test_required_fields_come_first(data):
    for table in data.tables:
        required = [r.required for r in table.rows if "." not in r.key]
        assert required == sorted(required, reverse=True), table.anchor


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_has_a_complete_example_that_passes_the_model(data, kind):
    model = KINDS[kind]
    table = next(t for t in data.tables if t.anchor == kind)
    example = yaml.safe_load(table.example)
    model.model_validate(example)
    assert set(example) == {info.alias or name for name, info in model.model_fields.items()}
    assert list(example)[0] == model.title_field
    assert "\n\n" in example["body"].strip()  # two paragraphs
    assert f"{model.title_field}: " in table.example


def test_theme_vocabulary_example_is_a_list_of_themes(data):
    table = next(t for t in data.tables if t.anchor == "themes")
    for item in yaml.safe_load(table.example):
        Theme.model_validate(item)


def strings(model, value, info=None):
    """(field, text) for every text in an example, walking nested models."""
    if isinstance(value, dict):
        sub = nested_model(info.annotation) if info else model
        fields = {(i.alias or n): i for n, i in sub.model_fields.items()}
        for key, inner in value.items():
            yield from strings(sub, inner, fields[key])
    elif isinstance(value, list):
        for inner in value:
            yield from strings(model, inner, info)
    elif isinstance(value, str):
        yield info, value


@pytest.mark.parametrize("kind", list(KINDS))
def test_examples_name_no_one_the_models_do_not_already_name(data, kind):
    """Every text is a placeholder (示例…, shili-…), an allowed option, or written in the
    field's own description: no invented people or places."""
    table = next(t for t in data.tables if t.anchor == kind)
    for info, text in strings(KINDS[kind], yaml.safe_load(table.example)):
        first = text.split("\n")[0]
        placeholder = first.startswith(("示例", "shili-", "https://www.example.org/"))
        described = first in (info.description or "")
        assert placeholder or described or first.isdigit() or first in str(info.annotation), (
            info.title,
            text,
        )


class Tables(HTMLParser):
    """Collects each table's header cells and each region's label."""

    def __init__(self):
        super().__init__()
        self.headers: list[list[str]] = []
        self.regions: list[dict] = []
        self.ids: list[str] = []
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "table":
            self.headers.append([])
        if tag == "th":
            assert attrs.get("scope") == "col"
            self._in_th = True
        if attrs.get("role") == "region":
            self.regions.append(attrs)

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, text):
        if self._in_th:
            self.headers[-1].append(text)


def test_page_shows_examples_in_accessible_tables(page_html):
    parsed = Tables()
    parsed.feed(page_html)
    fields = [h for h in parsed.headers if h != ["字段", "规则"]]  # the rules table has two
    assert len(fields) == len(KINDS) + 1
    for headers in fields:
        assert headers == ["字段", "名称", "类型", "必填", "写法", "说明"]
    for region in parsed.regions:  # scrollable: reachable by keyboard, with a name
        assert region.get("tabindex") == "0"
        assert region.get("aria-label") or region.get("aria-labelledby") in parsed.ids
    assert len(parsed.ids) == len(set(parsed.ids))
    assert "<code>people: [shili-person-1, shili-person-2]</code>" in page_html
    body = re.search(r'<h3 id="case-example">.*?<code>(.*?)</code>', page_html, re.S)
    assert "body: |\n  示例正文第一段。\n\n  第二段" in html.unescape(body.group(1))


def test_rules_json_schema_cannot_express_are_listed(data):
    expected = [(str(f), str(r)) for f, r in unexpressed_rules()]
    assert expected and [(r.field, r.rule) for r in data.rules] == expected


def test_rules_section_is_a_table_with_headers():
    page = FieldReferencePage(
        "guide/fields/", "字段参考", (), (FieldRule("images[].alt", "图片文件须存在"),)
    )
    out = str(Templates().render_page(page))
    assert '<h2 id="rules">' in out
    assert '<th scope="col">字段</th><th scope="col">规则</th>' in out
    assert "<td><code>images[].alt</code></td><td>图片文件须存在</td>" in out
    empty = str(Templates().render_page(FieldReferencePage("guide/fields/", "字段参考", ())))
    assert 'id="rules"' not in empty
