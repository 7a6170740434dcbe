"""Loads everything in procedures/ into one checked `Guide`, or reports every author error.

This is the core's single entry point: the MkDocs plugin and the command line both call
`load_guide(root)`. It never imports MkDocs.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import fidelity, tracing
from .errors import AuthorError, AuthorErrors, Code, caught, display_path, suggest
from .layout import Layout
from .loading import LoadedFile, check_total_size, load_yaml_file, yaml_files
from .model import GlossaryFile, ModesFile, Procedure, RulesFile, Situation, TreeFile
from .source_document import SourceDocument, comparable, read_source
from .tree import DecisionTree, Outcome, build_tree
from .validation import ModelT, validate

PATHS_FILE = Path("procedures/arbre-chemins.txt")


@dataclass
class Guide:
    """All validated content, ready to render."""

    layout: Layout
    source: SourceDocument
    procedures: list[Procedure]
    modes: ModesFile
    rules: RulesFile
    glossary: GlossaryFile
    situations: list[Situation]
    tree: DecisionTree
    files: dict[str, LoadedFile] = field(default_factory=dict)  # by "kind:id" (see file_of)
    traces: list[tracing.Trace] = field(default_factory=list)

    def file_of(self, key: str) -> LoadedFile:
        return self.files[key]


def load_guide(root: Path) -> Guide:
    """Load and check the whole guide; raise AuthorErrors listing every mistake found.

    The one place that raises: each stage of `check_guide` returns its list of errors, and
    they travel up to here, where they are reported together.
    """
    guide, errors, remarks = check_guide(Layout(root))
    if errors or guide is None:
        raise _failure(errors, remarks)
    return guide


def check_guide(layout: Layout) -> tuple[Guide | None, list[AuthorError], tuple[str, ...]]:
    """The guide (None if it could not be assembled), every author error, the source's remarks.

    One run reports as much as can be found: a file that fails the schema still has its
    quotes checked against the source, and valid procedures their references, even when
    another file is broken; only the tree and the coverage need every file to be valid.
    """
    size_errors = check_total_size(layout.path(layout.procedures), layout.procedures.as_posix())
    if size_errors:  # too much to read: nothing else is looked at
        return None, size_errors, ()
    collector = _Collector(layout)
    modes = collector.single("modes.yml", ModesFile)
    rules = collector.single("regles.yml", RulesFile)
    glossary = collector.single("glossaire.yml", GlossaryFile)
    tree_definition = collector.single("arbre.yml", TreeFile)
    procedures = collector.many("cas", Procedure)
    situations = collector.many("situations", Situation)
    source = _read_source(layout, collector)
    problems = [] if source.errors else tracing.quote_problems(collector.loaded, source.passages)
    source_shown = display_path(source.path, layout.root)
    quote_errors = [problem.error(source_shown) for problem in problems]
    procedure_errors = [error for procedure, loaded in procedures
                        for error in _procedure_errors(procedure, loaded, source)]
    if collector.errors or modes is None or rules is None or glossary is None or tree_definition is None:
        return None, collector.errors + procedure_errors + quote_errors, source.remarks
    procedures = _in_source_order(procedures, source)
    outcomes = [Outcome(item, loaded) for item, loaded in [*procedures, *situations]]
    tree = build_tree(tree_definition, collector.files["arbre.yml"], outcomes)
    guide = Guide(layout, source, [p for p, _ in procedures], modes, rules, glossary,
                  [s for s, _ in situations], tree, collector.files)
    guide.files.update({f"cas:{p.id}": loaded for p, loaded in procedures})
    guide.files.update({f"situation:{s.id}": loaded for s, loaded in situations})
    errors = _reference_errors(guide, procedures) + procedure_errors + tree.errors
    guide.traces = tracing.collect(guide)
    errors += quote_errors + tracing.check(guide, problems) + fidelity.check(guide)
    return guide, errors, source.remarks


def paths_text(guide: Guide) -> str:
    """The content of procedures/arbre-chemins.txt: every path of the tree, one per line."""
    header = ("# Tous les chemins de l'arbre de décision : réponses -> issue.\n"
              "# Fichier généré par « make chemins » ; un test vérifie qu'il est à jour.\n")
    return header + "\n".join(guide.tree.path_lines()) + "\n"


def remark_notes(remarks: tuple[str, ...]) -> list[str]:
    """The source's remarks (accepted typographic variants), as lines after a report."""
    return [f"Remarque : {remark}" for remark in remarks]


def _failure(errors: list[AuthorError], remarks: tuple[str, ...]) -> AuthorErrors:
    """The errors, and what a new version of the source changes (with its accepted variants)."""
    summary = tracing.summary(errors)
    notes = [summary, *remark_notes(remarks)] if summary else []
    return AuthorErrors(errors, notes)


def _read_source(layout: Layout, collector: _Collector) -> SourceDocument:
    path = layout.path(layout.source)
    source = read_source(path, display_path(path, layout.root))
    collector.errors += source.errors
    return source


class _Collector:
    """Loads files, keeping going after an error so one run reports every mistake."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.errors: list[AuthorError] = []
        self.files: dict[str, LoadedFile] = {}
        self.loaded: list[LoadedFile] = []  # every file read, valid or not (its quotes are checked)

    def load(self, path: Path, model: type[ModelT]) -> tuple[ModelT | None, LoadedFile | None]:
        shown_as = display_path(path, self.layout.root)
        loaded, errors = caught(lambda: load_yaml_file(path, shown_as))
        self.errors += errors
        if loaded is None:
            return None, None
        self.loaded.append(loaded)
        document, errors = validate(loaded, model)
        self.errors += errors
        return document, loaded

    def single(self, name: str, model: type[ModelT]) -> ModelT | None:
        path = self.layout.path(self.layout.procedures / name)
        if not path.exists():
            self.errors.append(AuthorError(Code.FICHIER_INTROUVABLE, display_path(path, self.layout.root), 1, 1,
                                           "fichier introuvable", hint="il fait partie du guide : restaurez-le."))
            return None
        document, loaded = self.load(path, model)
        if loaded is not None:
            self.files[name] = loaded
        return document

    def many(self, folder: str, model: type[ModelT]) -> list[tuple[ModelT, LoadedFile]]:
        found = []
        directory = self.layout.path(self.layout.procedures / folder)
        shown_as = (self.layout.procedures / folder).as_posix()
        for path in yaml_files(directory, shown_as, self.errors):
            document, loaded = self.load(path, model)
            if document is not None and loaded is not None:
                found.append((document, loaded))
        return found


def _in_source_order(procedures: list[tuple[Procedure, LoadedFile]], source: SourceDocument):
    def place(pair: tuple[Procedure, LoadedFile]) -> tuple[int, str]:
        index = source.case_index(pair[0].source_case)
        return (len(source.case_labels) if index is None else index, pair[0].id)

    return sorted(procedures, key=place)


def _reference_errors(guide: Guide, procedures: list[tuple[Procedure, LoadedFile]]) -> list[AuthorError]:
    errors: list[AuthorError] = []
    errors += _duplicates([(m.id, guide.files["modes.yml"], ("modes", i, "id"))
                           for i, m in enumerate(guide.modes.modes)])
    errors += _duplicates([(r.id, guide.files["regles.yml"], ("regles", i, "id"))
                           for i, r in enumerate(guide.rules.rules)])
    errors += _duplicates([(t.term, guide.files["glossaire.yml"], ("termes", i, "terme"))
                           for i, t in enumerate(guide.glossary.terms)])
    # Procedure and situation ids are checked together with the tree's outcomes (tree.py).
    errors += _duplicates([(comparable(p.source_case), loaded, ("cas_source",)) for p, loaded in procedures],
                          Code.CAS_EN_DOUBLE, "chaque cas du document source a une seule procédure : regroupez les deux fichiers.")
    rule_ids = [rule.id for rule in guide.rules.rules]
    for procedure, loaded in procedures:
        errors += [loaded.error(Code.REGLE_INCONNUE, ("se_preparer", i, "voir_regle"), f"règle « {item.rule} » inconnue",
                                suggest(item.rule, rule_ids) or f"règles : {', '.join(rule_ids)}.")
                   for i, item in enumerate(procedure.prepare) if item.rule and item.rule not in rule_ids]
    return errors


def _procedure_errors(procedure: Procedure, loaded: LoadedFile, source: SourceDocument) -> list[AuthorError]:
    errors = []
    if source.passages and source.case_index(procedure.source_case) is None:
        errors.append(_unknown_case(procedure, loaded, source))
    if isinstance(loaded.data, dict) and loaded.data.get("etapes") == []:
        errors.append(loaded.error(Code.LISTE_VIDE, ("etapes",), "la liste « etapes » est vide",
                                   "donnez au moins une étape, ou retirez « etapes: » et écrivez « sans_etapes » "
                                   "si le document source ne donne aucune étape."))
    elif bool(procedure.steps) == bool(procedure.no_steps):
        errors.append(loaded.error(Code.ETAPES, ("etapes",), "il faut soit des « etapes », soit « sans_etapes » (l'un des deux)",
                                   "« sans_etapes » sert quand le document source ne donne aucune étape."))
    return errors


def _unknown_case(procedure: Procedure, loaded: LoadedFile, source: SourceDocument) -> AuthorError:
    labels = source.case_labels
    near = difflib.get_close_matches(comparable(procedure.source_case), [comparable(label) for label in labels],
                                     n=1, cutoff=0.6)
    if near:
        label = labels[[comparable(label) for label in labels].index(near[0])]
        hint = (f"le cas a-t-il été renommé dans le document source ? Le plus proche : « {label} ». "
                f"Recopiez-le exactement ; différence : {tracing.difference(procedure.source_case, label)}")
    else:
        hint = ("recopiez exactement un intitulé de la première colonne : "
                + " ; ".join(f"« {label} »" for label in labels) + ".")
    return loaded.error(Code.CAS_INCONNU, ("cas_source",), f"« {procedure.source_case} » n'est pas un cas du tableau du document source",
                        hint)


def _duplicates(entries: list[tuple[str, LoadedFile, tuple]], code: Code = Code.IDENTIFIANT_EN_DOUBLE,
                hint: str = "chaque identifiant doit être unique : choisissez-en un autre.") -> list[AuthorError]:
    counts = Counter(value for value, _, _ in entries)
    first: dict[str, str] = {}
    errors = []
    for value, loaded, where in entries:
        if counts[value] < 2:
            continue
        if value not in first:
            first[value] = f"{loaded.shown_as}:{loaded.position(where)[0]}"
            continue
        errors.append(loaded.error(code, where, f"« {value} » est déjà utilisé ({first[value]})", hint))
    return errors
