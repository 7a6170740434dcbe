"""How strong is the test suite? Break the project on purpose, and count the breakages caught.

    .venv/bin/python benchmarks/mutation_score.py [--jobs 2] [ID ...]

Each breakage of benchmarks/mutations.yml is applied to its own copy of the project; the
command it names (e.g. `make chemins`) runs there, then the tests it names. A breakage is
caught when those tests fail (pytest exit status 1). First, the same tests run once on an
unbroken copy: they must pass, or the score would mean nothing. Prints one line per breakage
and the score; exits with status 1 if any breakage was missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MUTATIONS = ROOT / "benchmarks" / "mutations.yml"
sys.path[:0] = [str(ROOT / "tests")]

from helpers import copy_whole_project, quiet_env  # noqa: E402


@dataclass(frozen=True)
class Change:
    file: str
    before: str
    after: str


@dataclass(frozen=True)
class Mutation:
    id: str
    what: str
    changes: tuple[Change, ...]
    tests: tuple[str, ...]
    command: str = ""


@dataclass
class Result:
    mutation: Mutation
    status: str  # "attrapée", "manquée", "erreur"
    detail: str = ""
    seconds: float = field(default=0.0)


def load_mutations(path: Path = MUTATIONS) -> list[Mutation]:
    return [Mutation(entry["id"], entry["quoi"],
                     tuple(Change(c["fichier"], c["avant"], c["apres"]) for c in entry["changements"]),
                     tuple(entry["tests"]), entry.get("commande", ""))
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]


def apply(root: Path, change: Change) -> None:
    """Replace `before` by `after` in a file of the copy; `before` must occur exactly once."""
    path = root / change.file
    text = path.read_text(encoding="utf-8")
    count = text.count(change.before)
    if count != 1:
        raise ValueError(f"{change.file} : le texte « avant » apparaît {count} fois (1 attendu)")
    path.write_text(text.replace(change.before, change.after, 1), encoding="utf-8")


def project_copy(workdir: Path) -> Path:
    """A snapshot of the project, in a git repository of its own (tests/test_site.py asks git
    what the build changed), sharing this project's virtual environment: its .venv links to
    ours, with a fresh install stamp so that `make` never reinstalls into ours."""
    root = copy_whole_project(workdir)
    venv = root / ".venv"
    venv.mkdir()
    for entry in (ROOT / ".venv").iterdir():
        if entry.name != ".installed":
            (venv / entry.name).symlink_to(entry)
    (venv / ".installed").touch()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def run_tests(root: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess:
    # cwd=root: the copy's own `generator` and `tests` are the ones imported.
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                          cwd=root, capture_output=True, text=True, env=quiet_env(), timeout=900)


def last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def try_mutation(mutation: Mutation) -> Result:
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"mutation-{mutation.id}-") as workdir:
        root = project_copy(Path(workdir))
        try:
            for change in mutation.changes:
                apply(root, change)
        except ValueError as error:
            return Result(mutation, "erreur", str(error))
        if mutation.command:
            done = subprocess.run(mutation.command, shell=True, cwd=root, capture_output=True, text=True,
                                  env=quiet_env())
            if done.returncode != 0:
                return Result(mutation, "erreur", f"« {mutation.command} » a échoué : "
                              + last_line(done.stdout + done.stderr), time.monotonic() - start)
        run = run_tests(root, mutation.tests)
    status = {1: "attrapée", 0: "manquée"}.get(run.returncode, "erreur")
    return Result(mutation, status, last_line(run.stdout), time.monotonic() - start)


def baseline(mutations: list[Mutation]) -> subprocess.CompletedProcess:
    """The named tests, on an unbroken copy: they must all pass."""
    tests = tuple(sorted({test for mutation in mutations for test in mutation.tests}))
    with tempfile.TemporaryDirectory(prefix="mutation-temoin-") as workdir:
        return run_tests(project_copy(Path(workdir)), tests)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Score de mutation de la suite de tests.")
    parser.add_argument("ids", nargs="*", help="ids des mutations à essayer (toutes par défaut)")
    parser.add_argument("--jobs", type=int, default=1, help="mutations essayées en parallèle")
    options = parser.parse_args(argv)
    mutations = [m for m in load_mutations() if not options.ids or m.id in options.ids]
    if not mutations:
        print(f"Aucune mutation ne porte ces ids : {', '.join(options.ids)}", file=sys.stderr)
        return 2
    check = baseline(mutations)
    if check.returncode != 0:
        print("Les tests nommés échouent déjà sans mutation :\n" + check.stdout[-3000:], file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=options.jobs) as pool:
        results = list(pool.map(try_mutation, mutations))
    for result in results:
        print(f"{result.status:9} {result.mutation.id:48} {result.seconds:5.1f} s  {result.detail}")
    caught = sum(result.status == "attrapée" for result in results)
    print(f"\nScore : {caught}/{len(results)} mutations attrapées ({100 * caught // len(results)} %).")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
