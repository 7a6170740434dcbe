"""The one test that holds the French wording of `check`'s report, exactly.

Every other test of the messages checks codes and places (tests/broken/, test_messages.py),
so improving a sentence changes one file: tests/golden/rapports-check.txt, written and read
by a person, which shows a few representative broken inputs and the full report of each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import copy_project
from test_broken_inputs import BROKEN, overlay, run_check_in_process

GOLDEN = Path(__file__).parent / "golden" / "rapports-check.txt"


def sections() -> dict[str, str]:
    """The expected report of each case, by the case's name."""
    found: dict[str, str] = {}
    name = None
    for line in GOLDEN.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("=== "):
            name = line.removeprefix("=== ").strip()
            found[name] = ""
        elif name is not None:
            found[name] += line
        else:
            assert line.startswith("#") or not line.strip(), f"avant la première section : {line!r}"
    return found


REPORTS = sections()


def test_the_golden_file_covers_every_stage_of_the_check():
    codes = {line.split("[", 1)[1].split("]", 1)[0] for report in REPORTS.values()
             for line in report.splitlines() if ": [" in line and not line.startswith(" ")}
    # Reading, schema, references, tree, the source's format, quotes.
    assert {"syntaxe-yaml", "cle-inconnue", "reponse-inconnue", "arbre-deux-issues", "source-colonnes",
            "citation-reformulee"} <= codes


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_report_is_word_for_word_the_reviewed_one(name, tmp_path):
    root = copy_project(tmp_path)
    overlay(BROKEN / name, root)
    result = run_check_in_process(root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == REPORTS[name]
