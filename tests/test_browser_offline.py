"""The guide offline: after one visit, every path of the tree, every pupil's card and the
search work with the network cut; back online after a new deployment, the new content shows."""

from __future__ import annotations

import shutil
import time

import pytest
from playwright.sync_api import Page, expect

from changed_site import NEW_TEXT, build_changed_site, redeployable, replace_site
from routes import Route, answer_pattern, load_routes, typed_pattern
from site_server import PHONE

pytestmark = pytest.mark.browser

# Every route written by hand (tests/parcours.yml): a new path of the tree is walked too.
ROUTES = load_routes()
# The pages show it with French typography (’ for ', no-break spaces).
NEW_TEXT_SHOWN = typed_pattern(NEW_TEXT, whole=False)
CHANGED_OUTCOME = "arbre/compte-oui/mode-actuel-mediacentre/mode-souhaite-mediacentre/"
# Written by hand: the cases whose pupil acts (see tests/test_browser_cartes.py).
CARDS = ["pas-de-compte", "mediacentre-vers-mediacentre", "identifiant-vers-identifiant",
         "identifiant-vers-mediacentre"]


@pytest.fixture
def site(built_site, tmp_path):
    with redeployable(built_site, tmp_path) as served:
        yield served


@pytest.fixture
def page(browser, site):
    context = browser.new_context(**PHONE, service_workers="allow")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def wait_for_worker(page: Page) -> None:
    """Until a service worker controls the page (it has then copied the whole site)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def wait_until(page: Page, script: str, arg=None, seconds: float = 15) -> None:
    """Poll an asynchronous condition (wait_for_function does not await promises)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"toujours faux après {seconds} s : {script}"
        page.wait_for_timeout(100)


def walk(page: Page, base: str, route: Route) -> None:
    page.goto(base + "arbre/")
    for label in route.answers:
        page.locator("a.tree__answer").filter(has_text=answer_pattern(label)).click()
    expect(page.locator("#tree-heading")).to_contain_text(typed_pattern(route.outcome, whole=False))


def test_the_whole_guide_works_offline_then_updates_online(page: Page, site, tmp_path):
    served, base = site
    page.goto(base)
    wait_for_worker(page)
    first_copy = page.evaluate("caches.keys()")
    assert len(first_copy) == 1
    page.context.set_offline(True)
    # And the server has nothing left: whatever shows now comes from the worker's copy.
    shutil.rmtree(served)
    served.mkdir()

    assert ROUTES
    for route in ROUTES:
        walk(page, base, route)
    for case in CARDS:
        page.goto(f"{base}eleves/{case}/")
        expect(page.locator(".guide-card h1")).to_contain_text(
            typed_pattern("Rejoins l'espace Pix de ton établissement", whole=False))
    page.goto(base + "a-preparer-avant-la-rentree/")
    expect(page.locator(".guide-sheet__table tbody tr")).to_have_count(5)
    page.goto(base)
    page.locator("label.md-header__button[for=__search]").click()
    page.locator("input.md-search__input").fill("SIECLE")
    page.locator("input.md-search__input").press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible()

    # A new deployment while offline; back online, the next load shows it.
    replace_site(served, build_changed_site(tmp_path))
    page.context.set_offline(False)
    page.goto(base + CHANGED_OUTCOME)
    expect(page.locator("#etape-2")).to_contain_text(NEW_TEXT_SHOWN)
    # The new worker takes over with a copy of the new site: offline again, still new.
    wait_until(page, "old => caches.keys().then(names => names.length === 1 && names[0] !== old[0])", first_copy)
    page.context.set_offline(True)
    page.goto(base + "procedures/mediacentre-vers-mediacentre/")
    expect(page.locator("#etape-2")).to_contain_text(NEW_TEXT_SHOWN)


def test_a_server_without_worker_removes_the_old_one(page: Page, site):
    """As under `mkdocs serve`, which writes no sw.js: live reload must not meet a worker."""
    served, base = site
    page.goto(base)
    wait_for_worker(page)
    (served / "sw.js").unlink()
    page.reload()
    wait_until(page, "navigator.serviceWorker.getRegistrations().then(all => all.length === 0)")
