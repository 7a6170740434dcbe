"""The built site in a real Chromium, at a phone's size.

Every page (found in the built site, not listed by hand), loaded once at 320 px, must pass
axe-core, make no request outside 127.0.0.1, fit the screen and offer a visible "skip to
content" link to the keyboard; in the dark palette, keep every contrast. Search must ignore
accents and keep them in what it shows.
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


# --------------------------------------------------------------------------- every page

# The pages are visited in groups, one test each, so that pytest-xdist shares them between its
# workers; each page is loaded once for all the checks of the tour.
GROUPS = 4
# axe-core's rules about colours: all that the dark palette changes.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SMALLEST_PHONE = {"width": 320, "height": 640}
AXE_SCRIPT = Axe().axe_script


def axe_violations(page: Page, rules: list[str] | None = None) -> list:
    """axe-core's violations on the page as it is now (all rules, or only `rules`)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"]} | ({"runOnly": {"type": "rule", "values": rules}} if rules else {})
    violations = page.evaluate("options => axe.run(options).then(results => results.violations)", options)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def too_wide(page: Page) -> list[str]:
    scroll, client = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    return [f"{scroll} px de large pour {client} px d'écran"] if scroll > client else []


FOCUS_IN_CONTENT = """() => {
    const focused = document.activeElement;
    return !!focused.closest(".md-content") && focused.matches(":focus-visible");
}"""


def keyboard_problems(page: Page, path: str) -> list[str]:
    """The first Tab reaches a visible « Aller au contenu », which leads into the content (or
    the page focused its content itself, as the decision tree's questions do)."""
    if path == "404.html":
        return []  # Material gives the error page no table of contents, hence no skip link.
    if page.evaluate(FOCUS_IN_CONTENT):
        return ["l'accueil devrait laisser la première tabulation à « Aller au contenu »"] if path == "" else []
    page.keyboard.press("Tab")
    if not page.evaluate("document.activeElement.matches('a.md-skip')"):
        return ["la première tabulation n'atteint pas « Aller au contenu »"]
    skip = page.locator("a.md-skip")
    expect(skip).to_have_css("opacity", "1")  # Material shows it only when focused.
    box = skip.bounding_box()
    if not box or box["y"] < 0 or box["y"] + box["height"] > page.viewport_size["height"]:
        return [f"« Aller au contenu » hors de l'écran : {box}"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    if not page.evaluate(FOCUS_IN_CONTENT):
        return ["après « Aller au contenu », Tab ne va pas dans le contenu"]
    return []


# The header's palette buttons, « Passer au thème sombre » then « … clair » (Material moves their
# titles into its own tooltips once used, so they are found by the option they select).
DARK_BUTTON, LIGHT_BUTTON = 'label[for="__palette_1"]', 'label[for="__palette_0"]'


def switch_palette(page: Page, button: str, scheme: str) -> None:
    """Tap the header's palette button, as a reader on a phone does (a tap, not a click: a
    mouse would hover the button and fade its tooltip in while axe measures it)."""
    page.locator(button).tap()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)


# Material's tooltips fade in and out (0.25 s): axe would measure a half-transparent one.
NO_TRANSITION_RUNNING = "() => document.getAnimations().every(running => running.playState !== 'running')"


def dark_palette_problems(page: Page) -> list:
    """axe-core's colour rules in the dark palette, then back to the light one."""
    page.evaluate("document.activeElement.blur()")  # a focused link shows its tooltip
    switch_palette(page, DARK_BUTTON, "slate")
    page.wait_for_function(NO_TRANSITION_RUNNING)
    found = axe_violations(page, COLOUR_RULES)
    switch_palette(page, LIGHT_BUTTON, "default")
    return [("thème sombre", found)] if found else []


@pytest.mark.parametrize("group", range(GROUPS))
def test_every_page_on_a_320px_phone(phone_page: Page, site_url, pages, external_requests, group):
    """Every page, on the smallest phone: axe-core finds no violation (and none of contrast in the
    dark palette), nothing is wider than the screen, the keyboard reaches the content with a
    visible focus, and no request leaves 127.0.0.1."""
    phone_page.set_viewport_size(SMALLEST_PHONE)
    problems = {}
    for path in pages[group::GROUPS]:
        phone_page.goto(site_url + path)  # Requests are recorded as they start.
        expect(phone_page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        found = too_wide(phone_page) + axe_violations(phone_page) + keyboard_problems(phone_page, path)
        found += dark_palette_problems(phone_page)
        if found:
            problems[path] = found
    assert not problems, report(problems)
    assert external_requests == []


def test_a_phone_set_to_dark_gets_the_dark_palette(phone_page: Page, site_url):
    """Material picks the palette from prefers-color-scheme (the tour taps the button instead)."""
    phone_page.emulate_media(color_scheme="dark")
    phone_page.goto(site_url)
    expect(phone_page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_the_tour_of_pages_sees_each_kind_of_problem(phone_page: Page, site_url):
    """Controls: each check of the tour does report a problem where there is one."""
    phone_page.set_viewport_size(SMALLEST_PHONE)
    phone_page.goto(site_url)
    phone_page.evaluate("""() => {
        const content = document.querySelector('.md-content');
        const wide = document.createElement('div'); wide.style.width = '500px'; wide.textContent = 'x';
        const image = document.createElement('img'); image.src = 'assets/images/favicon.png';
        // Readable on white, not on the dark palette's background.
        const dim = document.createElement('p'); dim.textContent = 'sombre'; dim.style.color = '#333';
        content.append(wide, image, dim);
        document.querySelector('a.md-skip').remove(); }""")
    assert too_wide(phone_page)
    assert {rule for rule, _ in axe_violations(phone_page)} == {"image-alt"}
    assert [rule for rule, _ in dark_palette_problems(phone_page)[0][1]] == ["color-contrast"]
    assert keyboard_problems(phone_page, "") == ["la première tabulation n'atteint pas « Aller au contenu »"]


# --------------------------------------------------------------------------- privacy


def test_external_requests_are_recorded(phone_page: Page, site_url, external_requests):
    """The recorder the privacy test relies on does see a third-party request."""
    phone_page.goto(site_url)
    # The recorder listens on the context too, and was registered first: it has run when this returns.
    with phone_page.context.expect_event("request", lambda request: "192.0.2.1" in request.url):
        phone_page.evaluate("new Image().src = 'http://192.0.2.1/pixel.png'")
    assert external_requests == ["http://192.0.2.1/pixel.png"]


def test_searching_makes_no_request_outside_127_0_0_1(phone_page: Page, site_url, external_requests):
    """The pages themselves are checked in the tour above; this is the search's index and worker."""
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
