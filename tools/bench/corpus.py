"""A deterministic synthetic corpus for benchmarks and tests: N records of every kind with
1.5–3 KB of Chinese text each, references, regions, themes and (optionally) photos.

The text is assembled from generic phrases about this kind of work; it names no real person
and states no real figure: it exists to be measured, never published."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

REGIONS = [
    "辽宁省/阜新市/彰武县", "辽宁省/朝阳市/朝阳县", "黑龙江省/齐齐哈尔市/龙江县",
    "贵州省/铜仁市/沿河土家族自治县", "内蒙古自治区/呼和浩特市/武川县", "陕西省/延安市/宝塔区",
    "陕西省/延安市/延川县", "河北省/保定市/阜平县", "江西省/赣州市/瑞金市", "湖南省/湘西土家族苗族自治州/花垣县",
]  # fmt: skip
THEMES = [
    ("乡村振兴", "xiangcun-zhenxing"), ("红色传承", "hongse-chuancheng"), ("关爱下一代", "guanai-xiayidai"),
    ("科技帮扶", "keji-bangfu"), ("法治宣传", "fazhi-xuanchuan"), ("教育助学", "jiaoyu-zhuxue"),
    ("老有所为", "laoyou-suowei"), ("组织建设", "zuzhi-jianshe"),
]  # fmt: skip
PHRASES = [
    "县里把关心下一代工作列入党委年度考核，每季度听取一次汇报",
    "五老志愿者分片包村，定期走访留守儿童和困难家庭",
    "老专家带着技术下田，手把手教青年农民选种、施肥和管护",
    "镇关工委牵头建起青年创业联系点，帮助对接贷款和销路",
    "老教师利用假期开设义务课堂，辅导学生功课并讲革命故事",
    "村里整理红色旧址的口述材料，编成通俗读本送到学校",
    "老干部宣讲团走进社区和企业，讲身边人身边事",
    "基层组织实行联席会议制度，民政、教育、团委各司其职",
    "示范基地采取先种后推的办法，以实际收成打消群众顾虑",
    "法治副校长每学期进校开展一次以案说法活动",
    "协会筹集资金修缮革命旧居，并开辟为青少年教育场所",
    "调研组深入乡镇走访座谈，形成报告报送县委县政府",
    "夜校开设电商直播课，帮助返乡青年把土特产卖到外地",
    "离退休干部党支部开展结对帮扶，资助困难学生完成学业",
    "合作社统一提供种苗和收购，青年农户只管种好管好",
    "关工委与学校共建网吧义务监督员队伍，守护青少年成长环境",
    "每年评选表彰一批优秀五老和先进集体，营造尊老敬老氛围",
    "老区建设促进会组织专家为特色产业把脉，提出发展建议",
    "编辑部以季刊形式刊发基层经验，免费赠送乡村图书室",
    "志愿服务队坚持常态化活动，做到月月有主题、季季有亮点",
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英志强桂兰明华玉梅春生德福淑芬振海丽娟永红文军"


def _text(rng: random.Random, lo: int = 1500, hi: int = 3000) -> str:
    """Paragraphs of phrases until the UTF-8 size falls between lo and hi bytes."""
    target = rng.randint(lo, hi)
    paras, size = [], 0
    while size < target:
        sentence = "；".join(rng.sample(PHRASES, rng.randint(2, 4))) + "。"
        if not paras or rng.random() < 0.3:
            paras.append(sentence)
        else:
            paras[-1] += sentence
        size = len("\n\n".join(paras).encode())
    return "\n\n".join(paras)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def write(root: Path, n: int, seed: int = 2113) -> None:
    """n records under root/stories: orgs (a tree), then cases, people, sites, publications
    and shelves referring to them and to each other."""
    rng = random.Random(seed)
    stories = root / "stories"
    _dump(stories / "themes.yml", [{"name": a, "slug": b} for a, b in THEMES])  # type: ignore[arg-type]
    orgs = max(5, n // 20)
    for i in range(orgs):
        region = REGIONS[i % len(REGIONS)]
        _dump(stories / "orgs" / f"org-{i}.yml", {
            "name": f"{region.rsplit('/', 1)[-1]}关心下一代工作委员会（{i}）", "type": "关工委",
            "level": "县" if i else "全国", "parent": f"org-{(i - 1) // 4}" if i else None,
            "region": region, "summary": _text(rng, 60, 180)[:90] + "。",
            "figures": [{"label": "五老队伍", "value": rng.randint(50, 3000), "unit": "人"}],
            "body": _text(rng, 800, 1500),
        })  # fmt: skip
    kinds = ("cases", "people", "sites", "publications", "cases", "people")
    made: dict[str, list[str]] = {k: [] for k in kinds}
    for i in range(n - orgs - n // 50):
        kind = kinds[i % len(kinds)]
        rid = f"{kind[:-1]}-{i}"
        base = {
            "summary": _text(rng, 60, 200)[:120] + "。",
            "region": rng.choice(REGIONS),
            "themes": [t for t, _ in rng.sample(THEMES, 2)],
            "date": f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}",
            "body": _text(rng),
        }
        org = f"org-{rng.randrange(orgs)}"
        if kind == "cases":
            data = {"title": f"{_name(rng)[:1]}家村的做法（{i}）", **base, "org": org,
                    "practices": [{"title": "主要做法", "body": _text(rng, 200, 400)}],
                    "figures": [{"label": "帮扶青年", "value": rng.randint(10, 900), "unit": "人"}],
                    "people": rng.sample(made["people"], min(2, len(made["people"]))),
                    "sites": rng.sample(made["sites"], min(1, len(made["sites"])))}  # fmt: skip
        elif kind == "people":
            data = {"name": _name(rng), **base, "org": org, "category": "老干部", "role": "五老"}
        elif kind == "sites":
            data = {"name": f"革命旧址（{i}）", **base, "kind": "旧址", "eras": ["抗日战争时期"]}
        else:
            data = {"title": f"老区建设文集（{i}）", **base, "kind": "图书", "org": org,
                    "year": rng.randint(2000, 2025)}  # fmt: skip
        made[kind].append(rid)
        _dump(stories / kind / f"{rid}.yml", data)
    for i in range(n // 50):
        items = rng.sample(made["publications"], min(8, len(made["publications"])))
        _dump(stories / "shelves" / f"shelf-{i}.yml", {"title": f"推荐书架（{i}）", "items": items})


def add_photos(root: Path, count: int) -> None:
    """Give the first `count` cases a 3000×2000 photo each, as a phone would produce."""
    from PIL import Image

    media = root / "stories" / "media"
    media.mkdir(parents=True, exist_ok=True)
    cases = sorted((root / "stories" / "cases").glob("*.yml"))[:count]
    for i, case in enumerate(cases):
        grad = Image.linear_gradient("L").resize((3000, 2000))
        shade = grad.point(lambda v, i=i: (v + 7 * i) % 256)
        flip = grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        Image.merge("RGB", (shade, grad, flip)).save(media / f"photo-{i}.jpg", quality=90)
        with case.open("a", encoding="utf-8") as fh:
            fh.write(f"images:\n- src: photo-{i}.jpg\n  alt: 合成照片 {i}\n")


def plain_pages(docs: Path, root: Path) -> int:
    """The same records as plain Markdown pages (title, summary, text), for a stock baseline."""
    count = 0
    for path in sorted((root / "stories").rglob("*.yml")):
        if path.name == "themes.yml" or "media" in path.parts:
            continue
        data = yaml.safe_load(path.read_text("utf-8"))
        title = data.get("title") or data.get("name")
        texts = [data.get("summary", ""), data.get("body", "")]
        texts += [p.get("body", "") for p in data.get("practices", [])]
        out = docs / path.parent.name / f"{path.stem}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"# {title}\n\n" + "\n\n".join(t for t in texts if t) + "\n", "utf-8")
        count += 1
    (docs / "index.md").write_text("# 首页\n", "utf-8")
    return count
