"""`python -m generator new`: what it writes, what `check` then says, and what it refuses.

A new file cannot pass `check` unaided (it must be reachable in the tree, and a procedure must
be a case of the source): `new` writes one schema-valid file whose only `check` error is the
answer still missing from arbre.yml, and prints the two lines to add. These tests follow that
path to the end: after the documented edit, `check` passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from generator import schema
from generator.loading import load_yaml_file
from generator.model import Procedure, Situation
from generator.validation import validate
from helpers import ROOT, copy_project, edit, line_of, run_generator

LAST_ANSWER = "        libelle: Il n'apparaît pas dans Pix Orga après l'import SIECLE\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def schema_errors(kind: str, path: Path) -> list[str]:
    document = json.loads((ROOT / schema.path_of(kind)).read_text(encoding="utf-8"))
    data = load_yaml_file(path, path.name).data
    data["revu_le"] = str(data["revu_le"])  # YAML values are read as written
    return [error.message for error in Draft7Validator(document).iter_errors(data)]


def test_new_situation_is_valid_and_check_says_what_remains(root):
    result = run_generator("--racine", str(root), "new", "eleve-d-une-autre-academie", "--situation",
                           "--titre", "L'élève arrive d'une autre académie")
    assert result.returncode == 0, result.stderr
    relative = "procedures/situations/eleve-d-une-autre-academie.yml"
    path = root / relative
    # Valid against the schema (what the editor shows) and the model.
    assert schema_errors("situation", path) == []
    assert validate(load_yaml_file(path, relative), Situation)[1] == []
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/situation.schema.json\n")
    # `new` prints the one remaining `check` error and the lines to add to the tree.
    line = line_of(root, relative, "- compte: eleve-d-une-autre-academie")
    expected = (f"{relative}:{line}:13: [reponse-inconnue] champ « quand[1].compte » : "
                "réponse « eleve-d-une-autre-academie » inconnue pour la question « compte »")
    assert expected in result.stdout
    assert "      - id: eleve-d-une-autre-academie\n        libelle: \"L'élève arrive d'une autre académie\"" \
        in result.stdout
    assert "make chemins" in result.stdout
    # `check` says exactly that, and nothing else.
    check = run_generator("--racine", str(root), "check")
    assert check.returncode == 1
    assert check.stderr.startswith("1 erreur dans les fichiers du guide :")
    assert expected in check.stderr
    # After the documented edit of arbre.yml, `check` passes.
    edit(root, "procedures/arbre.yml", LAST_ANSWER,
         LAST_ANSWER + "      - id: eleve-d-une-autre-academie\n"
                       "        libelle: \"L'élève arrive d'une autre académie\"\n")
    # The path list is now stale: check says so, with the line to add.
    check = run_generator("--racine", str(root), "check")
    assert check.returncode == 1
    assert "procedures/arbre-chemins.txt:1:1: [chemins-perimes] la liste des chemins de l'arbre n'est pas à jour" in check.stderr
    assert "\n+compte=eleve-d-une-autre-academie -> eleve-d-une-autre-academie\n" in check.stderr
    assert run_generator("--racine", str(root), "chemins", "--ecrire").returncode == 0
    check = run_generator("--racine", str(root), "check")
    assert check.returncode == 0, check.stderr


def test_new_procedure_is_valid_and_check_names_the_source_case(root):
    result = run_generator("--racine", str(root), "new", "nouveau-cas")
    assert result.returncode == 0, result.stderr
    relative = "procedures/cas/nouveau-cas.yml"
    assert schema_errors("procedure", root / relative) == []
    assert validate(load_yaml_file(root / relative, relative), Procedure)[1] == []
    # Every case of the source already has its procedure: `new` says so, first.
    assert "tous les cas du tableau du document source ont déjà leur procédure" in result.stdout
    assert "new nouveau-cas --situation" in result.stdout
    check = run_generator("--racine", str(root), "check")
    assert check.returncode == 1
    case_line = line_of(root, relative, "cas_source:")
    assert f"{relative}:{case_line}:13: [cas-inconnu] champ « cas_source » :" in check.stderr
    assert "n'est pas un cas du tableau du document source" in check.stderr
    assert "réponse « nouveau-cas » inconnue pour la question « compte »" in check.stderr
    # The prefilled SIECLE texts are real quotes: no error about them.
    assert "se_preparer" not in check.stderr and "etapes" not in check.stderr


def test_new_procedure_takes_a_free_case_of_the_source(root):
    (root / "procedures/cas/pas-de-compte.yml").unlink()
    result = run_generator("--racine", str(root), "new", "premier-compte")
    assert result.returncode == 0, result.stderr
    text = (root / "procedures/cas/premier-compte.yml").read_text(encoding="utf-8")
    assert 'cas_source: "Pas de compte Pix"' in text
    assert "déjà leur procédure" not in result.stdout


@pytest.mark.parametrize("folder", ["cas", "situations"])
def test_new_refuses_to_overwrite(root, folder):
    existing = root / "procedures/cas/pas-de-compte.yml"
    before = existing.read_bytes()
    arguments = ["new", "pas-de-compte", "--titre", "Autre"] + (["--situation"] if folder == "situations" else [])
    result = run_generator("--racine", str(root), *arguments)
    assert result.returncode == 1
    assert "Refusé : procedures/cas/pas-de-compte.yml existe déjà" in result.stderr
    assert existing.read_bytes() == before
    assert not (root / "procedures/situations/pas-de-compte.yml").exists()


@pytest.mark.parametrize("bad_id", ["Mon-Cas", "élève", "a_b", "x-", "x--y", "a" * 61, "../evil"])
def test_new_refuses_an_invalid_id(root, bad_id):
    before = sorted(p.name for p in (root / "procedures").rglob("*"))
    result = run_generator("--racine", str(root), "new", bad_id)
    assert result.returncode == 1
    assert "n'est pas un identifiant valable" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "procedures").rglob("*")) == before


def test_new_refuses_a_title_with_html(root):
    result = run_generator("--racine", str(root), "new", "titre-html", "--situation",
                           "--titre", "<script>alert(1)</script>")
    assert result.returncode == 1
    assert "le HTML n'est pas accepté dans les textes" in result.stderr
    assert not (root / "procedures/situations/titre-html.yml").exists()


def test_no_placeholder_left_in_the_guide():
    """`new` marks what to write with « À COMPLÉTER »: none may reach the published guide."""
    left = [path.relative_to(ROOT).as_posix() for path in (ROOT / "procedures").rglob("*.yml")
            if "À COMPLÉTER" in path.read_text(encoding="utf-8")]
    assert left == [], f"textes encore à compléter dans : {', '.join(left)}"


TREE_BEFORE_AGE = "  - id: age\n"


def test_new_with_a_route_writes_the_answer_into_the_tree_and_passes_check(root):
    tree_before = (root / "procedures/arbre.yml").read_text(encoding="utf-8")
    result = run_generator("--racine", str(root), "new", "mode-pas-encore-choisi", "--situation",
                           "--titre", "L'établissement n'a pas encore choisi", "--question", "mode-souhaite",
                           "--reponse", "pas-encore-choisi", "--libelle", "Pas encore choisi")
    assert result.returncode == 0, result.stderr
    tree_after = (root / "procedures/arbre.yml").read_text(encoding="utf-8")
    # A text edit: two lines added after the question's last answer, nothing else touched.
    added = ("      - id: pas-encore-choisi\n"
             "        libelle: \"Pas encore choisi\"\n")
    assert tree_after == tree_before.replace(TREE_BEFORE_AGE, added + TREE_BEFORE_AGE, 1)
    text = (root / "procedures/situations/mode-pas-encore-choisi.yml").read_text(encoding="utf-8")
    assert "quand:\n  - mode-souhaite: pas-encore-choisi\n" in text
    # The path list was refreshed: check passes (the placeholders are valid texts).
    paths = (root / "procedures/arbre-chemins.txt").read_text(encoding="utf-8")
    assert "compte=non mode-souhaite=pas-encore-choisi -> mode-pas-encore-choisi\n" in paths
    assert "compte=oui mode-actuel=mail mode-souhaite=pas-encore-choisi -> mode-pas-encore-choisi\n" in paths
    check = run_generator("--racine", str(root), "check")
    assert check.returncode == 0, check.stderr


def test_new_with_a_route_to_the_last_question_of_the_file(root):
    result = run_generator("--racine", str(root), "new", "age-inconnu", "--situation", "--titre", "Âge inconnu",
                           "--question", "age")
    assert result.returncode == 0, result.stderr
    tree = (root / "procedures/arbre.yml").read_text(encoding="utf-8")
    assert tree.endswith("        libelle: Non, moins de 15 ans\n"
                         "      - id: age-inconnu\n"
                         "        libelle: \"Âge inconnu\"\n")
    assert run_generator("--racine", str(root), "check").returncode == 0


def test_new_refuses_an_unknown_question_and_writes_nothing(root):
    before = (root / "procedures/arbre.yml").read_bytes()
    result = run_generator("--racine", str(root), "new", "x-y", "--situation", "--question", "comte")
    assert result.returncode == 1
    assert "la question « comte » n'existe pas" in result.stderr and "compte" in result.stderr
    assert (root / "procedures/arbre.yml").read_bytes() == before
    assert not (root / "procedures/situations/x-y.yml").exists()


def test_new_asks_for_the_route_when_a_person_is_at_the_terminal(root, monkeypatch, capsys):
    """No --question, a terminal: `new` lists the questions and asks; the answers shape the tree."""
    from generator import cli

    replies = iter(["3", "pas-encore-choisi", "Pas encore choisi"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(replies))
    code = cli.main(["--racine", str(root), "new", "mode-pas-encore-choisi", "--situation",
                     "--titre", "L'établissement n'a pas encore choisi"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Quelle question de l'arbre mène à cette issue ?" in out
    assert "  3. Quel mode de connexion l'établissement veut-il pour lui ? (mode-souhaite)" in out
    tree = (root / "procedures/arbre.yml").read_text(encoding="utf-8")
    assert "      - id: pas-encore-choisi\n        libelle: \"Pas encore choisi\"\n  - id: age\n" in tree
    assert run_generator("--racine", str(root), "check").returncode == 0
