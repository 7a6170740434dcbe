"""Synthetic guides of any size, for the benchmarks: a copy of the project whose decision tree
has N extra outcomes, each reached by exactly one path.

The model allows one procedure per case of the source document (5 cases), so the extra
outcomes are *situations* (one YAML file each, like procedures/situations/*.yml, with a
quote of the source to trace). The tree stays within the model's limits (8 answers per
question, 40 questions, 12 on a path) whatever N: the first question gets an answer
« synthetique » leading to a chain of « rang » questions, one per base-8 digit of N. Rang k
has one answer per unit of its digit, each leading to a full subtree of 8^k leaves (the
« niveau » questions k, k-1, …, 1, shared by all the subtrees, 8 answers each), and an answer
« autres » to the next rang. So N = 10,000 (base 8: 23420) takes 5 rangs and 4 niveaux.

Beyond 500 outcomes a guide exceeds the loader's safety caps (MAX_FILES YAML files in a
folder, MAX_TOTAL_BYTES for procedures/); `command` runs the generator with those two caps
lifted, and nothing else changed, so that the benchmarks measure the growth of the code.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("procedures", "templates", "sources")
BRANCHING = 8  # generator.model.LIMITS["answers"]

SITUATION = """# yaml-language-server: $schema=../../schema/situation.schema.json
id: synthetique-{n:05d}
titre: Situation synthétique {n}
situation: Une situation générée pour mesurer le temps de « check » ({n}).
selon_la_source:
  - texte: Un même compte peut cumuler plusieurs modes de connexion.
    source: Un même compte peut cumuler plusieurs modes de connexion.
que_faire:
  - texte: Contactez le support de Pix (situation {n}).
    origine: Généré par benchmarks/synthetic.py.
quand:
  - {condition}
revu_le: 2026-11-28
"""

# Lifts the loader's file caps (see the module's docstring), in this process or another.
LIFT_CAPS = "import generator.loading as loading; loading.MAX_FILES = loading.MAX_TOTAL_BYTES = 10 ** 9"
RUN_MODULE = "; import runpy, sys; sys.argv[0] = {module!r}; runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"


def lift_caps() -> None:
    exec(LIFT_CAPS, {})


def command(module: str, *arguments: str) -> list[str]:
    """`python -m module arguments…`, with the loader's file caps lifted."""
    return [sys.executable, "-c", LIFT_CAPS + RUN_MODULE.format(module=module), *arguments]


def copy_inputs(destination: Path, source: Path = ROOT, items: tuple[str, ...] = INPUTS) -> Path:
    destination.mkdir(parents=True)
    for item in items:
        (shutil.copytree if (source / item).is_dir() else shutil.copy2)(source / item, destination / item)
    return destination


def digits(count: int) -> list[int]:
    """Base-8 digits of `count`, most significant first."""
    result = []
    while count:
        count, digit = divmod(count, BRANCHING)
        result.insert(0, digit)
    return result or [0]


def question(question_id: str, answers: list[tuple[str, str | None]]) -> str:
    text = (f"  - id: {question_id}\n    question: Quelle situation synthétique ({question_id}) ?\n"
            "    intitule_court: Synthétique\n    reponses:\n")
    for answer_id, following in answers:
        text += f"      - id: {answer_id}\n        libelle: Réponse {answer_id}\n"
        text += f"        suite: {following}\n" if following else ""
    return text


def _ranks(count: int) -> list[tuple[int, int]]:
    """(rank, digit) of each nonzero base-8 digit of `count`, the highest rank first."""
    found = digits(count)
    return [(len(found) - 1 - index, digit) for index, digit in enumerate(found) if digit]


def paths(count: int) -> Iterator[list[tuple[str, str]]]:
    """The synthetic paths after « compte: synthetique », in the tree's order."""
    before: list[tuple[str, str]] = []
    for rank, digit in _ranks(count):
        for group in range(1, digit + 1):
            yield from _leaves([*before, (f"synthetique-rang-{rank}", f"groupe-{group}")], rank)
        before.append((f"synthetique-rang-{rank}", "autres"))


def _leaves(given: list[tuple[str, str]], level: int) -> Iterator[list[tuple[str, str]]]:
    if level == 0:
        yield given
        return
    for answer in range(1, BRANCHING + 1):
        yield from _leaves([*given, (f"synthetique-niveau-{level}", f"reponse-{answer}")], level - 1)


def tree_questions(count: int) -> tuple[str, str]:
    """The first rang's id, and the YAML of the synthetic questions."""
    ranks = _ranks(count)
    text = ""
    for index, (rank, digit) in enumerate(ranks):
        into = f"synthetique-niveau-{rank}" if rank else None
        answers = [(f"groupe-{group}", into) for group in range(1, digit + 1)]
        if index + 1 < len(ranks):
            answers.append(("autres", f"synthetique-rang-{ranks[index + 1][0]}"))
        text += question(f"synthetique-rang-{rank}", answers)
    for level in range(1, ranks[0][0] + 1):
        into = f"synthetique-niveau-{level - 1}" if level > 1 else None
        text += question(f"synthetique-niveau-{level}", [(f"reponse-{a}", into) for a in range(1, BRANCHING + 1)])
    return f"synthetique-rang-{ranks[0][0]}", text


def make_guide(destination: Path, count: int, source: Path = ROOT, items: tuple[str, ...] = INPUTS) -> Path:
    """A copy of the project at `source` (its `items`) into `destination`, with `count` more
    outcomes; returns `destination`."""
    root = copy_inputs(destination, source, items)
    tree = root / "procedures/arbre.yml"
    text = tree.read_text(encoding="utf-8")
    first, questions = tree_questions(count)
    branch = f"    reponses:\n      - id: synthetique\n        libelle: Branche synthétique\n        suite: {first}\n"
    text = text.replace("    reponses:\n", branch, 1)  # the first question's answers come first
    tree.write_text(text + questions, encoding="utf-8")
    lines = []
    for n, given in enumerate(paths(count), start=1):
        # Each path is told apart by its answers but the « autres » ones.
        condition = ", ".join(f"{q}: {a}" for q, a in given if a != "autres")
        (root / f"procedures/situations/synthetique-{n:05d}.yml").write_text(
            SITUATION.format(n=n, condition="{" + condition + "}"), encoding="utf-8")
        lines.append(" ".join(f"{q}={a}" for q, a in [("compte", "synthetique"), *given])
                     + f" -> synthetique-{n:05d}")
    # The list of paths (checked by `check`): the synthetic branch comes first in the tree.
    listed = root / "procedures/arbre-chemins.txt"
    first_comment, second_comment, real_paths = listed.read_text(encoding="utf-8").split("\n", 2)
    listed.write_text("\n".join([first_comment, second_comment, *lines, real_paths]), encoding="utf-8")
    return root
