"""Rank of the expected answer for each question of recherche-questions.yml, in the built
site's own search (Material's search dialog, in Chromium). Shared by the browser test and
benchmarks/search_ranks.py, so both measure the same thing the same way.

A result of Material's search is a page (its link first) with, under it, its sections that
match best. The rank of an expected page is the position of its result; an expected section
must also be the first section shown under its page, or the answer does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUESTIONS_FILE = Path(__file__).with_name("recherche-questions.yml")
SEARCH_INPUT = "input.md-search__input"
SEARCH_META = ".md-search-result__meta"
SEARCH_PLACEHOLDER = "Taper pour démarrer la recherche"  # Material's French: index ready
SHOWN = 10  # results Material renders before the reader scrolls

# Each result: the page's link, then the links of the sections shown under it (not those
# folded under « N autres sur cette page »).
RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item =>
    [...item.children].filter(child => child.tagName === "A").map(link => link.href))"""


@dataclass(frozen=True)
class Question:
    text: str
    expected: str  # "page/" or "page/#section", relative to the site's root


@dataclass(frozen=True)
class Answer:
    question: Question
    rank: int | None  # 1 = first result; None = not among the first SHOWN
    first: str  # what came first instead, for the report


def questions() -> list[Question]:
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return [Question(item["question"], item["attendu"]) for item in data]


def open_search(page, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    page.locator("label.md-header__button[for=__search]").click()
    expect(page.locator(SEARCH_META)).to_have_text(SEARCH_PLACEHOLDER)


def results(page, query: str) -> list[list[str]]:
    """For each result shown: its page, then its sections, as "path/" or "path/#anchor"."""
    from playwright.sync_api import expect

    meta, box = page.locator(SEARCH_META), page.locator(SEARCH_INPUT)
    box.fill("")
    box.press("End")  # Material reads the query on keyup
    expect(meta).to_have_text(SEARCH_PLACEHOLDER)
    box.fill(query)
    box.press("End")
    expect(meta).to_contain_text("trouvé")
    return [[_relative(href) for href in links] for links in page.evaluate(RESULTS)[:SHOWN]]


def _relative(href: str) -> str:
    parts = urlsplit(href)
    return parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


def rank(page, question: Question) -> Answer:
    found = results(page, question.text)
    expected_page = question.expected.split("#")[0]
    for position, (article, *sections) in enumerate(found, start=1):
        if article != expected_page:
            continue
        if "#" in question.expected and (sections[:1] or [article]) != [question.expected]:
            return Answer(question, None, f"/{article} mais d'abord /{(sections[:1] or [article])[0]}")
        return Answer(question, position, _first(found))
    return Answer(question, None, _first(found))


def _first(found: list[list[str]]) -> str:
    if not found:
        return "aucun résultat"
    article, *sections = found[0]
    return "/" + (sections[0] if sections else article)


def report(answers: list[Answer]) -> str:
    lines = [f"{'rang':>4}  question → attendu (en tête sinon)"]
    for answer in answers:
        shown = str(answer.rank) if answer.rank else f">{SHOWN}" if "mais" not in answer.first else "–"
        lines.append(f"{shown:>4}  « {answer.question.text} » → {answer.question.expected}"
                     + ("" if answer.rank == 1 else f"  (en tête : {answer.first})"))
    first = sum(1 for answer in answers if answer.rank == 1)
    lines.append(f"Au rang 1 : {first} sur {len(answers)}")
    return "\n".join(lines)
