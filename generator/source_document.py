"""Reads the source document (kept verbatim in sources/) into passages that can be traced.

The document has a title, a few paragraphs of general rules, then a table whose columns
are separated by tabs: case label, procedure ("1. … 2. …", with a footnote "* Si …"),
and what to prepare ("- … - …"). Each sentence, case, step, preparation item and the
footnote becomes a `Passage` with a stable id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .loading import read_text_file

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")
NUMBERED_STEP = re.compile(r"(?:^|\s)(\d+)\.\s")
FOOTNOTE = re.compile(r"\s\*\s(?=\S)")
LIST_ITEM = re.compile(r"(?:^|\s)-\s")


def normalize(text: str) -> str:
    """Whitespace-insensitive comparison: the table packs lines with single spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Passage:
    id: str
    kind: str  # titre, regle, entete, cas, etape, renvoi, statut, preparation
    text: str
    line: int
    case: str = ""  # the case label, for passages of the table's rows

    @property
    def traceable(self) -> bool:
        """The title and the table header are structure, not content to cover."""
        return self.kind not in {"titre", "entete"}


@dataclass(frozen=True)
class SourceDocument:
    path: Path
    passages: tuple[Passage, ...]

    @property
    def case_labels(self) -> list[str]:
        return [p.text for p in self.passages if p.kind == "cas"]

    def of_case(self, label: str) -> list[Passage]:
        return [p for p in self.passages if p.case == label]


MAX_SOURCE_BYTES = 1024 * 1024


def read_source(path: Path) -> SourceDocument:
    text = read_text_file(path, "/".join(path.parts[-2:]), MAX_SOURCE_BYTES)
    passages: list[Passage] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "\t" in raw:
            if not header_seen:
                header_seen = True
                passages += [Passage(f"entete-{i}", "entete", cell.strip(), number)
                             for i, cell in enumerate(raw.split("\t"), start=1)]
            else:
                passages += _case_passages(raw, number, len(_cases(passages)) + 1)
        elif not passages:
            passages.append(Passage("titre", "titre", normalize(line), number))
        else:
            passages += _sentences(line, number, len(_rules(passages)))
    return SourceDocument(path, tuple(passages))


def _cases(passages: list[Passage]) -> list[Passage]:
    return [p for p in passages if p.kind == "cas"]


def _rules(passages: list[Passage]) -> list[Passage]:
    return [p for p in passages if p.kind == "regle"]


def _sentences(paragraph: str, line: int, already: int) -> list[Passage]:
    return [Passage(f"regle-{already + i}", "regle", sentence, line)
            for i, sentence in enumerate(SENTENCE_END.split(normalize(paragraph)), start=1)]


def _case_passages(row: str, line: int, number: int) -> list[Passage]:
    label, procedure, prepare = (normalize(cell) for cell in row.split("\t"))
    prefix = f"cas-{number}"
    passages = [Passage(prefix, "cas", label, line, label)]
    body, *footnote = FOOTNOTE.split(procedure, maxsplit=1)
    steps = _numbered(body)
    if steps:
        passages += [Passage(f"{prefix}-etape-{n}", "etape", step, line, label) for n, step in steps]
    else:
        passages.append(Passage(f"{prefix}-statut", "statut", body, line, label))
    passages += [Passage(f"{prefix}-renvoi", "renvoi", note, line, label) for note in footnote]
    items = [item.strip() for item in LIST_ITEM.split(prepare) if item.strip()]
    passages += [Passage(f"{prefix}-preparer-{i}", "preparation", item, line, label)
                 for i, item in enumerate(items, start=1)]
    return passages


def _numbered(text: str) -> list[tuple[int, str]]:
    matches = list(NUMBERED_STEP.finditer(text))
    # Only a run "1. … 2. … 3." counts as steps; a stray number does not.
    if not matches or matches[0].group(1) != "1":
        return []
    ends = [m.start() for m in matches[1:]] + [len(text)]
    return [(int(m.group(1)), text[m.end():end].strip()) for m, end in zip(matches, ends)]
