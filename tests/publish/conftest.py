"""Debian's real nginx, started on 127.0.0.1 with the configuration `storykit nginx` prints."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # tools/ensure-nginx.sh installs it


def storykit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_listening(proc: subprocess.Popen, port: int, prefix: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = prefix / "error.log"
            why = log.read_text("utf-8", "replace") if log.exists() else ""
            pytest.fail(f"nginx stopped at start ({proc.returncode}): {proc.stderr.read()}{why}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx did not start listening within 15 s")


@pytest.fixture(scope="session")
def nginx_for(tmp_path_factory) -> Iterator[Callable[..., str]]:
    """nginx_for(site, project) → the base URL of a real nginx serving the built `site` with
    `storykit nginx --standalone` run in `project`; every server is stopped at the end."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed and could not be (tools/ensure-nginx.sh)")
    running: list[subprocess.Popen] = []

    def start(site: Path, project: Path) -> str:
        prefix = tmp_path_factory.mktemp("nginx")
        port = free_port()
        printed = storykit(
            "nginx",
            "--standalone",
            "--dir",
            str(project),
            "--root",
            str(site),
            "--listen",
            f"127.0.0.1:{port}",
            "--prefix",
            str(prefix),
        )
        assert printed.returncode == 0, printed.stderr
        config = prefix / "nginx.conf"
        config.write_text(printed.stdout, "utf-8")
        # as root, nginx's workers would run as `nobody`, who cannot read pytest's folders
        settings = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        proc = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(prefix), "-g", settings],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        running.append(proc)
        _wait_until_listening(proc, port, prefix)
        return f"http://127.0.0.1:{port}/"

    yield start
    for proc in running:
        proc.terminate()
        proc.wait(timeout=15)
