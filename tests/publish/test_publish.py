"""`storykit publish`: a real build of a small fixture site published to real servers on
127.0.0.1 — rclone's own S3 server and SFTP server over temporary folders — to a folder and
to a zip, checked the way a site owner would check the result."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from helpers import FIXTURES, SITE_URL, assemble

from storykit.publish.headers import headers_for
from storykit.publish.plan import ANNOUNCING
from storykit.publish.transfer import rclone_binary

SETTINGS = f"\nsite_url: {SITE_URL}\nextra: {{generator: false, icp: 京ICP备00000000号-1}}\n"
SUMMARY = re.compile(r"上传 (\d+) 个.*未变 (\d+) 个、删除 (\d+) 个")
CHANGED = "sites/test-site-2.yml"
REMOVED = "cases/test-reading-corner.yml"


# -- the project and its builds -----------------------------------------------------------------


def make_build(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "hooks/run.py", "build"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = assemble(tmp_path / "p", FIXTURES / "linked" / "stories", SETTINGS)
    make_build(root)
    return root


def publish(project: Path, *args: str, env: dict[str, str] | None = None, **kw):
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "publish", *args],
        cwd=project,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        **kw,
    )


def counts(done: subprocess.CompletedProcess) -> tuple[int, int, int]:
    """(uploaded, unchanged, deleted) from the summary line."""
    assert done.returncode == 0, done.stdout + done.stderr
    found = SUMMARY.search(done.stderr)
    assert found, done.stderr
    return tuple(int(n) for n in found.groups())  # type: ignore[return-value]


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# -- real servers on loopback --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(*args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [rclone_binary(), "--config", os.devnull, "serve", *args, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("rclone serve did not start listening within 15 s")


class S3:
    """rclone's S3 server over a folder: `folder/<bucket>/` is the bucket."""

    def __init__(self, tmp: Path) -> None:
        self.root = tmp / "s3"
        (self.root / "site-bucket").mkdir(parents=True)
        self.key, self.secret = "K" + secrets.token_hex(8), secrets.token_hex(16)
        self.proc, port = serve("s3", "--auth-key", f"{self.key},{self.secret}", str(self.root))
        self.endpoint = f"http://127.0.0.1:{port}"
        self.env = {
            "AWS_ACCESS_KEY_ID": self.key,
            "AWS_SECRET_ACCESS_KEY": self.secret,
            "AWS_ENDPOINT_URL": self.endpoint,
        }

    def bucket(self, prefix: str = "www") -> Path:
        return self.root / "site-bucket" / prefix

    def metadata(self, prefix: str = "www") -> dict[str, dict]:
        """Each object's metadata as the server reports it through the S3 API."""
        env = {
            **os.environ,
            "RCLONE_CONFIG_CHECK_TYPE": "s3",
            "RCLONE_CONFIG_CHECK_PROVIDER": "Rclone",
            "RCLONE_CONFIG_CHECK_ACCESS_KEY_ID": self.key,
            "RCLONE_CONFIG_CHECK_SECRET_ACCESS_KEY": self.secret,
            "RCLONE_CONFIG_CHECK_ENDPOINT": self.endpoint,
        }
        done = subprocess.run(
            [rclone_binary(), "--config", os.devnull, "lsjson", "-R", "--files-only"]
            + ["--metadata", f"check:site-bucket/{prefix}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return {item["Path"]: item["Metadata"] for item in json.loads(done.stdout)}


@pytest.fixture
def s3(tmp_path: Path) -> Iterator[S3]:
    server = S3(tmp_path)
    yield server
    server.proc.terminate()
    server.proc.wait(timeout=15)


# -- what a reader would run into -----------------------------------------------------------------


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("src", "href", "poster", "data"):
                self.refs.append(value)
            elif value and name in ("srcset", "imagesrcset"):
                self.refs += [part.split()[0] for part in value.split(",") if part.strip()]


def missing_files(published: Path, site: Path) -> list[str]:
    """Pictures, stylesheets, scripts and other files of the site that a published page shows,
    loads or links but the destination does not have yet."""
    out = []
    for page in published.rglob("*.html"):
        rel = page.relative_to(published).as_posix()
        parser = _Refs()
        parser.feed(page.read_text("utf-8", "replace"))
        for ref in parser.refs:
            url = urlsplit(urljoin(f"https://example.org/{rel}", ref))
            if url.hostname != "example.org":
                continue
            target = url.path.lstrip("/")
            # pages may link pages not there yet, and the feeds, which announce the pages and
            # so come after them; any other file a page shows, loads or offers must be there
            if target.endswith((".html", "/")) or not target or target in ANNOUNCING:
                continue
            if (site / target).is_file() and not (published / target).is_file():
                out.append(f"{rel} → {target}")
    return out


# -- S3 -------------------------------------------------------------------------------------------


def test_s3_publish_is_the_site_with_its_headers_and_a_second_publish_uploads_nothing(
    tmp_path: Path, s3: S3
):
    # the endpoint from mkdocs.yml (not secret), the keys from the environment only
    endpoint = f"\nextra: {{generator: false, icp: 京ICP备00000000号-1, publish: {{endpoint: {s3.endpoint}}}}}\n"
    project = assemble(
        tmp_path / "p", FIXTURES / "linked" / "stories", f"\nsite_url: {SITE_URL}{endpoint}"
    )
    make_build(project)
    keys = {k: v for k, v in s3.env.items() if k != "AWS_ENDPOINT_URL"}
    site = project / "site"
    first = publish(project, "--to", "s3://site-bucket/www", env=keys)
    uploaded, unchanged, deleted = counts(first)
    assert (uploaded, unchanged, deleted) == (len(files(site)), 0, 0)
    assert files(s3.bucket()) == files(site)  # byte for byte

    meta = s3.metadata()
    assert set(meta) == set(files(site))
    for path, m in meta.items():
        expected = headers_for(path)
        assert m.get("content-type") == expected.content_type, path
        assert m.get("cache-control") == expected.cache_control, path
    assert meta["index.html"]["content-type"] == "text/html; charset=utf-8"

    stored = {p: p.stat().st_mtime_ns for p in s3.bucket().rglob("*")}
    second = publish(project, "--to", "s3://site-bucket/www", env=keys)
    assert counts(second) == (0, len(files(site)), 0)
    assert {p: p.stat().st_mtime_ns for p in s3.bucket().rglob("*")} == stored

    # the keys are in no file of the project or the site, nor in anything said
    said = first.stdout + first.stderr + second.stdout + second.stderr
    for secret in (s3.key, s3.secret):
        assert secret not in said
        for f in project.rglob("*"):
            if f.is_file():
                assert secret.encode() not in f.read_bytes(), f


def test_s3_after_one_record_changed_and_one_removed_only_what_shows_them_is_uploaded(
    project: Path, s3: S3
):
    counts(publish(project, "--to", "s3://site-bucket/www", env=s3.env))
    before = files(project / "site")
    changed = project / "stories" / CHANGED
    changed.write_text(
        changed.read_text("utf-8").replace("summary: ", "summary: 新修订：", 1), "utf-8"
    )
    (project / "stories" / REMOVED).unlink()
    make_build(project)
    after = files(project / "site")
    differ = {p for p in after if before.get(p) != after[p]}
    gone = set(before) - set(after)

    planned = publish(project, "--to", "s3://site-bucket/www", "--dry-run", env=s3.env)
    assert counts(planned) == (len(differ), len(after) - len(differ), len(gone))
    assert files(s3.bucket()) == before  # a dry run changes nothing

    done = publish(project, "--to", "s3://site-bucket/www", env=s3.env)
    assert counts(done) == (len(differ), len(after) - len(differ), len(gone))
    assert files(s3.bucket()) == after
    assert "cases/test-reading-corner/index.html" in gone
    assert not (s3.bucket() / "cases/test-reading-corner/index.html").exists()
    assert "sites/test-site-2/index.html" in differ
    # besides the lists, counts, search index, feeds and data, a record's page changes only
    # when it shows one of the two records
    records = re.compile(
        r"(?:cases|people|sites|publications|shelves|orgs|honors)/[a-z0-9-]+/index\.html"
    )
    for path in differ:
        if records.fullmatch(path):
            shown = after[path].decode() + before.get(path, b"").decode()
            assert "test-site-2" in shown or "test-reading-corner" in shown, path
    assert "index.html" in differ  # the home page's lists


def test_a_publish_killed_at_any_moment_leaves_no_page_without_its_files(project: Path, s3: S3):
    site = project / "site"
    slow = {**s3.env, "RCLONE_BWLIMIT": "150k", "RCLONE_TRANSFERS": "2"}
    midway = 0
    for wait in (0.8, 1.6, 2.4, 3.2, 4.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "storykit.cli.main", "publish", "--to", "s3://site-bucket/www"],
            cwd=project,
            env={**os.environ, **slow},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the power cut takes rclone with it
        )
        time.sleep(wait)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        published = s3.bucket()
        assert missing_files(published, site) == [], wait
        there = files(published) if published.exists() else {}
        if there and len(there) < len(files(site)):
            midway += 1
    assert midway >= 2, "the kills should have stopped the upload part way"
    uploaded, unchanged, _ = counts(publish(project, "--to", "s3://site-bucket/www", env=s3.env))
    assert uploaded > 0 and unchanged > 0  # it went on from where it stopped
    assert files(s3.bucket()) == files(site)


# -- SFTP, a folder, a zip ------------------------------------------------------------------------


def test_sftp_publish_then_nothing_to_upload(project: Path, tmp_path: Path):
    root = tmp_path / "sftp"
    root.mkdir()
    password = secrets.token_hex(12)
    proc, port = serve("sftp", "--user", "volunteer", "--pass", password, str(root))
    try:
        env = {"STORYKIT_SFTP_PASSWORD": password, "HOME": str(tmp_path), "SSH_AUTH_SOCK": ""}
        dest = f"sftp://volunteer@127.0.0.1:{port}/www"
        first = publish(project, "--to", dest, env=env)
        site = files(project / "site")
        assert counts(first) == (len(site), 0, 0)
        assert files(root / "www") == site
        assert counts(publish(project, "--to", dest, env=env)) == (0, len(site), 0)
        assert password not in first.stdout + first.stderr
        wrong = publish(project, "--to", dest, env={**env, "STORYKIT_SFTP_PASSWORD": "x"})
        assert wrong.returncode == 1 and "用户名、密码或密钥不对" in wrong.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_folder_publish_mirrors_the_site_and_removes_what_it_lost(project: Path, tmp_path: Path):
    out = tmp_path / "www"
    site = files(project / "site")
    assert counts(publish(project, "--to", f"file://{out}")) == (len(site), 0, 0)
    assert files(out) == site
    (project / "stories" / REMOVED).unlink()
    make_build(project)
    uploaded, _, deleted = counts(publish(project, "--to", str(out)))
    assert uploaded > 0 and deleted >= 1
    assert files(out) == files(project / "site")
    assert not (out / "cases" / "test-reading-corner").exists()  # no empty folder left


def test_zip_holds_the_site_under_a_dated_name(project: Path, tmp_path: Path):
    out = tmp_path / "archives"
    out.mkdir()
    done = publish(project, "--zip", f"{out}/")
    assert done.returncode == 0, done.stderr
    [archive] = list(out.iterdir())
    assert re.fullmatch(r"site-\d{8}-\d{4}\.zip", archive.name)
    with zipfile.ZipFile(archive) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == files(project / "site")


# -- refusals and warnings ------------------------------------------------------------------------


def test_refuses_a_missing_site_or_sources_newer_than_the_build(project: Path, tmp_path: Path):
    out = tmp_path / "www"
    record = project / "stories" / CHANGED
    time.sleep(0.01)
    record.write_text(record.read_text("utf-8") + "\n", "utf-8")
    stale = publish(project, "--to", str(out))
    assert stale.returncode == 1
    assert f"stories/{CHANGED} 在上次生成网站之后改过" in stale.stderr
    assert "Traceback" not in stale.stderr and not out.exists()

    bare = assemble(tmp_path / "q", FIXTURES / "linked" / "stories", SETTINGS)
    missing = publish(bare, "--to", str(out))
    assert missing.returncode == 1 and "还没有生成网站" in missing.stderr


def test_never_publishes_the_form_editor_or_source_files(project: Path, tmp_path: Path):
    admin = project / "site" / "admin"
    admin.mkdir()
    (admin / "index.html").write_text("<p>editor</p>", "utf-8")
    done = publish(project, "--to", str(tmp_path / "www"))
    assert done.returncode == 1 and "admin/index.html" in done.stderr
    assert not (tmp_path / "www").exists()


def test_never_wipes_a_folder_that_holds_something_else(project: Path, tmp_path: Path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "报告.docx").write_bytes(b"not a site")
    done = publish(project, "--to", str(out))
    assert done.returncode == 1 and "没有一个是本网站的文件" in done.stderr
    assert files(out) == {"报告.docx": b"not a site"}


def test_warns_before_going_live_and_strict_stops(tmp_path: Path):
    root = assemble(
        tmp_path / "p",
        FIXTURES / "linked" / "stories",
        "\nsite_url: https://www.example.org/\nextra: {generator: false}\n",
    )
    make_build(root)
    out = tmp_path / "www"
    strict = publish(root, "--to", str(out), "--strict")
    assert strict.returncode == 1 and "ICP 备案号" in strict.stderr and not out.exists()
    loose = publish(root, "--to", str(out))
    assert loose.returncode == 0 and "提醒：" in loose.stdout and "ICP 备案号" in loose.stdout


# -- settings and addresses -----------------------------------------------------------------------


def test_a_key_written_into_the_endpoint_is_refused_at_its_line_and_not_repeated(tmp_path: Path):
    from storykit.records.settings import read_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: 示例\nextra:\n  publish:\n    endpoint: https://AKID:s3cr3t@oss-cn-hangzhou.aliyuncs.com\n",
        "utf-8",
    )
    [problem] = read_settings(config)[1]
    assert (problem.line, problem.field) == (4, "extra.publish.endpoint")
    assert "环境变量" in problem.message and "s3cr3t" not in str(problem)


@pytest.mark.parametrize(
    ("endpoint", "path_style"),
    [
        ("https://oss-cn-hangzhou.aliyuncs.com", "false"),
        ("https://cos.ap-guangzhou.myqcloud.com", "false"),
        ("https://obs.cn-north-4.myhuaweicloud.com", "false"),
        ("https://s3.cn-east-1.qiniucs.com", "false"),
        ("http://192.168.1.10:9000", "true"),  # MinIO
    ],
)
def test_each_host_is_addressed_the_way_it_requires(endpoint: str, path_style: str):
    from storykit.publish.destination import ENV_PREFIX, parse
    from storykit.records.settings import PublishSettings

    keys = {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}
    dest = parse("s3://site/www", PublishSettings(endpoint=endpoint), keys)
    assert dest.env[ENV_PREFIX + "FORCE_PATH_STYLE"] == path_style
    assert dest.target.endswith(":site/www")
