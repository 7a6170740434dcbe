"""Find a Chromium for the browser tests, and install one if there is none.

Order: the CHROMIUM environment variable (path to an executable), then the system's
`chromium` / `chromium-browser`, then the browser Playwright downloads itself
(`python -m playwright install chromium`).

`python tests/find_browser.py --install` (called by `make test`, on a laptop and in CI alike)
prints the browser it found. If there is none, and CHROMIUM does not name one, it tries
Playwright's download; if that fails (no internet), on Debian or Ubuntu as root it installs
the system's `chromium` package (apt-get); otherwise it says in French exactly what to run,
and exits with status 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PLAYWRIGHT_DOWNLOAD = [sys.executable, "-m", "playwright", "install", "chromium"]
APT_STEPS = [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]]
DOWNLOAD_TIMEOUT = 600  # seconds: without internet, Playwright gives up well before


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


@dataclass(frozen=True)
class System:
    """What decides how a browser can be installed on this machine."""

    chosen: str  # the CHROMIUM variable, "" if unset
    debian_like: bool  # Debian, Ubuntu or a derivative: apt-get has a `chromium` package
    root: bool
    has_apt: bool

    @classmethod
    def current(cls) -> System:
        return cls(os.environ.get("CHROMIUM", ""), _debian_like(Path("/etc/os-release")),
                   hasattr(os, "geteuid") and os.geteuid() == 0, shutil.which("apt-get") is not None)

    @property
    def may_use_apt(self) -> bool:
        return self.debian_like and self.root and self.has_apt


def _debian_like(os_release: Path) -> bool:
    try:
        text = os_release.read_text(encoding="utf-8")
    except OSError:
        return False
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    names = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".replace('"', "").split()
    return bool({"debian", "ubuntu"} & set(names))


def how_to(system: System) -> str:
    """What the reader must run, in French, for this machine."""
    lines = ["Aucun navigateur Chromium trouvé pour les tests dans un navigateur."]
    if system.chosen:
        lines.append(f"CHROMIUM={system.chosen} n'est pas un exécutable : corrigez ce chemin, ou retirez la variable.")
        return "\n".join(lines)
    lines.append("Pour en installer un, lancez :")
    if system.debian_like:
        lines.append("  sudo apt-get update && sudo apt-get install -y chromium")
        lines.append("puis relancez « make test ». Avec Internet, ceci suffit aussi :")
    lines.append("  .venv/bin/python -m playwright install chromium")
    lines.append("Ou indiquez un Chromium déjà installé : CHROMIUM=/chemin/vers/chromium make test")
    return "\n".join(lines)


Runner = Callable[[list[str]], int]


def _run(command: list[str]) -> int:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, timeout=DOWNLOAD_TIMEOUT,
                              check=False).returncode
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"« {' '.join(command)} » a échoué : {error}", file=sys.stderr)
        return 1


def install_chromium(system: System, find: Callable[[], str | None] = find_chromium,
                     run: Runner = _run) -> str | None:
    """A Chromium, installed if needed: Playwright's download, else apt-get (Debian, as root)."""
    if found := find():
        return found
    if system.chosen:
        return None  # an explicit choice that is wrong: installing another would hide it
    print("Aucun Chromium trouvé : téléchargement de celui de Playwright…")
    if run(PLAYWRIGHT_DOWNLOAD) == 0 and (found := find()):
        return found
    if system.may_use_apt:
        print("Téléchargement impossible : installation du paquet chromium du système (apt-get)…")
        if all(run(step) == 0 for step in APT_STEPS):
            return find()
    return None


def main(argv: list[str], system: System | None = None, find: Callable[[], str | None] = find_chromium,
         run: Runner = _run) -> int:
    system = system or System.current()
    found = install_chromium(system, find, run) if "--install" in argv else find()
    if not found:
        print(how_to(system), file=sys.stderr)
        return 1
    print(f"Navigateur pour les tests : {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
