"""One test per kind of author error: a copy of the project with one file broken.

Each test asserts the French message, the file and the exact line (and column where it is
meaningful), computed from the broken file itself so that content edits elsewhere in the
file do not make the test lie.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.project import load_guide
from generator.rendering import render_pages
from helpers import ROOT, copy_project, edit, line_of, load_errors, only_error, run_generator, tree

CASE = "procedures/cas/pas-de-compte.yml"
OTHER_CASE = "procedures/cas/identifiant-vers-identifiant.yml"
TITLE = "titre: L'élève n'a pas encore de compte Pix"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def column_of(root: Path, relative: str, line: int, needle: str) -> int:
    return (root / relative).read_text(encoding="utf-8").splitlines()[line - 1].index(needle) + 1


def position_of(root: Path, relative: str, needle: str) -> tuple[str, int, int]:
    """File, line and column where `needle` first appears."""
    line = line_of(root, relative, needle)
    return relative, line, column_of(root, relative, line, needle)


# --- YAML itself ------------------------------------------------------------------------


def test_yaml_syntax_error(root):
    edit(root, CASE, TITLE, "titre: L'élève : n'a pas encore de compte Pix")
    error = only_error(root)
    line = line_of(root, CASE, "titre: L'élève :")
    assert (error.file, error.line, error.column) == (CASE, line, column_of(root, CASE, line, ": n'a"))
    assert error.message == "erreur de syntaxe YAML (un « : » inattendu ; mettez le texte entre guillemets)"
    assert "guillemets" in error.hint


def test_unclosed_quote(root):
    edit(root, CASE, TITLE, 'titre: "L\'élève n\'a pas encore de compte Pix')
    error = only_error(root)
    assert error.file == CASE
    assert error.message.startswith("erreur de syntaxe YAML")
    assert "Traceback" not in error.format()


def test_tab_in_indentation(root):
    edit(root, CASE, "  - texte: 1 code de campagne", "\t- texte: 1 code de campagne")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line_of(root, CASE, "\t- texte: 1 code"), 1)
    assert error.message == "tabulation dans l'indentation : YAML n'accepte que des espaces"


def test_duplicate_key(root):
    edit(root, CASE, "cas_source: Pas de compte Pix\n", "cas_source: Pas de compte Pix\ntitre: Encore\n")
    error = only_error(root)
    first, second = line_of(root, CASE, "titre:"), line_of(root, CASE, "titre: Encore")
    assert (error.file, error.line, error.column) == (CASE, second, 1)
    assert error.message == f"la clé « titre » apparaît deux fois (déjà à la ligne {first})"


def test_empty_file(root):
    (root / CASE).write_text("# plus rien ici\n\n", encoding="utf-8")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, 1, 1)
    assert error.message == "le fichier est vide"


def test_file_not_in_utf8(root):
    # The first non-ASCII character of the file is the "é" of "L'élève" in the title.
    line = line_of(root, CASE, "titre:")
    text = (root / CASE).read_text(encoding="utf-8")
    (root / CASE).write_bytes(text.encode("cp1252"))
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line, len("titre: L'") + 1)
    assert error.message == "le fichier n'est pas encodé en UTF-8"


def test_latin1_pasted_into_a_utf8_file(root):
    # A UTF-8 file with one Windows-1252 "à" pasted after UTF-8 accents: the column counts characters.
    line = line_of(root, CASE, TITLE)
    raw = (root / CASE).read_bytes().replace(TITLE.encode("utf-8"), TITLE.encode("utf-8") + " à jour".encode("cp1252"))
    (root / CASE).write_bytes(raw)
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line, len(TITLE + " ") + 1)
    assert error.message == "le fichier n'est pas encodé en UTF-8"


def test_file_with_only_a_document_marker_is_empty(root):
    (root / CASE).write_text("# à remplir\n---\n", encoding="utf-8")
    error = only_error(root)
    assert (error.file, error.line, error.column, error.message) == (CASE, 1, 1, "le fichier est vide")


def test_two_documents_in_one_file(root):
    text = (root / CASE).read_text(encoding="utf-8")
    (root / CASE).write_text(text + "---\nid: autre\n", encoding="utf-8")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line_of(root, CASE, "---"), 1)
    assert error.message == ("erreur de syntaxe YAML (une ligne « --- » commence un second document ; "
                             "un fichier n'en contient qu'un)")


def test_anchor_refused(root):
    edit(root, CASE, TITLE, TITLE.replace("titre: ", "titre: &titre "))
    error = only_error(root)
    assert (error.file, error.line, error.column) == position_of(root, CASE, "&titre")
    assert error.message == "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés"


def test_alias_refused(root):
    edit(root, CASE, "situation: >-\n", "resume: *titre\nsituation: >-\n")
    error = only_error(root)
    assert (error.file, error.line, error.column) == position_of(root, CASE, "*titre")
    assert error.message == "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés"


PYTHON_TAGS = {
    "apply-list": "!!python/object/apply:os.system ['touch {marker}']",
    "apply-mapping": "!!python/object/apply:os.system {{args: ['touch {marker}']}}",
    "object-new": "!!python/object/new:os.system ['touch {marker}']",
    "name": "!!python/name:os.system",
    "custom": "!lambda 'touch {marker}'",
}


@pytest.mark.parametrize("name", PYTHON_TAGS)
def test_python_tag_refused_and_nothing_runs(root, tmp_path, name):
    marker = tmp_path / "le-code-a-tourne"
    edit(root, CASE, TITLE, "titre: " + PYTHON_TAGS[name].format(marker=marker))
    error = only_error(root)
    line = line_of(root, CASE, "titre: !")
    assert (error.file, error.line, error.column) == (CASE, line, len("titre: ") + 1)
    assert error.message.startswith("étiquette YAML « ") and error.message.endswith(" » refusée")
    assert "python" in error.message or "lambda" in error.message
    assert not marker.exists(), "a YAML tag made the loader run a command"


# --- The schema ---------------------------------------------------------------------------


def test_unknown_key_lists_the_allowed_ones(root):
    edit(root, CASE, "cas_source: Pas de compte Pix\n", "cas_source: Pas de compte Pix\nauteur: Moi\n")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line_of(root, CASE, "auteur:"), 1)
    assert error.message == "champ inconnu « auteur »"
    assert error.hint.startswith("champs possibles ici : ")
    assert "etapes" in error.hint and "se_preparer" in error.hint


def test_misspelt_key_suggests_the_right_one(root):
    edit(root, CASE, "\netapes:\n", "\netapse:\n")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line_of(root, CASE, "etapse:"), 1)
    assert error.message == "champ inconnu « etapse »"
    assert error.hint == "vouliez-vous écrire « etapes » ?"


def test_misspelt_key_in_a_nested_block(root):
    edit(root, CASE, "  - texte: 1 code de campagne\n    source: 1 code de campagne\n",
         "  - texte: 1 code de campagne\n    sourse: 1 code de campagne\n")
    errors = load_errors(root)
    line = line_of(root, CASE, "sourse:")
    unknown = [e for e in errors if e.message == "champ inconnu « sourse »"]
    assert len(unknown) == 1
    assert (unknown[0].file, unknown[0].line, unknown[0].column) == (CASE, line, 5)
    assert unknown[0].hint == "vouliez-vous écrire « source » ?"
    # The real key is then missing in the same block: said too, at the block's first line.
    missing = [e for e in errors if e is not unknown[0]]
    assert [(e.line, e.message) for e in missing] == [(line - 1, "le champ obligatoire « source » manque")]


def test_missing_field(root):
    edit(root, CASE, "  - texte: 1 code de campagne\n    source: 1 code de campagne\n",
         "  - texte: 1 code de campagne\n")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line_of(root, CASE, "- texte: 1 code de campagne"), 5)
    assert error.field == "se_preparer[2]"
    assert error.message == "le champ obligatoire « source » manque"


def test_missing_top_level_field(root):
    edit(root, CASE, TITLE + "\n", "")
    error = only_error(root)
    assert (error.file, error.line) == (CASE, line_of(root, CASE, "id: pas-de-compte"))
    assert error.message == "le champ obligatoire « titre » manque"


def test_wrong_type_list_instead_of_text(root):
    edit(root, CASE, TITLE, "titre: [L'élève, pas de compte]")
    error = only_error(root)
    assert (error.file, error.line, error.column) == (CASE, line_of(root, CASE, "titre: ["), len("titre: ") + 1)
    assert error.field == "titre"
    assert error.message == "doit être un texte (trouvé : une liste)"


def test_wrong_type_text_instead_of_list(root):
    edit(root, CASE, "se_preparer:\n", "se_preparer: La base SIECLE\nplus_utilise:\n")
    errors = load_errors(root)
    line = line_of(root, CASE, "se_preparer: La base SIECLE")
    wrong = [e for e in errors if e.field == "se_preparer"]
    assert [(e.file, e.line, e.message) for e in wrong] == [
        (CASE, line, "doit être une liste (des lignes qui commencent par « - ») (trouvé : « La base SIECLE »)")]


def test_wrong_date(root):
    edit(root, CASE, "revu_le: ", "revu_le: hier # ")  # a comment: "#" then a space
    error = only_error(root)
    assert (error.file, error.line, error.field) == (CASE, line_of(root, CASE, "revu_le: hier"), "revu_le")
    assert error.message.startswith("doit être une date AAAA-MM-JJ")


def test_raw_html_refused(root):
    edit(root, CASE, TITLE, "titre: L'élève <b>n'a pas</b> de compte")
    error = only_error(root)
    assert (error.file, error.line, error.field) == (CASE, line_of(root, CASE, "<b>"), "titre")
    assert error.message == "le HTML n'est pas accepté dans les textes (balise « < »)"


def test_javascript_link_refused(root):
    edit(root, CASE, TITLE, 'titre: "[cliquez ici](javascript:alert(1))"')
    error = only_error(root)
    assert (error.file, error.line, error.field) == (CASE, line_of(root, CASE, "javascript:"), "titre")
    assert error.message == "lien interdit (javascript:, data:)"


def test_javascript_text_refused_in_a_step(root):
    edit(root, CASE, "  - texte: Importez la base SIECLE dans Pix Orga.\n",
         "  - texte: Importez la base SIECLE dans Pix Orga. JavaScript:alert(1)\n")
    error = only_error(root)
    assert (error.file, error.line, error.field) == (CASE, line_of(root, CASE, "JavaScript:"), "etapes[1].texte")
    assert error.message == "« javascript: » n'est pas accepté dans les textes"


def test_bad_id(root):
    edit(root, CASE, "id: pas-de-compte\n", "id: Pas de compte\n")
    error = only_error(root)
    assert (error.file, error.line, error.field) == (CASE, line_of(root, CASE, "id: Pas de compte"), "id")
    assert error.message == "« Pas de compte » n'est pas un identifiant valable"


# --- References between files -------------------------------------------------------------


def test_dangling_reference_to_a_mode(root):
    # A procedure's « quand » names the wanted mode by its answer id in procedures/arbre.yml.
    edit(root, CASE, "mode-souhaite: [mediacentre, identifiant]", "mode-souhaite: [mediacentre, identifant]")
    error = only_error(root)
    assert (error.file, error.line, error.column) == position_of(root, CASE, "identifant")
    assert error.message == "réponse « identifant » inconnue pour la question « mode-souhaite »"
    assert error.hint == "vouliez-vous écrire « identifiant » ?"


def test_dangling_reference_to_a_question(root):
    edit(root, CASE, "mode-souhaite: mail\n    age", "mode-souhaitee: mail\n    age")
    errors = load_errors(root)
    line = line_of(root, CASE, "mode-souhaitee:")
    dangling = [e for e in errors if e.message == "question « mode-souhaitee » inconnue"]
    assert [(e.file, e.line) for e in dangling] == [(CASE, line)]
    assert dangling[0].hint == "vouliez-vous écrire « mode-souhaite » ?"


def test_duplicate_id_across_two_files(root):
    edit(root, OTHER_CASE, "id: identifiant-vers-identifiant\n", "id: pas-de-compte\n")
    errors = load_errors(root)
    first, second = line_of(root, CASE, "id: pas-de-compte"), line_of(root, OTHER_CASE, "id: pas-de-compte")
    expected = f"« pas-de-compte » est déjà utilisé ({CASE}:{first})"
    assert [(e.file, e.line, e.column, e.field) for e in errors if e.message == expected] == [
        (OTHER_CASE, second, len("id: ") + 1, "id")]
    # Every message about it points at the second file's id line (see the report: two are given).
    assert {(e.file, e.line) for e in errors} == {(OTHER_CASE, second)}


def test_two_files_for_the_same_case(root):
    edit(root, OTHER_CASE, "cas_source: D'Identifiant à Identifiant\n", "cas_source: Pas de compte Pix\n")
    errors = load_errors(root)
    places = {CASE: line_of(root, CASE, "cas_source:"), OTHER_CASE: line_of(root, OTHER_CASE, "cas_source:")}
    duplicate = [e for e in errors if e.message.startswith("« Pas de compte Pix » est déjà utilisé (")]
    assert len(duplicate) == 1, [e.format() for e in errors]
    # Reported on one file's cas_source line, naming the other file and its line.
    error = duplicate[0]
    other = OTHER_CASE if error.file == CASE else CASE
    assert (error.line, error.field) == (places[error.file], "cas_source")
    assert error.message.endswith(f"({other}:{places[other]})")


def test_case_not_in_the_source(root):
    edit(root, CASE, "cas_source: Pas de compte Pix\n", "cas_source: Pas de compte\n")
    errors = load_errors(root)
    line = line_of(root, CASE, "cas_source:")
    wrong = [e for e in errors if e.file == CASE]
    assert [(e.line, e.column, e.field) for e in wrong] == [(line, len("cas_source: ") + 1, "cas_source")]
    assert wrong[0].message == "« Pas de compte » n'est pas un cas du tableau du document source"
    assert "« Pas de compte Pix »" in wrong[0].hint


def test_every_broken_file_is_reported_in_one_run(root):
    edit(root, CASE, TITLE, "titre: L'élève : n'a pas encore de compte Pix")
    edit(root, OTHER_CASE, "\netapes:\n", "\netapse:\n")
    errors = load_errors(root)
    assert sorted((e.file, e.line) for e in errors) == sorted([
        (CASE, line_of(root, CASE, "titre: L'élève :")), (OTHER_CASE, line_of(root, OTHER_CASE, "etapse:"))])


# --- The command line ---------------------------------------------------------------------


def test_check_fails_with_file_line_column(root, tmp_path):
    edit(root, CASE, TITLE, "titre: L'élève : n'a pas encore de compte Pix")
    line = line_of(root, CASE, "titre: L'élève :")
    result = run_generator("--racine", str(root), "check", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{CASE}:{line}:16: [syntaxe-yaml] erreur de syntaxe YAML" in result.stderr
    assert "1 erreur dans les fichiers du guide" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_check_passes_on_the_real_project(tmp_path):
    result = run_generator("--racine", str(ROOT), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Tout est correct")
    assert result.stderr == ""


def test_build_writes_the_generated_pages(root, tmp_path):
    out = tmp_path / "pages"
    result = run_generator("--racine", str(root), "build", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = {page.path: page.content for page in render_pages(load_guide(root))}
    written = {path: content.decode("utf-8") for path, content in tree(out).items()}
    assert written.keys() == expected.keys()
    for path, content in written.items():
        # Without the MkDocs plugin, pages with tooltips carry the glossary as abbreviations.
        assert content.startswith(expected[path]), path
    assert "\n*[SIECLE]: " in written["procedures/pas-de-compte.md"]
    assert "*[SIECLE]" not in written["arbre/index.md"]  # no tooltips inside the tree
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages", "projet"]  # no staging left


def test_failed_build_leaves_the_previous_output_untouched(root, tmp_path):
    out = tmp_path / "pages"
    assert run_generator("--racine", str(root), "build", "--out", str(out), cwd=tmp_path).returncode == 0
    (out / "a-garder.txt").write_text("ne pas effacer\n", encoding="utf-8")
    before = tree(out)
    edit(root, CASE, "\netapes:\n", "\netapse:\n")
    result = run_generator("--racine", str(root), "build", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{CASE}:{line_of(root, CASE, 'etapse:')}:1: [cle-inconnue] champ inconnu « etapse »" in result.stderr
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages", "projet"]
