"""How `check` and the generator's build grow with the number of outcomes of the tree.

    .venv/bin/python benchmarks/growth.py [--runs 3] [--tailles 10,100,1000,3000,10000]
                                          [--avant REF] [--avant-tailles 10,100,1000]

Synthetic guides of N extra outcomes (benchmarks/synthetic.py: one situation each, one path
each, the model's limits kept) are checked with `python -m generator check` and built with
`python -m generator build --out DIR`, as subprocesses (Python start-up included). CPU time
(user + system, which a shared machine's load inflates less) and wall time are medians of
interleaved runs: each round runs every (version, N, command) once, in an order that rotates
from round to round, after one untimed warm-up of each. Time per outcome is CPU time / N;
the « marginal » column is (t(N) - t(smallest N)) / (N - smallest N), without the fixed cost
of start-up and of the real guide.

--avant REF also measures the generator of git reference REF (by default the commit where
this branch left main; "" for none) on the same guides, for the sizes --avant-tailles.
Goals: `check` at 1,000 outcomes at most 1 s; time per outcome at 10,000 within 1.2× of that
at 1,000.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from versions import default_base, extract

ROOT = synthetic.ROOT
THIS = "ce code"


def measure(command: list[str], cwd: Path) -> tuple[float, float, bool]:
    """Wall and CPU seconds of a subprocess, and whether it succeeded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, result.returncode == 0


def jobs(versions: dict[str, Path], sizes: dict[str, list[int]], work: Path) -> dict[tuple, tuple]:
    """(version, N, command) → (command line, folder to run it in); guides made on the way."""
    result = {}
    for version, code in versions.items():
        for count in sizes[version]:
            guide = synthetic.make_guide(work / f"{len(result)}-{count}", count, source=code)
            for name, arguments in (("check", ["check"]), ("build --out", ["build", "--out", str(guide / "out")])):
                result[version, count, name] = (
                    synthetic.command("generator", "--racine", str(guide), *arguments), code)
    return result


def run_all(planned: dict[tuple, tuple], runs: int) -> dict[tuple, list[tuple[float, float, bool]]]:
    keys = list(planned)
    for key in keys:  # warm-up (bytecode, disk caches), not timed
        measure(*planned[key])
    samples: dict[tuple, list] = {key: [] for key in keys}
    for round_number in range(runs):
        shift = (round_number * len(keys)) // max(runs, 1)
        for key in keys[shift:] + keys[:shift]:
            samples[key].append(measure(*planned[key]))
        print(f"  tour {round_number + 1}/{runs} fait", file=sys.stderr)
    return samples


def report(samples: dict[tuple, list], runs: int) -> None:
    print(f"Croissance avec le nombre d'issues, médianes de {runs} mesures entrelacées "
          "(sous-processus, démarrage de Python compris)")
    for command in ("check", "build --out"):
        print(f"\npython -m generator {command}")
        print(f"  {'version':<22} {'issues':>7} {'mur':>8} {'CPU':>8} {'CPU/issue':>11} {'marginal':>10}")
        for version in dict.fromkeys(key[0] for key in samples):
            rows = sorted((count, values) for (v, count, c), values in samples.items() if v == version and c == command)
            base_count, base_cpu = rows[0][0], statistics.median(cpu for _, cpu, _ in rows[0][1])
            per_outcome = {}
            for count, values in rows:
                wall = statistics.median(w for w, _, _ in values)
                cpu = statistics.median(c for _, c, _ in values)
                per_outcome[count] = cpu / count
                marginal = (cpu - base_cpu) / (count - base_count) if count > base_count else None
                failed = "" if all(ok for _, _, ok in values) else "  ÉCHEC (le guide est refusé)"
                print(f"  {version:<22} {count:>7} {wall:>7.2f}s {cpu:>7.2f}s {per_outcome[count] * 1000:>8.2f} ms"
                      + (f" {marginal * 1000:>7.2f} ms" if marginal is not None else f" {'':>10}") + failed)
            if 1000 in per_outcome and 10_000 in per_outcome:
                print(f"  {version:<22} temps par issue à 10 000 / à 1 000 : "
                      f"{per_outcome[10_000] / per_outcome[1000]:.2f} (objectif : au plus 1,2)")


def sizes_of(text: str) -> list[int]:
    return [int(size) for size in text.split(",") if size.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="mesures de chaque sorte (défaut : 3)")
    parser.add_argument("--tailles", default="10,100,1000,3000,10000", help="nombres d'issues ajoutées")
    parser.add_argument("--avant", default=None, help="référence git à comparer (« » : aucune ; "
                        "par défaut, le point de départ de cette branche sur main)")
    parser.add_argument("--avant-tailles", default="10,100,1000", help="tailles mesurées pour --avant")
    arguments = parser.parse_args(argv)
    if arguments.avant is None:
        arguments.avant = default_base()
    with tempfile.TemporaryDirectory(prefix="guide-croissance-") as folder:
        work = Path(folder)
        versions, sizes = {THIS: ROOT}, {THIS: sizes_of(arguments.tailles)}
        if arguments.avant:
            name = f"avant ({arguments.avant})"
            versions[name] = extract(arguments.avant, work / "avant")
            sizes[name] = sizes_of(arguments.avant_tailles)
        samples = run_all(jobs(versions, sizes, work / "guides"), arguments.runs)
    report(samples, arguments.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
