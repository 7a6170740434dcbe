"""Search answers the questions readers type (issue 11), in the built site's own search.

The questions and their expected answers are written by hand in recherche-questions.yml;
benchmarks/search_ranks.py prints the same ranks. Also: the page opened from a result
highlights the words searched for whatever their accents.
"""

from __future__ import annotations

import unicodedata

import pytest
from playwright.sync_api import Page, expect

from search_ranks import open_search, questions, rank, report, results

pytestmark = pytest.mark.browser


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def test_there_are_at_least_20_real_questions():
    asked = questions()
    assert len(asked) >= 20
    assert len({question.text for question in asked}) == len(asked)


def test_every_question_has_its_answer_first(phone_page: Page, site_url):
    open_search(phone_page, site_url)
    answers = [rank(phone_page, question) for question in questions()]
    print("\n" + report(answers))
    assert all(answer.rank == 1 for answer in answers), report(answers)


@pytest.mark.parametrize("query, accented", [("eleves", "élèves"), ("mediacentre", "Médiacentre")])
def test_the_page_opened_highlights_accented_words_searched_without_accents(
        phone_page: Page, site_url, query, accented):
    open_search(phone_page, site_url)
    assert results(phone_page, query)
    # The first link that carries the words to highlight (a page whose opening does not
    # match, itself, has none: its matching section, below it, does).
    phone_page.locator(".md-search-result__item a:not([href$='h='])").first.click()
    marks = phone_page.locator("mark[data-md-highlight]")
    expect(marks.first).to_be_visible()
    texts = marks.all_inner_texts()
    assert {fold(text) for text in texts} == {fold(query)}, texts
    assert accented.lower() in {text.lower() for text in texts}, texts


def test_a_typo_still_finds_the_term(phone_page: Page, site_url):
    open_search(phone_page, site_url)
    found = results(phone_page, "medicentre")
    assert found and found[0][0] == "glossaire/", found
