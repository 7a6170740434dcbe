"""How long `python -m generator check` takes on the real content, on bad input and on a big guide.

0. The real content: `make check` in the project (everything CI checks that a contributor
   can break: YAML, tree, source coverage, path list, schemas), RUNS times, median; beside it,
   in the same run, `mkdocs build --strict` of the same content, RUNS times, median. Goal:
   `make check` under 1 s.

1. The bad-input corpus (tests/broken/): each case laid over a copy of the project, `check`
   run RUNS times; prints the median per case for the slowest cases, and how many reports
   name the file and line that tests/broken/<case>/expected.txt gives.
2. A synthetic guide as large as the loader's limits allow: MAX_FILES situations in
   procedures/situations/, the extra ones made by benchmarks/synthetic.py (one path of the
   tree each, within the model's limits). Prints the median of RUNS `check` runs (a
   subprocess, as a contributor runs it: Python start-up included) and of the same load
   in-process. benchmarks/growth.py measures larger guides.

Run: .venv/bin/python benchmarks/check_times.py [--runs N] [--reel-seulement]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import synthetic  # noqa: E402 (benchmarks/, this script's folder)

from generator.loading import MAX_FILES  # noqa: E402
from generator.project import load_guide  # noqa: E402
from test_broken_inputs import CASES, expectations, is_accepted, overlay  # noqa: E402

REFUSED = [case for case in CASES if not is_accepted(case)]  # accepted ones pass check

copy_inputs = synthetic.copy_inputs  # the project's inputs into a new folder


def timed_check(root: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "--racine", str(root), "check"],
                            cwd=root, capture_output=True, text=True, timeout=60)
    return time.perf_counter() - start, result


def corpus(work: Path, runs: int) -> None:
    medians: list[tuple[float, str]] = []
    missed: list[str] = []
    for case in REFUSED:
        root = copy_inputs(work / case.name)
        overlay(case, root)
        times, result = [], None
        for _ in range(runs):
            elapsed, result = timed_check(root)
            times.append(elapsed)
        start, _ = expectations(case, root)
        if result.returncode != 1 or not start.search(result.stderr):
            missed.append(case.name)
        medians.append((statistics.median(times), case.name))
    medians.sort(reverse=True)
    print(f"Corpus de données cassées : {len(REFUSED)} cas, check lancé {runs} fois par cas.")
    print(f"  rapports qui donnent le fichier et la ligne attendus : {len(REFUSED) - len(missed)}/{len(REFUSED)}"
          + (f" (pas encore : {', '.join(missed)})" if missed else ""))
    print(f"  médiane de tous les cas : {statistics.median(m for m, _ in medians):.3f} s")
    print("  cas les plus lents (médiane) : " + ", ".join(f"{name} {m:.3f} s" for m, name in medians[:3]))


def synthetic_guide(work: Path, runs: int) -> None:
    count = MAX_FILES - len(list((ROOT / "procedures/situations").glob("*.yml")))
    root = synthetic.make_guide(work / "synthetique", count)
    times = []
    for _ in range(runs):
        elapsed, result = timed_check(root)
        if result.returncode != 0:
            sys.exit("le guide synthétique devrait être valide :\n" + result.stderr[:3000])
        times.append(elapsed)
    in_process = []
    for _ in range(runs):
        start = time.perf_counter()
        guide = load_guide(root)
        in_process.append(time.perf_counter() - start)
    print(f"Guide synthétique : {len(guide.situations)} situations + {len(guide.procedures)} procédures, "
          f"{len(guide.tree.paths)} chemins dans l'arbre.")
    print(f"  check (sous-processus), médiane de {runs} : {statistics.median(times):.3f} s "
          f"(min {min(times):.3f} s, max {max(times):.3f} s)")
    print(f"  chargement et vérification seuls (load_guide), médiane de {runs} : "
          f"{statistics.median(in_process):.3f} s")


def median_time(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time, and median CPU time (user + system: what a shared machine's load
    does not inflate) of `command` run in the project."""
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if result.returncode != 0:
            sys.exit(f"« {' '.join(command)} » a échoué :\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return statistics.median(times), statistics.median(cpus)


def real_content(work: Path, runs: int) -> None:
    check = median_time(["make", "--no-print-directory", "check"], runs)
    build = median_time([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                         "--site-dir", str(work / "site")], runs)
    print(f"Projet réel, médiane de {runs} : make check {check[0]:.3f} s (objectif : moins de 1 s ; "
          f"temps processeur {check[1]:.3f} s), mkdocs build --strict {build[0]:.3f} s "
          f"(temps processeur {build[1]:.3f} s).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="nombre de mesures par cas (médiane)")
    parser.add_argument("--reel-seulement", action="store_true", help="seulement le projet réel")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="check-times-") as folder:
        work = Path(folder)
        real_content(work, arguments.runs)
        if arguments.reel_seulement:
            return
        corpus(work, arguments.runs)
        synthetic_guide(work, arguments.runs)


if __name__ == "__main__":
    main()
