"""Where a site is published: a folder, an S3-compatible bucket or an SFTP server, read from
the `--to` address, the settings' non-secret `publish:` part and the environment.

rclone is told about the target through `RCLONE_CONFIG_<NAME>_*` environment variables of its
own process only: no configuration file is written, and no key ever stands on a command line,
in a log line or in the address shown to the volunteer."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from storykit.records.settings import PublishSettings

REMOTE = "storykit"  # the on-the-fly remote's name
ENV_PREFIX = f"RCLONE_CONFIG_{REMOTE.upper()}_"

# S3-compatible services by the domain of their endpoint: rclone's provider name, and whether
# a bucket is addressed in the host name (virtual-host style) as these services require.
PROVIDERS: tuple[tuple[str, str, str, bool], ...] = (
    ("aliyuncs.com", "Alibaba", "阿里云 OSS", False),
    ("myqcloud.com", "TencentCOS", "腾讯云 COS", False),
    ("myhuaweicloud.com", "HuaweiOBS", "华为云 OBS", False),
    ("qiniucs.com", "Qiniu", "七牛云 Kodo", False),
    ("amazonaws.com", "AWS", "Amazon S3", False),
)
OTHER = ("Other", "S3 兼容存储", True)  # MinIO and the like: bucket in the path

SSH_KEYS = ("id_ed25519", "id_ecdsa", "id_rsa")


class DestinationError(Exception):
    """Why an address cannot be published to, in Chinese."""


@dataclass(frozen=True)
class Destination:
    kind: str  # "folder", "s3" or "sftp"
    target: str  # what rclone is given: a path, or `storykit:bucket/prefix`
    shown: str  # the address as said to the volunteer (no secret in it)
    env: dict[str, str] = field(default_factory=dict)  # the remote's settings, secrets included
    secret: dict[str, str] = field(default_factory=dict)  # values rclone must get obscured
    bucket: str = ""  # s3 only
    headers: bool = False  # whether the target keeps Content-Type and Cache-Control per file
    notes: tuple[str, ...] = ()  # reminders about the connection (host keys not checked…)


def parse(address: str, settings: PublishSettings, environ: dict[str, str]) -> Destination:
    """The destination an address names; DestinationError when it is not usable."""
    if address.startswith("s3://"):
        return _s3(address, settings, environ)
    if address.startswith("sftp://"):
        return _sftp(address, environ)
    if address.startswith("file://"):
        return _folder(Path(unquote(urlsplit(address).path)))
    if re.match(r"^[a-z][a-z0-9+.-]*://", address):
        raise DestinationError(
            f"不认识的发布地址 {address}；可以写 s3://存储桶/路径、sftp://用户@服务器/路径 或一个文件夹"
        )
    return _folder(Path(address).expanduser())


def _folder(path: Path) -> Destination:
    path = path.resolve()
    return Destination("folder", str(path), str(path))


def _s3(address: str, settings: PublishSettings, environ: dict[str, str]) -> Destination:
    rest = address[len("s3://") :]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise DestinationError("发布地址缺少存储桶名，应写成 s3://存储桶/路径，例如 s3://my-site/")
    key, secret = environ.get("AWS_ACCESS_KEY_ID", ""), environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not key or not secret:
        raise DestinationError(
            "没有找到对象存储的密钥：请在运行前设置环境变量 AWS_ACCESS_KEY_ID 和 "
            "AWS_SECRET_ACCESS_KEY（在存储服务的控制台创建“访问密钥 / AccessKey”）；"
            "密钥不要写进 mkdocs.yml 或任何放进仓库的文件"
        )
    endpoint = environ.get("AWS_ENDPOINT_URL") or settings.endpoint or ""
    if not endpoint:
        raise DestinationError(
            "不知道对象存储的地址：请在 mkdocs.yml 的 extra: 下写 publish: {endpoint: 地址}，"
            "或设置环境变量 AWS_ENDPOINT_URL，例如 https://oss-cn-hangzhou.aliyuncs.com"
        )
    provider, label, path_style = _provider(endpoint)
    if settings.path_style is not None:
        path_style = settings.path_style
    region = environ.get("AWS_REGION") or settings.region or ""
    env = {
        "TYPE": "s3",
        "PROVIDER": provider,
        "ENV_AUTH": "false",
        "ACCESS_KEY_ID": key,
        "SECRET_ACCESS_KEY": secret,
        "ENDPOINT": endpoint,
        "FORCE_PATH_STYLE": "true" if path_style else "false",
        # the keys given to a website may upload but not list or create buckets
        "NO_CHECK_BUCKET": "true",
    }
    if region:
        env["REGION"] = region
    if environ.get("AWS_SESSION_TOKEN"):
        env["SESSION_TOKEN"] = environ["AWS_SESSION_TOKEN"]
    path = f"{bucket}/{prefix.strip('/')}".rstrip("/")
    return Destination(
        "s3",
        f"{REMOTE}:{path}",
        f"{label} {endpoint} 存储桶 {bucket}" + (f" 路径 {prefix.strip('/')}/" if prefix else ""),
        env=_named(env),
        bucket=bucket,
        headers=True,
    )


def _provider(endpoint: str) -> tuple[str, str, bool]:
    host = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}").hostname or ""
    for domain, provider, label, path_style in PROVIDERS:
        if host == domain or host.endswith("." + domain):
            return provider, label, path_style
    return OTHER


def _sftp(address: str, environ: dict[str, str]) -> Destination:
    parts = urlsplit(address)
    if not parts.hostname or not parts.username:
        raise DestinationError(
            "SFTP 地址应写成 sftp://用户名@服务器[:端口]/网站文件夹，例如 sftp://www@example.org/var/www/site"
        )
    if parts.password:
        raise DestinationError(
            "密码不要写在发布地址里（它会留在命令记录中）；请放在环境变量 STORYKIT_SFTP_PASSWORD 里"
        )
    try:
        port = parts.port or 22
    except ValueError as err:
        raise DestinationError(f"SFTP 地址里的端口不对：{address}") from err
    path = unquote(parts.path) or "/"
    # sftp://host/~/www is a folder in the user's home; anything else is from the root
    path = path[3:] if path.startswith("/~/") else path
    env = {"TYPE": "sftp", "HOST": parts.hostname, "USER": parts.username, "PORT": str(port)}
    secret, notes = {}, []
    home = Path(environ.get("HOME") or Path.home())
    if environ.get("STORYKIT_SFTP_PASSWORD"):
        secret["PASS"] = environ["STORYKIT_SFTP_PASSWORD"]
    elif not environ.get("SSH_AUTH_SOCK"):  # rclone asks the agent by itself when there is one
        key = next((home / ".ssh" / k for k in SSH_KEYS if (home / ".ssh" / k).is_file()), None)
        if key is None:
            raise DestinationError(
                "登录 SFTP 服务器需要密钥或密码：没有找到 SSH 代理，~/.ssh/ 里也没有 id_ed25519、"
                "id_ecdsa 或 id_rsa；请设置环境变量 STORYKIT_SFTP_PASSWORD，或准备好 SSH 密钥"
            )
        env["KEY_FILE"] = str(key)
    known = home / ".ssh" / "known_hosts"
    if known.is_file():
        env["KNOWN_HOSTS_FILE"] = str(known)
    else:
        notes.append(
            "~/.ssh/known_hosts 不存在，无法核对服务器的身份；请先用 ssh 登录一次该服务器并确认它的指纹"
        )
    shown = (
        f"SFTP {parts.username}@{parts.hostname}:{port}{'' if path.startswith('/') else '~/'}{path}"
    )
    return Destination(
        "sftp",
        f"{REMOTE}:{path}",
        shown,
        env=_named(env),
        secret=_named(secret),
        notes=tuple(notes),
    )


def _named(values: dict[str, str]) -> dict[str, str]:
    return {ENV_PREFIX + k: v for k, v in values.items()}


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment rclone runs in, without any remote of the same name set outside."""
    source = os.environ if base is None else base
    return {k: v for k, v in source.items() if not k.startswith(ENV_PREFIX)}
