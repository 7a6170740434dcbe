"""Reads the source document (kept verbatim in sources/) into passages that can be traced.

The format is written down for contributors in CONTRIBUTING.md (« Le format du document
source »). In short: a title line, paragraphs of general rules (one per line), then a table
whose first line is the header; columns are separated by tabs: case label, procedure
("1. … 2. …", with a footnote "* Si …" or, without numbers, a status sentence), and what to
prepare ("- … - …"). A cell may span several lines (as a spreadsheet copies it): a row goes
on until it has its three cells, and lines without a tab after a complete row continue its
last cell. Cells wrapped in double quotes (spreadsheet style) lose their quotes.

Each sentence, case, step, preparation item and the footnote becomes a `Passage` with a
stable id. Format mistakes become French `AuthorError`s naming the line; typographic
variants (curly apostrophes, non-breaking spaces) are accepted and only noted.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AuthorError, Code, caught
from .loading import read_text_file

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")
NUMBERED_STEP = re.compile(r"(?:^|\s)(\d+)\.\s")
FOOTNOTE = re.compile(r"\s\*\s(?=\S)")
LIST_ITEM = re.compile(r"(?:^|\s)-\s")
COLUMNS = ("Types de cas", "Procédure", "Se préparer")

# Characters a reader cannot tell apart from their plain form: compared as the plain form.
INVISIBLE_VARIANTS = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u200b": "", "\u2060": "", "\ufeff": "",
})
# French guillemets hold (non-breaking) spaces inside: « Pix » and "Pix" are the same words.
INSIDE_GUILLEMETS = re.compile(r"«\s*|\s*»")


def normalize(text: str) -> str:
    """Whitespace-insensitive form, for display: the table packs lines with single spaces."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def comparable(text: str) -> str:
    """The one form in which quotes and the source are compared, everywhere.

    Unicode composition (NFC/NFD), curly or straight apostrophes and quotes, guillemets,
    non-breaking and thin spaces, dashes and the ellipsis character are variants a person
    cannot see on screen: they match without error. Everything else must be word for word.
    """
    text = unicodedata.normalize("NFC", text)
    text = INSIDE_GUILLEMETS.sub(lambda match: '"', text)
    return normalize(text.translate(INVISIBLE_VARIANTS))


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
    errors: tuple[AuthorError, ...] = ()  # format mistakes (a missing column…)
    remarks: tuple[str, ...] = ()  # accepted variants worth knowing (curly apostrophes…)

    @property
    def case_labels(self) -> list[str]:
        return [p.text for p in self.passages if p.kind == "cas"]

    def of_case(self, label: str) -> list[Passage]:
        return [p for p in self.passages if p.case and comparable(p.case) == comparable(label)]

    def case_index(self, label: str) -> int | None:
        """The row of the case `label` (compared like quotes), or None."""
        wanted = comparable(label)
        return next((i for i, case in enumerate(self.case_labels) if comparable(case) == wanted), None)


MAX_SOURCE_BYTES = 1024 * 1024


@dataclass
class _Row:
    line: int  # where the row starts
    cells: list[str] = field(default_factory=list)  # raw cells (may hold newlines)
    lines: list[int] = field(default_factory=list)  # where each cell starts


def read_source(path: Path, shown_as: str | None = None) -> SourceDocument:
    """The passages of the source, and in `SourceDocument.errors` why it can't be read (missing,
    a link, too large, not UTF-8: then no passages) or its format mistakes."""
    shown_as = shown_as or path.as_posix()
    text, errors = caught(lambda: read_text_file(path, shown_as, MAX_SOURCE_BYTES))
    if text is None:
        return SourceDocument(path, (), tuple(errors))
    reader = _Reader(shown_as)
    reader.read(text.splitlines())
    return SourceDocument(path, tuple(reader.passages), tuple(reader.errors), _remarks(text))


class _Reader:
    """One pass over the lines: title, rule paragraphs, header, rows."""

    def __init__(self, shown_as: str) -> None:
        self.shown_as = shown_as
        self.passages: list[Passage] = []
        self.errors: list[AuthorError] = []

    def error(self, code: Code, line: int, message: str, hint: str) -> None:
        self.errors.append(AuthorError(code, self.shown_as, line, 1, message, hint=hint))

    def read(self, lines: list[str]) -> None:
        header = next((n for n, line in enumerate(lines, start=1) if "\t" in line), None)
        if header is None:
            self.error(Code.SOURCE_SANS_TABLEAU, max(len(lines), 1), "le tableau des cas est introuvable (aucune ligne avec des tabulations)",
                       "les colonnes du tableau sont séparées par des tabulations : voir « Le format du "
                       "document source » dans CONTRIBUTING.md.")
            header = len(lines) + 1
        for number, line in enumerate(lines[: header - 1], start=1):
            if not line.strip():
                continue
            if not self.passages:
                self.passages.append(Passage("titre", "titre", normalize(line), number))
            else:
                rules = sum(1 for p in self.passages if p.kind == "regle")
                self.passages += [Passage(f"regle-{rules + i}", "regle", sentence, number)
                                  for i, sentence in enumerate(SENTENCE_END.split(normalize(line)), start=1)]
        if header <= len(lines):
            self._header(lines[header - 1], header)
            for row in _rows(lines, header, self):
                self._row(row)

    def _header(self, line: str, number: int) -> None:
        cells = [normalize(cell) for cell in line.split("\t")]
        if len(cells) != len(COLUMNS):
            self.error(Code.SOURCE_ENTETE, number, f"l'en-tête du tableau a {len(cells)} colonne(s) au lieu de 3",
                       "la première ligne du tableau nomme ses trois colonnes, séparées par des tabulations : "
                       + " | ".join(COLUMNS) + ".")
        self.passages += [Passage(f"entete-{i}", "entete", cell, number) for i, cell in enumerate(cells, start=1)]

    def _row(self, row: _Row) -> None:
        if len(row.cells) != len(COLUMNS):
            return  # reported by _rows
        (label, procedure, prepare), (_, procedure_line, prepare_line) = row.cells, row.lines
        label = normalize(label)
        number = sum(1 for p in self.passages if p.kind == "cas") + 1
        prefix = f"cas-{number}"
        if label in [p.text for p in self.passages if p.kind == "cas"]:
            self.error(Code.SOURCE_CAS_EN_DOUBLE, row.line, f"le cas « {label} » apparaît deux fois dans le tableau",
                       "chaque cas a une seule ligne dans le tableau : signalez-le à l'émetteur du document.")
        passages = [Passage(prefix, "cas", label, row.line, label)]
        body, *footnote = FOOTNOTE.split(procedure, maxsplit=1)
        steps = self._numbered(body, procedure_line, label)
        if steps:
            passages += [Passage(f"{prefix}-etape-{n}", "etape", text, line, label) for n, text, line in steps]
        elif body.strip():
            passages.append(Passage(f"{prefix}-statut", "statut", normalize(body), procedure_line, label))
        else:
            self.error(Code.SOURCE_PROCEDURE_VIDE, procedure_line, f"la colonne « Procédure » du cas « {label} » est vide",
                       "chaque cas a des étapes numérotées « 1. 2. … » ou une phrase qui dit pourquoi il n'en a pas.")
        for note in footnote:
            line = procedure_line + procedure[: procedure.index(note)].count("\n")
            passages.append(Passage(f"{prefix}-renvoi", "renvoi", normalize(note), line, label))
        passages += [Passage(f"{prefix}-preparer-{i}", "preparation", text, line, label)
                     for i, (text, line) in enumerate(self._items(prepare, prepare_line, label), start=1)]
        self.passages += passages

    def _numbered(self, text: str, first_line: int, label: str) -> list[tuple[int, str, int]]:
        """The steps of "1. … 2. … 3.": a number counts only when it is the next one."""
        starts, expected = [], 1
        for match in NUMBERED_STEP.finditer(text):
            if int(match.group(1)) == expected:
                starts.append(match)
                expected += 1
            elif starts and int(match.group(1)) > expected:
                line = first_line + text[: match.start()].count("\n")
                self.error(Code.SOURCE_NUMEROTATION, line, f"numérotation des étapes du cas « {label} » : « {match.group(1)}. » "
                           f"arrive alors que l'étape {expected} manque",
                           "les étapes sont numérotées 1. 2. 3. … sans trou : vérifiez la copie du document.")
        first = NUMBERED_STEP.match(text.lstrip())
        if not starts and first and first.group(1) != "1":
            self.error(Code.SOURCE_NUMEROTATION, first_line, f"numérotation des étapes du cas « {label} » : elle commence à "
                       f"« {first.group(1)}. » au lieu de « 1. »",
                       "les étapes sont numérotées 1. 2. 3. … : vérifiez que la première n'a pas été perdue "
                       "à la copie du document.")
        if not starts or text[: starts[0].start()].strip():
            return []  # a sentence that merely contains a number is a status, not steps
        ends = [m.start() for m in starts[1:]] + [len(text)]
        return [(int(m.group(1)), normalize(text[m.end():end]), first_line + text[: m.end()].count("\n"))
                for m, end in zip(starts, ends)]

    def _items(self, text: str, first_line: int, label: str) -> list[tuple[str, int]]:
        if text.strip() and not text.lstrip().startswith("-"):
            self.error(Code.SOURCE_TIRET, first_line, f"la colonne « Se préparer » du cas « {label} » ne commence pas par « - »",
                       "chaque élément à préparer commence par un tiret suivi d'une espace : « - 1 code de campagne ».")
        items, position = [], 0
        for piece in LIST_ITEM.split(text):
            start = text.index(piece, position)
            position = start + len(piece)
            if piece.strip():
                items.append((normalize(piece), first_line + text[:start].count("\n") + _leading_newlines(piece)))
        return items


def _leading_newlines(piece: str) -> int:
    return piece[: len(piece) - len(piece.lstrip())].count("\n")


def _rows(lines: list[str], header: int, reader: _Reader) -> list[_Row]:
    """Group physical lines into rows of three cells (a cell may span several lines)."""
    rows: list[_Row] = []
    current: _Row | None = None
    for number, line in enumerate(lines[header:], start=header + 1):
        if not line.strip() and not _open_quote(current):
            continue
        parts = line.split("\t")
        complete = current is not None and len(current.cells) >= len(COLUMNS) and not _open_quote(current)
        # A line holding a whole row (three cells) starts a new row even after an incomplete one,
        # so that one row missing a column is reported alone.
        full_row = len(parts) >= len(COLUMNS) and not _open_quote(current)
        if current is None or (complete and len(parts) > 1) or full_row:
            current = _Row(number, [parts[0]], [number])
            rows.append(current)
        else:
            current.cells[-1] += "\n" + parts[0]
        for part in parts[1:]:
            current.cells.append(part)
            current.lines.append(number)
    for row in rows:
        row.cells = [_unquote(cell) for cell in row.cells]
        _check_columns(row, reader)
    return rows


def _open_quote(row: _Row | None) -> bool:
    """Inside a spreadsheet-style quoted cell ("… with newlines …") that is not closed yet."""
    if row is None:
        return False
    cell = row.cells[-1].lstrip()
    return cell.startswith('"') and (cell.count('"') % 2 == 1)


def _unquote(cell: str) -> str:
    stripped = cell.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        return stripped[1:-1].replace('""', '"')
    return cell


def _check_columns(row: _Row, reader: _Reader) -> None:
    count = len(row.cells)
    if any(cell.lstrip().startswith('"') and cell.count('"') % 2 == 1 for cell in row.cells):
        reader.error(Code.SOURCE_GUILLEMET, row.line, "un guillemet « \" » ouvre une cellule sur plusieurs lignes et n'est jamais refermé",
                     "une cellule copiée d'un tableur s'écrit \"…\" : ajoutez le guillemet fermant à la fin de la "
                     "cellule, avant la tabulation suivante.")
        return
    if count == len(COLUMNS):
        return
    label = normalize(row.cells[0])[:60]
    if count < len(COLUMNS):
        missing = " et ".join(f"« {name} »" for name in COLUMNS[count:])
        reader.error(Code.SOURCE_COLONNES, row.line, f"la ligne du cas « {label} » n'a que {count} colonne(s) : il manque {missing}",
                     "les trois colonnes sont séparées par des tabulations ; une cellule vide s'écrit quand même "
                     "avec sa tabulation. Reprenez la ligne telle qu'elle est dans le document reçu.")
    else:
        extra = row.lines[len(COLUMNS)]
        reader.error(Code.SOURCE_COLONNES, extra, f"la ligne du cas « {label} » a {count} colonnes au lieu de 3",
                     "une tabulation de trop, ou la ligne précédente a perdu une colonne : dans le tableau, "
                     "seules les tabulations séparent les colonnes.")


REMARKS = {
    "\u2019": "apostrophes courbes (’)",
    "\u00a0": "espaces insécables",
    "\u202f": "espaces fines insécables",
    "\u00ab": "guillemets « »",
}


def _remarks(text: str) -> tuple[str, ...]:
    """Accepted variants, noted so a contributor knows why ' and ’ both match."""
    lines = text.splitlines()
    remarks = []
    for char, name in REMARKS.items():
        where = [str(n) for n, line in enumerate(lines, start=1) if char in line]
        if where:
            shown = ", ".join(where[:5]) + ("…" if len(where) > 5 else "")
            remarks.append(f"le document source contient des {name} (lignes {shown}) : dans les citations, "
                           "la forme droite ou courbe, insécable ou non, est acceptée.")
    if unicodedata.normalize("NFC", text) != text:
        remarks.append("le document source contient des accents décomposés (Unicode NFD) : "
                       "ils sont comparés comme des accents ordinaires.")
    return tuple(remarks)
