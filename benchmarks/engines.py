"""The guide built by three engines, side by side: MkDocs (the default), ProperDocs, Zensical.

Usage (from the project root, after `make install engines`):

    .venv/bin/python benchmarks/engines.py            # median of 5 interleaved runs of each
    .venv/bin/python benchmarks/engines.py --runs 11  # steadier medians
    make bench                                        # the same, default runs

Each engine builds the whole guide as its users would:
- MkDocs: `mkdocs build --strict` (the pix-guide plugin does everything);
- ProperDocs: `properdocs build --strict` of the same mkdocs.yml, in .venv-engines/;
- Zensical: `python -m generator build --docs`, `zensical build --strict`, then
  `python -m generator zensical` (what `make zensical` runs), in .venv-engines/.

Printed: wall-clock and CPU time (medians of N runs, interleaved: each round builds with every
engine, in an order that rotates, after one untimed warm-up round), the site's size (raw and
gzip), its page count, and which of the guide's features each site has, read from the built
files (what is missing where).
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import zensical_build  # noqa: E402

ENGINES = zensical_build.ENGINES
MAIN = ROOT / ".venv" / "bin" / "python"
PROCEDURE = "procedures/pas-de-compte/index.html"
ZENSICAL_ALONE = "Zensical, zensical build seul"  # timed only: not a site readers get  # a generated page, editable, with a glossary term


def environment() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name in ("SOURCE_DATE_EPOCH", "SITE_URL", "GUIDE_REPO_URL", "GUIDE_EDIT_URI"):
        env.pop(name, None)
    return env


def run(command: list, cwd: Path = ROOT) -> None:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=environment(), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"échec de {' '.join(map(str, command))} :\n{result.stdout}{result.stderr}")


def builds(work: Path) -> dict[str, tuple[Callable[[], None], Path]]:
    """Each engine's build, and the folder it writes the site into."""
    full, alone = work / "zensical", work / "zensical-seul"
    for folder in (full, alone):
        zensical_build.write_config(folder)

    def mkdocs() -> None:
        run([MAIN, "-m", "mkdocs", "build", "--strict", "--site-dir", work / "site-mkdocs"])

    def properdocs() -> None:
        run([ENGINES / "python", "-m", "properdocs", "build", "--strict", "--config-file", ROOT / "mkdocs.yml",
             "--site-dir", work / "site-properdocs"])

    def zensical(folder: Path, *steps: str) -> None:
        shutil.rmtree(folder / ".cache", ignore_errors=True)  # no cache from the last round: a full build
        commands = zensical_build.steps(folder)
        for step in steps:
            run(commands[step], folder)

    zensical(alone, "pages")  # written once: only `zensical build` is timed there
    return {"MkDocs 1.6 + Material": (mkdocs, work / "site-mkdocs"),
            "ProperDocs + Material": (properdocs, work / "site-properdocs"),
            "Zensical (make zensical)": (lambda: zensical(full, "pages", "zensical", "finish"), full / "site"),
            # The same pages, already written: Zensical's own share of the line above.
            ZENSICAL_ALONE: (lambda: zensical(alone, "zensical"), alone / "site")}


def timed(build: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (of the child processes) of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    build()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# What the guide offers, read from a built site: (label, test).
def _text(site: Path, relative: str) -> str:
    path = site / relative
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def _search_scripts(site: Path) -> str:
    files = [*site.glob("assets/javascripts/lunr/min/lunr.fr.min.js"), *site.glob("assets/javascripts/workers/search.*.js")]
    return "".join(path.read_text(encoding="utf-8", errors="replace") for path in files)


FEATURES: list[tuple[str, Callable[[Path], bool]]] = [
    ("recherche sans accents", lambda site: "pix-guide" in _search_scripts(site)),
    ("recherche : synonymes, fautes de frappe, classement", lambda site: "SYNONYMS" in _search_scripts(site)),
    ("« Modifier cette page » ouvre le YAML",
     lambda site: "/procedures/cas/pas-de-compte.yml" in _text(site, PROCEDURE)),
    ("titres des pages en typographie française (’)", lambda site: "<title>L’élève" in _text(site, PROCEDURE)),
    ("menu en typographie française", lambda site: "Vue d’ensemble des cas" in _text(site, PROCEDURE)),
    ("info-bulles du glossaire", lambda site: "<abbr title=" in _text(site, PROCEDURE)),
    ("guide hors ligne (service worker)", lambda site: (site / "sw.js").is_file()),
    ("aucune requête vers un autre site (polices…)",
     lambda site: not any("fonts.googleapis.com" in p.read_text("utf-8", errors="replace") for p in site.rglob("*.html"))),
]


def size(site: Path) -> tuple[int, int, int]:
    """Bytes (raw, gzip) of the site's files and its page count (404 excluded)."""
    files = [path for path in site.rglob("*") if path.is_file() and not path.name.endswith(".gz")]
    raw = sum(path.stat().st_size for path in files)
    compressed = sum(len(gzip.compress(path.read_bytes(), mtime=0)) for path in files)
    pages = sum(1 for path in files if path.suffix == ".html" and path.name != "404.html")
    return raw, compressed, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="nombre de constructions par moteur (défaut : 5)")
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs doit valoir au moins 1")
    if not (ENGINES / "properdocs").is_file() or not (ENGINES / "zensical").is_file():
        sys.exit("ProperDocs ou Zensical absent de .venv-engines/ : lancez « make engines ».")
    with tempfile.TemporaryDirectory(prefix="guide-moteurs-") as folder:
        work = Path(folder)
        engines = builds(work)
        names = list(engines)
        for name in names:  # warm-up, not timed
            engines[name][0]()
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for round_number in range(arguments.runs):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                samples[name].append(timed(engines[name][0]))
        report(samples, {name: site for name, (_, site) in engines.items()}, arguments.runs)
    return 0


def report(samples: dict[str, list[tuple[float, float]]], sites: dict[str, Path], runs: int) -> None:
    print(f"Trois moteurs, médiane de {runs} constructions entrelacées ({os.cpu_count()} processeurs)")
    width = max(len(name) for name in samples)
    print(f"{'':{width}}  {'temps':>8}  {'CPU':>8}  {'× MkDocs':>8}  {'site':>9}  {'gzip':>9}  {'pages':>5}")
    reference = statistics.median(wall for wall, _ in samples[next(iter(samples))])
    for name, values in samples.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        raw, compressed, pages = size(sites[name])
        print(f"{name:{width}}  {wall:7.2f}s  {cpu:7.2f}s  {wall / reference:8.2f}  "
              f"{raw / 1024:7.0f} K  {compressed / 1024:7.0f} K  {pages:5d}")
    print("\nCe que chaque site offre (lu dans les fichiers construits) :")
    label_width = max(len(label) for label, _ in FEATURES)
    engines = {name.split()[0]: site for name, site in sites.items() if name != ZENSICAL_ALONE}
    print(f"{'':{label_width}}  " + "  ".join(f"{name:>10}" for name in engines))
    for label, has in FEATURES:
        print(f"{label:{label_width}}  " + "  ".join(f"{'oui' if has(site) else 'NON':>10}" for site in engines.values()))
    print("Hors du site : `make serve` (MkDocs ou ProperDocs) régénère les pages à chaque enregistrement d'un YAML "
          "et affiche les erreurs en tête des pages ; `zensical serve` ne sert que les pages déjà écrites.")


if __name__ == "__main__":
    sys.exit(main())
