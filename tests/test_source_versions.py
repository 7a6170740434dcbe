"""Bringing in a new version of the source document (CONTRIBUTING.md, « Intégrer une nouvelle
version du document source »), with a realistic one kept as test data in tests/data/source-v2/.

1. With only the new source in place, `check` lists in French what it changes: the passages
   added (with the procedure file to edit), the quote removed, the quote reworded (old and new).
2. Once its YAML is updated, the content tests (marked `contenu`) pass on it: they check the
   guide against whatever source is present, not against today's wording.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, SOURCE, copy_project, copy_whole_project, line_of, quiet_env, run_generator
from test_broken_inputs import overlay

V2 = ROOT / "tests/data/source-v2"
V2_CASE = "procedures/cas/mediacentre-vers-identifiant.yml"
MIN_CONTENT_TESTS = 150  # about 200 today; fewer means modules lost their `contenu` mark


def overlay_v2(root: Path, with_yaml: bool) -> None:
    """The new source; with its YAML updated too (tests/data/source-v2/remplacer.yml: edits of
    today's files, so that the test data follows the guide's content as it changes)."""
    shutil.copyfile(V2 / SOURCE, root / SOURCE)
    if with_yaml:
        overlay(V2, root)
        (root / "LISEZMOI.md").unlink()


def test_check_lists_what_the_new_version_changes(tmp_path):
    root = copy_project(tmp_path)
    overlay_v2(root, with_yaml=False)
    result = run_generator("--racine", str(root), "check")
    report = result.stderr
    assert result.returncode == 1
    assert "Traceback" not in report
    # Added: the four new steps, each at its own line of the multi-line cell, with the file to edit.
    for line, words in [(22, "Import de la base SIECLE dans Pix orga"), (23, "« Ajouter l’identifiant »"),
                        (24, "Remettre à l’élève son identifiant"), (25, "change son mot de passe")]:
        block = next(b for b in report.split("\n" + SOURCE)[1:] if b.startswith(f":{line}:1:"))
        assert "passage du document source que le guide ne couvre pas" in block and words in block
        assert f"dans {V2_CASE} (cas « De Médiacentre à Identifiant »)" in block
    # Removed: the status sentence of that case is gone from the source.
    removed = line_of(root, V2_CASE, "  source: Procédure en cours de simplification")
    assert (f"{V2_CASE}:{removed}:11: [citation-absente] champ « sans_etapes.source » : cette citation ne se "
            "trouve pas telle quelle dans le document source, ni rien d'approchant (passage retiré ?)") in report
    # Reworded: « à nouveaux » became « à nouveau », shown with both texts and the difference.
    reworded = line_of(root, "procedures/cas/identifiant-vers-mediacentre.yml", "cliquer à nouveaux")
    assert (f"procedures/cas/identifiant-vers-mediacentre.yml:{reworded}:13: [citation-reformulee] "
            "champ « etapes[5].source » : cette citation ne se trouve pas telle quelle dans le document source (passage reformulé ?) ; le passage le plus "
            f"proche est en {SOURCE}:28, cas « D'identifiant à Médiacentre »") in report
    assert "citation : « Retourner dans le Médiacentre et cliquer à nouveaux sur la tuile Pix" in report
    assert "document : « Retourner dans le Médiacentre et cliquer à nouveau sur la tuile Pix" in report
    assert "différence : Retourner dans le Médiacentre et cliquer à nouveau[-x-] sur la tuile Pix" in report
    assert ("Document source et guide ne concordent plus : 4 passage(s) non couvert(s) (ajoutés ?), "
            "2 reformulé(s), 1 retiré(s).") in report  # the step and the pupil's card quote it
    # The typographic variants are noted, not errors: curly apostrophes match straight ones.
    assert "Remarque : le document source contient des apostrophes courbes (’) (lignes 13, 23, 24, 25)" in report
    assert "regle-4" not in report  # « l’onglet » in the source, « l'onglet » in regles.yml: same words


def test_check_passes_once_the_yaml_is_updated(tmp_path):
    root = copy_project(tmp_path)
    overlay_v2(root, with_yaml=True)
    result = run_generator("--racine", str(root), "check")
    assert result.returncode == 0, result.stderr
    assert "Tout est correct" in result.stdout


def test_the_content_tests_pass_on_the_new_version(tmp_path):
    """Run the project's content tests (marked `contenu`: the guide against the source, the
    tree against its routes, the built site) on a copy that holds the new version and its YAML.

    The other tests (bad-input corpus, engines, caches, the command line…) are not about the
    source's wording: they run once, on today's guide."""
    root = copy_whole_project(tmp_path)
    overlay_v2(root, with_yaml=True)
    git = ["git", "-C", str(root), "-c", "user.name=tests", "-c", "user.email=tests@example.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "v2"]):
        subprocess.run(git + command, check=True, capture_output=True)
    env = quiet_env(PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-m", "contenu and not browser", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, env=env, timeout=1200)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and "failed" not in result.stdout, result.stdout[-2000:]
    # The content tests are many (their marker was not lost on the way).
    assert int(passed.group(1)) >= MIN_CONTENT_TESTS, result.stdout[-2000:]
    assert os.path.exists(root / SOURCE) and (root / SOURCE).read_bytes() == (V2 / SOURCE).read_bytes()
