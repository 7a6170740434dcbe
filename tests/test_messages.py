"""Every message of the bad-input corpus (tests/broken/) is for a person: French, placed at a
file:line:column, and free of the program's internals (pydantic type names, Python paths,
English error texts). One test runs `check`'s core on every case and reads every message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import AuthorErrors
from generator.project import load_guide
from helpers import copy_project
from test_broken_inputs import CASES, overlay

PLACE = re.compile(r"^[\w./-]+:\d+:\d+: \S")
# What a contributor must never read: names from the code, not from the guide.
INTERNAL = re.compile(
    r"constrained-|pydantic|Traceback|ValidationError|\b(?:str|int|dict|list|bool)\[|\[key\]|"
    r"\b(?:string|model|dict|list|int|bool|date|literal|union)_(?:type|error|parsing|attributes_type)\b|"
    r"\bgenerator\.|\w+\.py\b|\bNoneType\b|\bNone\b|\bTrue\b|\bFalse\b|<class |object at 0x|"
    r"\b(?:Input should|Field required|Extra inputs|is not|expected|found|value is)\b")
FRENCH = re.compile(r"\b(?:champ|trop|liste|texte|inconnue?s?|question|réponse|conseil|fichier|erreur|le|la|les|un|une|des|du|de|est|n'est|doit|pas|ne|dans|ce|cette|au|aux|à)\b", re.I)


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> dict[str, list[str]]:
    found = {}
    for case in CASES:
        root = copy_project(tmp_path_factory.mktemp(case.name))
        overlay(case, root)
        try:
            load_guide(root)
        except AuthorErrors as failure:
            found[case.name] = [error.format() for error in failure.errors] + list(failure.notes)
    return found


def test_the_corpus_is_large():
    assert len(CASES) >= 80


def test_every_error_is_placed_french_and_free_of_internals(messages):
    problems = []
    for name, texts in messages.items():
        for text in texts:
            if text.startswith(("Document source et guide", "Remarque : ")):
                continue  # the closing notes of a report, not errors
            if not PLACE.match(text):
                problems.append(f"{name}: pas de fichier:ligne:colonne : {text[:120]}")
            if INTERNAL.search(text):
                problems.append(f"{name}: nom interne « {INTERNAL.search(text).group(0)} » : {text[:160]}")
            if not FRENCH.search(PLACE.sub("", text)):
                problems.append(f"{name}: pas en français ? {text[:120]}")
    assert problems == []


def test_the_internal_names_pattern_catches_what_it_must():
    """Control: the messages this test exists for would be caught."""
    for leaked in ("champ « quand[1].compte.constrained-str » : doit être un texte",
                   "valeur refusée (Input should be a valid string)", "champ « quand[1].[key] »",
                   "voir generator/loading.py", "trouvé : « None »"):
        assert INTERNAL.search(leaked), leaked
    assert not INTERNAL.search("procedures/cas/x.yml:3:5: champ « titre » : ne doit pas être vide")


def test_one_run_reports_schema_and_source_mistakes_of_a_file_and_of_others(tmp_path):
    """A schema error does not hide the same file's wrong quote, nor another file's mistakes."""
    from helpers import edit, line_of, load_errors

    root = copy_project(tmp_path)
    case = "procedures/cas/pas-de-compte.yml"
    edit(root, case, "source: Import de la base SIECLE dans Pix orga\n", "source: Import de la base SIECLE dans Pix Orga\n")
    edit(root, case, "\nrevu_le:", "\ncouleur: rouge\nrevu_le:")
    edit(root, "procedures/situations/plusieurs-comptes.yml", "\nquand:\n", "\nquand: [\n")
    places = {(error.file, error.line) for error in load_errors(root)}
    assert (case, line_of(root, case, "couleur: rouge")) in places  # schema
    assert (case, line_of(root, case, "source: Import de la base SIECLE dans Pix Orga")) in places  # source
    assert any(file == "procedures/situations/plusieurs-comptes.yml" for file, _ in places)  # syntax, elsewhere
