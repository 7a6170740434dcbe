"""Outcomes that adapt to the answers (`seulement_si`, `selon_les_reponses`, `revenir_a`,
`voir_regle`) and the figures that hand-written pages quote.

Author errors are checked on a copy of the project with one mistake added; the expected
messages, lines and texts are written here by hand, in the reader's words.
"""

from __future__ import annotations

import html

from pathlib import Path

import pytest

from generator.figures import figures, fill
from generator.project import load_guide
from generator.rendering import render_pages
from generator.source_document import read_source
from generator.tree import state_page
from helpers import ROOT, SOURCE, copy_project, edit, line_of, load_errors

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

CASE = "procedures/cas/identifiant-vers-identifiant.yml"  # reached by one path only
FIRST_STEP = "    source: Import de la base SIECLE dans Pix orga\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def add_note_to_first_step(root: Path, condition: str) -> None:
    """A « Bon à savoir » on the first step of CASE, shown only if `condition` holds."""
    edit(root, CASE, FIRST_STEP, FIRST_STEP + f"""\
    bon_a_savoir:
      - texte: Une note.
        origine: Un test.
        seulement_si:
          - {condition}
""")


def errors_at(root: Path, message: str) -> list[tuple[str, int]]:
    return [(e.file, e.line) for e in load_errors(root) if e.message == message]


# --- Author errors ------------------------------------------------------------------------


def test_unknown_question_in_a_condition(root):
    add_note_to_first_step(root, "mode-souhaitee: identifiant")
    errors = [e for e in load_errors(root) if e.message == "question « mode-souhaitee » inconnue"]
    assert [(e.file, e.line) for e in errors] == [(CASE, line_of(root, CASE, "- mode-souhaitee:"))]
    assert errors[0].hint == "vouliez-vous écrire « mode-souhaite » ?"


def test_unknown_answer_in_a_condition(root):
    add_note_to_first_step(root, "mode-souhaite: identifant")
    errors = [e for e in load_errors(root)
              if e.message == "réponse « identifant » inconnue pour la question « mode-souhaite »"]
    assert [(e.file, e.line) for e in errors] == [(CASE, line_of(root, CASE, "- mode-souhaite: identifant"))]
    assert errors[0].hint == "vouliez-vous écrire « identifiant » ?"


def test_unknown_answer_in_a_list_of_answers(root):
    add_note_to_first_step(root, "mode-souhaite: [identifiant, mediacentr]")
    assert errors_at(root, "réponse « mediacentr » inconnue pour la question « mode-souhaite »") == [
        (CASE, line_of(root, CASE, "mediacentr]"))]


NEVER = "cette condition n'est remplie sur aucun chemin qui mène ici : le texte ne serait jamais affiché"


def test_a_condition_never_true_on_the_paths_to_the_outcome(root):
    # Only « Identifiant » as wanted mode leads to this case: a note for « Médiacentre » would never show.
    add_note_to_first_step(root, "mode-souhaite: mediacentre")
    assert errors_at(root, NEVER) == [(CASE, line_of(root, CASE, "seulement_si:"))]


def test_a_condition_on_a_question_never_asked_on_the_paths(root):
    add_note_to_first_step(root, "age: moins-de-15-ans")
    assert errors_at(root, NEVER) == [(CASE, line_of(root, CASE, "seulement_si:"))]


def test_a_step_variant_never_true(root):
    edit(root, CASE, FIRST_STEP, FIRST_STEP + """\
    selon_les_reponses:
      - seulement_si:
          - mode-actuel: mediacentre
        texte: Une variante.
""")
    assert errors_at(root, NEVER) == [(CASE, line_of(root, CASE, "seulement_si:"))]


def test_a_condition_true_on_a_path_is_accepted(root):
    add_note_to_first_step(root, "mode-souhaite: [identifiant, mediacentre]")
    load_guide(root)


def test_back_to_a_question_not_asked_on_every_path(root):
    situation = "procedures/situations/plusieurs-comptes.yml"
    edit(root, situation, "revu_le:", "revenir_a: mode-actuel\nrevu_le:")
    assert errors_at(root, "la question « mode-actuel » n'est pas posée sur chaque chemin qui mène ici") == [
        (situation, line_of(root, situation, "revenir_a:"))]


def test_unknown_rule_beside_a_preparation_item(root):
    edit(root, CASE, "voir_regle: import-siecle-d-abord", "voir_regle: import-siecle")
    errors = [e for e in load_errors(root) if e.message == "règle « import-siecle » inconnue"]
    assert [(e.file, e.line) for e in errors] == [(CASE, line_of(root, CASE, "voir_regle:"))]
    assert errors[0].hint == "vouliez-vous écrire « import-siecle-d-abord » ?"


# --- What each outcome shows -------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {page.path: page.content for page in render_pages(load_guide(ROOT))}


NO_ACCOUNT = "arbre/compte-non/mode-souhaite-"


def test_no_account_with_mediacentre_speaks_of_the_mediacentre(rendered):
    page = rendered[NO_ACCOUNT + "mediacentre.md"]
    assert "par le Médiacentre de l'ENT (tuile Pix)" in page
    assert "distribuez aussi Pix à l'élève dans le GAR" in page
    assert "selon le mode choisi" not in page
    assert "moins de 15 ans" not in page  # the Mail warning does not apply
    assert "adresse e-mail" not in page


def test_no_account_with_identifiant_drops_the_mediacentre_notes(rendered):
    page = rendered[NO_ACCOUNT + "identifiant.md"]
    assert "sur Pix.fr, avec un identifiant et un mot de passe" in page
    assert "tuile Pix" not in page and "GAR" not in page
    assert "moins de 15 ans" not in page


def test_no_account_with_mail_keeps_the_age_warning(rendered):
    page = rendered[NO_ACCOUNT + "mail/age-15-ans-ou-plus.md"]
    assert "ne doit pas être utilisé pour un élève de moins de 15 ans" in page
    assert "avec son adresse e-mail" in page


def test_no_account_first_says_how_to_make_sure(rendered):
    page = rendered[NO_ACCOUNT + "mediacentre.md"]
    assert page.index("vérifiez qu'il n'a pas déjà un compte") < page.index("## Se préparer")


def test_the_full_page_shows_every_variant_with_its_condition(rendered):
    page = rendered["procedures/pas-de-compte.md"]
    for answer, text in [("Médiacentre (conseillé)", "par le Médiacentre de l'ENT (tuile Pix)"),
                         ("Identifiant", "avec un identifiant et un mot de passe"),
                         ("Mail", "avec son adresse e-mail")]:
        label = f"Si Connexion voulue : « {answer} » : </span>"
        assert label in page and text in page[page.index(label):], answer
    assert "L'élève se connecte à Pix selon le mode choisi par l'établissement." in page


def test_each_step_says_which_campaign_code(rendered):
    page = rendered["arbre/compte-oui/mode-actuel-identifiant/mode-souhaite-mediacentre.md"]
    steps = page[page.index("## Étapes"):]
    assert steps.index("code de campagne n° 1") < steps.index("(code n° 1)") < steps.index("le code parcours n° 2")
    assert "Le code n° 1 sert aux étapes 2 et 3" in page


def test_a_case_without_steps_gives_something_to_do_now(rendered):
    """No dead end: where the source gives no steps (today « De Médiacentre à Identifiant »,
    « en cours de simplification »), the outcome says what can be done today in Pix Orga.
    The cases without steps are read from the source document, not listed here."""
    source = read_source(ROOT / SOURCE)
    without_steps = {p.case for p in source.passages if p.kind == "statut"}
    guide = load_guide(ROOT)
    for procedure in guide.procedures:
        if procedure.source_case not in without_steps:
            continue
        [answers] = guide.tree.paths_to(procedure.id)
        page = rendered[state_page(answers)]
        now = page[page.index("Ce que vous pouvez faire aujourd'hui"):]
        for label in ("« Élèves »", "« Gérer le compte »", "« Ajouter l'identifiant »"):
            assert label in now
        assert "manage-authentication-method-modal.gjs" in now
        assert "Réinitialiser les mots de passe" not in page


def test_the_siecle_file_name_is_beside_the_siecle_item(rendered):
    page = rendered["arbre/compte-oui/mode-actuel-identifiant/mode-souhaite-identifiant.md"]
    item = page[page.index('id="preparer-1"'):page.index('id="preparer-2"')]
    assert "ExportXML_ElevesSansAdresses.zip" in html.unescape(item)  # « _ » is escaped in Markdown


def test_tree_states_hide_the_footer_and_the_edit_link():
    states = [page for page in render_pages(load_guide(ROOT)) if page.path.startswith("arbre/compte-")]
    assert states and all(not page.editable for page in states)
    assert all("  - footer\n" in page.content for page in states)
    procedures = [page for page in render_pages(load_guide(ROOT)) if page.path.startswith("procedures/")]
    assert procedures and all(page.editable for page in procedures)


def test_no_unconfirmed_date_nor_vague_origin_in_the_outcomes():
    for path in sorted((ROOT / "procedures").glob("[cs]*/*.yml")):
        text = path.read_text(encoding="utf-8")
        for vague in ("2023", "septembre 2024", "d'après le code public"):
            assert vague not in text, f"{path.name}: {vague}"


def test_progress_never_announces_a_total(rendered):
    states = [content for path, content in rendered.items() if path.startswith("arbre/") and "tree__progress" in content]
    assert states and not any(" sur " in content.split('class="tree__progress">')[1].split("<")[0] for content in states)


# --- Figures quoted by hand-written pages --------------------------------------------------


def test_figures_of_the_guide():
    assert figures(load_guide(ROOT)) == {
        "nombre_de_cas": 5, "nombre_de_situations": 6, "nombre_de_chemins": 19,
        "questions_au_plus": 4, "questions_au_moins": 1}


def test_a_changed_tree_changes_the_figures(root):
    # One more question asked first: every path is one question longer.
    edit(root, "procedures/arbre.yml", "debut: compte\nquestions:\n", """\
debut: accueil
questions:
  - id: accueil
    question: Prêt ?
    intitule_court: Accueil
    reponses:
      - id: oui
        libelle: Oui
        suite: compte
""")
    changed = figures(load_guide(root))
    assert (changed["questions_au_plus"], changed["questions_au_moins"]) == (5, 2)


def test_fill_replaces_each_name():
    assert fill("De {{ questions_au_moins }} à {{questions_au_plus}} questions", {
        "questions_au_moins": 1, "questions_au_plus": 4}, "docs/index.md") == ("De 1 à 4 questions", [])


def test_an_unknown_name_is_an_error_at_its_line_in_the_file():
    original = "---\ntitle: Accueil\n---\n\n# Titre\n\nAu plus {{ questions_au_plsu }} questions.\n"
    body = original.split("---\n", 2)[2]  # what MkDocs hands the plugin: no front matter
    _, [error] = fill(body, {"questions_au_plus": 4}, "docs/index.md", original=original)
    assert (error.code, error.file, error.line) == ("valeur-inconnue", "docs/index.md", 7)
    assert error.hint == "vouliez-vous écrire « questions_au_plus » ?"


def test_the_home_page_shows_the_computed_figures(built_site):
    # French typography puts no-break spaces after numbers: read them as spaces.
    home = (built_site / "index.html").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert "De 1 à 4 questions" in home and "Les 5 cas du document source" in home
    assert "{{" not in home
    assert "mot pour mot" not in home and "Trois questions" not in home
