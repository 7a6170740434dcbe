"""The breakages of benchmarks/mutations.yml stay applicable to today's project.

benchmarks/mutation_score.py applies them one by one and runs the tests each names (minutes);
this only checks, in a second, that each can still be applied and names tests that exist.
"""

from __future__ import annotations

import re
import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from mutation_score import load_mutations  # noqa: E402

MUTATIONS = load_mutations()


def test_ids_are_unique_and_the_list_is_not_small():
    ids = [mutation.id for mutation in MUTATIONS]
    assert len(set(ids)) == len(ids)
    assert len(ids) >= 26  # the list, which we extend


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_each_breakage_applies_once_and_names_existing_tests(mutation):
    texts: dict[str, str] = {}
    for change in mutation.changes:
        text = texts.get(change.file) or (ROOT / change.file).read_text(encoding="utf-8")
        assert text.count(change.before) == 1, f"{change.file}: update « avant » of {mutation.id}"
        assert change.before != change.after
        texts[change.file] = text.replace(change.before, change.after, 1)  # changes apply in turn
    assert mutation.tests
    for test in mutation.tests:
        file, _, name = test.partition("::")
        assert (ROOT / file).is_file(), test
        if name:
            assert re.search(rf"^def {re.escape(name)}\(", (ROOT / file).read_text("utf-8"), re.M), test
