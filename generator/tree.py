"""The decision tree: questions in procedures/arbre.yml, outcomes chosen by their `quand`.

Routing is data, so the build walks every path from the first question and fails on any
defect: a combination of answers with no outcome or with two, an unreachable question or
outcome, a question without answers (dead end), a cycle, a dangling or duplicate id.
Every state (the answers given so far) becomes a pre-rendered page with its own URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from . import pages
from .errors import AuthorError, Code, suggest
from .loading import LoadedFile
from pydantic import BaseModel

from .model import Condition, Procedure, Question, Situation, TreeFile

# Each path is a page of the site (about 25 KB of HTML once built): a tree for school staff
# has a few dozen. The cap is no design limit but a guard against a runaway tree (8 answers
# to 12 questions in a row make 8^12 paths): far above any guide, well within memory.
MAX_PATHS = 100_000
ROOT_PAGE = "arbre/index.md"
PLAN_PAGE = "arbre/plan.md"

Answers = tuple[tuple[str, str], ...]  # ((question id, answer id), …) in the order asked


@dataclass(frozen=True)
class Outcome:
    item: Procedure | Situation
    file: LoadedFile

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def is_procedure(self) -> bool:
        return isinstance(self.item, Procedure)

    @property
    def page(self) -> str:
        return pages.procedure(self.id) if self.is_procedure else pages.situation(self.id)


@dataclass(frozen=True)
class State:
    """A point in the tree: the answers given so far and what comes next."""

    answers: Answers
    question: Question | None = None
    outcome: Outcome | None = None

    @property
    def page(self) -> str:
        return state_page(self.answers)


def state_page(answers: Answers) -> str:
    """URL of a state: one path segment "question-answer" per answer, categories only."""
    if not answers:
        return ROOT_PAGE
    return "arbre/" + "/".join(f"{question}-{answer}" for question, answer in answers) + ".md"


@dataclass
class DecisionTree:
    definition: TreeFile
    file: LoadedFile
    outcomes: list[Outcome]
    paths: list[tuple[Answers, list[Outcome]]] = field(default_factory=list)
    errors: list[AuthorError] = field(default_factory=list)

    # Indexes built once, so that no lookup scans the questions or the paths.
    @cached_property
    def questions(self) -> dict[str, Question]:
        return {question.id: question for question in self.definition.questions}

    @cached_property
    def _positions(self) -> dict[str, int]:
        positions: dict[str, int] = {}
        for index, question in enumerate(self.definition.questions):
            positions.setdefault(question.id, index)  # the first of a duplicate, like `next` did
        return positions

    @cached_property
    def _labels(self) -> dict[tuple[str, str], str]:
        labels: dict[tuple[str, str], str] = {}
        for question in self.questions.values():
            for answer in question.answers:
                labels.setdefault((question.id, answer.id), answer.label)
        return labels

    @cached_property
    def _paths_by_outcome(self) -> dict[str, list[Answers]]:
        found: dict[str, list[Answers]] = {}
        for answers, outcomes in self.paths:
            if outcomes:
                found.setdefault(outcomes[0].id, []).append(answers)
        return found

    def question_position(self, question_id: str) -> int:
        return self._positions[question_id]

    def answer_label(self, question_id: str, answer_id: str) -> str:
        return self._labels[question_id, answer_id]

    def states(self) -> Iterator[State]:
        """Every state once, in the order of a depth-first walk (deterministic). The paths
        come in that order, so a path's states are new from where it leaves the previous one."""
        previous: Answers = ()
        for answers, outcomes in self.paths:
            shared = 0
            while shared < min(len(previous), len(answers) - 1) and previous[shared] == answers[shared]:
                shared += 1
            for depth in range(shared + (1 if previous else 0), len(answers)):
                yield State(answers[:depth], question=self.questions[answers[depth][0]])
            yield State(answers, outcome=outcomes[0])
            previous = answers

    def paths_to(self, outcome_id: str) -> list[Answers]:
        return self._paths_by_outcome.get(outcome_id, [])

    def describe(self, conditions: list[Condition]) -> str:
        """A `seulement_si` in the reader's words: « Connexion voulue : Médiacentre ou Identifiant »."""
        def one(condition: Condition) -> str:
            return " et ".join(f"{self.questions[key].short} : "
                               + " ou ".join(f"« {self.answer_label(key, a)} »" for a in _allowed(value))
                               for key, value in condition.items())
        return " ; ou ".join(one(condition) for condition in conditions)

    def path_lines(self) -> list[str]:
        """The reviewable list of paths kept in the repository (procedures/arbre-chemins.txt)."""
        lines = []
        for answers, outcomes in self.paths:
            given = " ".join(f"{question}={answer}" for question, answer in answers)
            lines.append(f"{given} -> {outcomes[0].id if outcomes else '(aucune issue)'}")
        return lines


def build_tree(definition: TreeFile, file: LoadedFile, outcomes: list[Outcome]) -> DecisionTree:
    tree = DecisionTree(definition, file, outcomes)
    # Duplicates first: with two questions of one id, every reference to it would look wrong too.
    tree.errors += _duplicate_ids(tree) or _dangling_ids(tree)
    if tree.errors:
        return tree
    matching = _OutcomeIndex(outcomes).matching
    for answers in walk(tree):
        if len(tree.paths) >= MAX_PATHS:
            # One error, not a cascade: the paths beyond the cap were never looked at.
            tree.errors.append(_too_many_paths(tree))
            return tree
        tree.paths.append((answers, matching(answers)))
    tree.errors += _outcome_errors(tree) + _reachability_errors(tree)
    if not tree.errors:
        tree.errors += _text_errors(tree)
    return tree


def _too_many_paths(tree: DecisionTree) -> AuthorError:
    cap = f"{MAX_PATHS:,}".replace(",", "\u202f")  # 100 000, French digit grouping
    return tree.file.error(Code.ARBRE_TROP_DE_CHEMINS, ("questions",), f"l'arbre a plus de {cap} chemins",
                           "chaque chemin devient une page du site : vérifiez les « suite », une question "
                           "de trop multiplie les chemins ; regroupez des réponses ou des questions.")


def walk(tree: DecisionTree) -> Iterator[Answers]:
    """Every path of the tree, one at a time (a generator: nothing is enumerated before it is
    asked for); a dead end or a cycle met on the way is added to `tree.errors`."""
    return _walk(tree, tree.definition.start, (), (), set())


def _walk(tree: DecisionTree, question_id: str, answers: Answers, stack: tuple, reported: set) -> Iterator[Answers]:
    """Every path from `question_id` on, lazily, in the order the answers are listed. A
    defect reached by several paths (dead end, cycle) is reported once (`reported`)."""
    question = tree.questions[question_id]
    position = tree.question_position(question_id)
    if not question.answers:
        if question_id not in reported:
            reported.add(question_id)
            tree.errors.append(tree.file.error(Code.ARBRE_IMPASSE, ("questions", position, "reponses"),
                                               f"impasse : la question « {question_id} » n'a aucune réponse",
                                               "ajoutez des réponses, ou retirez la « suite » qui mène ici."))
        return
    for index, answer in enumerate(question.answers):
        given = (*answers, (question_id, answer.id))
        if answer.next is None:
            yield given
        elif answer.next in stack or answer.next == question_id:
            if (question_id, index) in reported:
                continue
            reported.add((question_id, index))
            tree.errors.append(tree.file.error(
                Code.ARBRE_BOUCLE, ("questions", position, "reponses", index, "suite"),
                f"boucle : la réponse « {answer.id} » ramène à la question « {answer.next} », déjà posée",
                "une suite doit mener vers une question qui n'a pas encore été posée sur ce chemin."))
        else:
            yield from _walk(tree, answer.next, given, (*stack, question_id), reported)


def _allowed(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _matches(condition: Condition, answers: dict[str, str]) -> bool:
    return all(key in answers and answers[key] in _allowed(value) for key, value in condition.items())


def holds(conditions: list[Condition] | None, answers: Answers | None) -> bool:
    """Whether a text with `seulement_si: conditions` is shown for these answers. With no
    answers (the full procedure page), every text is shown, labelled with its condition."""
    if conditions is None or answers is None:
        return True
    given = dict(answers)
    return any(_matches(condition, given) for condition in conditions)


class _OutcomeIndex:
    """Which outcomes a path's answers select, without trying every outcome on every path.

    A condition is a set of required answers; conditions are grouped by the questions they
    name (their signature), and within a group by the answers they require, so a path is
    looked up once per signature (a handful in a real tree) instead of once per condition.
    A condition allowing several answers to a question (a list) is checked on that question
    after the lookup by its single answers: expanding lists would multiply the entries."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.groups: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[tuple, list]] = {}
        for number, outcome in enumerate(outcomes):
            for condition in outcome.item.when:
                single = tuple(sorted(key for key, value in condition.items() if not isinstance(value, list)))
                several = tuple(sorted(key for key, value in condition.items() if isinstance(value, list)))
                group = self.groups.setdefault((single, several), {})
                group.setdefault(tuple(condition[key] for key in single), []).append((number, condition))

    def matching(self, answers: Answers) -> list[Outcome]:
        """The outcomes whose `quand` holds for these answers, in the order of `outcomes`."""
        given = dict(answers)
        found: set[int] = set()
        for (single, several), group in self.groups.items():
            if not all(key in given for key in (*single, *several)):
                continue
            for number, condition in group.get(tuple(given[key] for key in single), ()):
                if _matches(condition, given):
                    found.add(number)
        return [self.outcomes[number] for number in sorted(found)]


def _describe(answers: Answers) -> str:
    return ", ".join(f"{q} = {a}" for q, a in answers)


def _outcome_errors(tree: DecisionTree) -> list[AuthorError]:
    errors = []
    for answers, outcomes in tree.paths:
        if not outcomes:
            question_id, answer_id = answers[-1]
            position = tree.question_position(question_id)
            answer_index = next(i for i, a in enumerate(tree.questions[question_id].answers) if a.id == answer_id)
            errors.append(tree.file.error(
                Code.ARBRE_SANS_ISSUE, ("questions", position, "reponses", answer_index),
                f"aucune issue pour les réponses : {_describe(answers)}",
                "ajoutez ces réponses au « quand » d'une procédure ou d'une situation "
                "(procedures/situations/), ou donnez une « suite » à cette réponse."))
        elif len(outcomes) > 1:
            second = outcomes[1]
            errors.append(second.file.error(
                Code.ARBRE_DEUX_ISSUES, ("quand", "__key__"),
                f"les réponses « {_describe(answers)} » mènent à deux issues : "
                f"« {outcomes[0].id} » ({outcomes[0].file.shown_as}) et « {second.id} »",
                "chaque combinaison de réponses doit mener à une seule issue : précisez un des « quand »."))
    return errors


def _reachability_errors(tree: DecisionTree) -> list[AuthorError]:
    errors = []
    asked = {question for answers, _ in tree.paths for question, _ in answers}
    for index, question in enumerate(tree.definition.questions):
        if question.id not in asked and question.answers:
            errors.append(tree.file.error(Code.QUESTION_JAMAIS_POSEE, ("questions", index, "id"),
                                          f"la question « {question.id} » n'est jamais posée",
                                          "aucune réponse n'y mène par « suite » : ajoutez-en une, ou retirez la question."))
    # An outcome matched only after another one is an overlap, reported as such, not as unreachable.
    reached = {outcome.id for _, outcomes in tree.paths for outcome in outcomes}
    for outcome in tree.outcomes:
        if outcome.id not in reached:
            errors.append(outcome.file.error(Code.ISSUE_JAMAIS_ATTEINTE, ("quand", "__key__"), f"« {outcome.id} » n'est atteint par aucun chemin de l'arbre",
                                             "vérifiez que son « quand » reprend des réponses d'un même chemin."))
    return errors


def _duplicate_ids(tree: DecisionTree) -> list[AuthorError]:
    errors = []
    seen: dict[str, int] = {}
    for index, question in enumerate(tree.definition.questions):
        if question.id in seen:
            errors.append(tree.file.error(Code.IDENTIFIANT_EN_DOUBLE, ("questions", index, "id"),
                                          f"la question « {question.id} » existe déjà "
                                          f"(ligne {tree.file.position(('questions', seen[question.id], 'id'))[0]})",
                                          "chaque question doit avoir son propre identifiant."))
        seen.setdefault(question.id, index)
        answer_ids: set[str] = set()
        for answer_index, answer in enumerate(question.answers):
            if answer.id in answer_ids:
                errors.append(tree.file.error(Code.IDENTIFIANT_EN_DOUBLE, ("questions", index, "reponses", answer_index, "id"),
                                              f"la réponse « {answer.id} » existe déjà dans cette question",
                                              "chaque réponse d'une question doit avoir son propre identifiant."))
            answer_ids.add(answer.id)
    owners: dict[str, Outcome] = {}
    for outcome in tree.outcomes:
        if outcome.id in owners and owners[outcome.id].file is not outcome.file:
            first = owners[outcome.id].file
            errors.append(outcome.file.error(Code.IDENTIFIANT_EN_DOUBLE, ("id",), f"« {outcome.id} » est déjà utilisé "
                                             f"({first.shown_as}:{first.position(('id',))[0]})",
                                             "procédures et situations partagent les mêmes identifiants : choisissez-en un autre."))
        owners.setdefault(outcome.id, outcome)
    return errors


def _dangling_ids(tree: DecisionTree) -> list[AuthorError]:
    errors = []
    known = list(tree.questions)
    if tree.definition.start not in tree.questions:
        errors.append(tree.file.error(Code.QUESTION_INCONNUE, ("debut",), f"question « {tree.definition.start} » inconnue",
                                      suggest(tree.definition.start, known) or f"questions : {', '.join(known)}."))
    for index, question in enumerate(tree.definition.questions):
        for answer_index, answer in enumerate(question.answers):
            if answer.next is not None and answer.next not in tree.questions:
                errors.append(tree.file.error(Code.QUESTION_INCONNUE, ("questions", index, "reponses", answer_index, "suite"),
                                              f"question « {answer.next} » inconnue",
                                              suggest(answer.next, known) or f"questions : {', '.join(known)}."))
    for outcome in tree.outcomes:
        for condition_index, condition in enumerate(outcome.item.when):
            errors += _condition_errors(tree, outcome, ("quand", condition_index), condition)
        for where, conditions in conditional_parts(outcome.item):
            for condition_index, condition in enumerate(conditions):
                errors += _condition_errors(tree, outcome, (*where, "seulement_si", condition_index), condition)
    return errors


def conditional_parts(model: BaseModel, where: tuple = ()):
    """Every (YAML path, conditions) of a text carrying `seulement_si`, at any depth."""
    for name, field_info in type(model).model_fields.items():
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if not isinstance(item, BaseModel):
                continue
            at = (*where, field_info.alias or name) + (() if index is None else (index,))
            only_if = getattr(item, "only_if", None)
            if only_if:
                yield at, only_if
            yield from conditional_parts(item, at)


def _text_errors(tree: DecisionTree) -> list[AuthorError]:
    """A `seulement_si` that no path to its outcome satisfies would hide its text for good;
    a `revenir_a` question must be asked on every path, or its button would lead nowhere."""
    errors = []
    for outcome in tree.outcomes:
        paths = tree.paths_to(outcome.id)
        for where, conditions in conditional_parts(outcome.item):
            if paths and not any(holds(conditions, answers) for answers in paths):
                errors.append(outcome.file.error(
                    Code.CONDITION_JAMAIS_REMPLIE, (*where, "seulement_si", "__key__"),
                    "cette condition n'est remplie sur aucun chemin qui mène ici : le texte ne serait jamais affiché",
                    "reprenez des réponses d'un chemin de « quand » (voir procedures/arbre-chemins.txt)."))
        back_to = getattr(outcome.item, "back_to", None)
        if back_to and paths and not all(back_to in dict(answers) for answers in paths):
            errors.append(outcome.file.error(
                Code.RETOUR_IMPOSSIBLE, ("revenir_a",), f"la question « {back_to} » n'est pas posée sur chaque chemin qui mène ici",
                suggest(back_to, list(tree.questions)) or "choisissez une question posée avant cette issue."))
    return errors


def _choices(kind: str, ids: list[str]) -> str:
    return f"{kind} possibles : {', '.join(ids)}." if ids else f"aucune {kind[:-1]} n'est encore déclarée."


def _condition_errors(tree: DecisionTree, outcome: Outcome, at: tuple, condition: Condition) -> list[AuthorError]:
    errors = []
    for key, value in condition.items():
        where = (*at, key)
        if key not in tree.questions:
            errors.append(outcome.file.error(Code.QUESTION_INCONNUE, (*where, "__key__"), f"question « {key} » inconnue",
                                             suggest(key, list(tree.questions))
                                             or f"questions : {', '.join(tree.questions)}."))
            continue
        answer_ids = [a.id for a in tree.questions[key].answers]
        values = value if isinstance(value, list) else [value]
        for value_index, answer in enumerate(values):
            if answer not in answer_ids:
                at = (*where, value_index) if isinstance(value, list) else where
                errors.append(outcome.file.error(Code.REPONSE_INCONNUE, at, f"réponse « {answer} » inconnue pour la question « {key} »",
                                                 suggest(answer, answer_ids) or _choices("réponses", answer_ids)))
    return errors
