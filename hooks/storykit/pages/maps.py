"""Records on a map (red sites): `/sites/map.json` (GeoJSON, WGS-84), the province/city list
that is the accessible alternative to the map, and the direction links of a record's page.
Which kinds are points, and which of their fields say where, is their layout's `map_point`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from storykit.pages.layout import kinds_with_map_points, record_layout
from storykit.pages.pagedata import Directions, Link, SiteGroup, SiteMap
from storykit.pages.urls import entry_url
from storykit.records import geo

if TYPE_CHECKING:
    from storykit.pages.queries import Queries
    from storykit.records.catalog import RecordView

MAP_URL = "sites/map.json"
TILE_HOST = "t0.tianditu.gov.cn"  # the one other host a page with a map asks for
NEARBY = 20  # sites shown around the one a site page is about


def wgs84(view: RecordView) -> tuple[float, float] | None:
    """A record's (lng, lat) in WGS-84, or None when it has no location (or its kind none)."""
    point = record_layout(view.record).map_point
    loc = getattr(view.record, point.location) if point else None
    if loc is None:
        return None
    return geo.to_wgs84(loc.lng, loc.lat, loc.crs)


def feature(site: Queries, view: RecordView) -> dict[str, Any] | None:
    point = wgs84(view)
    if point is None:
        return None
    shown = {}
    for key, name in record_layout(view.record).map_point.properties:
        value = getattr(view.record, name)
        shown[key] = list(value) if isinstance(value, list) else (value or "")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(point[0], 6), round(point[1], 6)]},
        "properties": {
            "id": view.id,
            "name": view.title,
            **shown,
            "region": site.region_path(view.region) if view.region else "",
            "url": entry_url(view),  # site-relative: the page resolves it against the root
        },
    }


def map_json(site: Queries) -> str:
    """Every published record with a location, as a GeoJSON FeatureCollection."""
    views = (v for kind in kinds_with_map_points() for v in site.listing(kind))
    features = [f for v in views if (f := feature(site, v))]
    features.sort(key=lambda f: f["properties"]["id"])
    data = {"type": "FeatureCollection", "features": features}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def directions(view: RecordView) -> Directions | None:
    point = wgs84(view)
    if point is None:
        return None
    field = record_layout(view.record).map_point.address
    address = (getattr(view.record, field) if field else None) or ""
    return Directions(
        amap=geo.amap_url(*point, view.title),
        baidu=geo.baidu_url(*point, view.title, address),
    )


def site_map(site: Queries, view: RecordView | None) -> SiteMap | None:
    """The map's settings, only when a 天地图 key is set (no key: no map code at all)."""
    settings = site.settings_now().map
    key = settings.tianditu_key
    if not key:
        return None
    center = wgs84(view) if view is not None else None
    if view is not None and center is None:
        return None  # a site without a location has nothing to centre on
    return SiteMap(
        data=MAP_URL,
        key=key,
        center=f"{center[0]:.6f},{center[1]:.6f}" if center else "",
        nearby=NEARBY,
        review_number=settings.review_number or "",
    )


def groups(site: Queries, kind: str) -> tuple[SiteGroup, ...]:
    """Every record of a kind under its province and city, in the regions' order; those
    without a region (or only a province) under 其他 / the province itself."""
    buckets: dict[tuple[str, str], list[Link]] = {}
    order: dict[tuple[str, str], tuple] = {}
    for view in site.listing(kind):
        chain = view.region_chain
        province = chain[0].name if chain else "其他地区"
        city = chain[1].name if len(chain) > 1 else ""
        key = (province, city)
        buckets.setdefault(key, []).append(Link(entry_url(view), view.title))
        order[key] = tuple(r.code for r in chain[:2]) or ("999999",)
    out: dict[str, list[tuple[str, tuple[Link, ...]]]] = {}
    for key in sorted(buckets, key=lambda k: order[k]):
        links = tuple(sorted(buckets[key], key=lambda link: link.text))
        out.setdefault(key[0], []).append((key[1], links))
    return tuple(SiteGroup(p, tuple(cities)) for p, cities in out.items())
