"""Build the site, serve it on 127.0.0.1 and start Chromium: shared by the browser tests
(conftest.py) and the benchmarks, so both measure the same thing the same way."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from find_browser import find_chromium

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "fr-FR",
}


class SiteBuildError(RuntimeError):
    pass


class BrowserUnavailable(RuntimeError):
    pass


def build_site(site: Path, site_url: str | None = None) -> Path:
    """`mkdocs build --strict` of the project into `site`, for the address `site_url` if given.

    Material's instant navigation follows only the links that sitemap.xml lists, port
    included: a site served elsewhere than its `site_url` falls back to full page loads."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SiteBuildError(f"La construction du site a échoué :\n{result.stderr}")
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser drops connections when a test moves on mid-load: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _GzipHandler(_QuietHandler):
    """As GitHub and GitLab Pages serve a site: text gzip-compressed when the browser accepts
    it, with a short cache lifetime (GitHub Pages: 10 minutes)."""

    COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if not (os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", "")
                and kind.startswith(self.COMPRESSED)):
            super().do_GET()
            return
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Base URL (ending in "/") of `directory` served on a free port of 127.0.0.1; gzip as
    GitHub and GitLab Pages do when `compress`."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def launch_chromium():
    """A Chromium driven by Playwright; BrowserUnavailable says why when there is none."""
    from playwright.sync_api import Error, sync_playwright

    executable = find_chromium()
    if executable is None:
        raise BrowserUnavailable("aucun Chromium trouvé.")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as error:
            raise BrowserUnavailable(f"Chromium ({executable}) ne démarre pas : {error.message}") from None
        try:
            yield chromium
        finally:
            chromium.close()
