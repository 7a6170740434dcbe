"""Shared pytest fixtures.

Sections:
  1. Built site   – `built_site`: the site, built once per session with `mkdocs build --strict`.
  2. Local server – `site_url`: that site served over HTTP on 127.0.0.1 (search needs fetch,
                    which file:// breaks).
  3. Browser      – `browser`: Playwright driving a real Chromium (see find_browser.py).
  4. Pages        – `phone_page`: a page in a phone-sized context (`new_phone_context`);
                    `external_requests`: every request it made that did not go to 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from find_browser import HOW_TO, find_chromium

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- 1. Built site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder of the site built from the project's mkdocs.yml (once per session)."""
    site = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        pytest.fail(f"La construction du site a échoué :\n{result.stderr}", pytrace=False)
    return site


# --------------------------------------------------------------------------- 2. Local server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser drops connections when a test moves on mid-load: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in "/") of the built site, served on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- 3. Browser

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def _no_browser(reason: str) -> None:
    """In CI a missing browser is a failure (never a silent skip); elsewhere, a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"Tests dans un navigateur impossibles en CI : {reason}", pytrace=False)
    pytest.skip(f"{reason}\n{HOW_TO}")


@pytest.fixture(scope="session")
def browser():
    """A Chromium driven by Playwright, shared by the whole session."""
    from playwright.sync_api import Error, sync_playwright

    executable = find_chromium()
    if executable is None:
        _no_browser("aucun Chromium trouvé.")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as error:
            _no_browser(f"Chromium ({executable}) ne démarre pas : {error.message}")
        yield chromium
        chromium.close()


# --------------------------------------------------------------------------- 4. Pages

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "fr-FR",
}


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    # data: and blob: URLs never touch the network.
    return parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1"


@pytest.fixture
def external_requests() -> list[str]:
    """URLs of the requests `phone_page` made to anything other than 127.0.0.1."""
    return []


def new_phone_context(browser, external_requests: list[str], **options):
    """A browser context the size of a phone (`options` override PHONE); its requests that
    leave 127.0.0.1 are appended to `external_requests`, and blocked: a test must not depend
    on, nor wait for, the internet."""
    context = browser.new_context(**{**PHONE, **options})
    context.set_default_timeout(10_000)
    context.on("request", lambda request: None if _is_local(request.url)
               else external_requests.append(request.url))
    context.route(lambda url: not _is_local(url), lambda route: route.abort())
    return context


@pytest.fixture
def make_phone_page(browser, external_requests: list[str]):
    """Factory of phone-sized pages: make_phone_page(javascript=False, width=320)."""
    contexts = []

    def make(javascript: bool = True, width: int = PHONE["viewport"]["width"]):
        context = new_phone_context(browser, external_requests, java_script_enabled=javascript,
                                    viewport={**PHONE["viewport"], "width": width})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(make_phone_page):
    """A fresh page in a phone-sized context (see new_phone_context)."""
    return make_phone_page()
