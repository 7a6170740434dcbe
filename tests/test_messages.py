"""Every message of the bad-input corpus (tests/broken/) is for a person: French, placed at a
file:line:column, with a registered code, and free of the program's internals (pydantic type
names, Python paths, English error texts). One test runs `check`'s core on every case and reads
every message. The codes' registry (generator/errors.py) is checked here too: each code is
used by the generator and documented in CONTRIBUTING.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from generator import cli
from generator.errors import AuthorError, AuthorErrors, Code
from generator.project import load_guide
from helpers import ROOT, copy_project, edit, line_of
from test_broken_inputs import BROKEN, CASES, expected_lines, overlay

PLACE = re.compile(r"^[\w./-]+:\d+:\d+: \[[a-z0-9-]+\] \S")
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # kebab-case, without accents
# What a contributor must never read: names from the code, not from the guide.
INTERNAL = re.compile(
    r"constrained-|pydantic|Traceback|ValidationError|\b(?:str|int|dict|list|bool)\[|\[key\]|"
    r"\b(?:string|model|dict|list|int|bool|date|literal|union)_(?:type|error|parsing|attributes_type)\b|"
    r"\bgenerator\.|\w+\.py\b|\bNoneType\b|\bNone\b|\bTrue\b|\bFalse\b|<class |object at 0x|"
    r"\b(?:Input should|Field required|Extra inputs|is not|expected|found|value is)\b")
FRENCH = re.compile(r"\b(?:champ|trop|liste|texte|inconnue?s?|question|réponse|conseil|fichier|erreur|le|la|les|un|une|des|du|de|est|n'est|doit|pas|ne|dans|ce|cette|au|aux|à)\b", re.I)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, AuthorErrors]:
    found = {}
    for case in CASES:
        root = copy_project(tmp_path_factory.mktemp(case.name))
        overlay(case, root)
        try:
            load_guide(root)
        except AuthorErrors as failure:
            found[case.name] = failure
    return found


@pytest.fixture(scope="module")
def messages(reports) -> dict[str, list[str]]:
    return {name: [error.format() for error in failure.errors] + list(failure.notes)
            for name, failure in reports.items()}


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
    assert not INTERNAL.search("procedures/cas/x.yml:3:5: [texte-vide] champ « titre » : ne doit pas être vide")


def test_every_error_has_a_registered_code_shown_after_its_place(reports):
    for name, failure in reports.items():
        for error in failure.errors:
            assert isinstance(error.code, Code), f"{name}: {error}"
            assert error.format().startswith(f"{error.file}:{error.line}:{error.column}: [{error.code.value}] ")


def test_an_error_cannot_be_built_without_a_code():
    with pytest.raises(TypeError):
        AuthorError("procedures/arbre.yml", 1, 1, "message")  # type: ignore[call-arg]


def test_the_registry_is_kebab_case_french_and_described():
    assert len(Code) >= 40
    for code in Code:
        assert CODE.match(code.value), code.value
        assert code.description and code.description[0].islower() and not code.description.endswith("."), code
        assert FRENCH.search(code.description), code
    assert len({code.value for code in Code}) == len(Code)


def test_every_registered_code_is_used_by_the_generator():
    """No code is registered for nothing: each is named where an error is built."""
    sources = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "generator").glob("*.py")
                      if path.name != "errors.py")
    unused = [code.name for code in Code if not re.search(rf"\bCode\.{code.name}\b", sources)]
    assert unused == []


def test_contributing_lists_every_code_and_only_them():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.M)
    assert sorted(listed) == sorted(code.value for code in Code)


def test_the_corpus_expects_codes_from_the_registry():
    """The corpus names codes by hand: a code renamed in the registry breaks it loudly."""
    named = {expected_lines(case)[0].split()[0] for case in CASES}
    named.discard("accepté")
    assert named <= {code.value for code in Code}
    assert len(named) >= 40  # the corpus exercises most kinds of mistakes


def test_one_run_reports_schema_and_source_mistakes_of_a_file_and_of_others(tmp_path):
    """A schema error does not hide the same file's wrong quote, nor another file's mistakes."""
    from helpers import load_errors

    root = copy_project(tmp_path)
    case = "procedures/cas/pas-de-compte.yml"
    edit(root, case, "source: Import de la base SIECLE dans Pix orga\n", "source: Import de la base SIECLE dans Pix Orga\n")
    edit(root, case, "\nrevu_le:", "\ncouleur: rouge\nrevu_le:")
    edit(root, "procedures/situations/plusieurs-comptes.yml", "\nquand:\n", "\nquand: [\n")
    found = {(error.code, error.file, error.line) for error in load_errors(root)}
    assert ("cle-inconnue", case, line_of(root, case, "couleur: rouge")) in found  # schema
    assert ("citation-reformulee", case, line_of(root, case, "source: Import de la base SIECLE dans Pix Orga")) in found
    assert any(code == "syntaxe-yaml" and file == "procedures/situations/plusieurs-comptes.yml"
               for code, file, _ in found)  # another file


def run_json_check(root: Path) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(["--racine", str(root), "check", "--format", "json"])
    return status, json.loads(out.getvalue())


def test_check_json_carries_code_place_field_and_hint(tmp_path):
    root = copy_project(tmp_path)
    overlay(BROKEN / "reference-pendante-reponse", root)
    status, report = run_json_check(root)
    assert status == 1
    [error] = report["errors"]
    assert {key: error[key] for key in ("code", "file", "line", "column", "field")} == {
        "code": "reponse-inconnue", "file": "procedures/situations/cassee.yml", "line": 8, "column": 13,
        "field": "quand[1].compte"}
    assert "« plusieur »" in error["message"] and "« plusieurs »" in error["hint"]


def test_check_json_reports_a_stale_path_list_with_its_code(tmp_path):
    root = copy_project(tmp_path)
    edit(root, "procedures/arbre-chemins.txt", "compte=non mode-souhaite=mediacentre -> pas-de-compte\n",
         "compte=non mode-souhaite=mediacentre -> plusieurs-comptes\n")
    status, report = run_json_check(root)
    assert status == 1
    assert [(e["code"], e["file"], e["line"]) for e in report["errors"]] == [
        ("chemins-perimes", "procedures/arbre-chemins.txt", 1)]


def test_check_json_on_the_real_project_is_empty():
    assert run_json_check(ROOT) == (0, {"errors": [], "notes": []})
