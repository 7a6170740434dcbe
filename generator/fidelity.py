"""Fidelity guard: the text beside a `source:` quote keeps the quote's facts.

tracing.py proves that each quote is in the source document; this module checks that the
guide's text which cites it says the same things: the quote's numbers (« 2 codes de
campagne »), file names (« elevessansadresse.XML ») and the guide's key terms (the names of
the connection modes in modes.yml, the glossary's terms, with their variants as equivalents:
« code parcours » is « code de campagne »). The comparison ignores accents, case and the
kind of apostrophe; a number may be written in letters (« 3 » or « trois »).

When the text leaves a fact out on purpose, its YAML says why in `ecart:` (shown on the
coverage page); otherwise the build fails with the file and line of the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import AuthorError, Code

if TYPE_CHECKING:
    from .project import Guide
    from .tracing import Trace

# Numbers as words, for « 3 modes » written « trois modes » (not « un », found in any text).
NUMBER_WORDS = {"2": ("deux",),
                "3": ("trois",), "4": ("quatre",), "5": ("cinq",), "6": ("six",), "7": ("sept",),
                "8": ("huit",), "9": ("neuf",), "10": ("dix",), "15": ("quinze",)}
NUMBER = re.compile(r"(?<![\w.])\d+(?![\w])")
FILE_NAME = re.compile(r"[\w-]+\.(?:xml|zip|csv)\b", re.IGNORECASE)


def fold(text: str) -> str:
    """Lowercase, without accents, one kind of apostrophe, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("\u2019", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Fact:
    shown: str  # as the quote writes it, for the error message
    forms: tuple[str, ...]  # folded forms that count as this fact in a text


def key_terms(guide: Guide) -> list[tuple[str, ...]]:
    """Groups of equivalent spellings, folded, the guide's usual spelling first: each mode
    (name, Pix Orga label), each glossary term with its variants; groups sharing a spelling
    are merged (« Identifiant » is a mode and a term)."""
    groups = [[mode.name, mode.pix_orga_label] for mode in guide.modes.modes]
    groups += [[term.term, *term.variants] for term in guide.glossary.terms]
    merged: list[list[str]] = []
    for group in groups:
        words = list(dict.fromkeys(fold(word) for word in group))
        for other in [m for m in merged if set(m) & set(words)]:
            words = list(dict.fromkeys(other + words))
            merged.remove(other)
        merged.append(words)
    return [tuple(group) for group in merged]


@lru_cache(maxsize=8)
def _spellings(groups: tuple[tuple[str, ...], ...]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Each spelling's pattern and its group, longest spellings first (built once per guide)."""
    spellings = sorted(((word, group) for group in groups for word in group), key=lambda x: -len(x[0]))
    return [(re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)"), group) for word, group in spellings]


def _take_terms(text: str, groups: list[tuple[str, ...]]) -> tuple[set[tuple[str, ...]], str]:
    """The groups found in `text` (longest spellings first, each occurrence used once, so
    « code parcours » does not also count as « parcours »), and the text left over."""
    found = set()
    for pattern, group in _spellings(tuple(groups)):
        text, count = pattern.subn(" ", text)
        if count:
            found.add(group)
    return found, text


def facts_of(quote: str, groups: list[tuple[str, ...]]) -> list[Fact]:
    """What a text citing `quote` must keep: its file names, key terms and numbers."""
    folded = fold(quote)
    facts = [Fact(name, (fold(name),)) for name in FILE_NAME.findall(quote)]
    folded = FILE_NAME.sub(" ", folded)
    terms, rest = _take_terms(folded, groups)
    facts += [Fact(_shown(quote, group), group) for group in sorted(terms)]
    facts += [Fact(number, (number, *NUMBER_WORDS.get(number, ()))) for number in NUMBER.findall(rest)]
    return facts


def _shown(quote: str, group: tuple[str, ...]) -> str:
    """The term as the quote writes it (same letters, accents and case aside)."""
    stripped = _strip_accents(quote.lower())
    for word in group:
        pattern = re.compile(r"(?<!\w)" + r"\W*".join(re.escape(c) for c in word if c.isalnum()) + r"(?!\w)")
        found = pattern.search(stripped)
        if found:
            return quote[found.start():found.end()]
    return group[0]


def _strip_accents(text: str) -> str:
    """Accents removed, one character for one, so positions match the original text."""
    return "".join(_stripped(c) for c in text)


@lru_cache(maxsize=1024)
def _stripped(character: str) -> str:
    return fold(character)[:1] or character


def missing(quote: str, text: str, groups: list[tuple[str, ...]]) -> list[Fact]:
    folded = fold(text)
    names = set(FILE_NAME.findall(folded))
    terms, rest = _take_terms(FILE_NAME.sub(" ", folded), groups)
    words = set(re.findall(r"\w+", rest))
    lost = []
    for fact in facts_of(quote, groups):
        kept = (fact.forms in terms or fact.forms[0] in names
                or any(form in words for form in fact.forms))
        if not kept:
            lost.append(fact)
    return lost


@dataclass(frozen=True)
class Cited:
    text: str  # the guide's text beside the quote
    where: tuple  # its path in the YAML file
    gap: str  # its `ecart`: why it leaves a fact out, or ""


def cited_text(guide: Guide, trace: Trace) -> Cited | None:
    """The text beside the quote, or None if the file is not the one the trace was read
    from (two files with the same id: already an error of its own)."""
    data = guide.file_of(trace.file_key).data
    for part in trace.where[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    field = "texte" if "texte" in data else "titre"  # a case's label is covered by the title
    return Cited(str(data.get(field, "")), (*trace.where[:-1], field), str(data.get("ecart") or ""))


def check(guide: Guide) -> list[AuthorError]:
    groups = key_terms(guide)
    errors = []
    for trace in guide.traces:
        cited = cited_text(guide, trace)
        if cited is None:
            continue
        lost = missing(trace.quote, cited.text, groups)
        if lost and not cited.gap:
            loaded = guide.file_of(trace.file_key)
            quote_line = loaded.position(trace.where)[0]
            errors.append(loaded.error(
                Code.FAIT_PERDU, cited.where, "ce texte perd " + ", ".join(f"« {fact.shown} »" for fact in lost)
                + f" de sa citation (« source: », ligne {quote_line})",
                "reprenez ce fait dans le texte, ou expliquez pourquoi il manque dans un champ "
                "« ecart: » à côté de « source: » (il s'affiche sur la page de couverture)."))
    return errors
