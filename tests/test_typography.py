"""French typography: no-break spaces and apostrophes, applied by the build to every page.

Measure (issue 11): in the text of the built site, no ordinary space before ; : ! ? » nor
after «. Code, URLs, file names, attributes and the source's verbatim quotes stay as written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.typography import french

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

N = "\u202f"  # narrow no-break space
B = "\u00a0"  # no-break space

CASES = [
    # (written, expected), by hand.
    ("Pourquoi ? Parce que ; voilà !", f"Pourquoi{N}? Parce que{N}; voilà{N}!"),
    ("« Mode de connexion »", f"«{N}Mode de connexion{N}»"),
    ("«Aucune»", f"«{N}Aucune{N}»"),
    ("Rappel : il existe", f"Rappel{B}: il existe"),
    ("2 codes de campagne", f"2{B}codes de campagne"),
    ("moins de 15 ans.", f"moins de 15{B}ans."),
    ("1 000 élèves", f"1{N}000{B}élèves"),
    ("L'élève d'aujourd'hui", "L’élève d’aujourd’hui"),
    ("2 ", f"2{B}"),  # the word follows in the next element: « 2 <abbr>codes</abbr> »
    ("D'", "D’"),
    # Left alone: times, URLs, file names, numbered steps, an already typeset text.
    ("à 8:30 le matin", "à 8:30 le matin"),
    ("voir http://exemple.fr/l'a?x=1 ou www.pix.fr", "voir http://exemple.fr/l'a?x=1 ou www.pix.fr"),
    ("« http://exemple.fr »", f"«{N}http://exemple.fr{N}»"),
    ("le fichier elevessansadresse.XML ; puis", f"le fichier elevessansadresse.XML{N}; puis"),
    ("reprenez à l'étape 2. Puis", "reprenez à l’étape 2. Puis"),
    ("jean.dupont0412 et", "jean.dupont0412 et"),
    (f"déjà{N}? oui", f"déjà{N}? oui"),
]


@pytest.mark.parametrize("written, expected", CASES, ids=[c[0] for c in CASES])
def test_french_rules(written, expected):
    assert french(written) == expected
    assert french(expected) == expected  # idempotent: the build may apply it twice


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["md_in_html", "attr_list", "generator.typography"])


def test_code_attributes_and_verbatim_are_left_alone():
    html = render(
        "Texte : `code : l'a ?` et [lien](https://exemple.fr/a?b=c \"titre : l'x\").\n\n"
        "```\nbloc : l'a ?\n```\n\n"
        "<kbd>Ctrl : C</kbd> suite ?\n\n"
        '<blockquote class="verbatim" markdown="block">\n\nRappel : il existe\n\n</blockquote>\n\n'
        '<p class="x">brut : l\'élève</p>\n'
    )
    assert f"Texte{B}:" in html
    assert "<code>code : l'a ?</code>" in html
    assert 'href="https://exemple.fr/a?b=c"' in html and "title=\"titre : l'x\"" in html
    assert "bloc : l'a ?" in html
    assert "<kbd>Ctrl : C</kbd> suite\u202f?" in html
    assert "Rappel : il existe" in html  # verbatim
    assert f"brut{B}: l’élève" in html  # raw HTML blocks are typeset too


# --------------------------------------------------------------------------- the built site

SKIPPED = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ORDINARY_SPACE_BEFORE_SIGN = re.compile(r"[ \t\r\n][;:!?»]|«[ \t\r\n]")


class _TextOf(HTMLParser):
    """The text of a page outside code and verbatim quotes."""

    def __init__(self) -> None:
        super().__init__()
        self.skipping: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        verbatim = "verbatim" in (dict(attrs).get("class") or "").split()
        self.skipping.append(tag in SKIPPED or verbatim or (bool(self.skipping) and self.skipping[-1]))

    def handle_endtag(self, tag):
        if self.skipping and tag not in VOID:
            self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]):
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _TextOf()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def test_no_ordinary_space_before_french_signs_in_the_built_site(built_site):
    problems = {}
    for page in sorted(built_site.rglob("*.html")):
        text = page_text(page)
        found = [text[max(0, m.start() - 25):m.end() + 5] for m in ORDINARY_SPACE_BEFORE_SIGN.finditer(text)]
        if found:
            problems[page.relative_to(built_site).as_posix()] = found
    print(f"\nEspaces ordinaires avant ; : ! ? » ou après « : {sum(map(len, problems.values()))}")
    assert not problems, problems


def test_the_check_sees_ordinary_spaces():
    """The counter above does count what it looks for (on a hand-written page)."""
    assert len(ORDINARY_SPACE_BEFORE_SIGN.findall("a : b ; c « d » e ?")) == 5


def test_verbatim_quotes_and_search_index_keep_the_source(built_site):
    coverage = (built_site / "couverture-du-document-source" / "index.html").read_text(encoding="utf-8")
    assert "Rappel : il existe 3 modes de connexion" in coverage  # the source, word for word
    procedure = (built_site / "procedures" / "pas-de-compte" / "index.html").read_text(encoding="utf-8")
    assert "<title>L’élève n’a pas encore de compte Pix" in procedure
    assert f"15{B}ans" in procedure
    assert "Vue d’ensemble des cas" in procedure  # a menu label, from mkdocs.yml
