"""Figures for the guide offline: what the service worker downloads on the first visit, and
how fast the tree answers with the network cut.

    .venv/bin/python benchmarks/offline_metrics.py [--runs 15]

Builds the site into a temporary folder, serves it on 127.0.0.1 and drives Chromium (found
like the tests do). The bytes are those of the files the worker copies (its list is in the
built sw.js), uncompressed and gzip-compressed (as a server sends them); the goal is at most
1.5 MB gzip. Times are medians: loading the tree's start page offline, then a tap on its
first answer until the next question shows (the tree's script, answered by the worker).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.offline import offline_copy  # noqa: E402
from site_server import PHONE, build_site, launch_chromium, serve  # noqa: E402

GOAL_GZIP = 1_500_000


def number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def first_visit_bytes(site: Path) -> None:
    copy = offline_copy(site)
    print(f"Fichiers copiés par le service worker : {len(copy.urls)}")
    print(f"Octets téléchargés à la première visite : {number(copy.bytes)} (non compressés), "
          f"{number(copy.gzip_bytes)} (gzip) ; objectif ≤ {number(GOAL_GZIP)} gzip : "
          + ("atteint" if copy.gzip_bytes <= GOAL_GZIP else "DÉPASSÉ"))


def offline_times(url: str, runs: int) -> None:
    loads, taps = [], []
    with launch_chromium() as browser:
        context = browser.new_context(**PHONE, service_workers="allow")
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        for _ in range(runs):
            start = time.perf_counter()
            page.goto(url + "arbre/")
            page.locator("a.tree__answer").first.wait_for()
            loads.append(time.perf_counter() - start)
            heading = page.locator("#tree-heading").inner_text()
            start = time.perf_counter()
            page.locator("a.tree__answer").first.click()
            page.wait_for_function("old => document.querySelector('#tree-heading').innerText !== old", arg=heading)
            taps.append(time.perf_counter() - start)
        context.close()
    print(f"Hors ligne, page de départ de l'arbre : {statistics.median(loads) * 1000:.0f} ms (médiane de {runs})")
    print(f"Hors ligne, du toucher à la question suivante : {statistics.median(taps) * 1000:.0f} ms "
          f"(médiane de {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        site = build_site(Path(folder) / "site")
        first_visit_bytes(site)
        with serve(site) as url:
            offline_times(url, runs)


if __name__ == "__main__":
    main()
