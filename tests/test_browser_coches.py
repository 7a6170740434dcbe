"""Ticks on « Se préparer » items and steps, kept in the browser (coches.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from changed_site import build_changed_site, redeployable, replace_site

pytestmark = pytest.mark.browser

OUTCOME = "arbre/compte-oui/mode-actuel-mediacentre/mode-souhaite-mediacentre/"
PROCEDURE = "procedures/mediacentre-vers-mediacentre/"
FIRST_ITEM = "#preparer-1 input[type=checkbox]"
SECOND_STEP = "#etape-2 input[type=checkbox]"
NEXT_PUPIL = "Élève suivant (même cas)"


def tick(page: Page, selector: str) -> None:
    page.locator(selector).check()
    expect(page.locator(selector)).to_be_checked()


def test_ticks_survive_a_reload_and_are_shared_by_the_procedure_page(phone_page: Page, site_url):
    phone_page.goto(site_url + OUTCOME)
    tick(phone_page, FIRST_ITEM)
    tick(phone_page, SECOND_STEP)
    phone_page.reload()
    expect(phone_page.locator(FIRST_ITEM)).to_be_checked()
    expect(phone_page.locator(SECOND_STEP)).to_be_checked()
    expect(phone_page.locator("#preparer-2 input[type=checkbox]")).not_to_be_checked()
    phone_page.goto(site_url + PROCEDURE)
    expect(phone_page.locator(FIRST_ITEM)).to_be_checked()


def test_ticks_say_nothing_leaves_the_device(phone_page: Page, site_url):
    phone_page.goto(site_url + OUTCOME)
    expect(phone_page.get_by_text("rien n'est envoyé")).to_have_count(1)


def test_next_pupil_clears_the_ticks_and_keeps_the_answers(phone_page: Page, site_url):
    phone_page.goto(site_url + OUTCOME)
    tick(phone_page, FIRST_ITEM)
    phone_page.get_by_role("button", name=NEXT_PUPIL).click()
    expect(phone_page.locator(FIRST_ITEM)).not_to_be_checked()
    expect(phone_page).to_have_url(site_url + OUTCOME)
    expect(phone_page.locator(".tree__given")).to_contain_text("Médiacentre")
    phone_page.reload()
    expect(phone_page.locator(FIRST_ITEM)).not_to_be_checked()


def test_restart_clears_every_tick(phone_page: Page, site_url):
    phone_page.goto(site_url + PROCEDURE)
    tick(phone_page, FIRST_ITEM)
    phone_page.goto(site_url + OUTCOME)
    phone_page.get_by_role("link", name="Recommencer").click()
    expect(phone_page).to_have_url(site_url + "arbre/")
    phone_page.goto(site_url + PROCEDURE)
    expect(phone_page.locator(FIRST_ITEM)).not_to_be_checked()


def test_ticks_of_a_new_page_after_the_tree_swapped_it_in(phone_page: Page, site_url):
    """The tree's script replaces the article without a page load: the new lists get boxes."""
    phone_page.goto(site_url + "arbre/compte-oui/mode-actuel-mediacentre/")
    phone_page.locator("a.tree__answer", has_text="Médiacentre").click()
    expect(phone_page).to_have_url(site_url + OUTCOME)
    tick(phone_page, SECOND_STEP)
    expect(phone_page.get_by_role("button", name=NEXT_PUPIL)).to_have_count(1)


def test_without_javascript_the_lists_are_plain_lists(make_phone_page, site_url):
    page = make_phone_page(javascript=False)
    page.goto(site_url + OUTCOME)
    expect(page.locator("#preparer-1")).to_contain_text("SIECLE")
    expect(page.locator("article input[type=checkbox]")).to_have_count(0)
    expect(page.get_by_role("button", name=NEXT_PUPIL)).to_have_count(0)


@pytest.fixture
def redeployable_site(built_site, tmp_path):
    with redeployable(built_site, tmp_path) as site:
        yield site


def test_a_content_change_starts_with_no_ticks(phone_page: Page, redeployable_site, tmp_path):
    served, url = redeployable_site
    phone_page.goto(url + OUTCOME)
    tick(phone_page, FIRST_ITEM)
    phone_page.goto(url + "procedures/pas-de-compte/")
    tick(phone_page, FIRST_ITEM)
    replace_site(served, build_changed_site(tmp_path))
    phone_page.goto(url + OUTCOME)
    expect(phone_page.locator("#etape-2")).to_contain_text(", puis saisit")
    expect(phone_page.locator(FIRST_ITEM)).not_to_be_checked()
    # Another outcome, unchanged, keeps its ticks.
    phone_page.goto(url + "procedures/pas-de-compte/")
    expect(phone_page.locator(FIRST_ITEM)).to_be_checked()
