"""The built site in a real Chromium, at a phone's size.

Every page (found in the built site, not listed by hand) must pass axe-core in both palettes,
make no request outside 127.0.0.1, fit a 320 px screen and offer a visible "skip to content"
link to the keyboard; search must ignore accents and keep them in what it shows.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input.md-search__input"
SEARCH_META = ".md-search-result__meta"
SEARCH_PLACEHOLDER = "Taper pour démarrer la recherche"  # Material's French: index ready


# --------------------------------------------------------------------------- helpers


def fold(text: str) -> str:
    """Lowercase, without accents (as the site's search compares words)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def page_paths(site: Path) -> list[str]:
    """URL path of every page of the built site, relative to its root ("" = home)."""
    return sorted(html.relative_to(site).as_posix().removesuffix("index.html")
                  for html in site.rglob("*.html"))


def indexed_pages(site: Path) -> dict[str, str]:
    """Folded, tag-free text of each page as the search index holds it, by URL path."""
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    texts: dict[str, str] = {}
    for doc in docs:
        path = doc["location"].split("#")[0]
        # No-break spaces (French typography) count as spaces, as in the search.
        text = " ".join(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]).split())
        texts[path] = texts.get(path, "") + " " + fold(text)
    return texts


def open_search(page: Page, url: str) -> None:
    page.goto(url)
    page.locator("label.md-header__button[for=__search]").click()
    expect(page.locator(SEARCH_META)).to_have_text(SEARCH_PLACEHOLDER)


def search(page: Page, query: str) -> set[str]:
    """URL paths of the pages the open search dialog finds for `query`."""
    meta, box = page.locator(SEARCH_META), page.locator(SEARCH_INPUT)
    # Material reads the query on keyup, so fill() alone is not enough.
    box.fill("")
    box.press("End")
    expect(meta).to_have_text(SEARCH_PLACEHOLDER)
    box.fill(query)
    box.press("End")
    expect(meta).to_contain_text("trouvé")  # "Aucun document trouvé", "3 documents trouvés"…
    found = re.match(r"\d+", meta.inner_text())
    total = int(found.group()) if found else 0
    items = page.locator(".md-search-result__item")
    # Material renders 10 results, then 4 more each time the list reaches its end.
    for _ in range(total):  # bounded: the expect() below reports a list that stops growing
        shown = items.count()
        if shown >= total:
            break
        # No fixed sleep: until Material has added results, move the list between its top and
        # its end (it loads more when the end comes into view); a timeout is reported below.
        page.wait_for_function("""([selector, shown]) => {
            if (document.querySelectorAll(selector).length > shown) return true;
            const list = document.querySelector('.md-search__scrollwrap');
            list.scrollTop = list.scrollTop > 0 ? 0 : list.scrollHeight;
            return false; }""", arg=[".md-search-result__item", shown], polling=100)
    expect(items).to_have_count(total)
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all(
        "links => links.map(link => link.href)")
    return {urlsplit(href).path.lstrip("/") for href in hrefs}


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    paths = page_paths(built_site)
    assert "" in paths and len(paths) > 5, paths
    return paths


def report(problems: dict[str, object]) -> str:
    return "\n".join(f"/{path}: {problem}" for path, problem in problems.items())


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(phone_page: Page, site_url, pages, scheme):
    phone_page.emulate_media(color_scheme=scheme)
    axe = Axe()
    problems = {}
    for path in pages:
        phone_page.goto(site_url + path)
        violations = axe.run(phone_page).response["violations"]
        if violations:
            problems[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    # Material picks the palette from prefers-color-scheme: make sure it did.
    palette = phone_page.evaluate("document.body.dataset.mdColorScheme")
    assert palette == {"light": "default", "dark": "slate"}[scheme]
    assert not problems, report(problems)


def test_every_page_fits_a_320px_screen(phone_page: Page, site_url, pages):
    phone_page.set_viewport_size({"width": 320, "height": 640})
    problems = {}
    for path in pages:
        phone_page.goto(site_url + path)
        scroll, client = phone_page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        if scroll > client:
            problems[path] = f"{scroll} px de large pour {client} px d'écran"
    assert not problems, report(problems)


FOCUS_IN_CONTENT = """() => {
    const focused = document.activeElement;
    return !!focused.closest(".md-content") && focused.matches(":focus-visible");
}"""


def test_keyboard_reaches_the_content_with_visible_focus_on_every_page(
        phone_page: Page, site_url, pages):
    problems, via_skip_link = {}, []
    screen_height = phone_page.viewport_size["height"]
    # Material gives the error page no table of contents, hence no skip link.
    for path in (p for p in pages if p != "404.html"):
        phone_page.goto(site_url + path)
        if phone_page.evaluate(FOCUS_IN_CONTENT):
            continue  # The page focused its content itself (decision tree questions do).
        phone_page.keyboard.press("Tab")
        skip = phone_page.locator("a.md-skip")
        if not skip.evaluate("link => link === document.activeElement"):
            problems[path] = "la première tabulation n'atteint pas « Aller au contenu »"
            continue
        expect(skip).to_have_css("opacity", "1")  # Material shows it only when focused.
        box = skip.bounding_box()
        if not box or box["y"] < 0 or box["y"] + box["height"] > screen_height:
            problems[path] = f"« Aller au contenu » hors de l'écran : {box}"
            continue
        phone_page.keyboard.press("Enter")
        phone_page.keyboard.press("Tab")
        if not phone_page.evaluate(FOCUS_IN_CONTENT):
            problems[path] = "après « Aller au contenu », Tab ne va pas dans le contenu"
            continue
        via_skip_link.append(path)
    assert not problems, report(problems)
    assert "" in via_skip_link  # the home page, at least, needs the skip link


# --------------------------------------------------------------------------- privacy


def test_external_requests_are_recorded(phone_page: Page, site_url, external_requests):
    """The recorder the privacy test relies on does see a third-party request."""
    phone_page.goto(site_url)
    # The recorder listens on the context too, and was registered first: it has run when this returns.
    with phone_page.context.expect_event("request", lambda request: "192.0.2.1" in request.url):
        phone_page.evaluate("new Image().src = 'http://192.0.2.1/pixel.png'")
    assert external_requests == ["http://192.0.2.1/pixel.png"]


def test_no_request_leaves_127_0_0_1(phone_page: Page, site_url, pages, external_requests):
    for path in pages:
        phone_page.goto(site_url + path)  # Requests are recorded as they start.
    open_search(phone_page, site_url)
    assert search(phone_page, "élève")
    phone_page.wait_for_load_state("networkidle")
    assert external_requests == []


# --------------------------------------------------------------------------- search

# Spellings that must find the same pages, and a page (URL path prefix) they must find.
SEARCHES = [
    (["mediacentre", "Médiacentre", "médiacentre"], "procedures/mediacentre-vers-mediacentre/"),
    (["eleve", "élève", "ÉLÈVE"], "regles-generales/"),
    (["eleves sans adresse", "élèves sans adresse"], "regles-generales/"),  # the SIECLE file
    (["moins de 15 ans"], "regles-generales/"),
    (["mot de passe", "mot de passé"], "procedures/"),
    (["GAR", "gar"], "glossaire/"),
]


@pytest.mark.parametrize("spellings, must_find", SEARCHES, ids=[s[0][0] for s in SEARCHES])
def test_search_ignores_accents(phone_page: Page, site_url, built_site, spellings, must_find):
    open_search(phone_page, site_url)
    found = {spelling: search(phone_page, spelling) for spelling in spellings}
    first = found[spellings[0]]
    assert all(pages == first for pages in found.values()), found
    assert any(path.startswith(must_find) for path in first), (must_find, first)
    # Every page whose text holds the words, accents or not, is among the results.
    words = re.compile(r"(?<!\w)" + re.escape(fold(spellings[0])))
    holding = {path for path, text in indexed_pages(built_site).items() if words.search(text)}
    assert holding and holding <= first, holding - first


@pytest.mark.parametrize("query", ["eleve", "élève", "Médiacentre"])
def test_results_keep_accents_and_highlight_whole_words(phone_page: Page, site_url, query):
    open_search(phone_page, site_url)
    search(phone_page, query)
    marks = phone_page.locator(".md-search-result mark").all_text_contents()
    assert marks and all(fold(mark).startswith(fold(query)) for mark in marks), marks
    assert any(fold(mark) != mark.lower() for mark in marks), f"aucun accent : {marks}"
    # A word indexed with and without accents must not be highlighted twice (cut in two).
    assert phone_page.locator(".md-search-result mark mark").count() == 0
    # Every result holds the one word searched for: none may say it is missing.
    missing = phone_page.locator(".md-search-result__terms").all_text_contents()
    assert missing == [], missing


def test_result_page_highlights_the_accented_words(phone_page: Page, site_url):
    open_search(phone_page, site_url)
    search(phone_page, "élèves")
    phone_page.locator(".md-search-result__item a").first.click()
    marks = phone_page.locator("mark[data-md-highlight]")
    expect(marks.first).to_be_visible()
    assert {fold(text) for text in marks.all_inner_texts()} == {"eleves"}
