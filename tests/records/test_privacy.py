"""Privacy and silent changes: what a volunteer is told before a record is published.

ID numbers are made here from the check-digit algorithm with a region code that does not exist
(99…), so no real person's number appears in the project."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, problems_of
from hypothesis import given, settings
from hypothesis import strategies as st

from storykit.records import privacy
from storykit.records.load import validate
from storykit.records.models import KINDS
from storykit.records.problems import errors
from storykit.records.published import removals
from storykit.records.richtext import markdown_html, md
from storykit.records.yamlfile import parse

HERE = FIXTURES / "privacy"
YEAR = 2025  # the year the minor checks are run "in"


def with_check(body: str) -> str:
    """17 digits and the check character GB 11643 computes for them."""
    total = sum(int(d) * w for d, w in zip(body, privacy.ID_WEIGHTS, strict=True))
    return body + privacy.ID_CHECK[total % 11]


def make_id(region: str = "990101", born: str = "20120101", seq: str = "001") -> str:
    """A resident ID number with a valid check character, for a region that does not exist."""
    number = with_check(region + born + seq)
    assert privacy.is_resident_id(number)
    return number


def id_ending_in_x() -> str:
    number = next(n for s in range(1000) if (n := make_id(seq=f"{s:03d}")).endswith("X"))
    return number


def entry(kind: str, text: str, name: str = "test-x"):
    model = KINDS[kind]
    rel = f"stories/{model.folder}/{name}.yml"
    got = validate(model, parse(text, rel), rel, name)
    assert not isinstance(got, list), "\n".join(map(str, got))
    return got


def found(kind: str, text: str) -> list[str]:
    return [str(p) for p in privacy.check(entry(kind, text))]


def case_with(summary: str = "一条示例。", body: str | None = None) -> str:
    text = f'title: 示例\nsummary: "{summary}"\norg: test-province\ndate: "2024"\n'
    if body is not None:
        text += "body: |\n" + "".join(f"  {line}\n" for line in body.splitlines())
    return text


# -- ID and mobile numbers as volunteers type them ----------------------------------------


def fullwidth(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X-"})


@pytest.mark.parametrize(
    "write",
    [
        lambda n: n,
        fullwidth,
        lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",
        lambda n: f"{n[:6]}-{n[6:14]}-{n[14:]}",
        lambda n: fullwidth(f"{n[:6]}-{n[6:14]}-{n[14:]}"),
        lambda n: f"{n[:6]}\u3000{n[6:14]}\u3000{n[14:]}",
        lambda n: f"{n[:6]} — {n[6:14]} — {n[14:]}",
    ],
    ids=[
        "plain",
        "full-width",
        "spaces",
        "dashes",
        "full-width dashes",
        "ideographic spaces",
        "em dashes",
    ],
)
def test_an_id_number_is_found_however_it_is_written(write):
    number = id_ending_in_x()
    problems = found("case", case_with(f"联系人身份证号 {write(number)}，2023年登记。"))
    assert problems == [
        "stories/cases/test-x.yml:2: summary: 含有居民身份证号码；公开发布的内容不能出现身份证号，请删除"
    ]


def test_numbers_that_only_look_like_an_id_pass():
    number = make_id()
    wrong_check = number[:17] + str((int(number[17]) + 1) % 10 if number[17] != "X" else 0)
    bad_date = with_check("990101" + "20121301" + "001")  # month 13 is no birth date
    for text in (wrong_check, bad_date, "0418-1234567 0418-7654321 0418-1234567"):
        assert found("case", case_with(f"编号 {text}")) == [], text


@pytest.mark.parametrize(
    "mobile",
    [
        "１３８１２３４５６７８",
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "１３８－１２３４－５６７８",
    ],
)
def test_a_mobile_number_is_found_in_full_width_digits_too(mobile):
    problems = found("case", case_with(f"咨询请拨 {mobile}。"))
    assert len(problems) == 1
    assert problems[0].startswith("stories/cases/test-x.yml:2: summary: 含有手机号码")


def test_a_number_in_a_block_body_is_reported_at_its_own_line():
    body = f"第一段。\n\n第二段。\n联系人身份证 {make_id()}，电话 13812345678。"
    problems = found("case", case_with(body=body))
    # body: is line 5, its text starts on line 6, the numbers are on its fourth line
    assert [p.split(": ")[0] for p in problems] == ["stories/cases/test-x.yml:9"] * 2
    assert "身份证" in problems[0] and "手机号码" in problems[1]


# -- a unit's public phone ---------------------------------------------------------------


def site_with_phone(phone: str) -> str:
    return (HERE / "phone-site.yml").read_text("utf-8").replace("PHONE", phone)


@pytest.mark.parametrize("phone", ["13812345678", "１３８ １２３４ ５６７８", "+86 138-1234-5678"])
def test_a_mobile_as_a_sites_public_phone_is_a_warning(phone):
    problems = privacy.check(entry("site", site_with_phone(phone)))
    assert len(problems) == 1
    (problem,) = problems
    assert problem.warning
    assert (problem.line, problem.field) == (6, "visiting.phone")
    assert "手机号码" in problem.message and "单位对外电话" in problem.message
    assert str(problem).startswith("stories/sites/test-x.yml:6: visiting.phone: 提醒：")


@pytest.mark.parametrize(
    "phone",
    [
        "0418-1234567",
        "(029)12345678",
        "（029）12345678",
        "400-123-4567",
        "800-123-4567",
        "95105",
        "12345",
        "029-12345678 转 123",
    ],
)
def test_unit_phone_numbers_pass(phone):
    assert privacy.check(entry("site", site_with_phone(phone))) == []


def test_an_id_number_in_the_public_phone_is_still_an_error():
    problems = privacy.check(entry("site", site_with_phone(make_id())))
    assert [(p.field, p.warning) for p in problems] == [("visiting.phone", False)]


def test_a_public_mobile_warns_without_stopping_the_build(project: Path):
    dest = project / "stories/sites/test-mobile-phone.yml"
    dest.write_text(site_with_phone("13812345678"), "utf-8")
    problems = [p for p in problems_of(project) if p.path.endswith("test-mobile-phone.yml")]
    assert len(problems) == 1 and problems[0].warning
    assert errors(problems_of(project)) == []


# -- minors ------------------------------------------------------------------------------


def test_a_child_by_birth_year_needs_minor_and_consent():
    problems = privacy.check(
        entry("person", (HERE / "minor-person.yml").read_text("utf-8")), year=YEAR
    )
    assert len(problems) == 1
    (problem,) = problems
    assert not problem.warning
    assert (problem.line, problem.field) == (3, "born")
    assert "minor: true" in problem.message and "consent" in problem.message
    assert "未满 18 周岁" in problem.message


def test_the_years_age_is_counted_from_today_unless_a_test_says():
    born = dt.date.today().year - 10
    text = f"name: 某某（示例）\nsummary: 示例。\nborn: {born}\n"
    assert [p.field for p in privacy.check(entry("person", text))] == ["born"]


@pytest.mark.parametrize(
    ("born", "minor", "expected"),
    [
        (2012, "minor: true\nconsent: 监护人书面同意，原件存于示例学校\n", []),
        (2012, "minor: true\n", [("consent", 4, False)]),  # the old rule, at the minor line
        (2007, "", [("born", 3, True)]),  # 18 this year: maybe not yet
        (2006, "", []),
        (1950, "", []),
        (2030, "", [("born", 3, False)]),
    ],
)
def test_birth_years_against_this_year(born, minor, expected):
    text = f"name: 某某（示例）\nsummary: 示例。\nborn: {born}\n{minor}"
    problems = privacy.check(entry("person", text), year=YEAR)
    assert [(p.field, p.line, p.warning) for p in problems] == expected


def test_a_child_without_minor_stops_the_build(project: Path):
    shutil.copy(HERE / "minor-person.yml", project / "stories/people/test-child.yml")
    (problem,) = [p for p in problems_of(project) if p.path.endswith("test-child.yml")]
    assert problem.field == "born" and not problem.warning


# -- markup the sanitiser removes --------------------------------------------------------


def test_markup_that_will_not_be_published_is_named_at_its_line():
    problems = found("case", (HERE / "markup-case.yml").read_text("utf-8"))
    where = [(int(p.split(":")[1]), p.split(": ")[1]) for p in problems]
    assert where == [
        (8, "body"),  # iframe
        (10, "body"),  # script
        (12, "body"),  # onclick
        (14, "body"),  # javascript: link
        (16, "body"),  # object
        (16, "body"),  # embed
        (18, "body"),  # form
        (18, "body"),  # input
        (20, "body"),  # style
        (25, "practices[0].body"),
    ]
    text = "\n".join(problems)
    assert (
        "stories/cases/test-x.yml:8: body: 提醒：正文里的 <iframe> 不会发布（正文只保留文字、链接和简单排版）；"
        "如需嵌入视频或网页，请改为链接" in text
    )
    for fragment in (
        "<script>",
        "onclick",
        '"javascript:void(0)"',
        "<object>",
        "<embed>",
        "<form>",
        "<input>",
        "<style>",
    ):
        assert fragment in text, fragment


def test_markup_warnings_do_not_stop_the_build(project: Path):
    shutil.copy(HERE / "markup-case.yml", project / "stories/cases/test-markup.yml")
    mine = [p for p in problems_of(project) if p.path.endswith("test-markup.yml")]
    assert len(mine) == 10 and all(p.warning for p in mine)
    assert errors(problems_of(project)) == []


def test_ordinary_markdown_gets_no_warning():
    assert found("case", (HERE / "plain-markdown-case.yml").read_text("utf-8")) == []


@pytest.mark.parametrize(
    ("markdown", "fragment"),
    [
        ("# 大标题\n\n正文。", "一级标题"),
        ("正文。\n\n![示例](photo.jpg)", "images"),
        ('<span style="color:red">红字</span>', "其中的文字照常发布"),
        ('<p style="color:red">红字</p>', "style 属性"),
        ("<示例@example.org>", '"mailto:'),
        ("3. 第三条\n4. 第四条", "从 3 开始"),
        ('<video src="https://example.org/v.mp4"></video>', "请改为链接"),
        ('<embed src="demo.swf">后面的文字照常发布', "<embed> 不会发布"),
    ],
)
def test_other_removed_markup_is_explained(markdown, fragment):
    (removal,) = removals(markdown)
    assert fragment in removal.message


SNIPPETS = [
    "**加粗** *斜体*",
    "[链接](https://example.org/) [站内](../x/)",
    '<abbr title="示例">示</abbr>',
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "`<iframe>`",
    '<a href="https://example.org/" target="_blank">新窗口</a>',
    '<iframe src="https://example.org/"></iframe>',
    "<script>x()</script>",
    '<img src="a.jpg" onerror="x()">',
    "[x](javascript:x())",
    '<a href="java&#x09;script:x()">x</a>',
    "<div>块</div>",
    "<u>下划线</u>",
]


@pytest.mark.parametrize("markdown", SNIPPETS)
def test_a_warning_exactly_when_the_sanitiser_changes_something(markdown):
    # the sanitiser only adds rel="…" to links; anything else it changes is a loss
    clean = re.sub(r' rel="noopener noreferrer"', "", str(md(markdown)))
    changed = re.sub(r"\s+", "", clean) != re.sub(r"\s+", "", markdown_html(markdown))
    assert bool(removals(markdown)) == changed, (markdown_html(markdown), clean)


def test_markdown_fields_are_read_from_the_models():
    assert privacy.markdown_fields(KINDS["case"]) == {
        ("body",),
        ("practices", "body"),
        ("outcomes", "body"),
    }
    assert privacy.markdown_fields(KINDS["person"]) == {("body",)}


# -- titles and names --------------------------------------------------------------------


def validation_problems(kind: str, text: str) -> list[str]:
    model = KINDS[kind]
    rel = f"stories/{model.folder}/test-x.yml"
    got = validate(model, parse(text, rel), rel, "test-x")
    return [] if not isinstance(got, list) else [str(p) for p in got]


def test_a_200_character_title_is_refused_with_the_limit():
    text = case_with().replace("title: 示例", "title: " + "示" * 200)
    assert validation_problems("case", text) == [
        "stories/cases/test-x.yml:1: title: 太长：最多 60 字，现有 200 字；请删减"
    ]
    assert (
        validation_problems("case", case_with().replace("title: 示例", "title: " + "示" * 60)) == []
    )


def test_a_persons_name_is_at_most_30_characters():
    text = "name: {}\nsummary: 示例。\n"
    assert validation_problems("person", text.format("某" * 30)) == []
    assert validation_problems("person", text.format("某" * 31)) == [
        "stories/people/test-x.yml:1: name: 太长：最多 30 字，现有 31 字；请删减"
    ]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kinds_display_title_has_a_maximum(kind):
    model = KINDS[kind]
    info = model.model_fields[model.title_field]
    limits = [m.max_length for m in info.metadata if hasattr(m, "max_length")]
    assert limits and limits[0] in (30, 60)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>![]()#=*_-.:1234 \n\t文字ajs/\"'", max_size=60))
def test_the_quick_skip_never_hides_dropped_markup(text):
    from storykit.records import published

    assert published.removals(text) == published._removals(text)
