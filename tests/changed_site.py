"""A second build of the guide with one text changed: for the tests that need « a new
deployment » (ticks start fresh, the offline copy updates itself)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from helpers import copy_whole_project
from site_server import serve

# A step of « De Médiacentre à Médiacentre », before and after the change.
CHANGED_FILE = "procedures/cas/mediacentre-vers-mediacentre.yml"
OLD_TEXT = "L'élève se connecte à Pix par le Médiacentre de l'ENT et saisit le code parcours."
NEW_TEXT = "L'élève se connecte à Pix par le Médiacentre de l'ENT, puis saisit le code parcours."


def build_changed_site(tmp_path: Path) -> Path:
    """The site built from a copy of the project where OLD_TEXT reads NEW_TEXT."""
    root = copy_whole_project(tmp_path)
    path = root / CHANGED_FILE
    content = path.read_text("utf-8")
    assert OLD_TEXT in content, f"{CHANGED_FILE} a changé : mettez OLD_TEXT à jour"
    path.write_text(content.replace(OLD_TEXT, NEW_TEXT), "utf-8")
    site = tmp_path / "site-modifie"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=root, check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site


def replace_site(served: Path, new_site: Path) -> None:
    """Put `new_site` where `served` is, as a deployment does."""
    shutil.rmtree(served)
    shutil.copytree(new_site, served)


@contextlib.contextmanager
def redeployable(built_site: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the built site, served (folder, base URL): replace_site() deploys anew."""
    served = tmp_path / "servi"
    shutil.copytree(built_site, served)
    with serve(served) as url:
        yield served, url
