"""The fidelity guard: a text that drops a fact of its `source:` quote fails the build.

Every fact of every quote in procedures/ is dropped in turn from the text beside it (the
number, the file name, the key term, with all their spellings); the build must then fail
with the file and line of that text. The facts are found here by this test's own hand-written
list, not by generator/fidelity.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.errors import AuthorErrors
from generator.project import load_guide
from helpers import ROOT, copy_project, edit, line_of

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

# The guide's key terms, each with the spellings that count as the same term (hand-written).
KEY_TERMS = [
    ["SIECLE", "Siècle"],
    ["GAR"],
    ["ENT"],
    ["Médiacentre", "Mediacentre"],
    ["Identifiant"],
    ["Mail", "adresse e-mail"],
    ["Pix Orga"],
    ["Pix.fr"],
    ["code de campagne", "codes de campagne", "code parcours"],
]
NUMBERS_IN_LETTERS = {"2": ["deux"], "3": ["trois"], "15": ["quinze"]}
FILE_NAME = re.compile(r"\S+\.XML")


def plain(text: str) -> str:
    return text.lower().replace("é", "e").replace("è", "e")


def facts(quote: str) -> list[tuple[str, list[str]]]:
    """(fact, spellings to remove from the text) for each fact of `quote`."""
    found = [(name, [name, plain(name)]) for name in FILE_NAME.findall(quote)]
    rest = FILE_NAME.sub(" ", quote)
    for spellings in KEY_TERMS:
        # « code parcours » is not also « Pix » or « campagne »: longest spellings first.
        for spelling in sorted(spellings, key=len, reverse=True):
            pattern = re.compile(rf"(?<!\w){re.escape(plain(spelling))}(?!\w)")
            if pattern.search(plain(rest)):
                found.append((spelling, spellings))
                break
    for number in re.findall(r"(?<![\w.])\d+(?!\w)", rest):
        found.append((number, [number, *NUMBERS_IN_LETTERS.get(number, [])]))
    return found


def traced_texts(root: Path):
    """(file, line of the text, first and last line of its value, quote) for each text of
    procedures/ that cites the source: `texte` beside `source`, or `titre` beside `cas_source`."""
    for path in sorted((root / "procedures").rglob("*.yml")):
        relative = path.relative_to(root).as_posix()
        for mapping in _mappings(yaml.compose(path.read_text(encoding="utf-8"))):
            fields = {key.value: value for key, value in mapping.value}
            for text_key, quote_key in (("texte", "source"), ("titre", "cas_source")):
                # A text with an « ecart » says which fact it leaves out: not mutated.
                if text_key in fields and quote_key in fields and "ecart" not in fields:
                    value = fields[text_key]
                    # A block scalar (>-) ends at the start of the next key's line.
                    last = value.end_mark.line + (0 if value.style in (">", "|") else 1)
                    yield relative, value.start_mark.line + 1, last, fields[quote_key].value


def _mappings(node):
    if isinstance(node, yaml.MappingNode):
        yield node
        for _, value in node.value:
            yield from _mappings(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mappings(item)


def drop(text: str, spellings: list[str]) -> str:
    """`text` without any of the spellings (accents and case aside)."""
    for spelling in sorted(spellings, key=len, reverse=True):
        letters = "".join("[eéèê]" if c in "eé" else re.escape(c) for c in spelling)
        text = re.sub(rf"(?<![\w.]){letters}(?![\w])", "…", text, flags=re.IGNORECASE)
    return text


MUTATIONS = [(relative, line, end, fact, spellings)
             for relative, line, end, quote in traced_texts(ROOT)
             for fact, spellings in facts(quote)]


def test_the_mutations_cover_every_kind_of_fact():
    kinds = {fact for *_, fact, _ in MUTATIONS}
    assert {"2", "15", "3", "elevessansadresse.XML", "élèvesansadresse.XML", "GAR", "ENT",
            "SIECLE", "Pix Orga", "code parcours", "Médiacentre", "Identifiant"} <= kinds, kinds
    assert len(MUTATIONS) > 60


def test_every_dropped_fact_fails_the_build_at_its_text(tmp_path):
    root = copy_project(tmp_path)
    missed = []
    for relative, line, end, fact, spellings in MUTATIONS:
        path = root / relative
        original = path.read_text(encoding="utf-8")
        lines = original.splitlines(keepends=True)
        mutated = lines[:line - 1] + [drop(item, spellings) for item in lines[line - 1:end]] + lines[end:]
        assert mutated != lines, (relative, line, fact)
        path.write_text("".join(mutated), encoding="utf-8")
        try:
            load_guide(root)
            errors = []
        except AuthorErrors as failure:
            errors = failure.errors
        finally:
            path.write_text(original, encoding="utf-8")
        at_text = [e for e in errors if (e.file, e.line) == (relative, line)]
        if not any(plain(fact) in plain(e.message) for e in at_text):
            missed.append(f"{relative}:{line} sans « {fact} » : {[e.format() for e in errors]}")
    assert not missed, "\n".join(missed)


def test_an_ecart_explains_a_dropped_fact(tmp_path):
    root = copy_project(tmp_path)
    relative = "procedures/cas/identifiant-vers-mediacentre.yml"
    edit(root, relative, "  - texte: 2 codes de campagne (code n° 1 et code n° 2)\n    source: 2 codes de campagne\n",
         "  - texte: Des codes de campagne\n    source: 2 codes de campagne\n")
    with pytest.raises(AuthorErrors) as failure:
        load_guide(root)
    [error] = failure.value.errors
    assert (error.file, error.line) == (relative, line_of(root, relative, "texte: Des codes de campagne"))
    assert "« 2 »" in error.message and "ecart" in error.hint
    edit(root, relative, "    source: 2 codes de campagne\n",
         "    source: 2 codes de campagne\n    ecart: Le nombre est dans la liste des étapes.\n")
    load_guide(root)


def test_coverage_page_shows_each_passage_beside_the_guides_text_and_its_ecart(built_site):
    html = (built_site / "couverture-du-document-source" / "index.html").read_text(encoding="utf-8")
    passage = html[html.index('id="passage-cas-5-preparer-2"'):]
    passage = passage[:passage.index('class="guide-passage"')]
    assert "<p>2 codes de campagne</p>" in passage  # the source, verbatim
    assert "2\u00a0<abbr" in passage  # the guide's text, typeset
    ecart = html[html.index('id="passage-regle-1"'):]
    assert "<strong>Écart :</strong>" in ecart.replace("\u00a0", " ")
    assert "Le nom du fichier est donné" in ecart


@pytest.mark.parametrize("text", [
    "Un même compte Pix.fr peut se connecter de trois façons : Médiacentre, Identifiant et Mail.",
    "Un même compte PIX.FR peut se connecter de 3 façons : MEDIACENTRE, identifiant et adresse e-mail.",
])
def test_spellings_accents_case_and_numbers_in_letters_are_the_same_fact(tmp_path, text):
    root = copy_project(tmp_path)
    edit(root, "procedures/regles.yml", "Un même compte Pix.fr d'élève peut se connecter de trois façons : Médiacentre,\n"
         "      Identifiant et Mail.", text)
    load_guide(root)


def test_a_shorter_term_inside_a_longer_one_is_not_a_fact_of_its_own(tmp_path):
    """« code parcours » is kept by « code de campagne »; it does not also require « parcours »."""
    root = copy_project(tmp_path)
    relative = "procedures/cas/mediacentre-vers-mediacentre.yml"
    edit(root, relative, "et saisit le code parcours.", "et saisit le code de campagne.")
    load_guide(root)
