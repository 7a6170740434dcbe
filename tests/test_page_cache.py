"""The page cache (generator/page_cache.py): reused only when no input changed, never trusted
when damaged, and giving exactly the pages a build without it gives."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from generator import page_cache
from generator.errors import AuthorErrors
from helpers import ROOT, SOURCE, copy_project, edit

CACHE = Path(".cache/pix-guide/pages.json")


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the guide, whose cache was just filled by a first build; the generator's own
    files are a copy too, so that a test may change them."""
    generator = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", generator, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(page_cache, "GENERATOR", generator)
    root = copy_project(tmp_path)
    first, from_cache = page_cache.built(root)
    assert not from_cache and (root / CACHE).is_file()
    return root


def pages_of(root: Path, site_url: str = "") -> dict[str, str]:
    result, _ = page_cache.built(root, site_url)
    return {page.path: page.content for page in result.pages}


def test_unchanged_inputs_give_the_cached_build_which_is_the_computed_one(project: Path):
    cached, from_cache = page_cache.built(project)
    assert from_cache
    assert cached == page_cache.compute(project, "")
    assert "procedures/identifiant-vers-mediacentre.md" in {page.path for page in cached.pages}


# A small change in each kind of input, and what the reader then sees on a page.
CHANGES = [
    ("procedures/cas/identifiant-vers-mediacentre.yml", "titre: D'Identifiant à Médiacentre",
     "titre: D'Identifiant à Médiacentre ÿ", "procedures/identifiant-vers-mediacentre.md"),
    ("templates/procedure.md.j2", "\n{{ reviewed(procedure.reviewed_on) }}",
     "\nÿ{{ reviewed(procedure.reviewed_on) }}", "procedures/identifiant-vers-mediacentre.md"),
    ("templates/partials/macros.md.j2", "origine. Voir aussi la [couverture", "origine ÿ Voir aussi la [couverture",
     "arbre/compte-absent-de-pix-orga.md"),
]


@pytest.mark.parametrize(("relative", "old", "new", "page"), CHANGES)
def test_a_changed_content_file_or_template_misses_the_cache(project: Path, relative, old, new, page):
    before = pages_of(project)
    edit(project, relative, old, new)
    result, from_cache = page_cache.built(project)
    assert not from_cache
    after = {p.path: p.content for p in result.pages}
    assert "ÿ" in after[page] and "ÿ" not in before[page]


def test_a_changed_source_document_misses_the_cache(project: Path):
    path = project / SOURCE
    data = path.read_bytes()
    path.write_bytes(data.replace("Médiacentre".encode(), "Médiacentrf".encode(), 1))
    with pytest.raises(AuthorErrors):  # the quotes no longer match: the cached pages are not given
        page_cache.built(project)


def test_a_changed_theme_template_misses_the_cache(project: Path):
    theme = project / "templates/theme/main.html"
    theme.write_bytes(theme.read_bytes() + b" ")
    assert not page_cache.built(project)[1]


def test_a_changed_generator_file_misses_the_cache(project: Path):
    code = page_cache.GENERATOR / "tree.py"
    code.write_bytes(code.read_bytes() + b"#")
    assert not page_cache.built(project)[1]
    (page_cache.GENERATOR / "nouveau.js").write_text("", encoding="utf-8")  # a new file too
    assert not page_cache.built(project)[1]


def test_a_new_or_removed_content_file_misses_the_cache(project: Path):
    (project / "procedures/notes.txt").write_text("x", encoding="utf-8")
    assert not page_cache.built(project)[1]
    (project / "procedures/notes.txt").unlink()
    assert not page_cache.built(project)[1]  # the cache holds the last build only


def test_another_site_address_misses_the_cache(project: Path):
    before = pages_of(project)
    result, from_cache = page_cache.built(project, "https://exemple.fr/guide/")
    assert not from_cache
    assert {p.path: p.content for p in result.pages} != before  # the pupils' QR codes


def test_another_python_or_package_version_misses_the_cache(project: Path, tmp_path: Path, monkeypatch):
    packages = tmp_path / "paquets"
    (packages / "jinja2-9.9.9.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(packages), *sys.path])
    assert not page_cache.built(project)[1]
    monkeypatch.setattr(sys, "version", sys.version + " autre")
    assert not page_cache.built(project)[1]


@pytest.mark.parametrize("content", [b"", b"\xff\xfe", b"{\"key\": ", b"[]", b"{\"key\": null}"])
def test_a_damaged_cache_is_ignored(project: Path, content: bytes):
    (project / CACHE).write_bytes(content)
    result, from_cache = page_cache.built(project)
    assert not from_cache
    assert result == page_cache.compute(project, "")
    assert page_cache.built(project)[1]  # and rewritten whole


def test_a_cache_of_the_right_key_but_wrong_shape_is_ignored(project: Path):
    data = json.loads((project / CACHE).read_text(encoding="utf-8"))
    data["pages"][0]["content"] = 7
    (project / CACHE).write_text(json.dumps(data), encoding="utf-8")
    assert not page_cache.built(project)[1]
    data["pages"][0] = {"chemin": "x.md"}
    (project / CACHE).write_text(json.dumps(data), encoding="utf-8")
    assert not page_cache.built(project)[1]


def test_a_guide_with_errors_is_never_cached(project: Path):
    edit(project, "procedures/cas/identifiant-vers-mediacentre.yml", "titre:", "titr:")
    for _ in range(2):
        with pytest.raises(AuthorErrors):
            page_cache.built(project)


def test_a_cache_that_cannot_be_written_is_left_alone(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(page_cache, "GENERATOR", ROOT / "generator")
    root = copy_project(tmp_path)
    (root / ".cache").write_text("un fichier, pas un dossier", encoding="utf-8")
    assert not page_cache.built(root)[1]
    assert not page_cache.built(root)[1]


def test_a_symbolic_link_among_the_inputs_turns_the_cache_off(project: Path):
    (project / "templates/lien.md.j2").symlink_to(project / "templates/procedure.md.j2")
    assert not page_cache.built(project)[1]
    assert not page_cache.built(project)[1]
