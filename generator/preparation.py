"""The page « À préparer avant la rentrée »: one printable sheet, a line per case.

Its columns are declared in the YAML: a « Se préparer » item, a step or a rule says with
`fiche:` in which columns of the sheet it counts. Nothing of the sheet is written here but
the column headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Procedure, Rule

PAGE = "a-preparer-avant-la-rentree.md"
# Column id (the `fiche:` value in the YAML) → heading on the sheet.
COLUMNS = {
    "siecle": "Base SIECLE",
    "gar": "Distribution dans le GAR",
    "codes": "Codes de campagne",
    "ent": "Identifiants ENT",
}


@dataclass(frozen=True)
class Row:
    procedure: Procedure
    items: dict[str, list[str]]  # column → texts of « Se préparer » items
    steps: dict[str, list[int]]  # column → numbers of the steps


def rows(procedures: list[Procedure]) -> list[Row]:
    """A line per case, in the order of the source document."""
    return [Row(p, {column: [item.text for item in p.prepare if column in item.sheet] for column in COLUMNS},
                {column: [number for number, step in enumerate(p.steps, start=1) if column in step.sheet]
                 for column in COLUMNS})
            for p in procedures]


def general_rules(rules: list[Rule]) -> list[Rule]:
    """The general rules that the sheet repeats above the table (e.g. import SIECLE first)."""
    return [rule for rule in rules if rule.sheet]
