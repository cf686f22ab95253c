"""Coordinates: the three systems a volunteer may copy a location from, the map data
(`/sites/map.json`) and the direction links of phones' map apps.

天地图 uses CGCS2000, which is within centimetres of WGS-84, so the map works in WGS-84.
AMap and Tencent show GCJ-02, Baidu shows BD-09: both are converted here, in the core."""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

_A = 6378245.0  # Krasovsky 1940 semi-major axis, used by GCJ-02
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0


def outside_china(lng: float, lat: float) -> bool:
    """GCJ-02 leaves coordinates outside mainland China's rough bounding box unchanged."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _dlat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return ret


def _dlng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if outside_china(lng, lat):
        return lng, lat
    dlat = _dlat(lng - 105.0, lat - 35.0)
    dlng = _dlng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """The inverse has no closed form: iterate the forward transform until it lands on the
    given point (a few steps reach millimetres)."""
    if outside_china(lng, lat):
        return lng, lat
    wlng, wlat = lng, lat
    for _ in range(30):
        glng, glat = wgs84_to_gcj02(wlng, wlat)
        dlng, dlat = glng - lng, glat - lat
        wlng, wlat = wlng - dlng, wlat - dlat
        if abs(dlng) < 1e-9 and abs(dlat) < 1e-9:
            break
    return wlng, wlat


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def to_wgs84(lng: float, lat: float, crs: str) -> tuple[float, float]:
    """A location as given (crs WGS84, GCJ02 or BD09) in WGS-84."""
    if crs == "GCJ02":
        return gcj02_to_wgs84(lng, lat)
    if crs == "BD09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))
    return lng, lat


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lng, lat) points."""
    lng1, lat1, lng2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def _deg(x: float) -> str:
    return f"{x:.6f}"


def amap_url(lng: float, lat: float, name: str) -> str:
    """AMap's public marker URI, in GCJ-02 (coordinate=gaode): it opens the app on a phone
    that has it and the web map otherwise."""
    glng, glat = wgs84_to_gcj02(lng, lat)
    query = urlencode(
        {
            "position": f"{_deg(glng)},{_deg(glat)}",
            "name": name,
            "coordinate": "gaode",
            "callnative": "1",
        },
        quote_via=quote,
    )
    return f"https://uri.amap.com/marker?{query}"


def baidu_url(lng: float, lat: float, name: str, address: str = "") -> str:
    """Baidu's public marker URI, in BD-09 (coord_type=bd09ll), as a web page (output=html)."""
    blng, blat = gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))
    query = urlencode(
        {
            "location": f"{_deg(blat)},{_deg(blng)}",
            "title": name,
            "content": address or name,
            "output": "html",
            "coord_type": "bd09ll",
            "src": "webapp.storykit.site",
        },
        quote_via=quote,
    )
    return f"https://api.map.baidu.com/marker?{query}"
