"""The decision tree in a real Chromium, at a phone's size, with and without JavaScript.

Every path of the tree (read from procedures/, not listed here) is tapped through from the
start page; the outcome's title and first step are checked against the YAML.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from generator.project import load_guide
from generator.tree import state_page
from helpers import ROOT

pytestmark = pytest.mark.browser

GUIDE = load_guide(ROOT)
PATHS = [(answers, outcomes[0]) for answers, outcomes in GUIDE.tree.paths]
HEADING = "#tree-heading"


def path_id(path) -> str:
    answers, outcome = path
    return "/".join(answer for _, answer in answers) + "->" + outcome.id


def url_of(site_url: str, answers) -> str:
    page = state_page(tuple(answers))
    return site_url + (page[: -len("index.md")] if page.endswith("index.md") else page[: -len(".md")] + "/")


def first_line(outcome) -> str:
    """What the outcome screen shows first: the first step, or the first thing to do."""
    item = outcome.item
    if not outcome.is_procedure:
        return item.what_to_do[0].text
    return item.steps[0].text if item.steps else item.no_steps.text


def words(text: str) -> str:
    return " ".join(text.split())


def tap_answer(page, label: str) -> None:
    before = page.locator(HEADING).inner_text()
    page.locator("a.tree__answer", has_text=label).first.tap()
    page.wait_for_function("([sel, before]) => { const h = document.querySelector(sel);"
                           " return h && h.innerText !== before; }", arg=[HEADING, before])


def walk(page, site_url: str, answers) -> None:
    page.goto(site_url + "arbre/")
    for question_id, answer_id in answers:
        tap_answer(page, GUIDE.tree.answer_label(question_id, answer_id))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
@pytest.mark.parametrize("path", PATHS, ids=[path_id(p) for p in PATHS])
def test_every_path_leads_to_its_outcome(make_phone_page, site_url, external_requests, path, javascript):
    answers, outcome = path
    page = make_phone_page(javascript=javascript)
    walk(page, site_url, answers)
    assert words(page.locator(HEADING).inner_text()) == words(outcome.item.title)
    assert words(first_line(outcome)) in words(page.locator("[data-tree]").inner_text())
    assert page.url == url_of(site_url, answers)
    given = page.locator(".tree__given dd").all_inner_texts()
    assert len(given) == len(answers)
    assert external_requests == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_back_button_returns_to_previous_question(make_phone_page, site_url, javascript):
    answers = next(a for a, o in PATHS if len(a) >= 3)
    page = make_phone_page(javascript=javascript)
    walk(page, site_url, answers[:2])
    second_question = GUIDE.tree.questions[answers[1][0]].question
    page.go_back()
    page.wait_for_function("q => document.querySelector('#tree-heading').innerText.trim() === q",
                           arg=second_question)
    assert page.url == url_of(site_url, answers[:1])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_deep_link_reloads_to_the_same_state(make_phone_page, site_url, javascript):
    answers, outcome = max(PATHS, key=lambda p: len(p[0]))
    page = make_phone_page(javascript=javascript)
    page.goto(url_of(site_url, answers))
    page.reload()
    assert words(page.locator(HEADING).inner_text()) == words(outcome.item.title)
    assert len(page.locator(".tree__given dd").all()) == len(answers)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_change_an_answer_and_start_again(make_phone_page, site_url, javascript):
    answers = next(a for a, o in PATHS if len(a) >= 3)
    page = make_phone_page(javascript=javascript)
    walk(page, site_url, answers)
    # « Modifier » on the second answer: back to the second question, the first answer kept.
    page.locator("a.tree__change").nth(1).tap()
    expected = GUIDE.tree.questions[answers[1][0]].question
    page.wait_for_function("q => document.querySelector('#tree-heading').innerText.trim() === q", arg=expected)
    assert page.url == url_of(site_url, answers[:1])
    assert page.locator(".tree__given dd").count() == 1
    page.locator("a.tree__restart").tap()
    start = GUIDE.tree.questions[GUIDE.tree.definition.start].question
    page.wait_for_function("q => document.querySelector('#tree-heading').innerText.trim() === q", arg=start)
    assert page.url == site_url + "arbre/"


def test_focus_moves_to_the_new_question(make_phone_page, site_url):
    page = make_phone_page(javascript=True)
    walk(page, site_url, PATHS[0][0][:1])
    assert page.evaluate("document.activeElement.id") == "tree-heading"


def test_keyboard_only(make_phone_page, site_url):
    """Tab to the first answer, Enter: the next question is shown and focused."""
    page = make_phone_page(javascript=True)
    page.goto(site_url + "arbre/")
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


def test_touch_targets_are_at_least_44_px(make_phone_page, site_url):
    answers = max(PATHS, key=lambda p: len(p[0]))[0]
    page = make_phone_page(javascript=False)
    for depth in (0, len(answers) - 1, len(answers)):
        page.goto(url_of(site_url, answers[:depth]))
        targets = page.locator("a.tree__answer, a.tree__change, a.tree__restart").all()
        assert targets
        for target in targets:
            box = target.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (target.inner_text(), box)


def test_no_horizontal_scroll_at_320_px(make_phone_page, site_url):
    page = make_phone_page(javascript=False, width=320)
    for answers, _ in PATHS:
        for depth in range(len(answers) + 1):
            page.goto(url_of(site_url, answers[:depth]))
            overflow = page.evaluate("document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
            assert overflow <= 0, page.url


def test_progress_is_shown(make_phone_page, site_url):
    page = make_phone_page(javascript=False)
    page.goto(site_url + "arbre/")
    # No « sur N »: the number of questions left depends on the answers still to come.
    assert page.locator(".tree__progress").inner_text().strip() == "Question 1"


@pytest.mark.parametrize("depth", ["question", "issue"])
def test_axe_finds_no_violation_in_the_tree(make_phone_page, site_url, depth):
    answers = next(a for a, o in PATHS if o.is_procedure and len(a) >= 3)
    page = make_phone_page(javascript=True)
    page.goto(url_of(site_url, answers if depth == "issue" else answers[:1]))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_outcome_prints_on_one_clean_page(make_phone_page, site_url, tmp_path):
    answers, outcome = max(((a, o) for a, o in PATHS if o.is_procedure),
                           key=lambda p: len(p[1].item.steps))
    page = make_phone_page(javascript=True)
    page.goto(url_of(site_url, answers))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar', '.md-footer', '.tree__restart']
        .map(s => document.querySelector(s)).filter(Boolean)
        .every(e => getComputedStyle(e).display === 'none')""")
    assert hidden, "navigation or buttons still visible in print"
    text = words(page.locator("[data-tree]").inner_text())
    for item in outcome.item.prepare:
        assert words(item.text) in text
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
