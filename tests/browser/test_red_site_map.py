"""The red-site map in Chromium: with a 天地图 key (tiles answered by a local blank tile, since
no tile host is reachable here) and without one (no map code, nothing from other hosts)."""

from __future__ import annotations

import io
import json
import re
import shutil
from urllib.parse import urlsplit

import pytest
from helpers import FIXTURES, NODE, assemble, axe_violations, mkdocs
from PIL import Image

TILES = re.compile(r"^https://t[0-7]\.tianditu\.gov\.cn/(vec|cva)_w/wmts\?")
NEARBY = 30  # sites a few kilometres apart around the fixture's site in 延安, to be clustered


@pytest.fixture(scope="module")
def keyed(tmp_path_factory, serve_dir) -> str:
    """The linked fixture with a test key and a cluster of nearby sites, built and served."""
    stories = tmp_path_factory.mktemp("map-stories") / "stories"
    shutil.copytree(FIXTURES / "linked" / "stories", stories)
    for i in range(NEARBY):
        lng, lat = 109.40 + (i % 6) * 0.03, 36.55 + (i // 6) * 0.02
        (stories / "sites" / f"nearby-{i:02d}.yml").write_text(
            f"name: 附近遗址{i:02d}\nsummary: 用于测试地图聚合的遗址。\nregion: 陕西省/延安市/宝塔区\n"
            f"kind: 纪念碑\nlocation: {{lat: {lat:.4f}, lng: {lng:.4f}, crs: WGS84}}\n",
            "utf-8",
        )
    project = assemble(
        tmp_path_factory.mktemp("map") / "p",
        stories,
        "\nextra: {generator: false, map: {tianditu_key: test, review_number: 测试审图号}}\n",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return serve_dir(project / "site")


def _blank_tile() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), "#f4f1ea").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def mapped(browser):
    """A phone whose tile requests get a local blank tile; it records every other host asked."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    tile = _blank_tile()
    context.route(TILES, lambda route: route.fulfill(body=tile, content_type="image/png"))
    pg = context.new_page()
    pg.hosts, pg.errors, pg.tiles = set(), [], []

    def seen(request):
        if request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            return
        pg.hosts.add(urlsplit(request.url).netloc)
        if TILES.match(request.url):
            pg.tiles.append(request.url)

    pg.on("request", seen)
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _ready(pg) -> None:
    pg.wait_for_selector("[data-sk-ready]")
    pg.wait_for_selector(".leaflet-marker-icon")


def test_sites_map_shows_clustered_markers_and_only_tiles_come_from_elsewhere(mapped, keyed):
    mapped.goto(keyed + "sites/")
    _ready(mapped)
    assert mapped.locator(".marker-cluster").count() >= 1  # the 延安 group is one cluster
    singles = mapped.locator(".leaflet-marker-icon:not(.marker-cluster)")
    assert singles.count() >= 1  # 彰武 stands alone
    assert mapped.get_attribute("[data-sk-ready]", "data-sk-ready") == str(NEARBY + 2)
    mapped.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
    assert mapped.tiles, "no tile was asked for"
    assert {"vec_w", "cva_w"} <= {urlsplit(u).path.strip("/").split("/")[0] for u in mapped.tiles}
    assert all("tk=test" in u for u in mapped.tiles)
    assert mapped.hosts and all(re.fullmatch(r"t[0-7]\.tianditu\.gov\.cn", h) for h in mapped.hosts)
    credit = mapped.locator(".sk-map__credit")
    assert credit.is_visible() and "天地图" in credit.inner_text()
    assert "测试审图号" in credit.inner_text()
    assert "天地图" in mapped.locator(".leaflet-control-attribution").inner_text()
    assert mapped.errors == []


def test_a_marker_opens_its_popup_from_the_keyboard(mapped, keyed):
    mapped.goto(keyed + "sites/")
    _ready(mapped)
    marker = mapped.locator(".leaflet-marker-icon:not(.marker-cluster)").first
    marker.focus()
    mapped.keyboard.press("Enter")
    popup = mapped.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "测试纪念馆" in popup.inner_text() and "纪念馆" in popup.inner_text()
    link = popup.locator("a")
    assert link.get_attribute("href").endswith("sites/test-site/")
    link.click()
    mapped.wait_for_url("**/sites/test-site/")


def test_clicking_a_cluster_zooms_into_its_sites(mapped, keyed):
    mapped.goto(keyed + "sites/")
    _ready(mapped)
    before = mapped.locator(".leaflet-marker-icon").count()
    mapped.locator(".marker-cluster").first.click()
    mapped.wait_for_function(f"document.querySelectorAll('.leaflet-marker-icon').length > {before}")


def test_site_page_map_is_centred_on_the_site_with_its_neighbours(mapped, keyed):
    mapped.goto(keyed + "sites/test-site-2/")
    _ready(mapped)
    view = mapped.locator(".sk-map__view").bounding_box()
    # the site's own marker (title = its name) is drawn inside the map, near the middle
    mapped.wait_for_selector('.leaflet-marker-icon[title="测试旧址"]')
    box = mapped.locator('.leaflet-marker-icon[title="测试旧址"]').bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"]
    assert abs(cx - (view["x"] + view["width"] / 2)) < view["width"] / 4
    assert abs(cy - (view["y"] + view["height"] / 2)) < view["height"] / 4
    assert mapped.locator(".leaflet-marker-icon").count() >= 3  # neighbours or clusters
    assert mapped.locator(".sk-directions a").count() == 2


def test_map_does_not_catch_a_scrolling_finger_until_tapped(browser, keyed):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="zh-CN"
    )
    context.route(TILES, lambda route: route.fulfill(body=_blank_tile(), content_type="image/png"))
    pg = context.new_page()
    try:
        pg.goto(keyed + "sites/")
        _ready(pg)
        action = pg.evaluate(
            "getComputedStyle(document.querySelector('.sk-map__view')).touchAction"
        )
        assert action in ("auto", "manipulation", "pan-x pan-y")  # the page scrolls over it
        activate = pg.locator(".sk-map__activate")
        assert activate.is_visible()
        activate.tap()
        assert not activate.is_visible()
        action = pg.evaluate(
            "getComputedStyle(document.querySelector('.sk-map__view')).touchAction"
        )
        assert action == "none"  # now the map takes the finger
    finally:
        context.close()


def test_elder_mode_map_controls_are_60_px(mapped, keyed):
    mapped.add_init_script("localStorage.setItem('sk-elder', '1')")
    mapped.goto(keyed + "sites/")
    _ready(mapped)
    for sel in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out"):
        box = mapped.locator(sel).bounding_box()
        assert box["width"] >= 60 and box["height"] >= 60, sel


def test_without_a_key_no_map_code_and_nothing_from_other_hosts(phone, site):
    for url in ("sites/", "sites/test-site/", "sites/test-site-2/"):
        phone.goto(site + url)
        phone.wait_for_load_state("networkidle")
        assert (
            phone.locator("[data-sk-map], script[src*=leaflet], link[href*=leaflet]").count() == 0
        )
        assert phone.evaluate("typeof window.L") == "undefined"
    assert phone.locator(".sk-directions a").count() == 2  # plain links, nothing loaded
    assert phone.errors == []


@pytest.mark.skipif(
    not (NODE / "axe-core").is_dir(), reason="npm test tools not installed (make install)"
)
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("keyed_site", [True, False], ids=["key", "no-key"])
def test_axe_on_map_pages(mapped, keyed, site, elder, keyed_site):
    if elder:
        mapped.add_init_script("localStorage.setItem('sk-elder', '1')")
    base = keyed if keyed_site else site
    problems = {}
    for url in ("sites/", "sites/test-site-2/"):
        mapped.goto(base + url)
        if keyed_site:
            _ready(mapped)
        result = axe_violations(mapped)
        if result:
            problems[url] = result
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
