"""The rentrée desk in a real Chromium: every state of the tree keeps the whole site working,
outcomes lead with the answer, the earlier answer is marked.

Expectations are written here by hand, in the reader's words. Texts are compared after
folding typographic apostrophes and no-break spaces, which the build may add.
"""

from __future__ import annotations

import re

from urllib.parse import urldefrag, urlsplit

import pytest

from playwright.sync_api import Error as PlaywrightError, expect

from routes import answer_pattern, as_typed, load_routes, typed_pattern
from test_browser_tree import GIVEN_TEXTS, HEADING, goto_ready, heading, tap_answer

pytestmark = pytest.mark.browser

# The routes written by hand (tests/parcours.yml), by their answer labels.
ROUTES = load_routes()


# Links that may leave the site: the theme's credit and the repository (edit links).
EXTERNAL_ALLOWED = ("https://squidfunk.github.io/mkdocs-material/", "https://github.com/guide-pix-orga/")
# Everything a page links to or loads from a URL: links, favicon, style sheets, scripts.
LINKS_SCRIPT = """() => [
  ...[...document.querySelectorAll('a[href]')].map(a => a.href),
  ...[...document.querySelectorAll('link[href]')].map(l => l.href),
  ...[...document.querySelectorAll('script[src], img[src]')].map(e => e.src),
]"""

# The first thing to do on each outcome, by the title the reader sees.
FIRST_THING = {
    "L'élève n'a pas encore de compte Pix": "La base SIECLE des élèves",
    "De Médiacentre à Médiacentre": "La base SIECLE des élèves",
    "De Médiacentre à Identifiant": "La base SIECLE des élèves",
    "D'Identifiant à Identifiant": "La base SIECLE des élèves",
    "D'Identifiant à Médiacentre": "La base SIECLE des élèves",
    "Le mode Mail ne doit pas être utilisé avant 15 ans": "Choisissez un autre mode de connexion",
    "L'élève se connecte aujourd'hui par Mail": "Faites d'abord l'import SIECLE",
    "Passer un élève au mode Mail": "Si rien n'impose le mode Mail",
    "L'élève a plusieurs comptes, ou le mauvais compte est rattaché": "Contactez le support de Pix",
    "L'élève n'apparaît pas dans Pix Orga après l'import": "Vérifiez sa fiche dans SIECLE",
    "Savoir comment il se connecte aujourd'hui": "Dans Pix Orga, ouvrez l'onglet « Élèves »",
}
FIRST_THING_SELECTOR = ".tree .guide-checklist > li, .tree .guide-steps > li"


def route_id(route) -> str:
    return " › ".join(route.answers)


# What the reader gets of a whole page besides its links: title, header, menu, head links.
WHOLE_PAGE_SCRIPT = """() => ({
  title: document.title,
  heading: (document.querySelector('#tree-heading') || {}).textContent,
  header: (document.querySelector('[data-md-component=header-topic]') || {}).textContent,
  canonical: (document.querySelector('link[rel=canonical]') || {}).href,
  // In any order: Material's instant navigation may append a head link after one it keeps.
  prevNext: [...document.querySelectorAll('link[rel=prev], link[rel=next]')].map(l => l.rel + ' ' + l.href).sort(),
  menuActive: [...document.querySelectorAll('.md-nav__link--active')].map(a => a.href),
  footer: [...document.querySelectorAll('.md-footer a')].map(a => a.href),
})"""


class LinkChecker:
    """Requests each URL once per test; remembers which page showed a broken one. The first
    full load of each address is kept as the reference: the same address reached any other
    way (tap, Back, Forward, reload) must show the same whole page, link for link."""

    def __init__(self, page, site_url: str) -> None:
        self.request = page.context.request
        self.site = urlsplit(site_url).netloc
        self.status: dict[str, int] = {}
        self.broken: list[str] = []
        self.reference: dict[str, dict] = {}

    def whole_page(self, page) -> dict:
        found = page.evaluate(WHOLE_PAGE_SCRIPT)
        found["links"] = sorted(page.evaluate(LINKS_SCRIPT))
        return found

    def check_page(self, page, step: str = "chargement complet") -> int:
        """Checks the page on screen, reached by `step` (named in the messages)."""
        whole = self.whole_page(page)
        expected = self.reference.setdefault(page.url, whole)
        if whole != expected:
            self.broken.append(f"{page.url} ({step}) : page différente de son chargement complet : "
                               + ", ".join(f"{k} ({whole[k]!r} au lieu de {expected[k]!r})"
                                           for k in whole if whole[k] != expected[k] and k != "links"))
        urls = {urldefrag(url).url for url in whole["links"]}
        for url in sorted(urls):
            parts = urlsplit(url)
            if parts.netloc != self.site:
                if not url.startswith(EXTERNAL_ALLOWED):
                    self.broken.append(f"{page.url}: lien externe non prévu {url}")
                continue
            if url not in self.status:
                self.status[url] = self.request.get(url).status
            if self.status[url] >= 400:
                self.broken.append(f"{page.url}: {url} → {self.status[url]}")
        return len(urls)


def wait_for_heading(page, text: str) -> None:
    """Until the heading reads `text` as typed (French typography aside). A locator assertion,
    not wait_for_function: it works with the page's JavaScript off too."""
    heading = typed_pattern(text).pattern.removesuffix(r"\s*$") + r"\s*¶?\s*$"  # ¶: the permalink
    expect(page.locator(HEADING)).to_have_text(re.compile(heading))


# The routes in groups, one test each, so that pytest-xdist shares them between its workers.
GROUPS = 3


def states_of(routes) -> set[tuple[str, ...]]:
    """The answers that lead to each page the routes go through (the start page included)."""
    return {route.answers[:depth] for route in routes for depth in range(len(route.answers) + 1)}


@pytest.mark.parametrize("group", range(GROUPS))
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_every_route_reaches_its_outcome_and_every_link_resolves(
        make_phone_page, site_url, tree_pages, external_requests, javascript, group):
    """Every route written by hand, tapped from the start on a 360 px phone (with JavaScript,
    swapped from the tree's fragments), reaches its outcome's title with the answers given; then
    Back, Forward, reload of the outcome and Back again. At every step no link of the page is
    broken, and the whole page (title, header, menu, footer, links) is the one a full load of
    its address shows."""
    routes = ROUTES[group::GROUPS]
    page = make_phone_page(javascript=javascript, width=360)
    checker = LinkChecker(page, site_url)
    checked = 0
    for state in sorted(states_of(routes)):  # the full loads first: they are the references
        page.goto(site_url + tree_pages[state].url)
        checked += checker.check_page(page)
    for route in routes:
        answers = route.answers
        page.goto(site_url + "arbre/")
        for depth in range(1, len(answers) + 1):
            tap_answer(page, answers[depth - 1])
            assert page.url == site_url + tree_pages[answers[:depth]].url
            checked += checker.check_page(page, f"toucher « {answers[depth - 1]} »")
        assert heading(page) == route.outcome, route_id(route)
        assert page.evaluate(GIVEN_TEXTS) == list(answers), route_id(route)
        page.go_back()
        wait_for_heading(page, tree_pages[answers[:-1]].heading)
        checked += checker.check_page(page, "Retour")
        page.go_forward()
        wait_for_heading(page, tree_pages[answers].heading)
        checked += checker.check_page(page, "Suivant")
        page.reload()  # the outcome's address is a link: it shows the same outcome
        assert heading(page) == route.outcome, route_id(route)
        checked += checker.check_page(page, "rechargement")
        page.go_back()
        wait_for_heading(page, tree_pages[answers[:-1]].heading)
        checked += checker.check_page(page, "Retour après rechargement")
    assert checker.broken == []
    assert external_requests == []
    # The whole page is checked, not just the tree: the menu, the footer and the favicon too.
    assert checked > 300
    for url in ("glossaire/", "accessibilite/", "assets/images/favicon.png"):
        assert site_url + url in checker.status, url


def test_the_routes_groups_hold_every_route_and_every_page_of_the_tree(tree_pages):
    """The groups above share out all the routes, and the routes go through every page."""
    groups = [ROUTES[group::GROUPS] for group in range(GROUPS)]
    assert sorted(route_id(r) for group in groups for r in group) == sorted(route_id(r) for r in ROUTES)
    assert states_of(ROUTES) == set(tree_pages)


@pytest.mark.parametrize("route", ROUTES, ids=[route_id(r) for r in ROUTES])
def test_the_first_screen_shows_the_case_and_the_first_thing_to_do(make_phone_page, site_url, tree_pages, route):
    page = make_phone_page(javascript=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + tree_pages[route.answers].url)
    title = as_typed(page.locator(HEADING).inner_text())
    assert title == as_typed(route.outcome) and title in FIRST_THING, f"titre inattendu : {title}"
    first = page.locator(FIRST_THING_SELECTOR).first
    assert as_typed(first.inner_text()).startswith(FIRST_THING[title])
    for element in (page.locator(HEADING), first):
        box = element.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= 740, (title, box)


def test_the_earlier_answer_is_marked_after_back_and_after_modifier(make_phone_page, site_url):
    page = make_phone_page(javascript=True)
    page.goto(site_url + "arbre/")
    tap_answer(page, "Oui, il a déjà un compte Pix")
    tap_answer(page, "Avec un identifiant et un mot de passe, sur Pix.fr")
    page.go_back()
    wait_for_heading(page, "Comment se connecte-t-il à Pix aujourd'hui ?")
    chosen = page.locator("a.tree__answer--chosen")
    assert chosen.count() == 1
    assert as_typed(chosen.inner_text()).startswith("Avec un identifiant et un mot de passe, sur Pix.fr")
    assert "Votre réponse précédente" in chosen.inner_text()
    tap_answer(page, "Par le Médiacentre de l'ENT")
    tap_answer(page, "Identifiant")
    page.locator("a.tree__change").first.tap()  # « Modifier » the first answer
    wait_for_heading(page, "L'élève a-t-il déjà un compte Pix ?")
    assert [as_typed(t) for t in page.locator("a.tree__answer--chosen").all_inner_texts()] == [
        "Oui, il a déjà un compte Pix Votre réponse précédente"]


def test_a_tap_swaps_the_page_without_reloading_it(make_phone_page, site_url):
    """The tree's swap is at work: the window (and its scripts) survives a tap."""
    page = make_phone_page(javascript=True)
    goto_ready(page, site_url + "arbre/")
    page.evaluate("window.sameWindow = true")
    tap_answer(page, "Non, pas encore")
    tap_answer(page, "Identifiant")
    assert page.evaluate("window.sameWindow === true")
    assert page.url == site_url + "arbre/compte-non/mode-souhaite-identifiant/"


def test_focus_moves_only_after_a_tap_not_on_a_full_load(make_phone_page, site_url):
    page = make_phone_page(javascript=True)
    goto_ready(page, site_url + "arbre/compte-oui/")
    assert page.evaluate("document.activeElement.id") != "tree-heading"
    tap_answer(page, "Je ne sais pas")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'tree-heading'")


def test_i_do_not_know_leads_to_where_to_look_and_back(make_phone_page, site_url):
    for javascript in (True, False):
        page = make_phone_page(javascript=javascript)
        page.goto(site_url + "arbre/compte-oui/")
        page.locator("a.tree__answer", has_text="Je ne sais pas").click()
        wait_for_heading(page, "Savoir comment il se connecte aujourd'hui")
        assert "« Méthode(s) de connexion »" in as_typed(page.locator("[data-tree]").inner_text())
        page.locator("a.tree__back").click()
        wait_for_heading(page, "Comment se connecte-t-il à Pix aujourd'hui ?")
        page.wait_for_url(site_url + "arbre/compte-oui/")


def test_tree_states_have_no_edit_link_nor_footer_but_procedures_keep_their_edit_link(make_phone_page, site_url,
                                                                                       tree_pages):
    page = make_phone_page(javascript=False)
    page.goto(site_url + tree_pages[ROUTES[0].answers].url)
    assert page.locator("a.md-content__button").count() == 0
    assert page.locator(".md-footer__link").count() == 0
    page.goto(site_url + "procedures/pas-de-compte/")
    assert page.locator("a.md-content__button").count() == 1


def test_the_404_page_is_french_and_leads_back(make_phone_page, site_url):
    page = make_phone_page(javascript=False)
    page.goto(site_url + "404.html")
    assert as_typed(page.locator("article h1").inner_text()) == "Page introuvable"
    links = {as_typed(a.inner_text()): a.get_attribute("href") for a in page.locator("article a.md-button").all()}
    assert links == {"Trouver la bonne procédure": "/arbre/", "Page d'accueil du guide": "/"}
    for href in links.values():  # absolute: right from any depth of a missing address
        assert page.context.request.get(site_url.rstrip("/") + href).status == 200


def test_about_the_guide_groups_the_pages_for_maintainers(make_phone_page, site_url):
    page = make_phone_page(javascript=False)
    page.goto(site_url)
    section = page.locator(".md-nav__item--section", has_text="À propos du guide")
    titles = [as_typed(t) for t in section.locator(".md-nav__link").all_inner_texts()][1:]
    assert titles == ["Plan de l'arbre de décision", "Couverture du document source",
                      "Déclaration d'accessibilité"]


def test_a_second_tap_before_the_first_is_drawn_leaves_the_whole_page_right(make_phone_page, site_url, tree_pages):
    """A tap shows the new article at once and the parts out of sight (menu, footer, head
    links) a moment later. Two taps in the same moment, the second on the new article before
    anything is drawn, end on the page a full load of the last address shows, and Back then
    leads to the page between."""
    first, second = "Oui, il a déjà un compte Pix", "Avec un identifiant et un mot de passe, sur Pix.fr"
    page = make_phone_page(javascript=True, width=360)
    checker = LinkChecker(page, site_url)
    goto_ready(page, site_url + tree_pages[(first, second)].url)
    checker.check_page(page)  # the reference: a full load
    goto_ready(page, site_url + "arbre/")
    tap_answer(page, first)  # the fragments of both pages are now read
    page.go_back()
    wait_for_heading(page, "L'élève a-t-il déjà un compte Pix ?")
    page.evaluate("""(labels) => labels.forEach(label => [...document.querySelectorAll('a.tree__answer')]
        .find(a => new RegExp(label).test(a.textContent)).click())""",
                  [answer_pattern(first).pattern, answer_pattern(second).pattern])
    page.wait_for_url(site_url + tree_pages[(first, second)].url)
    wait_for_heading(page, tree_pages[(first, second)].heading)
    checker.check_page(page)
    assert checker.broken == []
    page.go_back()
    wait_for_heading(page, tree_pages[(first,)].heading)


def test_a_tap_while_another_page_is_on_its_way_ends_on_the_answer(make_phone_page, site_url, tree_pages):
    """On a slow network a reader follows the header's link to the home page, then taps an
    answer before that page has arrived: the answer's page is shown, whole, and stays (the
    page that was on its way does not replace it when it arrives)."""
    answer = "Oui, il a déjà un compte Pix"
    page = make_phone_page(javascript=True, width=1280)  # wide: the header shows its logo
    checker = LinkChecker(page, site_url)
    goto_ready(page, site_url + tree_pages[(answer,)].url)
    checker.check_page(page)  # the reference: a full load
    goto_ready(page, site_url + "arbre/")
    held = []  # the home page, kept on its way until the answer's page is shown (asked for
    # through the offline worker: routed on the context, which sees the worker's requests)
    page.context.route(site_url, lambda request: held.append(request))
    page.locator(".md-header a.md-logo").click()
    for _ in range(250):  # 5 s at most
        if held:
            break
        page.wait_for_timeout(20)
    assert held, "la page d'accueil n'a pas été demandée"
    tap_answer(page, answer)
    for request in held:
        try:
            request.continue_()
        except PlaywrightError:  # given up on by the page: nothing to deliver
            pass
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # anything the home page's arrival would do, done
    wait_for_heading(page, tree_pages[(answer,)].heading)
    assert page.url == site_url + tree_pages[(answer,)].url
    checker.check_page(page)
    assert checker.broken == []
