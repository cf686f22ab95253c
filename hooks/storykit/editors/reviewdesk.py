"""The preview's sign-off (签字通过 on the 审核 page): a form posted to the preview server
itself, recorded exactly as `storykit review` records it.

The preview listens on this computer only, but any web page open in the same browser could
post to it. A sign-off is recorded only when the request is addressed to a loopback host
(another site's name resolving to 127.0.0.1 is not), comes from the preview's own pages
(its Origin, or else its Referer, is the preview's address) and carries the form secret of
this preview process (pages/formtoken.py). Anything else is refused with 403."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from storykit.editors import review
from storykit.pages import formtoken
from storykit.pages.urls import REVIEW_SIGN_URL
from storykit.records.review import ReviewRefused
from storykit.render.templates import Templates

MAX_BODY = 64 * 1024  # a sign-off form is a few hundred bytes
LOOPBACK_NAMES = {"localhost"}


@dataclass(frozen=True)
class Answer:
    status: str  # "303 See Other"
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""


def is_sign_request(path: str) -> bool:
    return path.endswith("/" + REVIEW_SIGN_URL)


def _back(path: str) -> str:
    """The 审核 page beside the form's address (the preview may be mounted under a path)."""
    return path[: -len("sign")]


def _host_name(host: str) -> str:
    if host.startswith("["):  # [::1]:8000
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    name = _host_name(host).lower().rstrip(".")
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _same_origin(environ: dict) -> bool:
    """The request came from the preview's own page: Origin (or, without one, Referer) is
    http://<the Host it was sent to>."""
    own = f"http://{environ.get('HTTP_HOST', '')}"
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None:
        return origin == own
    referer = environ.get("HTTP_REFERER")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" == own


def _refused(status: str, title: str, message: str, back: str) -> Answer:
    html = Templates().render_template(
        "review-refused.html", "review/sign", title=title, message=message, back=back
    )
    return Answer(
        status,
        (("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")),
        str(html).encode("utf-8"),
    )


def _form(environ: dict) -> dict[str, str] | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0 or length > MAX_BODY:
        return None
    raw = environ["wsgi.input"].read(length)
    try:
        fields = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return None
    return {k: v[0] for k, v in fields.items()}


def handle(root: Path, environ: dict) -> Answer:
    """Check a posted sign-off and record it; the answer to send back."""
    path = environ.get("PATH_INFO", "")
    back = _back(path)
    if environ.get("REQUEST_METHOD") != "POST":
        return Answer(
            "405 Method Not Allowed", (("Allow", "POST"),), "请在审核页填写后点“签字通过”".encode()
        )
    host = environ.get("HTTP_HOST", "")
    remote = environ.get("REMOTE_ADDR", "")
    if not is_loopback(host) or (remote and not is_loopback(remote)):
        return _refused(
            "403 Forbidden", "只能在本机的预览中签字",
            "审核签字只接受本机预览页面（127.0.0.1 或 localhost）提交的表单。", back,
        )  # fmt: skip
    if not _same_origin(environ):
        return _refused(
            "403 Forbidden", "请求不是来自预览的审核页",
            "这次提交不是从预览的审核页发出的（可能来自别的网站），没有签字。请打开预览的审核页重新提交。",
            back,
        )  # fmt: skip
    form = _form(environ)
    if form is None or not formtoken.matches(form.get("token")):
        return _refused(
            "403 Forbidden", "审核页已过期",
            "表单缺少或带着过期的校验码（预览重新启动过），没有签字。请刷新审核页后重新填写。",
            back,
        )  # fmt: skip
    try:
        review.sign(
            root,
            form.get("record", ""),
            form.get("level", ""),
            form.get("by", ""),
            form.get("note") or None,
        )
    except ReviewRefused as why:
        return _refused("409 Conflict", "不能签字", str(why).replace("（--by）", ""), back)
    except OSError as err:
        return _refused(
            "500 Internal Server Error",
            "写入记录文件失败",
            f"无法写入记录文件：{err.strerror or err}",
            back,
        )
    return Answer("303 See Other", (("Location", back), ("Cache-Control", "no-store")))


App = Callable[[dict, Callable], Iterable[bytes]]


def wsgi(inner: App, root: Path) -> App:
    """The preview server's application with the sign-off in front of it."""

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not is_sign_request(environ.get("PATH_INFO", "")):
            return inner(environ, start_response)
        answer = handle(root, environ)
        start_response(answer.status, list(answer.headers))
        return [answer.body]

    return app
