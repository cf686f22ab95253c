"""Site settings: the project's fixed paths and limits, and `extra:` in mkdocs.yml as a model.

`extra:` is checked like a record: every problem is `mkdocs.yml:line: extra.key: message` in
Chinese, and a misspelt key (`icpp`) is reported with a suggestion instead of being ignored.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from storykit.records import yamlfile
from storykit.records.messages import closest, message
from storykit.records.models import labelled
from storykit.records.problems import FILE, Problem, field_path, show, warn
from storykit.records.types import Text

# -- where things live (project-relative, posix) and default limits -------------------------
STORIES = "stories"
MEDIA = "stories/media"
THEMES = "stories/themes.yml"
METRICS = "stories/metrics.yml"
CACHE = ".cache"
IMAGE_CACHE = ".cache/images"
PER_PAGE = 24  # cards per listing page
SHARD_AT = 3000  # above this many pages the search index is built in parts, one per kind

# Keys under `extra:` that Material for MkDocs reads itself (its templates' `config.extra.*`
# and the offline plugin's polyfills); they are accepted without being checked.
MATERIAL_KEYS = (
    "alternate",
    "analytics",
    "annotate",
    "consent",
    "generator",
    "homepage",
    "polyfills",
    "scope",
    "social",
    "status",
    "tags",
    "version",
)
INTERNAL_PREFIX = "sk_"  # values the hook adapter puts into `extra` at build time


def _fail(kind: str, text: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, text + "；实际为 {found}", {"found": show(value)})


def _icp(value: str) -> str:
    # Loose on purpose: numbering rules differ by province and change; the shape is enough.
    if "ICP" not in value.upper() or "备" not in value:
        raise _fail("icp", "ICP 备案号应照工信部备案系统抄写，例如 京ICP备18034403号-1", value)
    return value


def _psb(value: str) -> str:
    if "公网安备" not in value or not any(c.isdigit() for c in value):
        raise _fail(
            "psb",
            "公安备案号应照公安机关备案信息抄写，含“公网安备”和编号，例如 京公网安备11040102700075号",
            value,
        )
    return value


def _per_page(value: Any) -> Any:
    # bool is an int to Python; `per_page: true` is a mistake, not 1
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 200:
        raise _fail("per_page", f"应为 1 到 200 之间的整数，例如 {PER_PAGE}", value)
    return value


def _endpoint(value: str) -> str:
    # Only the address of the storage service: a key pasted into it would end up in the
    # repository, which is exactly what keeping keys in the environment is for.
    bare = value.split("://", 1)[-1]
    if "@" in bare.split("/", 1)[0] or "?" in bare:
        # not echoed: what was written may be a key
        raise PydanticCustomError(
            "endpoint",
            "这里只写存储服务的地址，例如 https://oss-cn-hangzhou.aliyuncs.com；"
            "密钥不要写进 mkdocs.yml，应放在环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY 里",
        )
    if value.startswith(("http://", "https://")) or "://" not in value:
        return value
    raise _fail(
        "endpoint", "应以 https:// 或 http:// 开头，例如 https://cos.ap-beijing.myqcloud.com", value
    )


Icp = Annotated[Text, AfterValidator(_icp)]
Psb = Annotated[Text, AfterValidator(_psb)]
PerPage = Annotated[int, BeforeValidator(_per_page)]
Endpoint = Annotated[Text, AfterValidator(_endpoint)]


class _Part(BaseModel):
    # Numbers become text (a contact may be written as digits); unknown keys are reported
    # by read_settings before validation, so `forbid` is only a safety net.
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True
    )


class MapSettings(_Part):
    tianditu_key: Text | None = labelled(
        "天地图 key", "在天地图开放平台申请的浏览器端 key；不填则不显示地图"
    )
    review_number: Text | None = labelled(
        "审图号", "天地图底图的审图号，照抄天地图网站页脚所示，显示在地图下方"
    )


class PublishSettings(_Part):
    """Where `storykit publish` uploads, minus the secrets (those only come from the
    environment, never from a file in the repository)."""

    endpoint: Endpoint | None = labelled(
        "存储服务地址",
        "对象存储的 S3 兼容地址，例如 https://oss-cn-hangzhou.aliyuncs.com；"
        "环境变量 AWS_ENDPOINT_URL 优先。密钥不写在这里",
    )
    region: Text | None = labelled(
        "存储区域", "对象存储的区域，例如 cn-hangzhou；多数服务可不填，环境变量 AWS_REGION 优先"
    )
    path_style: bool | None = labelled(
        "路径式访问",
        "true：存储桶名写在地址的路径里（MinIO 常用）；false：写在域名里（阿里云、腾讯云、华为云、七牛）。"
        "不填时按存储服务地址判断",
    )


class DataSettings(_Part):
    """数据开放 (/data/): what the site says of its open data."""

    licence: Text | None = labelled(
        "数据许可",
        "开放数据的使用条件，由网站主办单位决定，例如 “可自由转载，请注明来源”；不写则不说明",
    )
    org: Text | None = labelled(
        "所属组织", "本站所属组织的记录编号（stories/orgs/ 中的文件名），写在数据清单里"
    )


class ReviewSettings(_Part):
    """先审后发: the review levels a record passes before it is published, in order."""

    levels: list[Text] = Field(
        default_factory=list,
        max_length=3,
        title="审核级别",
        description="依次写一到三级，例如 [初审, 复审, 终审]；不写则不需要审核，记录照常发布",
    )
    show: bool = labelled("显示审核人", "true 表示在记录页署名下显示各级审核人", default=False)

    @field_validator("levels")
    @classmethod
    def _distinct(cls, levels: list[str]) -> list[str]:
        if len(set(levels)) != len(levels):
            raise PydanticCustomError("levels", "审核级别不能重复，例如 [初审, 复审, 终审]")
        return levels


class Settings(_Part):
    """The keys storykit reads from `extra:` in mkdocs.yml; every one is optional."""

    sponsor: Text | None = labelled("主办单位", "显示在页脚，例如 某某省关心下一代工作委员会")
    contact: Text | None = labelled("联系方式", "显示在页脚的公开电话、邮箱或地址")
    icp: Icp | None = labelled(
        "ICP 备案号", "显示在页脚并链接到工信部备案网站，例如 京ICP备18034403号-1"
    )
    psb: Psb | None = labelled("公安备案号", "显示在页脚，例如 京公网安备11040102700075号")
    per_page: PerPage = Field(
        PER_PAGE,
        ge=1,
        le=200,
        title="每页条数",
        description=f"列表页每页显示的卡片数，1 到 200，默认 {PER_PAGE}",
    )
    traditional: Literal["标准", "台湾", "香港"] = Field(
        "标准",
        title="繁体字形",
        description="读者选择繁體时的字形：标准（OpenCC 标准，如 爲、啓）、台湾 或 香港（如 為、啟）",
    )
    map: MapSettings = Field(
        default_factory=MapSettings, title="地图", description="地图设置，例如 tianditu_key"
    )
    review: ReviewSettings = Field(
        default_factory=ReviewSettings,
        title="审核",
        description="先审后发：levels 依次写审核级别，例如 [初审, 复审, 终审]",
    )
    data: DataSettings = Field(
        default_factory=DataSettings,
        title="数据开放",
        description="/data/ 开放数据的设置，例如 licence（数据许可）和 org（所属组织编号）",
    )
    publish: PublishSettings = Field(
        default_factory=PublishSettings,
        title="发布",
        description="storykit publish 的存储服务设置，例如 endpoint；密钥只放在环境变量里",
    )


def site_url(config_path: Path) -> str | None:
    """`site_url` of mkdocs.yml when it is an http(s) address; None when unset or unreadable
    (the build and `storykit check` report why)."""
    try:
        doc = yamlfile.read(str(config_path), "mkdocs.yml")
    except (OSError, yamlfile.YamlError):
        return None
    url = doc.data.get("site_url") if isinstance(doc.data, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def read_settings(config_path: Path, rel: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """The settings in `extra:` of mkdocs.yml, and every problem found; defaults on any problem."""
    if not config_path.is_file():
        return Settings(), [Problem(rel, 1, FILE, f"找不到 {rel}；请在项目根目录运行")]
    try:
        doc = yamlfile.read(str(config_path), rel)
    except yamlfile.YamlError as err:
        return Settings(), [_reword_empty(p) for p in err.problems]
    if not isinstance(doc.data, dict):
        return Settings(), [
            Problem(rel, 1, FILE, f"{rel} 应为一组设置（键: 值），例如 site_name: 网站名称")
        ]
    extra = doc.data.get("extra")
    if extra is None:  # no `extra:` (or an empty one): every setting keeps its default
        return Settings(), filing_warnings(doc, Settings(), rel)
    if not isinstance(extra, dict):
        return Settings(), [
            Problem(
                rel,
                doc.line_of(("extra",)),
                "extra",
                f"应为一组设置（键: 值），每行一项，例如 sponsor: 主办单位名称；实际为 {show(extra)}",
            )
        ]
    extra = _with_env(extra, doc)
    problems = unknown_keys(extra, doc, rel)
    try:
        settings = Settings.model_validate(_known(extra))
    except ValidationError as err:
        problems += _validation_problems(err, doc, rel)
        settings = Settings()
    if problems:
        return Settings(), problems
    return settings, filing_warnings(doc, settings, rel)


def filing_warnings(doc: yamlfile.YamlDoc, settings: Settings, rel: str) -> list[Problem]:
    """A published site (site_url set) must show its ICP filing number in mainland China.
    A warning, not an error: a site being prepared may not have its number yet."""
    site_url = doc.data.get("site_url") if isinstance(doc.data, dict) else None
    if not site_url or settings.icp:
        return []
    return [
        warn(
            rel,
            doc.line_of(("site_url",)),
            "extra.icp",
            "已设置 site_url（正式发布的网址），但还没有填写 ICP 备案号；在中国大陆公开的网站"
            "须在页脚显示备案号。请在 mkdocs.yml 的 extra: 下加一行，例如 icp: 京ICP备00000000号-1"
            "（换成本单位的备案号）",
        )
    ]


def _reword_empty(problem: Problem) -> Problem:
    """yamlfile's empty-file advice speaks of records; say what mkdocs.yml needs instead."""
    if problem.field == FILE and problem.message.startswith("文件是空的"):
        return Problem(problem.path, problem.line, FILE, "文件是空的；至少要写 site_name: 网站名称")
    return problem


def _with_env(extra: dict[str, Any], doc: yamlfile.YamlDoc) -> dict[str, Any]:
    """`extra` with each `!ENV` value replaced as MkDocs does, so what is checked is what the
    build will use (`tianditu_key: !ENV TIANDITU_KEY` is a key, not the text TIANDITU_KEY)."""
    out = copy.deepcopy(extra)
    for loc, tag in doc.tags.items():
        if tag != "!ENV" or len(loc) < 2 or loc[0] != "extra":
            continue
        try:
            holder = out
            for part in loc[1:-1]:
                holder = holder[part]
            holder[loc[-1]] = _env(holder[loc[-1]])
        except (KeyError, IndexError, TypeError):  # inside an !ENV already replaced
            continue
    return out


def _env(value: Any) -> Any:
    """`!ENV VAR` → its value or None; `!ENV [A, B, default]` → the first set, else default."""
    names, default = [value], None
    if isinstance(value, list):
        names, default = (value[:-1], value[-1]) if len(value) > 1 else (value, None)
    for name in names:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return default


def _own_keys(model: type[BaseModel]) -> dict[str, str]:
    """Key → Chinese label of a settings model's fields."""
    return {name: info.title or name for name, info in model.model_fields.items()}


def _skipped(key: str) -> bool:
    return key in MATERIAL_KEYS or key.startswith(INTERNAL_PREFIX)


def unknown_keys(extra: dict[str, Any], doc: yamlfile.YamlDoc, rel: str) -> list[Problem]:
    """A problem for each key under `extra:` (and `extra.map:`) that nothing reads."""
    out = [
        _unknown(key, ("extra",), Settings, MATERIAL_KEYS, doc, rel)
        for key in extra
        if key not in Settings.model_fields and not _skipped(key)
    ]
    for name, model in _SECTIONS.items():
        if isinstance(extra.get(name), dict):
            out += [
                _unknown(key, ("extra", name), model, (), doc, rel)
                for key in extra[name]
                if key not in model.model_fields
            ]
    return out


# The groups of settings under `extra:` that have keys of their own.
_SECTIONS: dict[str, type[BaseModel]] = {"map": MapSettings, "publish": PublishSettings}


def _unknown(
    key: str,
    loc: tuple[str, ...],
    model: type[BaseModel],
    others: tuple[str, ...],
    doc: yamlfile.YamlDoc,
    rel: str,
) -> Problem:
    own = _own_keys(model)
    guess = _guess(key, own, others)
    if model is Settings and key in MapSettings.model_fields:
        hint = f"；它是地图设置，应写在 map: 下面一行、缩进两格（extra.map.{key}）"
    elif guess:
        hint = f"；是否想写 {guess}？"
    else:
        hint = f"；storykit 读取的设置有：{'、'.join(f'{k}（{v}）' for k, v in own.items())}"
        if others:
            hint += f"；Material 读取的设置有：{'、'.join(others)}"
    return Problem(rel, doc.line_of((*loc, key)), field_path((*loc, key)), f"未知设置 {key}{hint}")


def _guess(key: str, own: dict[str, str], others: tuple[str, ...]) -> str | None:
    """The setting meant: by its Chinese label, by spelling, or as a prefix (icp_no → icp)."""
    by_label = {label: name for name, label in own.items()}
    # 0.7: below it difflib offers look-alikes such as footer_note → alternate
    return (
        by_label.get(key)
        or closest(key, [*own, *others], 0.7)
        or next((k for k in own if len(k) >= 3 and key.lower().startswith(k)), None)
    )


def _known(extra: dict[str, Any]) -> dict[str, Any]:
    """The keys Settings declares (unknown ones are already reported); empty ones keep defaults."""
    out = {k: v for k, v in extra.items() if k in Settings.model_fields and v is not None}
    for name, model in _SECTIONS.items():
        if isinstance(out.get(name), dict):
            out[name] = {
                k: v for k, v in out[name].items() if k in model.model_fields and v is not None
            }
    return out


def _validation_problems(err: ValidationError, doc: yamlfile.YamlDoc, rel: str) -> list[Problem]:
    """Pydantic's errors as `extra.…` problems, worded like the records' (messages.message)."""
    out = []
    for e in err.errors(include_url=False):
        # drop pydantic's internal tags such as 'function-after[...]' from the location
        loc = tuple(p for p in e["loc"] if isinstance(p, int) or "[" not in p)
        where = ("extra", *loc)
        out.append(
            Problem(
                rel, doc.line_of(where), field_path(where), message(Settings, {**e, "loc": loc})
            )
        )
    return out
