"""Work on every core of the machine: forked copies of this process, which has the whole site
in memory already, each doing a share and sending back its result."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 300  # pages: below this another process costs more than it saves (the
# tests set STORYKIT_PARALLEL_FROM lower to build their small sites this way too)


class CopyFailed(Exception):
    """A forked copy failed; the message is its error, as it said it."""


def worth_it(count: int) -> bool:
    """Whether `count` pages are many enough to share among processes."""
    return count >= int(os.environ.get("STORYKIT_PARALLEL_FROM", PARALLEL_FROM))


def processes(count: int) -> int:
    """How many processes share `count` items: one per core, never more than the items, and
    one where this system cannot fork."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, count))


def shares(items: Sequence[Item], n: int) -> list[list[Item]]:
    """`n` shares, dealt one item at a time, so each gets as many of every kind of page."""
    return [list(items[i::n]) for i in range(n)]


def on_every_core(items: Sequence[Item], work: Callable[[list[Item]], Result]) -> list[Result]:
    """`work` over the items, shared among this machine's cores: this process does the first
    share, a forked copy each other one. Results in the order of the shares. Raises
    CopyFailed when a copy failed (after every copy has ended)."""
    parts = shares(items, processes(len(items)))
    if len(parts) == 1:
        return [work(parts[0])]
    copies = [_fork(work, part) for part in parts[1:]]
    try:
        mine = work(parts[0])
    finally:
        theirs = [_collect(pid, pipe) for pid, pipe in copies]
    failed = next((r for r in theirs if isinstance(r, CopyFailed)), None)
    if failed:
        raise failed
    return [mine, *theirs]


def in_another_process(work: Callable[[], Result]) -> Future[Result]:
    """`work` in a forked copy of this process, its result sent back: for work that makes
    many small system calls (linking pages, talking to the indexer) while this process keeps
    computing. In a thread each such call would wait for the interpreter's lock behind this
    process's own work, and ten seconds of indexing became minutes. A thread where this system
    cannot fork. The future's exception is CopyFailed when the copy failed."""
    future: Future[Result] = Future()
    if not hasattr(os, "fork"):
        threading.Thread(target=lambda: future.set_result(work()), daemon=True).start()
        return future
    pid, pipe = _fork(lambda _: work(), [])

    def collect() -> None:
        result = _collect(pid, pipe)
        if isinstance(result, CopyFailed):
            future.set_exception(result)
        else:
            future.set_result(result)

    threading.Thread(target=collect, daemon=True).start()
    return future


def _fork(work: Callable[[list[Item]], Result], part: list[Item]) -> tuple[int, int]:
    """A copy doing `part`: its process id and the pipe its result comes back on."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: do its share, send the result, leave without cleaning up
        status = 1
        try:  # whatever happens, the copy never returns into its caller's code
            os.close(read_end)
            try:
                result: object = work(part)
            except BaseException as err:  # sent to the parent, which reports it
                result = CopyFailed(f"{type(err).__name__}: {err}")
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0 if not isinstance(result, CopyFailed) else 1
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> object:
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        return pickle.loads(data)
    except Exception:  # it ended before it had sent it all
        return CopyFailed("生成进程意外退出")
