"""`python -m generator new <id>`: a new procedure or situation file to fill in.

A brand-new file cannot pass `check` on its own, and pretending otherwise would be dishonest:
- every outcome must be reachable in the decision tree, so some answer of procedures/arbre.yml
  must lead to it, and no existing answer may (each path has exactly one outcome);
- a procedure must be a case of the source document's table (`cas_source`), and each case
  has one procedure: today all of them have theirs.

So `new` asks (or takes as options) which question of the tree and which answer lead to the
new outcome. Given both, it writes the file and the answer in procedures/arbre.yml (a text
edit after the question's last answer: the file's comments and layout stay as they are), then
refreshes procedures/arbre-chemins.txt when the guide checks. Without them (no terminal to
ask), it writes only the file, whose `quand` names an answer that does not exist yet
(`<first question>: <id>`): `check` then reports that single, precise error, and `new` prints
the two lines to add to arbre.yml. A procedure also needs a case of the source (see
CONTRIBUTING.md).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import AuthorError, AuthorErrors, display_path
from .loading import load_yaml_file, load_yaml_text
from .model import Procedure, Situation, TreeFile
from .project import PATHS_FILE, Layout, load_guide, paths_text
from .source_document import read_source
from .validation import validate

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 60
TODO = "À COMPLÉTER"
DEFAULT_QUESTION = "compte"


class ScaffoldError(Exception):
    """Refused: the message says why, in French."""


@dataclass(frozen=True)
class Scaffold:
    path: Path  # the file written
    shown_as: str  # its path relative to the project
    remaining: list[AuthorError]  # what `check` still says about it
    others: int  # errors `check` reports in other files
    next_steps: str
    warning: str = ""


@dataclass(frozen=True)
class Route:
    """Where the new outcome hangs in the tree: a question, an answer id and its label."""

    question: str
    answer: str
    label: str


def create(root: Path, outcome_id: str, title: str | None = None, situation: bool = False,
           today: datetime.date | None = None, route: Route | None = None) -> Scaffold:
    """Write procedures/cas/<id>.yml (or situations/<id>.yml) and report what remains to do.

    With a `route`, also add its answer to procedures/arbre.yml (unless it exists already)."""
    layout = Layout(root)
    _check_id(outcome_id)
    folder = "situations" if situation else "cas"
    path = layout.path(layout.procedures / folder / f"{outcome_id}.yml")
    shown_as = display_path(path, layout.root)
    for other in ("cas", "situations"):
        existing = layout.path(layout.procedures / other / f"{outcome_id}.yml")
        if existing.exists():
            raise ScaffoldError(f"{display_path(existing, layout.root)} existe déjà : choisissez un autre "
                                "identifiant, ou modifiez ce fichier. Rien n'a été écrit.")
    question, last_answer = _first_question(layout)
    title = " ".join((title or f"{TODO} : titre de la page").split())
    today = today or datetime.date.today()
    tree_edit = None
    if route is not None:
        tree_edit = tree_text_with(layout, route)
        question, answer = route.question, route.answer
    else:
        answer = outcome_id
    if situation:
        text = _situation_text(outcome_id, title, question, answer, today)
        case_label = ""
    else:
        case_label = _free_case(layout)
        text = _procedure_text(outcome_id, title, question, answer, case_label, today)
    _refuse_invalid(text, path, shown_as, Situation if situation else Procedure)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
        file.write(text)
    if tree_edit:
        layout.path(layout.procedures / "arbre.yml").write_text(tree_edit, encoding="utf-8", newline="\n")
    remaining, others = _check(root, shown_as)
    if route is not None and not remaining and not others:
        guide = load_guide(root)
        layout.path(PATHS_FILE).write_text(paths_text(guide), encoding="utf-8", newline="\n")
    if route is not None:
        steps = _next_steps_with_route(shown_as, route, bool(tree_edit), paths_refreshed=not remaining and not others)
    else:
        steps = _next_steps(shown_as, outcome_id, title, question, last_answer)
    warning = "" if situation or case_label else NO_FREE_CASE.format(id=outcome_id)
    return Scaffold(path, shown_as, remaining, others, steps, warning)


def _check_id(outcome_id: str) -> None:
    if not ID_PATTERN.match(outcome_id) or len(outcome_id) > ID_MAX_LENGTH:
        raise ScaffoldError(
            f"« {outcome_id} » n'est pas un identifiant valable : minuscules sans accents, chiffres et "
            f"tirets, {ID_MAX_LENGTH} caractères au plus, par exemple « mail-vers-identifiant ». "
            "Il sert de nom de fichier et d'adresse de la page. Rien n'a été écrit.")


def _first_question(layout: Layout) -> tuple[str, str]:
    """The tree's first question, and where its last answer is (to say where to add one)."""
    path = layout.path(layout.procedures / "arbre.yml")
    try:
        loaded = load_yaml_file(path, display_path(path, layout.root))
    except (AuthorErrors, OSError):
        return DEFAULT_QUESTION, ""
    tree, _ = validate(loaded, TreeFile)
    if tree is None:
        return DEFAULT_QUESTION, ""
    for index, question in enumerate(tree.questions):
        if question.id == tree.start and question.answers:
            line = loaded.position(("questions", index, "reponses", len(question.answers) - 1))[0]
            return question.id, f"« {question.answers[-1].id} », ligne {line}"
    return tree.start, ""


def _free_case(layout: Layout) -> str:
    """A case of the source's table that has no procedure yet, or "" when all have one."""
    labels = read_source(layout.path(layout.source)).case_labels  # none if the source is unreadable
    used = set()
    for path in layout.path(layout.procedures / "cas").glob("*.y*ml"):
        try:
            data = load_yaml_file(path, path.name).data
        except AuthorErrors:
            continue
        if isinstance(data, dict):
            used.add(" ".join(str(data.get("cas_source", "")).split()))
    return next((label for label in labels if label not in used), "")


def _quoted(text: str) -> str:
    """A YAML double-quoted string (a JSON string is one), whatever the text holds."""
    return json.dumps(text, ensure_ascii=False)


def _situation_text(outcome_id: str, title: str, question: str, answer: str, today: datetime.date) -> str:
    return f"""# yaml-language-server: $schema=../../schema/situation.schema.json
# Créé par « python -m generator new » : remplacez chaque « {TODO} », puis lancez « make check ».
# Une situation est une issue de l'arbre que le document source ne décrit pas : elle dit ce
# qu'en dit le document source et ce que le lecteur peut faire, sans inventer de procédure.
id: {outcome_id}
titre: {_quoted(title)}
situation: "{TODO} : la situation de l'élève, en mots simples. Le document source ne décrit pas ce cas."
# Facultatif : ce que le document source dit qui s'applique ici, avec ses mots exacts.
# selon_la_source:
#   - texte: Le texte affiché dans le guide.
#     source: "Les mots exacts du document source."
que_faire:
  - texte: "{TODO} : ce que le lecteur peut faire."
    origine: "{TODO} : d'où vient ce conseil (ex. « Notes de l'équipe »)."
# Les réponses de l'arbre qui mènent ici (question: réponse) ; la réponse doit exister dans
# procedures/arbre.yml (voir CONTRIBUTING.md).
quand:
  - {question}: {answer}
revu_le: {today.isoformat()}
"""


def _procedure_text(outcome_id: str, title: str, question: str, answer: str, case_label: str,
                    today: datetime.date) -> str:
    case = case_label or f"{TODO} : l'intitulé exact d'un cas du tableau du document source"
    return f"""# yaml-language-server: $schema=../../schema/procedure.schema.json
# Créé par « python -m generator new » : remplacez chaque « {TODO} », puis lancez « make check ».
# Chaque « source: » recopie mot pour mot le passage du document source que le texte reprend.
id: {outcome_id}
titre: {_quoted(title)}
cas_source: {_quoted(case)}
situation: "{TODO} : la situation de l'élève, en mots simples."
# Les réponses de l'arbre qui mènent ici (question: réponse) ; la réponse doit exister dans
# procedures/arbre.yml (voir CONTRIBUTING.md).
quand:
  - {question}: {answer}
# Le document source commence toujours par l'import SIECLE : gardez ces deux textes s'il le
# dit aussi pour ce cas.
se_preparer:
  - texte: La base SIECLE des élèves (fichier elevessansadresse.XML)
    source: Base Siècle elevessansadresse.XML
etapes:
  - texte: Importez la base SIECLE dans Pix Orga.
    source: Import de la base SIECLE dans Pix orga
revu_le: {today.isoformat()}
"""


def _refuse_invalid(text: str, path: Path, shown_as: str, model) -> None:
    """What we write must pass the schema: a title with HTML, say, is refused up front."""
    try:
        _, errors = validate(load_yaml_text(text, path, shown_as), model)
    except AuthorErrors as failure:
        errors = failure.errors
    if errors:
        details = "\n".join(error.format() for error in errors)
        raise ScaffoldError(f"le fichier ne serait pas valide, rien n'a été écrit :\n{details}")


def _check(root: Path, shown_as: str) -> tuple[list[AuthorError], int]:
    try:
        load_guide(root)
    except AuthorErrors as failure:
        mine = [error for error in failure.errors if error.file == shown_as]
        return mine, len(failure.errors) - len(mine)
    return [], 0


NO_FREE_CASE = (
    "Attention : tous les cas du tableau du document source ont déjà leur procédure, et chaque cas "
    "n'en a qu'une. Une nouvelle procédure n'a de sens que si le document source décrit un nouveau "
    "cas (« cas_source »). Pour un cas qu'il ne décrit pas, supprimez ce fichier et créez plutôt une "
    "situation : python -m generator new {id} --situation")


def _next_steps(shown_as: str, outcome_id: str, title: str, question: str, last_answer: str) -> str:
    where = f" (après sa dernière réponse, {last_answer})" if last_answer else ""
    steps = [
        f"Ouvrez {shown_as} et remplacez chaque « {TODO} ».",
        f"Dans procedures/arbre.yml, ajoutez à la question « {question} »{where} la réponse qui mène "
        f"ici, alignée sur les autres réponses :\n\n"
        f"      - id: {outcome_id}\n"
        f"        libelle: {_quoted(title)}\n\n"
        "   (ou changez le « quand » du fichier pour d'autres réponses, sans recouvrir une autre issue).",
    ]
    steps += [
        "Lancez « make chemins » pour mettre à jour procedures/arbre-chemins.txt, puis « make check ».",
        "Prévisualisez avec « make serve », puis ouvrez une pull request (voir CONTRIBUTING.md).",
    ]
    return "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))


def tree_text_with(layout: Layout, route: Route) -> str | None:
    """arbre.yml with the route's answer added after the question's last answer, or None when
    the answer exists already. A text edit, so comments and layout stay as they are."""
    path = layout.path(layout.procedures / "arbre.yml")
    loaded = load_yaml_file(path, display_path(path, layout.root))
    tree, errors = validate(loaded, TreeFile)
    if tree is None:
        raise ScaffoldError("procedures/arbre.yml a des erreurs : corrigez-les d'abord (make check). "
                            "Rien n'a été écrit.")
    index = next((i for i, q in enumerate(tree.questions) if q.id == route.question), None)
    if index is None:
        raise ScaffoldError(f"la question « {route.question} » n'existe pas dans procedures/arbre.yml ; "
                            f"questions : {', '.join(q.id for q in tree.questions)}. Rien n'a été écrit.")
    answers = tree.questions[index].answers
    if any(a.id == route.answer for a in answers):
        return None
    if not ID_PATTERN.match(route.answer):
        raise ScaffoldError(f"« {route.answer} » n'est pas un identifiant de réponse valable (minuscules sans "
                            "accents, chiffres et tirets). Rien n'a été écrit.")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line, column = loaded.position(("questions", index, "reponses", len(answers) - 1))
    end = _block_end(lines, line, column - 2)  # the "- " sits two columns before the mapping
    dash = " " * (column - 3)
    block = f"{dash}- id: {route.answer}\n{dash}  libelle: {_quoted(route.label)}\n"
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + [block] + lines[end:])


def _block_end(lines: list[str], first: int, dash_column: int) -> int:
    """Index (0-based) of the first line after the list item starting at line `first`."""
    end = first
    while end < len(lines):
        text = lines[end]
        indent = len(text) - len(text.lstrip(" "))
        if text.strip() and not text.lstrip().startswith("#") and indent <= dash_column:
            break
        end += 1
    while end > first and not lines[end - 1].strip():  # keep blank lines after the new answer
        end -= 1
    return end


def _next_steps_with_route(shown_as: str, route: Route, tree_changed: bool, paths_refreshed: bool) -> str:
    steps = [f"Ouvrez {shown_as} et remplacez chaque « {TODO} »."]
    if tree_changed:
        steps.append(f"procedures/arbre.yml a une nouvelle réponse « {route.answer} » (« {route.label} ») à la "
                     f"question « {route.question} » : relisez son libellé, c'est le texte du bouton.")
    else:
        steps.append(f"La réponse « {route.answer} » existait déjà : l'issue qu'elle atteignait aussi doit "
                     "changer son « quand », sinon « check » signale un chemin à deux issues.")
    steps.append("Lancez « make check »" + ("" if paths_refreshed else " puis « make chemins »")
                 + " : procedures/arbre-chemins.txt liste les chemins de l'arbre.")
    steps.append("Prévisualisez avec « make serve », puis ouvrez une pull request (voir CONTRIBUTING.md).")
    return "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))


def questions(root: Path) -> list[tuple[str, str]]:
    """(id, question) of the tree, for `new` to ask which one leads to the new outcome."""
    layout = Layout(root)
    path = layout.path(layout.procedures / "arbre.yml")
    try:
        tree, _ = validate(load_yaml_file(path, display_path(path, layout.root)), TreeFile)
    except (AuthorErrors, OSError):
        return []
    return [(q.id, q.question) for q in tree.questions] if tree else []


def report(scaffold: Scaffold) -> str:
    """What `new` prints, in French."""
    lines = [f"Fichier créé : {scaffold.shown_as}", ""]
    if scaffold.warning:
        lines += [scaffold.warning, ""]
    if scaffold.remaining:
        lines.append("Ce que « check » signale encore pour ce fichier (c'est normal à ce stade) :")
        lines += [error.format() for error in scaffold.remaining]
    else:
        lines.append("« check » ne signale rien pour ce fichier.")
    if scaffold.others:
        lines.append(f"({scaffold.others} autre(s) erreur(s) dans d'autres fichiers : lancez « make check ».)")
    lines += ["", "Et maintenant :", scaffold.next_steps]
    return "\n".join(lines)
