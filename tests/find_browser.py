"""Find a Chromium for the browser tests.

Order: the CHROMIUM environment variable (path to an executable), then the system's
`chromium` / `chromium-browser`, then the browser Playwright downloads itself
(`python -m playwright install chromium`).

`python tests/find_browser.py --install` (called by `make test`) prints the browser it found;
if there is none, it tries Playwright's download (not in CI, where the machine is set up by
`.ci/run`) nor when CHROMIUM is set, and otherwise explains in French how to get one and exits with status 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HOW_TO = """Aucun navigateur Chromium trouvé pour les tests dans un navigateur.
Pour en installer un, au choix :
  - le paquet du système : sudo apt-get install chromium
  - celui de Playwright (nécessite Internet) : .venv/bin/python -m playwright install chromium
  - ou indiquez le chemin d'un Chromium déjà installé : CHROMIUM=/chemin/vers/chromium make test"""


def _executable(path: str | Path | None) -> str | None:
    if path and Path(path).is_file() and os.access(path, os.X_OK):
        return str(path)
    return None


def _playwright_chromium() -> str | None:
    """Path of the Chromium that `playwright install` downloads, if it is on disk."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    playwright = sync_playwright().start()
    try:
        return _executable(playwright.chromium.executable_path)
    finally:
        playwright.stop()


def find_chromium() -> str | None:
    """Path of a usable Chromium executable, or None."""
    if os.environ.get("CHROMIUM"):
        # An explicit choice: never fall back silently to another browser.
        return _executable(os.environ["CHROMIUM"])
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return _playwright_chromium()


def main(argv: list[str]) -> int:
    found = find_chromium()
    # Download only if nothing was chosen explicitly (CHROMIUM) and not in CI.
    may_download = not os.environ.get("CHROMIUM") and not os.environ.get("CI")
    if not found and "--install" in argv and may_download:
        print("Aucun Chromium trouvé : téléchargement de celui de Playwright…")
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
        found = find_chromium()
    if not found:
        if os.environ.get("CHROMIUM"):
            print(f"CHROMIUM={os.environ['CHROMIUM']} n'est pas un exécutable.", file=sys.stderr)
        print(HOW_TO, file=sys.stderr)
        return 1
    print(f"Navigateur pour les tests : {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
