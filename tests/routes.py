"""The decision tree as a reader meets it, without the code under test.

`load_routes()` reads the routes written by hand in tests/parcours.yml (answer labels, in
order, then the outcome's title). `walk_tree(site)` reads the built site: from the start page
it follows every answer link, as a reader taps them, and returns each page by the labels tapped.
Both the fast tests and the browser tests use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from html_dom import Element, parse_html

PARCOURS = Path(__file__).with_name("parcours.yml")
TREE_START = "arbre/"
MAX_DEPTH = 12  # the build refuses cycles; this only bounds the walk if it did not

# The tree's markup, in one place (templates/arbre-etat.md.j2).
HEADING_ID = "tree-heading"
ANSWER, CHANGE, PROGRESS, GIVEN = "tree__answer", "tree__change", "tree__progress", "tree__given"


def as_typed(text: str) -> str:
    """A text of the built site as a person types it: the build's French typography (’ for ',
    no-break spaces) read back as plain apostrophes and spaces."""
    return " ".join(text.replace("\u2019", "'").split())


def typed_pattern(text: str, whole: bool = True) -> re.Pattern:
    """A pattern that finds `text`, as typed, in the built site whatever its typography."""
    pattern = re.escape(text).replace("'", "['’]").replace("\\ ", r"\s+")
    return re.compile(rf"^\s*{pattern}\s*$" if whole else pattern)


def answer_pattern(label: str) -> re.Pattern:
    """An answer button's whole label, as typed; after Back or « Modifier » the earlier answer
    also says « Votre réponse précédente » (arbre.js)."""
    return re.compile(rf"^\s*{typed_pattern(label, whole=False).pattern}(\s*Votre réponse précédente)?\s*$")


@dataclass(frozen=True)
class Route:
    answers: tuple[str, ...]
    outcome: str

    def __str__(self) -> str:
        return " › ".join(self.answers) + f" → « {self.outcome} »"


def load_routes(path: Path = PARCOURS) -> list[Route]:
    """The routes of parcours.yml; ValueError (in French) if the file is not in its format."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path.name} : une liste de parcours est attendue")
    routes = []
    for number, entry in enumerate(data, start=1):
        if (not isinstance(entry, dict) or set(entry) != {"reponses", "issue"}
                or not isinstance(entry["issue"], str) or not isinstance(entry["reponses"], list)
                or not entry["reponses"] or not all(isinstance(a, str) for a in entry["reponses"])):
            raise ValueError(f"{path.name}, parcours n° {number} : il faut « reponses » (une liste de "
                             f"libellés) et « issue » (un titre), rien d'autre : {entry!r}")
        routes.append(Route(tuple(entry["reponses"]), entry["issue"]))
    return routes


@dataclass
class TreePage:
    """One page of the tree in the built site."""

    url: str  # from the site's root, e.g. "arbre/compte-non/"
    heading: str
    progress: str
    answers: dict[str, str]  # label of each answer → url of the page it leads to
    given: list[tuple[str, str]]  # « Vos réponses »: (label, url of its « Modifier » link)
    content: Element  # the tree's block ([data-tree])

    @property
    def is_outcome(self) -> bool:
        return not self.answers


def has_class(name: str):
    return lambda element: name in element.classes()


def read_tree_page(site: Path, url: str) -> TreePage:
    document = parse_html((site / url / "index.html").read_text(encoding="utf-8"))
    content = next(e for e in document.iter() if "data-tree" in e.attrs)
    heading = content.by_id(HEADING_ID)
    progress = [e.text() for e in content.iter() if PROGRESS in e.classes()]
    answers = {a.text(): resolve(url, a.attrs["href"]) for a in content.find_all("a")
               if ANSWER in a.classes()}
    given = [(dd.text(skip=has_class(CHANGE)),
              resolve(url, next(a for a in dd.find_all("a") if CHANGE in a.classes()).attrs["href"]))
             for dl in content.find_all("dl") if GIVEN in dl.classes() for dd in dl.find_all("dd")]
    return TreePage(url, heading.text(skip=has_class("headerlink")) if heading else "",
                    progress[0] if progress else "", answers, given, content)


def resolve(url: str, href: str) -> str:
    """The site-root-relative url that `href`, written in the page at `url`, points to."""
    return urlsplit(urljoin("http://site/" + url, href)).path.lstrip("/")


def walk_tree(site: Path) -> dict[tuple[str, ...], TreePage]:
    """Every page reachable from the tree's start page, by the answer labels tapped to reach it."""
    pages: dict[tuple[str, ...], TreePage] = {}
    pending = [((), TREE_START)]
    while pending:
        labels, url = pending.pop()
        page = pages[labels] = read_tree_page(site, url)
        if len(labels) < MAX_DEPTH:
            pending += [((*labels, label), target) for label, target in page.answers.items()]
    return pages
