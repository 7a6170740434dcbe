"""The decision tree in a real Chromium, at a phone's size, with and without JavaScript.

Every route written by hand in tests/parcours.yml is tapped through from the start page, by
its answer labels, and must reach its outcome's title: in test_browser_desk.py, which checks
the whole page at each step of each route. No expectation is computed by the
generator; the pages to visit for layout checks are found by reading the built site (routes.py).
Waits are on conditions (heading, URL), never fixed sleeps, so a slow machine only takes longer.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from routes import answer_pattern, load_routes

pytestmark = pytest.mark.browser

ROUTES = load_routes()
LONGEST = max(len(route.answers) for route in ROUTES)
# A procedure reached after three answers, with a warning, a branch and five steps.
DEEP_PROCEDURE = next(r for r in ROUTES if r.outcome == "D'Identifiant à Médiacentre")
HEADING = "#tree-heading"
# The heading's text without its permalink « ¶ » (Material adds it; it may show while CSS loads).
HEADING_TEXT = """() => { const h = document.querySelector('#tree-heading'); if (!h) return null;
  const copy = h.cloneNode(true); copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  return copy.textContent.replace(/\\s+/g, ' ').replace(/\u2019/g, "'").trim(); }"""
GIVEN_TEXTS = """() => [...document.querySelectorAll('.tree__given dd')].map(dd => {
  const copy = dd.cloneNode(true); copy.querySelectorAll('.tree__change').forEach(a => a.remove());
  return copy.textContent.replace(/\\s+/g, ' ').replace(/\u2019/g, "'").trim(); })"""


def heading(page) -> str:
    return page.evaluate(HEADING_TEXT)


def wait_for_heading(page, expected: str) -> None:
    page.wait_for_function(f"expected => ({HEADING_TEXT})() === expected", arg=expected)


def tap_answer(page, label: str) -> None:
    """Tap the answer labelled exactly `label`; wait until the next page is shown, whole. A tap
    before the page's scripts are ready is a plain page load: its heading is there before the
    rest of the page is read, hence the wait for its load event."""
    before_url, before_heading = page.url, heading(page)
    answer = page.locator("a.tree__answer").filter(has_text=answer_pattern(label))
    answer.tap()
    page.wait_for_function(f"([url, text]) => location.href !== url && ({HEADING_TEXT})() !== text",
                           arg=[before_url, before_heading])
    page.wait_for_load_state()  # not document.readyState: a page without JavaScript polls no function


def goto_ready(page, url: str) -> None:
    """Open `url` and wait until the network is idle: Material's instant navigation takes over
    the links only once it has read sitemap.xml; a tap before that is a plain page load."""
    page.goto(url, wait_until="networkidle")


def walk(page, site_url: str, answers) -> list[tuple[str, str]]:
    """From the start page, tap `answers` in turn; the (url, heading) of every page seen."""
    goto_ready(page, site_url + "arbre/")
    seen = [(page.url, heading(page))]
    for label in answers:
        tap_answer(page, label)
        seen.append((page.url, heading(page)))
    return seen


@pytest.fixture(scope="module")
def tree_urls(tree_pages) -> dict[tuple[str, ...], str]:
    """The url (from the site's root) of each page of the tree, by the labels tapped to reach it."""
    return {answers: page.url for answers, page in tree_pages.items()}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_back_button_returns_to_previous_question(make_reading_page, site_url, javascript):
    page = make_reading_page(javascript=javascript)
    seen = walk(page, site_url, DEEP_PROCEDURE.answers[:2])
    page.go_back()
    wait_for_heading(page, seen[1][1])
    assert page.url == seen[1][0]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_change_an_answer_and_start_again(make_reading_page, site_url, javascript):
    page = make_reading_page(javascript=javascript)
    seen = walk(page, site_url, DEEP_PROCEDURE.answers)
    # « Modifier » on the second answer: back to the second question, the first answer kept.
    page.locator("a.tree__change").nth(1).tap()
    wait_for_heading(page, seen[1][1])
    page.wait_for_url(seen[1][0])  # the address follows the question, once the page is whole
    assert page.evaluate(GIVEN_TEXTS) == list(DEEP_PROCEDURE.answers[:1])
    page.locator("a.tree__restart").tap()
    wait_for_heading(page, seen[0][1])
    page.wait_for_url(site_url + "arbre/")


def test_focus_moves_to_the_new_question(make_phone_page, site_url):
    page = make_phone_page(javascript=True)
    walk(page, site_url, DEEP_PROCEDURE.answers[:1])
    page.wait_for_function("document.activeElement && document.activeElement.id === 'tree-heading'")


def test_a_tap_asks_for_small_fragments_not_for_a_page(make_phone_page, site_url):
    """With JavaScript, the next question comes from the fragments read with the page: a tap
    asks for no page at all, only the new page's own fragments (its next answers)."""
    page = make_phone_page(javascript=True)
    goto_ready(page, site_url + "arbre/")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    with page.expect_response(site_url + "arbre/compte-oui/fragments.json"):  # asked once shown
        tap_answer(page, DEEP_PROCEDURE.answers[0])
    assert page.url == site_url + "arbre/compte-oui/"
    # The browser may ask for the favicon again for the new address; nothing else.
    assert [url for url in asked if not url.endswith("/favicon.png")] == [site_url + "arbre/compte-oui/fragments.json"]


def test_back_and_forward_ask_for_no_page(make_phone_page, site_url):
    """Back and Forward between questions are shown from the fragments already read, like a
    tap: no page is asked for (Material's instant navigation would fetch the whole page)."""
    page = make_phone_page(javascript=True)
    goto_ready(page, site_url + "arbre/")
    with page.expect_response(site_url + "arbre/compte-oui/fragments.json"):
        tap_answer(page, DEEP_PROCEDURE.answers[0])
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.go_back()
    wait_for_heading(page, "L'élève a-t-il déjà un compte Pix ?")
    assert page.url == site_url + "arbre/"
    page.go_forward()
    wait_for_heading(page, "Comment se connecte-t-il à Pix aujourd'hui ?")
    assert page.url == site_url + "arbre/compte-oui/"
    page.wait_for_timeout(300)  # a page Material would ask for, asked by now
    assert [url for url in asked if not url.endswith("/favicon.png")] == []


def test_keyboard_only(make_phone_page, site_url):
    """Tab to the first answer, Enter: the next question is shown and focused."""
    page = make_phone_page(javascript=True)
    goto_ready(page, site_url + "arbre/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tree__answer')"):
            break
    else:
        pytest.fail("Tab never reached an answer")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused answer has no visible focus"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'tree-heading'")
    assert page.url != site_url + "arbre/"


def test_touch_targets_are_at_least_44_px(make_phone_page, site_url, tree_urls):
    page = make_phone_page(javascript=False)
    answers = max(tree_urls, key=len)
    for depth in (0, len(answers) - 1, len(answers)):
        page.goto(site_url + tree_urls[answers[:depth]])
        targets = page.locator("a.tree__answer, a.tree__change, a.tree__restart").all()
        assert targets
        for target in targets:
            box = target.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (target.inner_text(), box)


def test_no_horizontal_scroll_at_320_px(make_phone_page, site_url, tree_urls):
    page = make_phone_page(javascript=False, width=320)
    for url in sorted(set(tree_urls.values())):
        page.goto(site_url + url)
        overflow = page.evaluate("document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
        assert overflow <= 0, page.url


def test_axe_finds_no_violation_after_taps(make_phone_page, site_url):
    """Every page is checked by axe-core after a full load (test_browser_site.py); here, the
    page as the taps leave it, swapped from the tree's fragments, at each step of a route."""
    page = make_phone_page(javascript=True)
    goto_ready(page, site_url + "arbre/")
    for label in DEEP_PROCEDURE.answers:
        tap_answer(page, label)
        results = Axe().run(page)
        assert results.violations_count == 0, (page.url, results.generate_report())


def test_progress_is_shown(make_phone_page, site_url):
    page = make_phone_page(javascript=False)
    page.goto(site_url + "arbre/")
    # No « sur N »: the number of questions left depends on the answers still to come.
    assert page.locator(".tree__progress").inner_text().strip() == "Question 1"


def test_an_outcome_prints_on_one_clean_page(make_phone_page, site_url, built_site, tree_urls):
    page = make_phone_page(javascript=True)
    page.goto(site_url + tree_urls[DEEP_PROCEDURE.answers])
    assert heading(page) == DEEP_PROCEDURE.outcome
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar', '.md-footer', '.tree__restart']
        .map(s => document.querySelector(s)).filter(Boolean)
        .every(e => getComputedStyle(e).display === 'none')""")
    assert hidden, "navigation or buttons still visible in print"
    text = " ".join(page.locator("[data-tree]").inner_text().split())
    assert "Se préparer" in text and "2 codes de campagne" in text and "Étapes" in text
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
