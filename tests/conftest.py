"""Shared pytest fixtures.

Sections:
  1. Built site   – `built_site`: the site, built once per session with `mkdocs build --strict`;
                    `tree_pages`: the pages of its decision tree, by the answers leading there.
  2. Local server – `site_url`: that site served over HTTP on 127.0.0.1 (search needs fetch,
                    which file:// breaks).
  3. Browser      – `browser`: Playwright driving a real Chromium (see find_browser.py).
  4. Pages        – `phone_page`: a page in a phone-sized context (`new_phone_context`);
                    `make_reading_page`: pages in contexts kept for the session (read-only tests);
                    `external_requests`: every request they made that did not go to 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from find_browser import System, how_to
from routes import TreePage, walk_tree
from site_server import PHONE, BrowserUnavailable, SiteBuildError, build_site, launch_chromium, serve

# --------------------------------------------------------------------------- 1. Built site


@pytest.fixture(scope="session")
def served_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served on a free port of 127.0.0.1, and its base URL (ending in "/"). The
    server starts first so that the site is built for its real address (see build_site)."""
    folder = tmp_path_factory.mktemp("site")
    with serve(folder) as url:
        yield folder, url


@pytest.fixture(scope="session")
def built_site(served_folder: tuple[Path, str]) -> Path:
    """Folder of the site built from the project's mkdocs.yml (once per session)."""
    folder, url = served_folder
    try:
        return build_site(folder, site_url=url)
    except SiteBuildError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def tree_pages(built_site: Path) -> dict[tuple[str, ...], TreePage]:
    """Every page of the tree in the built site, by the answer labels tapped to reach it
    (read from the HTML by routes.py, never by the generator)."""
    return walk_tree(built_site)


# --------------------------------------------------------------------------- 2. Local server


@pytest.fixture(scope="session")
def site_url(served_folder: tuple[Path, str], built_site: Path) -> str:
    """Base URL (ending in "/") of the built site, served on a free port of 127.0.0.1."""
    return served_folder[1]


# --------------------------------------------------------------------------- 3. Browser


@pytest.fixture(scope="session")
def browser():
    """A Chromium driven by Playwright, shared by the whole session. In CI a missing browser
    is a failure (never a silent skip); elsewhere, a skip that says how to get one."""
    try:
        with launch_chromium() as chromium:
            yield chromium
    except BrowserUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"Tests dans un navigateur impossibles en CI : {error}", pytrace=False)
        pytest.skip(f"{error}\n{how_to(System.current())}")


# --------------------------------------------------------------------------- 4. Pages


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
    # Generous: a loaded machine only makes a test slower, never makes it fail. Every wait is on
    # a condition, so a passing test never waits this long.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
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


class _Recorder:
    """Where a kept context records the requests that leave 127.0.0.1: the current test's list."""

    def __init__(self) -> None:
        self.target: list[str] = []

    def append(self, url: str) -> None:
        self.target.append(url)


@pytest.fixture(scope="session")
def _kept_contexts(browser):
    recorder, contexts = _Recorder(), {}

    def context(javascript: bool):
        if javascript not in contexts:
            contexts[javascript] = new_phone_context(browser, recorder, java_script_enabled=javascript)
        return contexts[javascript]

    yield context, recorder
    for kept in contexts.values():
        kept.close()


@pytest.fixture
def make_reading_page(_kept_contexts, external_requests: list[str]):
    """Like make_phone_page (without `width`), but its pages open in a context kept for the whole
    session: a new page there costs less than a new context. Only for tests that read pages and
    follow links: the site keeps no cookies nor storage, and these tests tick nothing."""
    context, recorder = _kept_contexts
    recorder.target = external_requests
    pages = []

    def make(javascript: bool = True):
        pages.append(context(javascript).new_page())
        return pages[-1]

    yield make
    for page in pages:
        page.close()


@pytest.fixture
def phone_page(make_phone_page):
    """A fresh page in a phone-sized context (see new_phone_context)."""
    return make_phone_page()
