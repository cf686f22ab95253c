"""`make serve` and `make build`: MkDocs's serve and build, speaking Chinese to volunteers.

The engine is MkDocs unless `--engine properdocs` (or ENGINE=properdocs) picks ProperDocs, the
maintained fork of MkDocs 1.6: it reads the same mkdocs.yml and runs Material and hooks/site.py
unchanged, because importing properdocs.replacement makes every `mkdocs.*` import its own.

What this adds to `mkdocs serve --dirty` and `mkdocs build --strict`:
- MkDocs's own terminal lines in Chinese, and its English end-of-build lines replaced;
- no warning about dirty builds (storykit tracks what each page read, so it does not apply);
- a broken mkdocs.yml is reported as `mkdocs.yml:行: 键: 消息`, never as a traceback. The
  preview keeps serving: with the last good settings while it runs, or with a page listing
  the problems when it cannot start, until the file is fixed.
- a build with nothing changed since the last one (storykit/build/startup.py) does nothing:
  the site folder already is what it would write. Other builds reuse what did not change.

Usage: python hooks/run.py [--engine mkdocs|properdocs] serve [--dev-addr 127.0.0.1:8000] | build
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import html
import http.server
import importlib
import logging
import os
import re
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


from storykit.build import startup  # noqa: E402
from storykit.records import yamlfile  # noqa: E402
from storykit.records.problems import FILE, Problem, errors, report  # noqa: E402
from storykit.records.settings import read_settings  # noqa: E402

CONFIG = "mkdocs.yml"

ENGINES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}  # module: the name volunteers see
engine = "mkdocs"  # set once by use_engine(), before any engine module is imported


class UnknownEngine(Exception):
    pass


def use_engine(name: str) -> None:
    """Choose the engine; an unknown or missing one raises UnknownEngine with the Chinese why."""
    global engine
    if name not in ENGINES:
        raise UnknownEngine(
            f"不认识的生成引擎“{name}”；可用的有：{'、'.join(ENGINES)}（默认 mkdocs）"
        )
    if name == "properdocs":
        try:
            # From here on `mkdocs.*` imports (Material's, hooks/site.py's) get ProperDocs's
            # modules. Nothing of MkDocs may be imported before: its classes would then mix in.
            importlib.import_module("properdocs.replacement")
        except ImportError as err:
            raise UnknownEngine("没有安装 ProperDocs：请先运行 make install") from err
    engine = name


def engine_module(name: str):
    """The running engine's module, e.g. engine_module("commands.build")."""
    return importlib.import_module(f"{engine}.{name}")


# MkDocs's and its server's lines, said in Chinese; None drops the line.
SAYINGS: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"^Building documentation\.\.\.$"), "正在生成网站……"),
    (re.compile(r"^Cleaning site directory$"), "正在清理输出文件夹"),
    (re.compile(r"^Building documentation to directory: (.*)$"), r"正在把网站写到 \1"),
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"), r"网站已生成，用时 \1 秒"),
    (re.compile(r"^Serving on (\S+)$"), r"预览地址：\1 （按 Ctrl+C 停止）"),
    (re.compile(r"^Browser connected: (\S+)$"), r"浏览器已打开 \1"),
    (re.compile(r"^Detected file changes$"), "发现文件有改动"),
    (re.compile(r"^Reloading browsers$"), "正在刷新浏览器"),
    (re.compile(r"^Watching paths for changes: (.*)$"), r"正在留意这些文件的改动：\1"),
    (re.compile(r"^Aborted with a configuration error!$"), None),
    (re.compile(r'^"GET (\S+) HTTP/[\d.]+" code (\d+)$'), r"浏览器要的 \1 不存在（\2）"),
    (re.compile(r"^Shutting down\.\.\.$"), "预览已停止"),
    (re.compile(r"^A 'dirty' build is being performed"), None),
    (
        re.compile(r"^An error happened during the rebuild"),
        "重新生成时出错；请按上面的提示改正并保存，预览会自动恢复",
    ),
    (
        re.compile(r"^The following pages exist in the docs directory, but are not included"),
        "docs/ 里有些页面不在导航（nav）中：",
    ),
]
TIME = re.compile(r"^\[[\d:]+\] ")
LEVELS = {"DEBUG": "调试", "INFO": "信息", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "错误"}


CONFIG_VALUE = re.compile(r"^Config value '([\w.]+)': (.*)$", re.S)
config_said: list[Problem] = []  # MkDocs's objections to mkdocs.yml, since it was last read


def config_problem(text: str) -> Problem | None:
    """MkDocs's "Config value 'theme': …" as `mkdocs.yml:行: theme: …`."""
    m = CONFIG_VALUE.match(text)
    if not m:
        return None
    key = m.group(1)
    line = 1
    try:
        doc = yamlfile.read(CONFIG, CONFIG)
        line = doc.line_of(tuple(key.split(".")))
    except yamlfile.YamlError:
        pass
    return Problem(CONFIG, line, key, f"{ENGINES[engine]} 不接受这个设置：{m.group(2).strip()}")


class Chinese(logging.Formatter):
    """`信息 - 消息`, with MkDocs's known lines translated."""

    def format(self, record: logging.LogRecord) -> str:
        text = TIME.sub("", record.getMessage())  # the server stamps some lines with a time
        problem = config_problem(text)
        if problem:
            config_said.append(problem)
            return f"{LEVELS.get(record.levelname, record.levelname)} - {problem}"
        for pattern, said in SAYINGS:
            if pattern.search(text):
                text = pattern.sub(said, text) if said else ""
                break
        return f"{LEVELS.get(record.levelname, record.levelname)} - {text}"


class DropSilenced(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not any(said is None and p.search(text) for p, said in SAYINGS)


def setup_logging() -> None:
    """What the engine's command line does, with Chinese lines instead of its English ones."""
    handler = logging.StreamHandler()
    handler.setFormatter(Chinese())
    handler.addFilter(DropSilenced())
    for name in (engine, "material"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.INFO)
    if engine != "mkdocs":
        # As ProperDocs's own command line does: the "mkdocs.*" loggers (hooks/site.py's,
        # Material's) feed the engine's, where strict mode counts the warnings.
        legacy = logging.getLogger("mkdocs")
        legacy.handlers[:] = []
        legacy.parent = logging.getLogger(engine)
        legacy.setLevel(logging.NOTSET)
        legacy.propagate = True
    logging.captureWarnings(True)


def config_problems(path: Path) -> list[Problem]:
    """mkdocs.yml read the way `storykit check` reads it: every problem, in Chinese."""
    return errors(read_settings(path, CONFIG)[1])


def unreadable(err: BaseException, path: Path) -> list[Problem]:
    """The problems behind a config MkDocs refused: ours when we see them, else its words."""
    found = config_problems(path) or list(config_said)
    config_said.clear()
    if found:
        return found
    words = str(err).strip() or type(err).__name__
    return [Problem(CONFIG, 1, FILE, f"{ENGINES[engine]} 无法读取设置：{words}")]


# -- build ----------------------------------------------------------------------------------
def build() -> int:
    mkdocs_build = engine_module("commands.build").build
    load_config = engine_module("config").load_config
    exceptions = engine_module("exceptions")
    Abort, ConfigurationError = exceptions.Abort, exceptions.ConfigurationError

    path = Path(CONFIG).resolve()
    problems = config_problems(path)
    if problems:
        print(report(problems), file=sys.stderr)
        print(f"mkdocs.yml 有 {len(problems)} 个问题，未生成网站", file=sys.stderr)
        return 1
    try:
        config = load_config(str(path), strict=True)
    except (ConfigurationError, Abort, OSError, ValueError) as err:
        logged = list(config_said)  # already printed, in Chinese, as MkDocs said them
        problems = unreadable(err, path)
        fresh = [p for p in problems if p not in logged]
        if fresh:
            print(report(fresh), file=sys.stderr)
        print(f"mkdocs.yml 有 {len(problems)} 个问题，未生成网站", file=sys.stderr)
        return 1
    if startup.up_to_date(path.parent, Path(config.site_dir)):
        # Nothing the site is made from changed since the last build: it is what a build
        # would write now. `make clean` forces a build from scratch.
        print("网站已是最新：上次生成以来没有文件改动，无需重新生成", file=sys.stderr)
        return 0
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except Abort as err:
        print(_aborted(str(err)), file=sys.stderr)
        return 1
    finally:
        config.plugins.on_shutdown()
    return 0


def _aborted(text: str) -> str:
    """MkDocs's English end-of-build line, said in Chinese (the reasons are printed above)."""
    strict = re.match(r"Aborted with (\d+) warnings? in strict mode", text)
    if strict:
        return (
            f"有 {strict.group(1)} 条警告，按严格模式未生成网站；请按上面的警告修改。"
            "原来的 site/ 没有改动"
        )
    return "未生成网站：原因见上面的错误。原来的 site/ 没有改动"


# -- serve ----------------------------------------------------------------------------------
def serve(addr: str) -> int:
    mkdocs_serve = engine_module("commands.serve")
    load_config = engine_module("config").load_config
    exceptions = engine_module("exceptions")
    Abort, ConfigurationError = exceptions.Abort, exceptions.ConfigurationError

    path = Path(CONFIG).resolve()
    refused = (ConfigurationError, Abort, OSError, ValueError)
    last_good: list = []

    def tolerant(**kwargs):
        """Load mkdocs.yml; when it breaks while serving, keep the last good config and
        let the adapter show the problems on every page."""
        try:
            config = load_config(**kwargs)
        except refused as err:
            if not last_good:
                raise
            startup.engine_refused(unreadable(err, path))
            logging.getLogger(engine).error(
                "mkdocs.yml 有问题，预览暂时沿用上一次的设置：\n" + report(unreadable(err, path))
            )
            return last_good[0]
        startup.engine_refused([])
        last_good[:] = [config]
        return config

    while True:  # until mkdocs.yml can be read: show why, on the page and here
        try:
            load_config(str(path), dev_addr=addr)
            break
        except refused as err:
            if not _wait_for_fix(addr, path, unreadable(err, path)):
                return 1
    mkdocs_serve.load_config = tolerant
    with contextlib.suppress(KeyboardInterrupt):
        mkdocs_serve.serve(config_file=str(path), dev_addr=addr, build_type="dirty")
    return 0


class _ErrorPage(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.send_response(503)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args) -> None:  # requests are not news
        pass


def error_page(problems: list[Problem]) -> bytes:
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="refresh" content="2"><title>mkdocs.yml 有问题</title></head>'
        '<body style="font: 20px/1.6 sans-serif; margin: 1em; color: #5f1111">'
        "<h1>预览暂时无法显示：mkdocs.yml 有问题</h1>"
        f"<p>请按下面的提示改正并保存，这一页会自动刷新。</p><ul>{items}</ul></body></html>"
    ).encode()


def _wait_for_fix(addr: str, path: Path, problems: list[Problem]) -> bool:
    """Serve a page listing the problems until mkdocs.yml changes; False on Ctrl+C."""
    log = logging.getLogger(engine)
    log.error("mkdocs.yml 有问题，改正并保存后预览会自动开始：\n" + report(problems))
    host, _, port = addr.rpartition(":")
    _ErrorPage.page = error_page(problems)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), _ErrorPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log.info(f"预览地址：http://{host or '127.0.0.1'}:{port}/ （显示上面的问题）")
    stamp = _stamp(path)
    try:
        while _stamp(path) == stamp:
            time.sleep(0.5)
    except KeyboardInterrupt:
        return False
    finally:
        server.shutdown()
        server.server_close()
    return True


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


built = False  # main() ran a build: the process may then leave without tearing down


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="run.py", description="生成或预览网站")
    p.add_argument("command", choices=("serve", "build"))
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.add_argument("--engine", default=os.environ.get("ENGINE") or "mkdocs")
    args = p.parse_args(argv)
    try:
        use_engine(args.engine.strip().lower())
    except UnknownEngine as err:
        print(err, file=sys.stderr)
        return 2
    setup_logging()
    global built
    built = args.command == "build"
    return serve(args.dev_addr) if args.command == "serve" else build()


def leave(code: int) -> None:
    """Exit without tearing down the build's objects one by one (a second or more for a
    large site): the output is flushed, the site folder already swapped in."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    # A build makes millions of small objects that live until it ends; collecting garbage
    # less often saves a tenth of its time, and the few cycles wait until the end.
    gc.set_threshold(100_000, 50, 100)
    code = main()
    if built:
        leave(code)
    sys.exit(code)
