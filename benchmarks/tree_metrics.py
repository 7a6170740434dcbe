"""Figures for the decision tree: taps per case, weight of the page's own assets, transfer of
the start page, and time from a tap to the next question with the CPU throttled 4×.

    .venv/bin/python benchmarks/tree_metrics.py [--runs 15]

Builds the site into a temporary folder, serves it on 127.0.0.1 and drives Chromium (found
like the tests do: CHROMIUM, the system's chromium, or Playwright's). Times are medians of
interleaved runs (with and without JavaScript alternate), so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

import rcssmin
import rjsmin

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.project import load_guide  # noqa: E402
from site_server import PHONE, build_site, launch_chromium, serve  # noqa: E402

# Our files in the built site, and the accent-folding script appended to Material's lunr.fr.
OWN_ASSETS = ["assets/arbre.js", "assets/arbre.css", "assets/guide.css", "assets/a11y.css"]
SEARCH_FOLD = ROOT / "generator/search-fold.js"


def taps_per_case(guide) -> list[tuple[str, int]]:
    """For each case of the source table, the fewest taps that reach its procedure."""
    rows = []
    for label in guide.source.case_labels:
        procedure = next(p for p in guide.procedures if p.source_case == label)
        rows.append((label, min(len(answers) for answers in guide.tree.paths_to(procedure.id))))
    return rows


def asset_sizes(site: Path) -> list[tuple[str, int, int, int]]:
    rows = []
    for name, path in [(name, site / name) for name in OWN_ASSETS] + [("recherche : search-fold.js", SEARCH_FOLD)]:
        raw = path.read_text(encoding="utf-8")
        minified = (rjsmin.jsmin if name.endswith(".js") else rcssmin.cssmin)(raw)
        rows.append((name, len(raw.encode()), len(minified.encode()),
                     len(gzip.compress(minified.encode(), compresslevel=9, mtime=0))))
    return rows


def start_page_transfer(browser, url: str) -> tuple[int, int, int]:
    """Requests, bytes received (our server does not compress) and the same bodies gzipped,
    i.e. what a host that compresses (GitHub Pages, GitLab Pages) would send."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    bodies: list[bytes] = []
    page.on("response", lambda response: bodies.append(response.body()) if response.ok else None)
    page.goto(url, wait_until="networkidle")
    context.close()
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(b, mtime=0)) for b in bodies)


def tap_to_next_question(browser, url: str, javascript: bool) -> float:
    """Milliseconds from the tap on the first answer to the next question on screen."""
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="networkidle")  # with JS, the answers are prefetched by now
    answer = page.locator("a.tree__answer").first
    before = page.locator("#tree-heading").inner_text()
    start = time.perf_counter()
    answer.tap()
    page.wait_for_function("b => { const h = document.querySelector('#tree-heading');"
                           " return h && h.innerText !== b; }", arg=before, polling="raf")
    elapsed = (time.perf_counter() - start) * 1000
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    guide = load_guide(ROOT)

    print("Touchers nécessaires pour chaque cas du document source")
    for label, taps in taps_per_case(guide):
        print(f"  {label:<32} {taps} touchers")

    with tempfile.TemporaryDirectory() as folder:
        site = build_site(Path(folder) / "site")
        print("\nFichiers propres au site (octets)        brut   minifié  min.+gzip")
        for name, raw, minified, zipped in asset_sizes(site):
            print(f"  {name:<36} {raw:>7} {minified:>9} {zipped:>10}")
        with serve(site) as base, launch_chromium() as browser:
            start_url = base + "arbre/"
            requests, received, zipped = start_page_transfer(browser, start_url)
            print(f"\nPage de départ de l'arbre : {requests} requêtes, {received / 1024:.0f} Kio reçus "
                  f"sans compression, {zipped / 1024:.0f} Kio avec gzip")
            timings: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(runs):
                for javascript in (True, False):
                    timings[javascript].append(tap_to_next_question(browser, start_url, javascript))
    with_js, without_js = (statistics.median(timings[flag]) for flag in (True, False))
    print(f"\nDu toucher à la question suivante, processeur ralenti 4×, médiane de {runs} :")
    print(f"  avec JavaScript (contenu préchargé)   {with_js:7.0f} ms")
    print(f"  sans JavaScript (page chargée)        {without_js:7.0f} ms")
    print(f"  rapport sans JS / avec JS             {without_js / with_js:7.1f}")


if __name__ == "__main__":
    main()
