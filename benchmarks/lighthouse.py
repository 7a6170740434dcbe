"""Lighthouse scores of the guide, mobile profile: performance, accessibility, best practices
and SEO for the home page, the tree's start page, an outcome and a procedure.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3]

Builds the site into a temporary folder for the address it is served at, serves it on
127.0.0.1 gzip-compressed as GitHub and GitLab Pages do (tests/site_server.py), and runs
Lighthouse (npm package pinned in benchmarks/lighthouse/package-lock.json, installed there
with `npm ci` on first use) with the Chromium the tests use. Lighthouse's default profile is
a mid-range phone on a slow 4G network, simulated. Scores are medians of interleaved runs
(the pages alternate), so machine noise hits all alike; the goal of issue 12 is a performance
score of at least 95 on each page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from find_browser import find_chromium  # noqa: E402
from site_server import build_site, serve  # noqa: E402

TOOL = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {"performance": "performance", "accessibility": "accessibilité",
              "best-practices": "bonnes pratiques", "seo": "SEO"}
PAGES = {
    "accueil": "",
    "départ de l'arbre": "arbre/",
    "une issue (D'Identifiant à Médiacentre)": "arbre/compte-oui/mode-actuel-identifiant/mode-souhaite-mediacentre/",
    "une procédure (pas de compte)": "procedures/pas-de-compte/",
}
GOAL = 95


def install() -> None:
    """npm ci into benchmarks/lighthouse, once (the versions are pinned by its lock file)."""
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm est introuvable : installez Node.js (20 ou plus) pour mesurer avec Lighthouse.")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(TOOL)], check=True)


def scores(url: str, chromium: str) -> dict[str, float]:
    """One Lighthouse run on `url`: each category's score out of 100."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               "--only-categories=" + ",".join(CATEGORIES), "--chrome-flags=--headless=new --no-sandbox"]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium},
                            timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse a échoué sur {url} :\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {key: (report["categories"][key]["score"] or 0) * 100 for key in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    install()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Aucun Chromium trouvé (voir tests/find_browser.py).")
    with tempfile.TemporaryDirectory() as folder, serve(Path(folder), compress=True) as base:
        build_site(Path(folder), site_url=base)
        measured: dict[str, list[dict[str, float]]] = {page: [] for page in PAGES}
        for _ in range(runs):  # interleaved
            for page, path in PAGES.items():
                measured[page].append(scores(base + path, chromium))
    print(f"Lighthouse, profil mobile, serveur gzip (comme GitHub/GitLab Pages), médianes de {runs} :")
    print(f"  {'page':<42}" + "".join(f"{label:>18}" for label in CATEGORIES.values()))
    for page, results in measured.items():
        medians = [statistics.median(result[key] for result in results) for key in CATEGORIES]
        goal = "" if medians[0] >= GOAL else f"   (performance < {GOAL})"
        print(f"  {page:<42}" + "".join(f"{value:>18.0f}" for value in medians) + goal)


if __name__ == "__main__":
    main()
