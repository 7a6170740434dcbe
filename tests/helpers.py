"""Shared helpers for the generator's tests: copy the project, break one file, read the errors.

Imported as a plain module (`from helpers import ...`): pytest puts this folder on sys.path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import AuthorError, AuthorErrors
from generator.project import load_guide

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SOURCE = "sources/rentree-nouveaux-eleves.txt"
# What the generator reads; enough for `load_guide` and `python -m generator`.
GENERATOR_INPUTS = ("procedures", "templates", "sources")


def copy_project(tmp_path: Path, with_site: bool = False) -> Path:
    """A private copy of the guide's inputs (plus docs/ and mkdocs.yml if `with_site`)."""
    root = tmp_path / "projet"
    root.mkdir()
    for folder in GENERATOR_INPUTS + (("docs",) if with_site else ()):
        shutil.copytree(ROOT / folder, root / folder)
    if with_site:
        shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


# Not part of the site's inputs: environments, outputs, caches, version control (as .gitignore,
# plus the caches of the tools): the engines' environment alone weighs about 260 MB.
NOT_COPIED = (".venv", ".venv-*", ".git", "site", "site.tmp", "site.old", "public", "build", "__pycache__",
              ".pytest_cache", ".mypy_cache", ".hypothesis", ".cache", "node_modules", "test-results",
              "*.egg-info", ".*.old")


def copy_whole_project(tmp_path: Path) -> Path:
    """A snapshot of the whole project (code, content, docs/, mkdocs.yml) for a site build.

    Other engineers edit the shared working tree while tests run; building a snapshot keeps
    a build (and the before/after comparisons around it) consistent. Run MkDocs with the
    snapshot as working directory so that `generator` is imported from the snapshot too.
    """
    root = tmp_path / "projet-complet"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(*NOT_COPIED))
    return root


def load_errors(root: Path) -> list[AuthorError]:
    """The author errors `load_guide` reports for `root`; fails the test if it reports none."""
    try:
        load_guide(root)
    except AuthorErrors as failure:
        assert failure.errors, "AuthorErrors raised with an empty list"
        return failure.errors
    pytest.fail(f"load_guide accepted the broken project in {root}")


def only_error(root: Path) -> AuthorError:
    """The single author error reported for `root` (one mistake, one message)."""
    errors = load_errors(root)
    assert len(errors) == 1, "expected exactly one error, got:\n" + "\n".join(e.format() for e in errors)
    return errors[0]


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) by `new` in a file of the copy."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, relative: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the `occurrence`-th line that contains `needle`."""
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not found {occurrence} time(s) in {relative}"
    return found[occurrence - 1]


def run_generator(*arguments: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """`python -m generator ...` in a subprocess, output captured as text (`env`: extra variables)."""
    return subprocess.run([PYTHON, "-m", "generator", *arguments], cwd=cwd, capture_output=True,
                          text=True, env=quiet_env(**env), timeout=120)


def run_mkdocs(site_dir: Path, config: Path = ROOT / "mkdocs.yml", strict: bool = True,
               **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `config` into `site_dir`, output captured as text.

    Runs in the config's folder, so a snapshot's own `generator` package is the one imported.
    """
    return subprocess.run([PYTHON, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
                           "--config-file", str(config), "--site-dir", str(site_dir)], cwd=config.parent,
                          capture_output=True, text=True, env=quiet_env(**env), timeout=300)


def quiet_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    for name in ("SOURCE_DATE_EPOCH", "SITE_URL", "GUIDE_REPO_URL"):
        env.pop(name, None)
    env.update(extra)
    return env


def tree(folder: Path, exclude: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under `folder` by its relative POSIX path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.relative_to(folder).as_posix() not in exclude}
