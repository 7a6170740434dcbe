"""Traces: which words of the source document each text of the guide covers.

Every `source:` (and `cas_source:`) value in procedures/ is a quote of the source document.
A quote must be found, word for word, in the source; both sides are compared in the form
`source_document.comparable` gives (whitespace, curly apostrophes, non-breaking spaces and
other invisible variants aside). A passage of the source is covered when the quotes found
inside it cover all its words. Both rules are checked at every build, and the coverage page
shows the result, passage by passage.

When a new version of the source arrives, the same checks say what it changes: a passage
nobody quotes is new (« ajouté »), a quote with no exact match but a close passage was
reworded (« reformulé », with the difference), a quote with nothing close was removed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import pages
from .errors import AuthorError, Code, display_path
from .source_document import Passage, comparable

if TYPE_CHECKING:
    from .loading import LoadedFile
    from .project import Guide

WORD = re.compile(r"\w", re.UNICODE)
QUOTE_KEYS = {"source"}  # cas_source is checked against the case labels (project.py)
REWORDED = 0.6  # similarity above which the closest passage is the quote, reworded
REWORDED_WORDS = 0.5  # and the share of words it must keep
CONTEXT = 25  # characters of unchanged text kept around each difference


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
        return self.covers and comparable(self.case) == comparable(passage.case)


@dataclass(frozen=True)
class Coverage:
    passage: Passage
    traces: tuple[Trace, ...]
    uncovered: tuple[str, ...]  # fragments of the passage no quote covers


@dataclass(frozen=True)
class Closest:
    """The passage of the source nearest to a quote that is not in it."""

    passage: Passage
    excerpt: str  # the part of the passage that corresponds to the quote
    similarity: float  # letter by letter: a cut word or a typo keeps it high
    words: float  # word by word: two French sentences share letters, not words

    @property
    def reworded(self) -> bool:
        # Both: « Il faut toujours utiliser le Médiacentre. » is 60 % like « Retourner dans
        # le Médiacentre » by letters, but shares one word of five.
        return self.similarity >= REWORDED and self.words >= REWORDED_WORDS


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
    quote = comparable(trace.quote)
    containing = [p for p in passages if quote in comparable(p.text)]
    own_case = [p for p in containing if trace.case and comparable(p.case) == comparable(trace.case)]
    return own_case or containing


# --- Quotes: found, reworded or removed ------------------------------------------------------


def quotes_in(data: Any, where: tuple = ()) -> list[tuple[tuple, str]]:
    """Every `source:` text of a file's raw data, with its path: checked even in a file that
    fails the schema, so that one run reports the quotes' mistakes too."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in QUOTE_KEYS and isinstance(value, str):
                found.append(((*where, key), value))
            else:
                found += quotes_in(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += quotes_in(value, (*where, index))
    return found


def closest(quote: str, passages: tuple[Passage, ...]) -> Closest | None:
    """The passage whose words are nearest to the quote, and the excerpt that corresponds."""
    wanted = comparable(quote)
    best: Closest | None = None
    for passage in passages:
        if not passage.traceable:
            continue
        text = comparable(passage.text)
        matcher = difflib.SequenceMatcher(None, wanted, text, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        start, end = _word_bounds(text, blocks[0].b, blocks[-1].b + blocks[-1].size)
        excerpt = text[start:end]
        similarity = difflib.SequenceMatcher(None, wanted, excerpt, autojunk=False).ratio()
        if best is None or similarity > best.similarity:
            words = difflib.SequenceMatcher(None, wanted.split(), excerpt.split(), autojunk=False).ratio()
            best = Closest(passage, excerpt, similarity, words)
    return best


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def difference(old: str, new: str) -> str:
    """The two texts as one, each change marked: [-removed-]{+added+}, invisible characters named.

    Word by word, and character by character inside a few words that are only slightly
    changed (« Pix [-O-]{+o+}rga », « elevessans[-␣-]adresse »). Plain text on purpose: it reads the same in a terminal, in CI logs
    and in the serve banner.
    """
    old_words, new_words = TOKEN.findall(comparable(old)), TOKEN.findall(comparable(new))
    opcodes = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes()
    pieces = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if tag == "equal":
            pieces.append(_elide(before, first=index == 0, last=index == len(opcodes) - 1))
        elif tag == "replace" and max(len(before), len(after)) <= 40 and _close(before, after):
            pieces.append(_marked(difflib.SequenceMatcher(None, before, after, autojunk=False), before, after))
        else:
            pieces.append(_change(before, after))
    return "".join(pieces)


TOKEN = re.compile(r"\w+|\W", re.UNICODE)


def _close(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.5


def _marked(matcher: difflib.SequenceMatcher, old: str, new: str) -> str:
    return "".join(old[i1:i2] if tag == "equal" else _change(old[i1:i2], new[j1:j2])
                   for tag, i1, i2, j1, j2 in matcher.get_opcodes())


def _change(old: str, new: str) -> str:
    return (f"[-{_visible(old)}-]" if old else "") + (f"{{+{_visible(new)}+}}" if new else "")


def _elide(text: str, first: bool, last: bool) -> str:
    """Long unchanged stretches keep only their ends, so the change stands out."""
    if len(text) <= 2 * CONTEXT + 5:
        return text
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    return f"{head}…{tail}"


def _visible(text: str) -> str:
    """Spaces and characters without a glyph get a name a reader can see."""
    if text == " ":
        return "␣"
    return "".join(f"⟨U+{ord(c):04X}⟩" if unicodedata.category(c) in {"Cf", "Zs", "Cc"} and c != " " else c
                   for c in text)


@dataclass(frozen=True)
class QuoteProblem:
    loaded: LoadedFile
    where: tuple
    quote: str
    closest: Closest | None

    def error(self, source_shown: str) -> AuthorError:
        near = self.closest
        if near is not None and near.reworded:
            passage = near.passage
            place = f"{source_shown}:{passage.line}" + (f", cas « {passage.case} »" if passage.case else "")
            return self.loaded.error(
                Code.CITATION_REFORMULEE, self.where,
                "cette citation ne se trouve pas telle quelle dans le document source (passage reformulé ?) ; "
                f"le passage le plus proche est en {place}",
                f"remplacez la citation par le texte actuel du document source.\n"
                f"      citation : « {comparable(self.quote)} »\n"
                f"      document : « {near.excerpt} »\n"
                f"      différence : {difference(self.quote, near.excerpt)}\n"
                "      ([-…-] : dans la citation seulement ; {+…+} : dans le document seulement)")
        return self.loaded.error(
            Code.CITATION_ABSENTE, self.where,
            "cette citation ne se trouve pas telle quelle dans le document source, ni rien d'approchant "
            "(passage retiré ?)",
            f"si le document source ne dit plus cela, retirez ce texte (ou faites-en un « bon_a_savoir » avec "
            f"son « origine ») ; sinon, copiez-collez les mots exacts depuis {source_shown} "
            "(sans les numéros « 1. » ni les tirets « - »).")


def quote_problems(files: list[LoadedFile], passages: tuple[Passage, ...]) -> list[QuoteProblem]:
    texts = {comparable(p.text) for p in passages}
    problems = []
    for loaded in files:
        for where, quote in quotes_in(loaded.data):
            wanted = comparable(quote)
            if wanted and not any(wanted in text for text in texts):
                problems.append(QuoteProblem(loaded, where, quote, closest(quote, passages)))
    return problems


# --- Coverage -----------------------------------------------------------------------------------


def check(guide: Guide, problems: list[QuoteProblem]) -> list[AuthorError]:
    """Passages of the source the guide does not cover: new in this version, or dropped from
    the YAML. A passage that a reworded quote points at is reported once, with that quote."""
    source_shown = display_path(guide.source.path, guide.layout.root)
    reworded = {p.closest.passage.id for p in problems if p.closest and p.closest.reworded}
    errors = []
    for item in coverage(guide):
        if item.passage.id in reworded:
            continue
        for fragment in item.uncovered:
            if fragment == comparable(item.passage.text):
                fragment = item.passage.text  # as the source writes it (curly apostrophes…)
            errors.append(AuthorError(
                Code.PASSAGE_NON_COUVERT, source_shown, item.passage.line, 1,
                f"passage du document source que le guide ne couvre pas : « {fragment} » ({item.passage.id})",
                hint=f"ajoutez un texte avec « source: » citant ce passage dans {_owner(guide, item.passage)} "
                     "(passage nouveau dans cette version du document source, ou texte retiré du guide par erreur)."))
    return errors


def _owner(guide: Guide, passage: Passage) -> str:
    if not passage.case:
        return "procedures/regles.yml"
    for procedure in guide.procedures:
        if comparable(procedure.source_case) == comparable(passage.case):
            return f"{guide.file_of(f'cas:{procedure.id}').shown_as} (cas « {passage.case} »)"
    return (f"une nouvelle procédure de procedures/cas/ dont « cas_source » est « {passage.case} » "
            "(python -m generator new ID)")


def coverage(guide: Guide) -> list[Coverage]:
    passages = guide.source.passages
    located = [(trace, locate(trace, passages)) for trace in guide.traces]
    result = []
    for passage in passages:
        mine = tuple(trace for trace, found in located if passage in found)
        quotes = [comparable(t.quote) for t in mine if t.covers_passage(passage)]
        uncovered = _uncovered(comparable(passage.text), quotes) if passage.traceable else ()
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


KINDS = {Code.PASSAGE_NON_COUVERT: "ajouté", Code.CITATION_REFORMULEE: "reformulé", Code.CITATION_ABSENTE: "retiré"}


def summary(errors: list[AuthorError]) -> str:
    """One French line saying what a new version of the source changes, or ""."""
    kinds = Counter(KINDS[error.code] for error in errors if error.code in KINDS)
    if not kinds:
        return ""
    parts = [f"{kinds['ajouté']} passage(s) non couvert(s) (ajoutés ?)",
             f"{kinds['reformulé']} reformulé(s)", f"{kinds['retiré']} retiré(s)"]
    return ("Document source et guide ne concordent plus : " + ", ".join(parts) + ". Nouvelle version du "
            "document source ? Voir « Intégrer une nouvelle version du document source » dans CONTRIBUTING.md.")
