"""Loads everything in procedures/ into one checked `Guide`, or reports every author error.

This is the core's single entry point: the MkDocs plugin and the command line both call
`load_guide(root)`. It never imports MkDocs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from . import tracing
from .errors import AuthorError, AuthorErrors, display_path, suggest
from .loading import LoadedFile, load_yaml_file
from .model import GlossaryFile, ModesFile, Procedure, RulesFile, Situation, TreeFile
from .source_document import SourceDocument, read_source
from .tree import DecisionTree, Outcome, build_tree
from .validation import validate

SOURCE_DOCUMENT = Path("sources/rentree-nouveaux-eleves.txt")


@dataclass(frozen=True)
class Layout:
    """Where the guide's inputs live, relative to the project root."""

    root: Path
    procedures: Path = Path("procedures")
    templates: Path = Path("templates")
    source: Path = SOURCE_DOCUMENT

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", self.root.resolve())

    def path(self, relative: Path) -> Path:
        return self.root / relative


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
    """Load and check the whole guide; raise AuthorErrors listing every mistake found."""
    layout = Layout(root)
    collector = _Collector(layout)
    modes = collector.single("modes.yml", ModesFile)
    rules = collector.single("regles.yml", RulesFile)
    glossary = collector.single("glossaire.yml", GlossaryFile)
    tree_definition = collector.single("arbre.yml", TreeFile)
    procedures = collector.many("cas", Procedure)
    situations = collector.many("situations", Situation)
    source = read_source(layout.path(layout.source))
    if collector.errors or None in (modes, rules, glossary, tree_definition):
        raise AuthorErrors(collector.errors)
    procedures = _in_source_order(procedures, source)
    outcomes = [Outcome(item, loaded) for item, loaded in [*procedures, *situations]]
    tree = build_tree(tree_definition, collector.files["arbre.yml"], outcomes)
    guide = Guide(layout, source, [p for p, _ in procedures], modes, rules, glossary,
                  [s for s, _ in situations], tree, collector.files)
    guide.files.update({f"cas:{p.id}": loaded for p, loaded in procedures})
    guide.files.update({f"situation:{s.id}": loaded for s, loaded in situations})
    errors = _reference_errors(guide, procedures) + tree.errors
    guide.traces = tracing.collect(guide)
    errors += tracing.check(guide)
    if errors:
        raise AuthorErrors(errors)
    return guide


class _Collector:
    """Loads files, keeping going after an error so one run reports every mistake."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.errors: list[AuthorError] = []
        self.files: dict[str, LoadedFile] = {}

    def load(self, path: Path, model: type[BaseModel]):
        shown_as = display_path(path, self.layout.root)
        try:
            loaded = load_yaml_file(path, shown_as)
        except AuthorErrors as failure:
            self.errors += failure.errors
            return None, None
        document, errors = validate(loaded, model)
        self.errors += errors
        return document, loaded

    def single(self, name: str, model: type[BaseModel]):
        path = self.layout.path(self.layout.procedures / name)
        if not path.exists():
            self.errors.append(AuthorError(display_path(path, self.layout.root), 1, 1,
                                           "fichier introuvable", hint="il fait partie du guide : restaurez-le."))
            return None
        document, loaded = self.load(path, model)
        if loaded is not None:
            self.files[name] = loaded
        return document

    def many(self, folder: str, model: type[BaseModel]) -> list[tuple[BaseModel, LoadedFile]]:
        found = []
        directory = self.layout.path(self.layout.procedures / folder)
        for path in sorted(directory.glob("*.y*ml")):
            document, loaded = self.load(path, model)
            if document is not None:
                found.append((document, loaded))
        return found


def _in_source_order(procedures: list[tuple[Procedure, LoadedFile]], source: SourceDocument):
    labels = source.case_labels
    return sorted(procedures, key=lambda pair: (
        labels.index(pair[0].source_case) if pair[0].source_case in labels else len(labels), pair[0].id))


def _reference_errors(guide: Guide, procedures: list[tuple[Procedure, LoadedFile]]) -> list[AuthorError]:
    errors: list[AuthorError] = []
    errors += _duplicates([(m.id, guide.files["modes.yml"], ("modes", i, "id"))
                           for i, m in enumerate(guide.modes.modes)])
    errors += _duplicates([(r.id, guide.files["regles.yml"], ("regles", i, "id"))
                           for i, r in enumerate(guide.rules.rules)])
    errors += _duplicates([(t.term, guide.files["glossaire.yml"], ("termes", i, "terme"))
                           for i, t in enumerate(guide.glossary.terms)])
    # Procedure and situation ids are checked together with the tree's outcomes (tree.py).
    errors += _duplicates([(p.source_case, loaded, ("cas_source",)) for p, loaded in procedures],
                          "chaque cas du document source a une seule procédure : regroupez les deux fichiers.")
    rule_ids = [rule.id for rule in guide.rules.rules]
    for procedure, loaded in procedures:
        errors += _procedure_errors(procedure, loaded, guide.source)
        errors += [loaded.error(("se_preparer", i, "voir_regle"), f"règle « {item.rule} » inconnue",
                                suggest(item.rule, rule_ids) or f"règles : {', '.join(rule_ids)}.")
                   for i, item in enumerate(procedure.prepare) if item.rule and item.rule not in rule_ids]
    return errors


def _procedure_errors(procedure: Procedure, loaded: LoadedFile, source: SourceDocument) -> list[AuthorError]:
    errors = []
    if procedure.source_case not in source.case_labels:
        errors.append(loaded.error(("cas_source",), f"« {procedure.source_case} » n'est pas un cas du tableau "
                                   "du document source",
                                   "recopiez exactement un intitulé de la première colonne : "
                                   + " ; ".join(f"« {label} »" for label in source.case_labels)))
    if bool(procedure.steps) == bool(procedure.no_steps):
        errors.append(loaded.error(("etapes",), "il faut soit des « etapes », soit « sans_etapes » (l'un des deux)",
                                   "« sans_etapes » sert quand le document source ne donne aucune étape."))
    return errors


def _duplicates(entries: list[tuple[str, LoadedFile, tuple]],
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
        errors.append(loaded.error(where, f"« {value} » est déjà utilisé ({first[value]})", hint))
    return errors
