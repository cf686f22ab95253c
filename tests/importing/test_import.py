"""`storykit import`: articles in the formats volunteers have become draft records that pass
`storykit check`, with what the article says and nothing else."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT, SHARED, problems_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storykit.cli.main import main
from storykit.importing import import_file, import_paths
from storykit.importing.link import guess_region
from storykit.importing.numerals import find_numbers
from storykit.importing.read import read
from storykit.importing.structure import analyse
from storykit.records.catalog import build

SEEDS = SHARED / "seeds"
HERE = FIXTURES / "import"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside the project"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project whose catalog knows the organisations the reports are about."""
    dest = tmp_path / "project"
    shutil.copytree(HERE / "project", dest)
    return dest


def records(root: Path, folder: str) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((root / "stories" / folder).glob("*.yml"))
    }


def only_case(root: Path) -> dict:
    (case,) = records(root, "cases").values()
    return case


def has_figure(record: dict, value, unit: str, approx: str | None = None) -> bool:
    return any(
        f["value"] == value and f["unit"] == unit and f.get("approx") == approx
        for f in record.get("figures", [])
    )


def assert_check_passes(root: Path) -> None:
    problems = [p for p in problems_of(root) if not p.warning]
    assert problems == []


# -- the five reports -------------------------------------------------------------------------
SEED_EXPECTED = {
    # seed file prefix: title, date, org, region, practices, outcomes, figures
    "000": (
        "老帮青、助发展、促振兴",
        None,
        "liaoning-ggw",
        "辽宁省",
        3,
        1,
        [(3500, "亩", None), (5450, "人", None), (2800, "名", None)],
    ),
    "001": (
        None,  # the report has no title of its own
        None,
        "longjiang-ggw",
        "黑龙江省/齐齐哈尔市/龙江县",
        8,
        0,
        [(2113, "人", None), (297, "个", None), (1230, "万元", "余"), (49, "家", None)],
    ),
    "002": (
        "沿河：“四部曲”扎实推进老干部工作高质量发展",
        "2022-02-17",
        "yanhe-lgbj",
        "贵州省/铜仁市/沿河土家族自治县",
        4,
        0,
        [(5100, "人", "余"), (742, "个", None), (12, "场次", None)],
    ),
    "003": (
        "巩固老区扶贫成果 转变思想观念 为老区乡村振兴作出新贡献",
        "2021-12-02",
        "huhehaote-lcc",
        "内蒙古自治区/呼和浩特市",
        6,
        0,
        [(536, "个", None), (905, "名", None)],
    ),
    "004": (
        "陕西延安：不断加强自身建设 努力提升为老区发展服务能力",
        "2024-12-02",
        "yanan-lcc",
        "陕西省/延安市",
        4,
        0,
        [(1200, "人", "余"), (85, "个", None), (308, "份", None)],
    ),
}


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_each_report_becomes_a_case_with_what_it_says(project: Path, prefix: str):
    title, date, org, region, practices, outcomes, figures = SEED_EXPECTED[prefix]
    (result,) = import_paths(project, [seed(prefix)])
    assert result.error is None and result.kind == "case"
    case = only_case(project)
    if title:
        assert case["title"] == title
    else:  # taken from the first sentence, and the volunteer is told so
        assert case["title"].startswith("几年来，龙江县关工委")
        assert any("原文没有标题" in c for c in result.checks)
    if date:
        assert case["date"] == date
    else:
        assert any("原文没有注明日期" in c for c in result.checks)
    assert case["org"] == org
    assert case["region"] == region
    assert len(case["practices"]) == practices
    assert len(case.get("outcomes", [])) == outcomes
    for value, unit, approx in figures:
        assert has_figure(case, value, unit, approx), (value, unit, case["figures"])
    assert all(f["note"] == "自动提取，请核对" for f in case["figures"])
    assert 1 <= len(case["figures"]) <= 12
    assert case["draft"] is True
    assert len(case["summary"]) <= 300
    assert_check_passes(project)


@needs_seeds
def test_bylines_and_furniture_of_saved_pages(project: Path):
    import_paths(project, [seed("002"), seed("003"), seed("004")])
    cases = {c["org"]: c for c in records(project, "cases").values()}
    yanhe, huhehaote, yanan = cases["yanhe-lgbj"], cases["huhehaote-lcc"], cases["yanan-lcc"]
    assert yanhe["sources"] == [
        {"title": yanhe["title"], "publisher": "铜仁网", "date": "2022-02-17"}
    ]
    assert yanhe["editor"] == "陈虹"
    assert yanhe["author"] == "蔡青"  # the writer's name in brackets at the end
    assert huhehaote["author"] == "呼和浩特市老区建设促进会"
    assert "sources" not in huhehaote  # 浏览量 and an empty field say nothing
    assert yanan["editor"] == "李韵"
    text = "\n".join(p.read_text("utf-8") for p in (project / "stories/cases").glob("*.yml"))
    fields_text = re.sub(r"(?m)^#.*$", "", text)  # comments may quote what was removed
    for furniture in (
        "浏览量",
        "打印",
        "首页",
        "扫码分享",
        "www.",
        "投稿：",
        "相关新闻",
        "返回顶部",
        "Copyright",
    ):
        assert furniture not in fields_text, furniture


@needs_seeds
def test_traditional_text_with_pinyin_glosses_becomes_clean_simplified(project: Path):
    import_paths(project, [seed("000"), seed("002")])
    for path in (project / "stories/cases").glob("*.yml"):
        text = re.sub(r"(?m)^#.*$", "", path.read_text("utf-8"))
        assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]", text), path
        assert not set("發關導區縣黨與們") & set(text), path
        assert "关工委" in text


@needs_seeds
def test_every_figure_is_written_in_its_source(project: Path):
    sources = sorted(SEEDS.glob("*.txt")) + [HERE / "wechat.html"]
    for source in sources:
        text = analyse(read(source)).text
        result = import_file(project, source, "auto", build(project, drafts=True), {})
        data = yaml.safe_load(result.written[-1].read_text("utf-8"))
        for figure in data.get("figures", []):
            value = figure["value"]
            number = str(int(value)) if float(value).is_integer() else str(value)
            written = re.search(
                rf"(?<!\d){re.escape(number)}\s?(?:余|多)?\s?{figure['unit']}", text
            ) or any(  # or in Chinese numerals: 近百场次, 六万份
                (f.value, f.unit) == (value, figure["unit"]) for f in find_numbers(text)
            )
            assert written, (source.name, figure)
            if figure.get("approx") in ("余", "多"):
                assert f"{number}{figure['approx']}" in text.replace(" ", ""), figure


@needs_seeds
def test_cli_imports_the_reports_into_a_copy_of_the_project(tmp_path: Path, capsys):
    dest = tmp_path / "sample"
    shutil.copytree(ROOT / "stories", dest / "stories")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if main(["check", str(dest)]) != 0:
        pytest.skip("the sample project does not pass check as it is")
    before = set((dest / "stories").rglob("*.yml"))
    capsys.readouterr()
    code = main(["import", "--dir", str(dest), *map(str, sorted(SEEDS.glob("*.txt")))])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    written = set((dest / "stories").rglob("*.yml")) - before
    assert len([p for p in written if p.parent.name == "cases"]) == 5
    assert all(yaml.safe_load(p.read_text("utf-8"))["draft"] is True for p in written)
    assert out.out.count("已写入 stories/cases/") == 5
    assert "请核对" in out.out or "  - " in out.out
    assert main(["check", str(dest)]) == 0


# -- formats ----------------------------------------------------------------------------------
def test_wechat_article_saved_from_the_browser(project: Path):
    (result,) = import_paths(project, [HERE / "wechat.html"])
    assert result.error is None
    case = only_case(project)
    assert case["title"] == "彰武县关工委：村屯读书点办到家门口"
    assert case["date"] == "2021-01-29"
    assert case["sources"][0]["publisher"] == "测试公众号"
    assert case["author"] == "测试作者"
    assert [p["title"] for p in case["practices"]] == ["建起读书点", "办好读书会"]
    assert [o["title"] for o in case["outcomes"]] == ["取得的成效"]
    assert has_figure(case, 36, "个") and has_figure(case, 1200, "人", "余")
    assert has_figure(case, 120, "场次", "余") and has_figure(case, 5000, "册")
    text = yaml.safe_dump(case, allow_unicode=True)
    for left_out in ("{{", "read_count", "点赞", "分享到朋友圈", "脚本", "当前位置", "發", "(fā)"):
        assert left_out not in text, left_out
    assert "推动读书活动发展" in case["body"]
    # the catalog has no 彰武县关工委: a draft org is written from the name the article uses
    org = records(project, "orgs")["zhang-wu-xian-guan-xin-xia-yi-dai-gong-zuo-wei-yuan-hui"]
    assert org["name"] == "彰武县关心下一代工作委员会" and org["draft"] is True
    assert (org["type"], org["level"], org["region"]) == ("关工委", "县", "辽宁省/阜新市/彰武县")
    assert case["org"] == "zhang-wu-xian-guan-xin-xia-yi-dai-gong-zuo-wei-yuan-hui"
    assert_check_passes(project)


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("龙江县关工委开展“五老”进校园活动", level=0)
    document.add_paragraph("发布日期：2019年07月16日  来源：测试来源  作者：测试记者")
    document.add_paragraph("今年以来，龙江县关工委组织“五老”走进校园，为青少年讲述身边的故事。")
    document.add_heading("一、主要做法", level=1)
    document.add_heading("（一）组建宣讲队伍", level=2)
    document.add_paragraph("县关工委遴选了45名“五老”组成宣讲团，分赴各乡镇学校。")
    document.add_heading("（二）办好专题讲座", level=2)
    document.add_paragraph("全年举办专题讲座60余场，听讲学生近万人。")
    document.add_heading("二、工作成效", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("项目", "数量"), ("讲座", "60余场"), ("宣讲员", "45名")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = cells
    document.add_paragraph("活动受到学校和家长的欢迎。")
    document.save(str(path))
    return path


def test_word_file_with_headings_and_a_table(project: Path, tmp_path: Path):
    source = make_docx(tmp_path / "讲座.docx")
    (result,) = import_paths(project, [source])
    assert result.error is None and result.kind == "case"
    case = only_case(project)
    assert case["title"] == "龙江县关工委开展“五老”进校园活动"
    assert case["date"] == "2019-07-16"
    assert case["org"] == "longjiang-ggw"
    assert case["author"] == "测试记者"
    assert case["sources"][0]["publisher"] == "测试来源"
    assert [p["title"] for p in case["practices"]] == ["组建宣讲队伍", "办好专题讲座"]
    assert [o["title"] for o in case["outcomes"]] == ["工作成效"]
    assert "| 讲座 | 60余场 |" in case["outcomes"][0]["body"]  # the table stays a table
    assert has_figure(case, 45, "名") and has_figure(case, 60, "场", "余")
    assert_check_passes(project)


def test_markdown_and_gbk_text(project: Path, tmp_path: Path):
    md = tmp_path / "a.md"
    md.write_text(
        "# 龙江县关工委举办家长学校\n\n日期：2021/1/29\n\n龙江县关工委在各乡镇办起家长学校，"
        "请老教师为家长讲课，帮助家长关爱孩子成长。\n\n## 成效\n\n共有家长800多人参加。\n",
        "utf-8",
    )
    gbk = tmp_path / "b.txt"
    gbk.write_bytes(
        "龙江县关工委走访留守儿童\n\n2020年5月8日\n\n县关工委组织五老走访留守儿童，"
        "为他们送去学习用品，共走访了150名孩子。\n".encode("gbk")
    )
    results = import_paths(project, [md, gbk])
    assert [r.error for r in results] == [None, None]
    cases = {c["title"]: c for c in records(project, "cases").values()}
    school = cases["龙江县关工委举办家长学校"]
    assert school["date"] == "2021-01-29"
    assert school["outcomes"] == [{"title": "成效", "body": "共有家长800多人参加。"}]
    assert has_figure(school, 800, "人", "多")
    assert cases["龙江县关工委走访留守儿童"]["date"] == "2020-05-08"
    assert_check_passes(project)


# -- refusals, exit codes, never overwriting --------------------------------------------------
def test_files_that_are_not_articles_exit_1_with_the_reason(project: Path, tmp_path: Path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    binary = tmp_path / "garbled.txt"
    binary.write_bytes(bytes(range(0x80, 0x100)) * 8)
    short = tmp_path / "short.html"
    short.write_text("<html><body><p>首页</p></body></html>", "utf-8")
    good = HERE / "wechat.html"
    code = main(["import", "--dir", str(project), str(empty), str(binary), str(short), str(good)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{empty}: 文件是空的" in out
    assert f"{binary}: 无法识别文件的编码" in out
    assert f"{short}: " in out and "不像一篇文章" in out
    assert "已写入 stories/cases/" in out  # the good one is still imported
    assert "Traceback" not in out


def test_usage_errors_exit_2(project: Path, capsys):
    assert main(["import", "--dir", str(project), "--kind", "poem", str(HERE / "wechat.html")]) == 2
    assert main(["import", "--dir", str(project)]) == 2
    assert main(["import", "--dir", str(project / "nowhere"), str(HERE / "wechat.html")]) == 2
    assert "错误" in capsys.readouterr().err


def test_never_overwrites_an_existing_file(project: Path):
    taken = (
        project / "stories/cases/zhang-wu-xian-guan-gong-wei-cun-tun-du-shu-dian-ban-dao-jia.yml"
    )
    taken.parent.mkdir(parents=True, exist_ok=True)
    taken.write_text("# 志愿者自己写的文件\n", "utf-8")
    (result,) = import_paths(project, [HERE / "wechat.html"])
    assert taken.read_text("utf-8") == "# 志愿者自己写的文件\n"
    assert result.written[-1].name == taken.stem + "-2.yml"
    (again,) = import_paths(project, [HERE / "wechat.html"])  # the org draft is there now
    assert again.written[-1].name == taken.stem + "-3.yml"
    assert any("可能是重复导入" in c for c in again.checks)
    assert len(list((project / "stories/orgs").glob("zhang-wu*.yml"))) == 1


def test_folder_import_and_explicit_kind(project: Path, tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(HERE / "wechat.html", folder / "a.html")
    (folder / "notes.jpg").write_bytes(b"not an article")
    (result,) = import_paths(project, [folder], kind="org")
    assert result.error is None and result.kind == "org"
    org = records(project, "orgs")["zhang-wu-xian-guan-xin-xia-yi-dai-gong-zuo-wei-yuan-hui"]
    assert org["figures"] and org["region"] == "辽宁省/阜新市/彰武县"
    assert_check_passes(project)


def test_honours_list_becomes_an_honor_record(project: Path, tmp_path: Path):
    from storykit.records.models import KINDS

    source = tmp_path / "list.txt"
    source.write_text(
        "龙江县关心下一代工作先进个人和先进集体表彰名单\n\n发布时间：2022-06-01\n\n"
        "一、先进集体\n\n龙江县关心下一代工作委员会\n测试第一小学\n\n"
        "二、先进个人\n\n林书艳 测试单位\n王测试（测试第一小学）\n",
        "utf-8",
    )
    (result,) = import_paths(project, [source])
    if "honor" not in KINDS:
        assert result.kind == "case" or result.error
        return
    assert result.error is None and result.kind == "honor"
    (honor,) = records(project, "honors").values()
    groups = {g["title"]: g["members"] for g in honor["recipients"]}
    assert groups["先进集体"] == [{"org": "longjiang-ggw"}, {"name": "测试第一小学"}]
    assert groups["先进个人"] == [
        {"person": "lin-shuyan"},
        {"name": "王测试", "org_name": "测试第一小学"},
    ]
    assert honor["date"] == "2022-06-01"
    assert_check_passes(project)


def test_numbers_that_must_not_be_published_are_removed(project: Path, tmp_path: Path):
    source = tmp_path / "phone.txt"
    source.write_text(
        "龙江县关工委开通帮扶热线\n\n龙江县关工委开通帮扶热线，联系人手机13912345678，"
        "已接到求助电话30余次。\n",
        "utf-8",
    )
    (result,) = import_paths(project, [source])
    text = result.written[-1].read_text("utf-8")
    assert "13912345678" not in text and "号码已删去" in text
    assert_check_passes(project)


# -- any input --------------------------------------------------------------------------------
LINES = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
        st.sampled_from(
            [
                "一、主要做法",
                "（一）做法",
                "二、工作成效",
                "发布时间：2019-07-08",
                "来源： 作者：",
                "龙江县关工委",
                "共有300余人",
                "發(fā)展",
                "{{ x }}",
                "1.",
                "第一条",
                "| a | b |",
            ]
        ),
    ),
    max_size=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=LINES, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_imports_without_a_traceback(project: Path, tmp_path_factory, lines, suffix):
    folder = tmp_path_factory.mktemp("any")
    source = folder / f"x{suffix}"
    source.write_text("\n".join(lines), "utf-8")
    cat = build(project, drafts=True)
    result = import_file(project, source, "auto", cat, {})
    assert result.error or result.written
    for path in result.written:
        assert path.read_text("utf-8")
    problems = [p for p in build(project, drafts=True).problems if not p.warning]
    assert problems == []


def test_help_is_in_chinese(capsys):
    assert main(["import", "-h"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：storykit import")
    assert "微信公众号文章" in out and "--kind" in out and "不会被覆盖" in out


def test_auto_kind_person_site_publication(project: Path):
    sources = [HERE / n for n in ("person.txt", "site.txt", "publication.txt")]
    results = import_paths(project, sources)
    assert [(r.kind, r.error) for r in results] == [
        ("person", None),
        ("site", None),
        ("publication", None),
    ]
    person = records(project, "people")["wang-ce-shi"]
    assert person["name"] == "王测试" and person["region"] == "黑龙江省/齐齐哈尔市/龙江县"
    site = next(iter(records(project, "sites").values()))
    assert site["region"] == "贵州省/铜仁市/沿河土家族自治县"
    assert site["eras"] == ["土地革命战争时期"] and site["address"] == "某镇某村"
    publication = next(iter(records(project, "publications").values()))
    assert (publication["title"], publication["kind"]) == ("测试老区", "期刊")
    assert not (project / "stories/cases").exists()
    assert_check_passes(project)


def test_portal_page_in_gbk_with_menus_and_an_empty_author(project: Path):
    (result,) = import_paths(project, [HERE / "portal.html"])
    assert result.error is None
    case = only_case(project)
    assert case["title"] == "龙江县关工委举办五老座谈会"  # not the site name nor the menu
    assert case["date"] == "2019-07-08"
    assert case["sources"][0]["publisher"] == "测试门户网站"
    assert "author" not in case  # 作者： with nothing after it
    assert case["body"].splitlines()[0].startswith("7月5日，龙江县关工委召开五老座谈会")
    for left_out in ("首页", "点击数", "hits", "打印", "分享", "版权所有", "机构概况"):
        assert left_out not in yaml.safe_dump(case, allow_unicode=True), left_out
    assert has_figure(case, 12, "名")
    assert_check_passes(project)


def test_a_county_named_once_in_a_city_report_does_not_become_its_region():
    text = (
        "呼和浩特市老促会今年组织调研。呼和浩特市各旗县区老区村都参加了。"
        "其中武川县的妇女骨干也来了培训班。呼和浩特市累计投入资金。"
    )
    assert guess_region("呼和浩特市老促会的一年", text).path == "内蒙古自治区/呼和浩特市"
    many = "龙江县关工委组织五老。龙江县各乡镇都有关工委。龙江县的五老队伍不断壮大。"
    assert guess_region("", many).path == "黑龙江省/齐齐哈尔市/龙江县"
