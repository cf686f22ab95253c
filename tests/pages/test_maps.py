"""Red sites on a map: coordinate conversions, map.json, the province/city list and the
direction links to phones' map apps."""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from helpers import page

from storykit.pages import maps
from storykit.pages.listings import index_page
from storykit.pages.queries import Queries
from storykit.records import catalog, geo
from storykit.records.settings import MapSettings, Settings
from storykit.render.templates import Templates

# Published pairs: the example values of the coordtransform library's documentation.
WGS_TO_GCJ = [((116.404, 39.915), (116.41024449916938, 39.91640428150164))]
GCJ_TO_BD = [((116.404, 39.915), (116.41036949371029, 39.92133699351021))]
BD_TO_GCJ = [((116.404, 39.915), (116.39762729119315, 39.908656839083866))]


@pytest.mark.parametrize(("wgs", "gcj"), WGS_TO_GCJ)
def test_wgs84_to_gcj02_matches_a_known_pair(wgs, gcj):
    assert geo.distance_m(geo.wgs84_to_gcj02(*wgs), gcj) < 0.5
    assert geo.distance_m(geo.to_wgs84(*gcj, "GCJ02"), wgs) < 0.5


@pytest.mark.parametrize(("gcj", "bd"), GCJ_TO_BD)
def test_gcj02_to_bd09_matches_a_known_pair(gcj, bd):
    assert geo.distance_m(geo.gcj02_to_bd09(*gcj), bd) < 1
    assert geo.distance_m(geo.bd09_to_gcj02(*bd), gcj) < 1


@pytest.mark.parametrize(("bd", "gcj"), BD_TO_GCJ)
def test_bd09_to_gcj02_matches_a_known_pair(bd, gcj):
    assert geo.distance_m(geo.bd09_to_gcj02(*bd), gcj) < 1


def test_the_offsets_are_the_size_every_map_user_knows():
    # GCJ-02 moves a point in Beijing by some hundreds of metres; WGS84 stays as given
    wgs = (116.404, 39.915)
    assert 300 < geo.distance_m(wgs, geo.wgs84_to_gcj02(*wgs)) < 700
    assert geo.to_wgs84(*wgs, "WGS84") == wgs


def test_round_trips_across_china_stay_within_5_m():
    rng = random.Random(19)
    for _ in range(2000):
        wgs = (rng.uniform(74, 134), rng.uniform(18.2, 53.5))
        gcj = geo.wgs84_to_gcj02(*wgs)
        bd = geo.gcj02_to_bd09(*gcj)
        assert geo.distance_m(geo.to_wgs84(*gcj, "GCJ02"), wgs) < 5
        assert geo.distance_m(geo.to_wgs84(*bd, "BD09"), wgs) < 5


def test_outside_china_nothing_is_shifted():
    assert geo.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)


def test_direction_links_use_each_apps_coordinates_and_escape_the_name():
    wgs = (116.404, 39.915)
    name = "旧址 & <纪念馆>?#"
    amap = urlsplit(geo.amap_url(*wgs, name))
    assert (amap.scheme, amap.netloc, amap.path) == ("https", "uri.amap.com", "/marker")
    q = parse_qs(amap.query)
    assert q["name"] == [name] and q["coordinate"] == ["gaode"]
    lng, lat = map(float, q["position"][0].split(","))
    assert geo.distance_m((lng, lat), geo.wgs84_to_gcj02(*wgs)) < 0.5
    baidu = urlsplit(geo.baidu_url(*wgs, name, "某路 1 号"))
    assert (baidu.netloc, baidu.path) == ("api.map.baidu.com", "/marker")
    q = parse_qs(baidu.query)
    assert q["title"] == [name] and q["content"] == ["某路 1 号"]
    assert q["coord_type"] == ["bd09ll"] and q["output"] == ["html"]
    lat, lng = map(float, q["location"][0].split(","))  # Baidu puts latitude first
    assert geo.distance_m((lng, lat), geo.gcj02_to_bd09(*geo.wgs84_to_gcj02(*wgs))) < 0.5


def test_map_json_of_the_fixture_site_in_wgs84(published):
    data = json.loads((published / "sites" / "map.json").read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    assert set(by_id) == {"test-site", "test-site-2"}
    given = by_id["test-site-2"]  # given in WGS84: unchanged
    assert given["geometry"] == {"type": "Point", "coordinates": [109.4897, 36.5853]}
    assert given["properties"] | {"eras": None} == {
        "id": "test-site-2",
        "name": "测试旧址",
        "kind": "旧址",
        "eras": None,
        "protection": "",
        "region": "陕西省/延安市/宝塔区",
        "url": "sites/test-site-2/",
    }
    assert given["properties"]["eras"] == ["土地革命战争时期", "抗日战争时期"]
    baidu = by_id["test-site"]  # given in BD09: about a kilometre moved back
    point = baidu["geometry"]["coordinates"]
    bd = geo.gcj02_to_bd09(*geo.wgs84_to_gcj02(*point))
    assert geo.distance_m(bd, (122.5363, 42.2223)) < 5
    assert geo.distance_m(point, (122.5363, 42.2223)) > 500


def test_site_page_links_to_amap_and_baidu_and_no_map_without_a_key(published):
    html = page(published, "sites/test-site-2")
    assert "在高德地图中打开" in html and "在百度地图中打开" in html
    assert "https://uri.amap.com/marker?position=" in html
    assert "https://api.map.baidu.com/marker?location=" in html
    assert "leaflet" not in html.lower() and "tianditu.gov.cn/" not in html.replace(
        "https://www.tianditu.gov.cn/", ""
    )
    listing = page(published, "sites")
    assert "leaflet" not in listing.lower() and "data-sk-map" not in listing


def test_sites_index_lists_every_site_by_province_and_city(published):
    html = page(published, "sites")
    region_list = html[html.index("按省、市查看全部遗址") :]
    for heading in ("<h2>辽宁省</h2>", "<h3>阜新市</h3>", "<h2>陕西省</h2>", "<h3>延安市</h3>"):
        assert heading in region_list
    assert region_list.index("测试纪念馆") < region_list.index("<h2>陕西省</h2>")


# -- a synthetic corpus of 1,000 sites ------------------------------------------------------
CITIES = [
    ("辽宁省/阜新市/彰武县", 122.54, 42.38),
    ("陕西省/延安市/宝塔区", 109.49, 36.59),
    ("江西省/赣州市/瑞金市", 116.03, 25.89),
    ("河北省/保定市/阜平县", 114.2, 38.85),
    ("贵州省/铜仁市/沿河土家族自治县", 108.5, 28.56),
]


@pytest.fixture(scope="module")
def thousand(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("thousand")
    folder = root / "stories" / "sites"
    folder.mkdir(parents=True)
    rng = random.Random(1000)
    for i in range(1000):
        region, lng, lat = CITIES[i % len(CITIES)]
        record = {
            "name": f"遗址{i:04d}号",
            "summary": "用于测量的虚构遗址。",
            "region": region,
            "kind": "旧址",
            "eras": ["抗日战争时期"],
        }
        if i % 10:  # one in ten has no location
            crs = ("WGS84", "GCJ02", "BD09")[i % 3]
            record["location"] = {
                "lat": round(lat + rng.uniform(-0.3, 0.3), 5),
                "lng": round(lng + rng.uniform(-0.3, 0.3), 5),
                "crs": crs,
            }
        (folder / f"site-{i:04d}.yml").write_text(
            yaml.safe_dump(record, allow_unicode=True), "utf-8"
        )
    return root


def test_map_json_of_1000_sites(thousand):
    site = Queries(catalog.build(thousand, drafts=False))
    data = json.loads(maps.map_json(site))
    assert len(data["features"]) == 900
    for f in data["features"]:
        lng, lat = f["geometry"]["coordinates"]
        assert 107 < lng < 124 and 25 < lat < 43
        assert f["properties"]["url"] == f"sites/{f['properties']['id']}/"


def test_sites_index_of_1000_sites_stays_small_with_a_map(thousand):
    settings = Settings(map=MapSettings(tianditu_key="test"))
    site = Queries(catalog.build(thousand, drafts=False), settings)
    html = str(Templates().render_page(index_page(site, "site", 1)))
    region_list = html[
        html.index('<details class="sk-sites-by-region">') : html.index("</details>")
    ]
    assert region_list.count("<li><a href=") == 1000  # every site in the list
    assert "data-sk-map=" in html and "遗址0001号" in html
    assert '"coordinates"' not in html  # markers come from map.json
    assert len(html.encode()) < 150_000  # the Material shell adds about 30 KB
