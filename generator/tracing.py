"""Traces: which words of the source document each text of the guide covers.

Every `source:` (and `cas_source:`) value in procedures/ is a quote of the source document.
A quote must be found, word for word, in the source (whitespace aside). A passage of the
source is covered when the quotes found inside it cover all its words. Both rules are
checked at every build, and the coverage page shows the result, passage by passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import pages
from .errors import AuthorError, display_path
from .source_document import Passage, normalize

if TYPE_CHECKING:
    from .project import Guide

WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Trace:
    quote: str
    file_key: str  # key in Guide.files
    where: tuple  # path of the quote in the YAML file
    page: str  # the generated page that shows the text
    anchor: str
    label: str  # what the text is, in French, for the coverage page
    case: str = ""  # for a procedure: its case label, where its quotes are looked up first
    covers: bool = True  # False: the quote is checked, but does not count for coverage

    def covers_passage(self, passage: Passage) -> bool:
        """A case is covered by its own procedure, a rule by the rules page: nothing else counts,
        so a passage cannot silently lose its place in the guide because another page quotes it."""
        return self.covers and self.case == passage.case


@dataclass(frozen=True)
class Coverage:
    passage: Passage
    traces: tuple[Trace, ...]
    uncovered: tuple[str, ...]  # fragments of the passage no quote covers


def collect(guide: Guide) -> list[Trace]:
    traces: list[Trace] = []
    for index, rule in enumerate(guide.rules.rules):
        traces.append(Trace(rule.source, "regles.yml", ("regles", index, "source"), pages.RULES,
                            f"regle-{rule.id}", f"Règle « {rule.title} »"))
    for procedure in guide.procedures:
        traces += _procedure_traces(procedure)
    for situation in guide.situations:
        traces += [Trace(item.source, f"situation:{situation.id}", ("selon_la_source", i, "source"),
                         pages.situation(situation.id), f"selon-la-source-{i + 1}",
                         f"{situation.title} › selon le document source", covers=False)
                   for i, item in enumerate(situation.source_says)]
    return traces


def _procedure_traces(procedure) -> list[Trace]:
    key, page, case = f"cas:{procedure.id}", pages.procedure(procedure.id), procedure.source_case

    def trace(quote: str, where: tuple, anchor: str, label: str) -> Trace:
        return Trace(quote, key, where, page, anchor, f"{procedure.title} › {label}", case)

    traces = [trace(procedure.source_case, ("cas_source",), "", "titre")]
    traces += [trace(item.source, ("se_preparer", i, "source"), f"preparer-{i + 1}", f"Se préparer {i + 1}")
               for i, item in enumerate(procedure.prepare)]
    traces += [trace(item.source, ("avertissements", i, "source"), f"attention-{i + 1}", "Attention")
               for i, item in enumerate(procedure.warnings)]
    for i, step in enumerate(procedure.steps):
        traces.append(trace(step.source, ("etapes", i, "source"), f"etape-{i + 1}", f"Étape {i + 1}"))
        if step.branch:
            traces.append(trace(step.branch.source, ("etapes", i, "cas_particulier", "source"),
                                f"etape-{i + 1}-cas-particulier", f"Étape {i + 1}, cas particulier"))
        if step.pupil:
            traces.append(Trace(step.pupil.source, key, ("etapes", i, "eleve", "source"),
                                pages.pupil_card(procedure.id), f"etape-{i + 1}",
                                f"{procedure.title} › Carte de l'élève, étape {i + 1}", case))
        if step.warning:
            traces.append(trace(step.warning.source, ("etapes", i, "attention", "source"),
                                f"etape-{i + 1}", f"Étape {i + 1}, attention"))
    if procedure.no_steps:
        traces.append(trace(procedure.no_steps.source, ("sans_etapes", "source"), "sans-etapes", "Procédure"))
    return traces


def locate(trace: Trace, passages: tuple[Passage, ...]) -> list[Passage]:
    """The passages that contain the quote: in the trace's own case first, else anywhere."""
    quote = normalize(trace.quote)
    containing = [p for p in passages if quote in p.text]
    own_case = [p for p in containing if trace.case and p.case == trace.case]
    return own_case or containing


def check(guide: Guide) -> list[AuthorError]:
    errors = []
    for trace in guide.traces:
        if not locate(trace, guide.source.passages):
            errors.append(guide.file_of(trace.file_key).error(
                trace.where, "cette citation ne se trouve pas telle quelle dans le document source",
                f"copiez-collez les mots exacts depuis {display_path(guide.source.path, guide.layout.root)} "
                "(sans les numéros « 1. » ni les tirets « - »)."))
    for item in coverage(guide):
        for fragment in item.uncovered:
            errors.append(AuthorError(
                display_path(guide.source.path, guide.layout.root), item.passage.line, 1,
                f"passage du document source que le guide ne couvre pas : « {fragment} » ({item.passage.id})",
                hint=f"ajoutez un texte avec « source: » citant ce passage dans {_owner(item.passage)}."))
    return errors


def _owner(passage: Passage) -> str:
    if passage.case:
        return f"la procédure dont « cas_source » est « {passage.case} » (procedures/cas/)"
    return "procedures/regles.yml"


def coverage(guide: Guide) -> list[Coverage]:
    located = [(trace, locate(trace, guide.source.passages)) for trace in guide.traces]
    result = []
    for passage in guide.source.passages:
        mine = tuple(trace for trace, found in located if passage in found)
        quotes = [normalize(t.quote) for t in mine if t.covers_passage(passage)]
        uncovered = _uncovered(passage.text, quotes) if passage.traceable else ()
        result.append(Coverage(passage, mine, uncovered))
    return result


def _uncovered(text: str, quotes: list[str]) -> tuple[str, ...]:
    covered = [False] * len(text)
    for quote in quotes:
        start = text.find(quote)
        while start != -1:
            covered[start:start + len(quote)] = [True] * len(quote)
            start = text.find(quote, start + 1)
    fragments, current = [], ""
    for char, is_covered in zip(text, covered):
        if is_covered:
            fragments.append(current)
            current = ""
        else:
            current += char
    fragments.append(current)
    return tuple(f.strip() for f in fragments if WORD.search(f))
