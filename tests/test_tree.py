"""Unit tests of the decision tree checks: one small broken tree per kind of defect."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.cli import PATHS_FILE, paths_text
from generator.loading import load_yaml_text
from generator.model import Situation, TreeFile
from generator.project import load_guide
from generator.source_document import comparable, read_source
from generator.tree import DecisionTree, Outcome, build_tree, walk
from generator.validation import validate

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

ROOT = Path(__file__).resolve().parent.parent

GOOD_TREE = """\
debut: compte
questions:
  - id: compte
    question: A-t-il un compte ?
    intitule_court: Compte
    reponses:
      - id: non
        libelle: Non
      - id: oui
        libelle: Oui
        suite: mode
  - id: mode
    question: Quel mode ?
    intitule_court: Mode
    reponses:
      - id: a
        libelle: A
      - id: b
        libelle: B
"""


def outcome(outcome_id: str, when: str, name: str = "") -> tuple[str, str]:
    text = f"""\
id: {outcome_id}
titre: Issue {outcome_id}
situation: Une situation.
que_faire:
  - texte: Faire quelque chose.
    origine: Test.
quand:
{textwrap.indent(textwrap.dedent(when).strip(), "  ")}
revu_le: 2026-11-28
"""
    return (name or f"situations/{outcome_id}.yml", text)


GOOD_OUTCOMES = [
    outcome("sans-compte", "- compte: non"),
    outcome("mode-a", "- compte: oui\n  mode: a"),
    outcome("mode-b", "- compte: oui\n  mode: b"),
]


def make_tree(tree_yaml: str = GOOD_TREE, outcomes=GOOD_OUTCOMES):
    tree_file = load_yaml_text(tree_yaml, Path("arbre.yml"), "arbre.yml")
    definition, errors = validate(tree_file, TreeFile)
    assert not errors, errors
    loaded = []
    for name, text in outcomes:
        file = load_yaml_text(text, Path(name), name)
        situation, errors = validate(file, Situation)
        assert not errors, errors
        loaded.append(Outcome(situation, file))
    return build_tree(definition, tree_file, loaded)


def only_error(tree):
    assert len(tree.errors) == 1, [e.format() for e in tree.errors]
    return tree.errors[0]


def test_good_tree_has_every_path_and_no_error():
    tree = make_tree()
    assert tree.errors == []
    assert tree.path_lines() == [
        "compte=non -> sans-compte",
        "compte=oui mode=a -> mode-a",
        "compte=oui mode=b -> mode-b",
    ]


def test_combination_with_no_outcome():
    error = only_error(make_tree(outcomes=GOOD_OUTCOMES[:2]))
    assert "aucune issue pour les réponses : compte = oui, mode = b" in error.message
    assert (error.file, error.line) == ("arbre.yml", 18)  # the answer "b"


def test_combination_with_two_outcomes():
    overlapping = outcome("aussi-a", "- mode: a")
    error = only_error(make_tree(outcomes=[*GOOD_OUTCOMES, overlapping]))
    assert "mènent à deux issues" in error.message and "mode-a" in error.message
    assert error.file == "situations/aussi-a.yml" and error.line == 7  # its "quand"


def test_unreachable_question():
    tree_yaml = GOOD_TREE + """\
  - id: orpheline
    question: Jamais posée ?
    intitule_court: Orpheline
    reponses:
      - id: x
        libelle: X
"""
    error = only_error(make_tree(tree_yaml))
    assert "« orpheline » n'est jamais posée" in error.message
    assert error.line == 20


def test_unreachable_outcome():
    never = outcome("jamais", "- compte: oui\n  mode: c")
    tree = make_tree(outcomes=[*GOOD_OUTCOMES, never])
    messages = [e.format() for e in tree.errors]
    # "c" is not an answer of "mode": the dangling answer is reported first, by name.
    assert any("réponse « c » inconnue pour la question « mode »" in m for m in messages), messages


def test_outcome_reached_by_no_path():
    # Valid ids, but "non" never leads to the question "mode": no path reaches this outcome.
    never = outcome("jamais", "- compte: non\n  mode: a")
    error = only_error(make_tree(outcomes=[*GOOD_OUTCOMES, never]))
    assert "« jamais » n'est atteint par aucun chemin" in error.message
    assert error.file == "situations/jamais.yml"


def test_dead_end_question_without_answers():
    head = GOOD_TREE.split("  - id: mode\n")[0]
    tree_yaml = head + "  - id: mode\n    question: Quel mode ?\n    intitule_court: Mode\n    reponses: []\n"
    error = only_error(make_tree(tree_yaml, outcomes=GOOD_OUTCOMES[:1]))
    assert "impasse : la question « mode » n'a aucune réponse" in error.message
    assert error.line == 15


def test_cycle():
    tree_yaml = GOOD_TREE.replace("      - id: b\n        libelle: B\n",
                                  "      - id: b\n        libelle: B\n        suite: compte\n")
    error = only_error(make_tree(tree_yaml, outcomes=GOOD_OUTCOMES[:2]))
    assert "boucle" in error.message and "« compte »" in error.message
    assert error.line == 20 and error.field == "questions[2].reponses[2].suite"


def test_dangling_next_question_with_suggestion():
    error = only_error(make_tree(GOOD_TREE.replace("suite: mode", "suite: mdoe")))
    assert "question « mdoe » inconnue" in error.message
    assert "« mode »" in error.hint and error.line == 11


def test_dangling_start():
    error = only_error(make_tree(GOOD_TREE.replace("debut: compte", "debut: comte")))
    assert "question « comte » inconnue" in error.message and error.line == 1


def test_dangling_question_in_outcome_condition():
    broken = outcome("mode-b", "- compte: oui\n  mod: b")
    errors = make_tree(outcomes=[*GOOD_OUTCOMES[:2], broken]).errors
    assert [e.message for e in errors] == ["question « mod » inconnue"]
    assert errors[0].file == "situations/mode-b.yml" and errors[0].line == 9


def test_duplicate_question_id():
    tree_yaml = GOOD_TREE.replace("  - id: mode\n", "  - id: compte\n").replace("suite: mode", "suite: compte")
    messages = [e.message for e in make_tree(tree_yaml).errors]
    assert any("la question « compte » existe déjà (ligne 3)" in m for m in messages), messages


def test_duplicate_answer_id():
    error = only_error(make_tree(GOOD_TREE.replace("      - id: b\n", "      - id: a\n"),
                                 outcomes=GOOD_OUTCOMES[:2]))
    assert "la réponse « a » existe déjà" in error.message and error.line == 18


def test_duplicate_outcome_id():
    twin = outcome("mode-b", "- compte: oui\n  mode: b", name="situations/jumeau.yml")
    messages = [e.format() for e in make_tree(outcomes=[*GOOD_OUTCOMES, twin]).errors]
    assert any("situations/jumeau.yml:1:5" in m and "« mode-b » est déjà utilisé" in m for m in messages), messages


# --- The real tree -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def guide():
    return load_guide(ROOT)


def test_every_source_case_leads_to_its_procedure(guide):
    """The cases come from the source table, not from a list kept here."""
    cases = read_source(ROOT / "sources/rentree-nouveaux-eleves.txt").case_labels
    assert len(cases) == 5
    for label in cases:
        procedure = next(p for p in guide.procedures if comparable(p.source_case) == comparable(label))
        paths = guide.tree.paths_to(procedure.id)
        assert paths, f"no path of the tree leads to the case {label!r}"
        assert all(len(answers) <= 4 for answers in paths)


def test_mail_is_never_the_outcome_for_a_pupil_under_15(guide):
    """Rule 5 of the source: no path with « moins de 15 ans » ends in a procedure."""
    under_15 = [(a, o) for a, o in guide.tree.paths if ("age", "moins-de-15-ans") in a]
    assert under_15
    assert all(not outcomes[0].is_procedure for _, outcomes in under_15)


def test_paths_file_is_up_to_date():
    committed = (ROOT / PATHS_FILE).read_text(encoding="utf-8")
    assert committed == paths_text(load_guide(ROOT)), "lancez « make chemins » et versionnez le résultat"


# --- Large trees: paths enumerated lazily, no cap below what a site can hold ----------------

def chained_tree(levels: int) -> str:
    """Questions q1 → q2 → … → q<levels>, each with the 8 answers r1…r8: 8^levels paths."""
    text = "debut: q1\nquestions:\n"
    for level in range(1, levels + 1):
        text += f"  - id: q{level}\n    question: Question {level} ?\n    intitule_court: Q{level}\n    reponses:\n"
        for answer in range(1, 9):
            text += f"      - id: r{answer}\n        libelle: R{answer}\n"
            text += f"        suite: q{level + 1}\n" if level < levels else ""
    return text


# 4,096 paths: q1's answer chooses the outcome, but q1 = r8 is split by q4 (lists of answers).
LARGE_OUTCOMES = [*(outcome(f"issue-{n}", f"- q1: r{n}") for n in range(1, 8)),
                  outcome("huit-debut", "- q1: r8\n  q4: [r1, r2, r3]"),
                  outcome("huit-fin", "- q1: r8\n  q4: [r4, r5, r6, r7, r8]")]


def test_paths_are_enumerated_lazily():
    """8^12 paths (about 69 billion) could never be listed: the walk gives the first ones at once."""
    definition_file = load_yaml_text(chained_tree(12), Path("arbre.yml"), "arbre.yml")
    definition, errors = validate(definition_file, TreeFile)
    assert not errors
    paths = walk(DecisionTree(definition, definition_file, []))
    assert next(paths) == tuple((f"q{level}", "r1") for level in range(1, 13))
    assert next(paths) == (*((f"q{level}", "r1") for level in range(1, 12)), ("q12", "r2"))


def test_tree_with_more_than_2000_paths_has_the_right_outcomes():
    tree = make_tree(chained_tree(4), LARGE_OUTCOMES)
    assert tree.errors == []
    lines = tree.path_lines()
    assert len(lines) == 4096
    assert lines[0] == "q1=r1 q2=r1 q3=r1 q4=r1 -> issue-1"
    assert "q1=r3 q2=r8 q3=r8 q4=r8 -> issue-3" in lines
    assert "q1=r8 q2=r5 q3=r1 q4=r2 -> huit-debut" in lines
    assert "q1=r8 q2=r1 q3=r1 q4=r4 -> huit-fin" in lines
    assert lines[-1] == "q1=r8 q2=r8 q3=r8 q4=r8 -> huit-fin"
    assert len(tree.paths_to("huit-debut")) == 8 * 8 * 3
    assert len(tree.paths_to("issue-7")) == 8 * 8 * 8


def test_states_come_once_each_in_walk_order():
    states = [(state.answers, state.question.id if state.question else state.outcome.id)
              for state in make_tree().states()]
    assert states == [
        ((), "compte"),
        ((("compte", "non"),), "sans-compte"),
        ((("compte", "oui"),), "mode"),
        ((("compte", "oui"), ("mode", "a")), "mode-a"),
        ((("compte", "oui"), ("mode", "b")), "mode-b"),
    ]


def test_too_many_paths_is_one_error_not_a_cascade(monkeypatch):
    monkeypatch.setattr("generator.tree.MAX_PATHS", 1000)
    error = only_error(make_tree(chained_tree(4), LARGE_OUTCOMES))
    assert error.message == "l'arbre a plus de 1\u202f000 chemins"
    assert (error.file, error.field) == ("arbre.yml", "questions")
    assert "chaque chemin devient une page du site" in error.hint


def test_cycle_reached_by_several_paths_is_reported_once():
    # Both answers of « compte » lead to « mode », whose answer b goes back to « compte ».
    tree_yaml = (GOOD_TREE.replace("        libelle: Non\n", "        libelle: Non\n        suite: mode\n")
                 .replace("      - id: b\n        libelle: B\n", "      - id: b\n        libelle: B\n        suite: compte\n"))
    error = only_error(make_tree(tree_yaml, outcomes=[outcome("mode-a", "- mode: a")]))
    assert "boucle : la réponse « b » ramène à la question « compte »" in error.message
