"""Figures for the decision tree: taps per case, weight of the page's own assets, transfer of
the start page (and its budget against a plain page), requests and bytes to reach an outcome,
and time from a tap to the next question, and from Back to the previous one, with the CPU
throttled 4×, side by side with an earlier version of the guide (by default main: Material's
instant navigation loading whole pages, against this branch's fragments), and a floor (a
click that changes one word).

    .venv/bin/python benchmarks/tree_metrics.py [--runs 15] [--avant REF]

Builds the site (and the one of git reference --avant: by default the commit where this
branch left main, i.e. the guide before this branch's changes; "" for none) into
temporary folders, each for the address it is served at on 127.0.0.1 (Material's instant
navigation needs it), and drives Chromium (found like the tests do: CHROMIUM, the system's
chromium, or Playwright's). Times are medians of interleaved runs (the versions and with or
without JavaScript alternate), so machine noise hits all alike.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.minify import MINIFIERS  # noqa: E402
from generator.project import load_guide  # noqa: E402
from site_server import PHONE, build_site, launch_chromium, serve  # noqa: E402
from versions import default_base, extract  # noqa: E402

# Our files in the built site, and the accent-folding script appended to Material's lunr.fr.
OWN_ASSETS = ["assets/arbre.js", "assets/coches.js", "assets/guide.css"]
SEARCH_FOLD = ROOT / "generator/search-fold.js"


def taps_per_case(guide) -> list[tuple[str, int]]:
    """For each case of the source table, the fewest taps that reach its procedure."""
    rows = []
    for label in guide.source.case_labels:
        procedure = next(p for p in guide.procedures if p.source_case == label)
        rows.append((label, min(len(answers) for answers in guide.tree.paths_to(procedure.id))))
    return rows


def asset_sizes() -> list[tuple[str, int, int, int]]:
    """The sources' sizes, minified (as the build writes them) and gzipped."""
    rows = []
    for name, path in [(name, ROOT / "docs" / name) for name in OWN_ASSETS] + [("recherche : search-fold.js", SEARCH_FOLD)]:
        raw = path.read_text(encoding="utf-8")
        minified = MINIFIERS[path.suffix](raw)
        rows.append((name, len(raw.encode()), len(minified.encode()),
                     len(gzip.compress(minified.encode(), compresslevel=9, mtime=0))))
    return rows


# The longest way to a procedure: three taps from the start of the tree.
WALK = ["Oui, il a déjà un compte Pix", "Avec un identifiant et un mot de passe, sur Pix.fr",
        "Médiacentre (conseillé)"]


def start_page_transfer(browser, url: str, taps: tuple[str, ...] = (), javascript: bool = True) -> tuple[int, int, int]:
    """Requests, bytes received (our server does not compress) and the same bodies gzipped,
    i.e. what a host that compresses (GitHub Pages, GitLab Pages) would send: for loading
    `url`, then tapping `taps` one after the other."""
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    responses: list = []
    page.on("response", lambda response: responses.append(response) if response.ok else None)
    page.goto(url, wait_until="networkidle")
    for label in taps:
        before = page.locator("#tree-heading").inner_text()
        page.locator("a.tree__answer", has_text=label).first.tap()
        page.wait_for_function("b => { const h = document.querySelector('#tree-heading');"
                               " return h && h.innerText !== b; }", arg=before)
        page.wait_for_load_state("networkidle")
    bodies = [response.body() for response in responses]  # all arrived: the network is idle
    context.close()
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(b, mtime=0)) for b in bodies)


@contextlib.contextmanager
def served_site(folder: Path, ref: str | None = None):
    """Base URL of the site of this worktree (or of git reference `ref`), built for it."""
    site = folder / "site"
    site.mkdir()
    with serve(site) as base:
        if ref is None:
            build_site(site, site_url=base)
        else:
            _build_reference(ref, folder / "source", site, base)
        yield base


def _build_reference(ref: str, source: Path, site: Path, base: str) -> None:
    """Build the guide as it was at git reference `ref`, with its own generator."""
    extract(ref, source)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
                    str(source / "mkdocs.yml"), "--site-dir", str(site)], cwd=source, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base})


# Measured in the page, not from Playwright (whose actionability checks and round trips add
# some 200 ms): from the touch (pointerdown), or from Back (popstate), to the first task after
# the frame that shows the new question. With a swap that shows it at once, that frame is the
# one after the event (checked from a rAF asked for at the click, before the page's own
# handlers); when the question comes later (Material's instant navigation fetches the page),
# the check is asked for when the heading changes (MutationObserver). These listeners are
# added before any of the page's own.
TIMER = """
window.__timeNextQuestion = (name, checkAtClick) => {
  const start = performance.now();
  const heading = () => { const h = document.querySelector('#tree-heading'); return h && h.textContent; };
  const before = heading();
  const check = () => requestAnimationFrame(() => setTimeout(() => {
    if (window[name] === undefined && heading() !== before) window[name] = performance.now() - start; }));
  if (checkAtClick) window.addEventListener('click', check, {capture: true, once: true});
  new MutationObserver((_, observer) => { if (heading() !== before) { observer.disconnect(); check(); } })
    .observe(document, {subtree: true, childList: true, characterData: true});
};
"""
IN_PAGE = TIMER + "window.addEventListener('pointerdown', () => window.__timeNextQuestion('__tap', true), true);"
BACK_IN_PAGE = TIMER + "window.addEventListener('popstate', () => window.__timeNextQuestion('__back', false));"
# The floor on this machine: a click whose handler only changes the heading's text.
FLOOR = """
document.addEventListener('click', event => {
  if (!event.target.closest('a.tree__answer')) return;
  event.preventDefault(); event.stopImmediatePropagation();
  document.querySelector('#tree-heading').textContent = 'x';
}, true);
"""


def slow_phone(browser, url: str, script: str | None):
    """A phone's context and page, CPU slowed 4×, at `url` once the network is idle (with
    JavaScript, the answers' fragments are here by then); `script` runs before the page's own,
    None: JavaScript off."""
    context = browser.new_context(**PHONE, java_script_enabled=script is not None)
    if script is not None:
        context.add_init_script(script)
    page = context.new_page()
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="networkidle")
    return context, page


def tap_to_next_question(browser, url: str, javascript: bool, floor: bool = False) -> tuple[float, float | None]:
    """Milliseconds from the tap on the first answer to the next question on screen: seen from
    Playwright, and measured in the page (None without JavaScript: a new document)."""
    context, page = slow_phone(browser, url, IN_PAGE + (FLOOR if floor else "") if javascript else None)
    answer = page.locator("a.tree__answer").first
    before = page.locator("#tree-heading").inner_text()
    start = time.perf_counter()
    answer.tap()
    page.wait_for_function("b => { const h = document.querySelector('#tree-heading');"
                           " return h && h.innerText !== b; }", arg=before, polling="raf")
    elapsed = (time.perf_counter() - start) * 1000
    in_page = None
    if javascript:
        page.wait_for_function("window.__tap !== undefined")
        in_page = page.evaluate("window.__tap")
    context.close()
    return elapsed, in_page


def back_to_previous_question(browser, url: str) -> float:
    """Milliseconds, in the page, from Back (after a tap on the first answer) to the previous
    question on screen."""
    context, page = slow_phone(browser, url, BACK_IN_PAGE)
    before = page.locator("#tree-heading").inner_text()
    page.locator("a.tree__answer").first.tap()
    page.wait_for_function("b => document.querySelector('#tree-heading').innerText !== b", arg=before)
    page.wait_for_load_state("networkidle")  # the new page's fragments read, as a reader's pause
    page.go_back(wait_until="commit")
    page.wait_for_function("window.__back !== undefined")
    elapsed = page.evaluate("window.__back")
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--avant", default=None, help="référence git à comparer (« » : aucune ; "
                        "par défaut, le point de départ de cette branche sur main)")
    arguments = parser.parse_args()
    if arguments.avant is None:
        arguments.avant = default_base()
    runs = arguments.runs
    guide = load_guide(ROOT)

    print("Touchers nécessaires pour chaque cas du document source")
    for label, taps in taps_per_case(guide):
        print(f"  {label:<32} {taps} touchers")

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        (folder / "apres").mkdir()
        bases = {"ce guide": stack.enter_context(served_site(folder / "apres"))}
        if arguments.avant:
            (folder / "avant").mkdir()
            bases[f"avant ({arguments.avant})"] = stack.enter_context(served_site(folder / "avant", arguments.avant))
        print("\nFichiers propres au site (octets)        brut   minifié  min.+gzip")
        for name, raw, minified, zipped in asset_sizes():
            print(f"  {name:<36} {raw:>7} {minified:>9} {zipped:>10}")
        browser = stack.enter_context(launch_chromium())
        print("\nTransferts, JavaScript actif sauf mention (requêtes, Kio reçus sans compression, Kio avec gzip)")
        for version, base in bases.items():
            rows = [("page de départ de l'arbre", base + "arbre/", ()),
                    ("départ puis 3 touchers jusqu'à l'issue", base + "arbre/", tuple(WALK)),
                    ("une page Material ordinaire (règles)", base + "regles-generales/", ())]
            measured = {}
            for label, url, taps in rows:
                requests, received, zipped = measured[label] = start_page_transfer(browser, url, taps)
                print(f"  {version:<20} {label:<40} {requests:>3} req. {received / 1024:6.0f} Kio "
                      f"{zipped / 1024:5.0f} Kio")
            print_budget(version, measured[rows[0][0]], measured[rows[2][0]])
            requests, received, zipped = start_page_transfer(browser, base + "arbre/", javascript=False)
            print(f"  {version:<20} {'page de départ, sans JavaScript':<40} {requests:>3} req. "
                  f"{received / 1024:6.0f} Kio {zipped / 1024:5.0f} Kio")
        kinds = [(version, "js") for version in bases] + [("ce guide", "sans-js"), ("ce guide", "plancher")]
        backs: dict[str, list[float]] = {version: [] for version in bases}
        runs_of: dict[tuple[str, str], list[tuple[float, float | None]]] = {kind: [] for kind in kinds}
        for _ in range(runs):  # interleaved: machine noise hits every kind alike
            for version, how in kinds:
                runs_of[version, how].append(tap_to_next_question(
                    browser, bases[version] + "arbre/", javascript=how != "sans-js", floor=how == "plancher"))
            for version, base in bases.items():
                backs[version].append(back_to_previous_question(browser, base + "arbre/"))
    print(f"\nDu toucher à la question suivante, processeur ralenti 4×, médianes de {runs} "
          "(dans la page ; vu de Playwright) :")
    labels = {"js": "avec JavaScript", "sans-js": "sans JavaScript (page chargée)",
              "plancher": "plancher : le clic ne change qu'un mot"}
    for (version, how), timings in runs_of.items():
        in_page = [measured for _, measured in timings if measured is not None]
        shown = f"{statistics.median(in_page):7.0f} ms" if in_page else "      –   "
        print(f"  {version:<20} {labels[how]:<40} {shown} ; {statistics.median(t for t, _ in timings):5.0f} ms")
    print("  (vu de Playwright : ses allers-retours en plus, et les tâches que la page fait avant de lui "
          "répondre,\n   dont, après le toucher, la préparation des réponses suivantes pendant que le "
          "navigateur est au repos)")
    print(f"\nDu retour arrière (après un toucher) à la question précédente, processeur ralenti 4×, "
          f"médianes de {runs} (dans la page) :")
    for version, timings in backs.items():
        print(f"  {version:<20} {'avec JavaScript':<40} {statistics.median(timings):7.0f} ms")


def print_budget(version: str, start: tuple[int, int, int], plain: tuple[int, int, int]) -> None:
    """The goal of issue 12: the start page at most a plain page + 10 KB gzip, + 2 requests."""
    extra_requests, extra_bytes = start[0] - plain[0], (start[2] - plain[2]) / 1000
    verdict = "tenu" if extra_requests <= 2 and extra_bytes <= 10 else "NON tenu"
    print(f"  {version:<20} départ − page ordinaire : {extra_requests:+d} req., {extra_bytes:+.1f} ko gzip "
          f"(objectif : au plus +2 req. et +10 ko) : {verdict}")


if __name__ == "__main__":
    main()
