"""`storykit nginx`: the fixture site served by Debian's real nginx with the printed
configuration, checked over HTTP as a reader's browser and a CDN would see it."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import ROOT

from storykit.publish.headers import headers_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")

MAP_SCRIPT = ROOT / "docs" / "assets" / "red-site-map.js"
PLAIN_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "'wasm-unsafe-eval'", "data:"}


def storykit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", *args], capture_output=True, text=True
    )


def get(base: str, path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(published, nginx_for) -> str:
    """The published fixture site (no map key in its settings) behind nginx."""
    return nginx_for(published, published.parent)


@pytest.fixture(scope="module")
def map_server(published, nginx_for, tmp_path_factory) -> str:
    """The same site, with the configuration printed for settings that give a 天地图 key."""
    project = tmp_path_factory.mktemp("with-map")
    config = (published.parent / "mkdocs.yml").read_text("utf-8")
    config = config[: config.index("\nextra:")] + "\nextra:\n  map:\n    tianditu_key: test-key\n"
    (project / "mkdocs.yml").write_text(config, "utf-8")
    return nginx_for(published, project)


def csp_sources(value: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in value.split(";")) if d}


def test_a_page_is_html_that_browsers_check_again(server):
    response, body = get(server, "/cases/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache"
    assert "<html" in body.decode("utf-8")


def test_text_is_compressed_for_browsers_that_take_gzip(server):
    response, body = get(server, "/", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    plain = gzip.decompress(body).decode("utf-8")
    assert plain == get(server, "/")[1].decode("utf-8")


def test_the_sitemap_is_sent_from_its_precompressed_copy(server, published):
    response, body = get(server, "/sitemap.xml", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Content-Type") == "application/xml; charset=utf-8"
    assert gzip.decompress(body) == (published / "sitemap.xml").read_bytes()


def test_styles_scripts_and_pictures_have_their_type_and_lifetime(server, published):
    css = get(server, "/assets/storykit.css")[0]
    assert css.getheader("Content-Type") == "text/css; charset=utf-8"
    assert css.getheader("Cache-Control") == "public, max-age=3600"
    bundle = next((published / "assets" / "javascripts").glob("bundle.*.min.js"))
    js = get(server, f"/assets/javascripts/{bundle.name}")[0]
    assert js.getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert js.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    picture = next((published / "assets" / "images").glob("*-480.webp"))
    webp = get(server, f"/assets/images/{picture.name}")[0]
    assert webp.getheader("Content-Type") == "image/webp"
    assert webp.getheader("Cache-Control") == "public, max-age=31536000, immutable"


def test_search_fragments_are_immutable_and_its_entry_is_not(server, published):
    fragment = next((published / "pagefind" / "fragment").iterdir())
    response, body = get(
        server, f"/pagefind/fragment/{fragment.name}", **{"Accept-Encoding": "gzip"}
    )
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Encoding") is None  # Pagefind unpacks it itself
    assert body == fragment.read_bytes()
    entry = get(server, "/pagefind/pagefind-entry.json")[0]
    assert entry.getheader("Cache-Control") == "no-cache"


def test_every_file_is_served_as_the_upload_rules_say(server, published):
    """One declaration: what nginx sends for each file of the site is what headers_for gives
    the uploads to storage."""
    differ = []
    for path in sorted(p for p in published.rglob("*") if p.is_file()):
        rel = path.relative_to(published).as_posix()
        response = get(server, "/" + rel)[0]
        expected = headers_for(rel)
        seen = (
            response.status,
            response.getheader("Content-Type"),
            response.getheader("Cache-Control"),
        )
        if seen != (200, expected.content_type, expected.cache_control):
            differ.append(f"{rel}: {seen} != {expected}")
    assert differ == []


def test_security_headers_allow_only_the_sites_own_host(server):
    for path in ("/", "/assets/storykit.css", "/no-such-page/"):
        response = get(server, path)[0]
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
        policy = csp_sources(response.getheader("Content-Security-Policy"))
        assert policy["default-src"] == ["'self'"]
        others = {s for sources in policy.values() for s in sources} - PLAIN_SOURCES
        assert others == set(), path


def test_with_a_map_key_the_policy_names_the_tile_hosts_the_map_asks(map_server):
    script = MAP_SCRIPT.read_text("utf-8")
    template = re.search(r'"(https://t\{s\}\.[^/"]+)/', script).group(1)
    subdomains = re.search(r'subdomains:\s*"(\w+)"', script).group(1)
    asked = {template.replace("{s}", s) for s in subdomains}
    policy = csp_sources(get(map_server, "/")[0].getheader("Content-Security-Policy"))
    assert set(policy["img-src"]) - PLAIN_SOURCES == asked
    assert policy["default-src"] == ["'self'"]


def test_a_missing_address_gets_the_chinese_404_page(server, published):
    response, body = get(server, "/cases/no-such-record/")
    assert response.status == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert body == (published / "404.html").read_bytes()
    assert "页面不存在" in body.decode("utf-8")


def test_a_folder_without_its_slash_is_redirected_on_the_same_host(server):
    response = get(server, "/cases")[0]
    assert response.status == 301
    assert response.getheader("Location") == "/cases/"


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_the_site_works_under_its_own_policy_in_a_browser(server, browser):
    """Material's inline scripts, the cards' colours and Pagefind's WebAssembly all run with
    the policy nginx sends: no violation, and a search finds records."""
    page = browser.new_page(locale="zh-CN")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server)
    page.goto(server + "search/?q=测试读书角")
    page.wait_for_selector(".sk-result__title", timeout=20_000)
    titles = page.locator(".sk-result__title").all_inner_texts()
    page.close()
    assert "测试读书角" in titles
    assert errors == []


def test_wrong_options_are_explained_in_chinese(tmp_path):
    done = storykit("nginx", "--dir", str(tmp_path), "--root", "site", "--listen", "八十")
    assert done.returncode == 2
    assert "--root 应为服务器上网站文件夹的绝对路径" in done.stderr
    assert "--listen 应为端口" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_the_default_is_a_server_block_nginx_accepts_inside_its_http_block(published, tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed and could not be (tools/ensure-nginx.sh)")
    done = storykit("nginx", "--dir", str(published.parent), "--root", str(published))
    assert done.returncode == 0, done.stderr
    block = done.stdout
    assert block.lstrip("# \n").count("server {") == 1 and "events" not in block
    assert "server_name example.org;" in block  # the host of the project's site_url
    (tmp_path / "site.conf").write_text(block, "utf-8")
    temp = "\n".join(f"{d}_temp_path {tmp_path}/{d};" for d in TEMP_PATHS)
    wrapper = tmp_path / "nginx.conf"  # as a distribution's nginx.conf includes conf.d/*.conf
    wrapper.write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n{temp}\ninclude {tmp_path}/site.conf;\n}}\n"
    )
    tested = subprocess.run(
        [NGINX, "-t", "-c", str(wrapper), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert tested.returncode == 0, tested.stderr
    assert "warn" not in tested.stderr, tested.stderr


def test_help_is_in_chinese():
    done = storykit("nginx", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("用法：storykit nginx")
    assert "--standalone" in done.stdout and "宝塔" in done.stdout


def test_a_broken_mkdocs_yml_is_said_before_anything_is_printed(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: 测试\nextra:\n  map: 天地图\n", "utf-8")
    done = storykit("nginx", "--dir", str(tmp_path), "--root", "/srv/site")
    assert done.returncode == 1
    assert done.stderr.startswith("mkdocs.yml:3: ")
    assert "Traceback" not in done.stderr and done.stdout == ""
