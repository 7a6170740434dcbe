"""Build time with the glossary and the content at their limits, beside the normal build.

Usage (from the project root, after `make install`):

    .venv/bin/python benchmarks/limits.py            # median of 5 interleaved runs of each build
    .venv/bin/python benchmarks/limits.py --runs 9

Three copies of the project, built with `mkdocs build --strict` (the plugin and its site
check included), in one run, interleaved (each round builds each copy once, in a rotating
order, after one untimed warm-up round):

- normal: the project as it is;
- glossary at its limit: the glossary holds as many terms as the model accepts, each with
  as many variants as allowed (generator.model.LIMITS), every word a distinct one that
  occurs in no page; tooltips are searched for in every page all the same;
- glossary and texts at their limits: the same glossary, and every step, preparation item
  and warning of the procedures ten times longer, its words including glossary terms.

Before: a 14 KB glossary with 1,500 variants took the build from seconds to 9 min 44 s
(Python-Markdown's `abbr` read every definition again on every page). The target: the
glossary at its limit stays under twice the normal build.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.model import LIMITS  # noqa: E402

COPIED = ("procedures", "templates", "sources", "docs", "mkdocs.yml")
TEXT_LINE = re.compile(r"^(?P<key>  - texte: )(?P<value>[^>|\n].*)$", re.M)


def copy(work: Path, name: str) -> Path:
    root = work / name
    root.mkdir()
    for item in COPIED:
        (shutil.copytree if (ROOT / item).is_dir() else shutil.copy2)(ROOT / item, root / item)
    return root


def word(number: int) -> str:
    """A distinct word for each number, in letters only (a term is plain words)."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[rest]
        if not number:
            return "Terme" + letters


def fill_glossary(root: Path) -> None:
    path = root / "procedures" / "glossaire.yml"
    text = path.read_text(encoding="utf-8")
    existing = text.count("  - terme:")
    lines = []
    for number in range(LIMITS["terms"] - existing):
        variants = ", ".join(word(10_000 + number * 10 + index) for index in range(LIMITS["variants"]))
        lines += [f"  - terme: {word(number)}", f"    variantes: [{variants}]",
                  "    definition: Une définition de la longueur habituelle, pour mesurer le coût des info-bulles."]
    path.write_text(text.replace("termes:\n", "termes:\n" + "\n".join(lines) + "\n", 1), encoding="utf-8")


def lengthen_texts(root: Path) -> None:
    for path in (root / "procedures" / "cas").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(TEXT_LINE.sub(lambda m: m["key"] + " ".join(
            [m["value"]] + [f"Voir Pix Orga, l'ENT et {word(n)}." for n in range(10)]), text), encoding="utf-8")


def build(root: Path, site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=root, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(root)})
    if result.returncode != 0:
        sys.exit(f"échec de la construction de {root.name} :\n{result.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="mesures de chaque construction (défaut : 5)")
    runs = parser.parse_args(argv).runs
    with tempfile.TemporaryDirectory(prefix="guide-limites-") as folder:
        work = Path(folder)
        normal, glossary, both = copy(work, "normal"), copy(work, "glossaire"), copy(work, "glossaire-et-textes")
        fill_glossary(glossary)
        fill_glossary(both)
        lengthen_texts(both)
        builds = {"construction normale": normal,
                  f"glossaire à sa limite ({LIMITS['terms']} termes × {LIMITS['variants'] + 1} graphies)": glossary,
                  "glossaire et textes à leur limite": both}
        names = list(builds)
        for name in names:  # warm-up, not timed
            build(builds[name], work / "site")
        samples: dict[str, list[float]] = {name: [] for name in names}
        for round_number in range(runs):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                build(builds[name], work / "site")
                samples[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    width = max(len(name) for name in names)
    print(f"mkdocs build --strict, médiane de {runs} mesures entrelacées")
    for name in names:
        print(f"{name:{width}}  {medians[name]:6.2f} s  (min {min(samples[name]):.2f}, max {max(samples[name]):.2f})"
              f"  rapport à la normale : {medians[name] / medians[names[0]]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
