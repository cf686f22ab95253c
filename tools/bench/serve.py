"""`mkdocs serve` for a project in a child process, for the preview benchmark and the
browser tests (tests/browser/test_serve.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MKDOCS = Path(sys.executable).with_name("mkdocs")
# As a user's shell runs them: Python keeps its compiled modules (some sandboxes turn that off
# with PYTHONDONTWRITEBYTECODE, which would make every build compile MkDocs, Material and
# storykit from source again), for storykit and for the stock baseline alike.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
}


@contextmanager
def serving(
    root: Path, *flags: str, wait: float = 300, program: list[str] | None = None
) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """`mkdocs serve --livereload` on a free port until the block ends: (base URL, process, log).
    `program` replaces `mkdocs serve --livereload` (e.g. `make serve`'s hooks/run.py serve)."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = root / "serve.log"
    with log.open("w") as out:
        command = program or [str(MKDOCS), "serve", "--livereload"]
        proc = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}", *flags],
            cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    urllib.request.urlopen(base, timeout=2)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            "mkdocs serve did not start:\n" + log.read_text("utf-8")[-3000:]
                        ) from None
                    time.sleep(0.5)
            yield base, proc, log
        finally:
            proc.terminate()
            proc.wait(timeout=30)
