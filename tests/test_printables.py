"""The pupil's cards, the preparation sheet and the ticks' keys, without a browser."""

from __future__ import annotations

import pytest

from generator import pages
from generator.project import load_guide
from generator.rendering import render_pages, ticks_key
from helpers import ROOT, copy_project, load_errors

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def guide():
    return load_guide(ROOT)


def rendered(guide, site_url: str = "") -> dict[str, str]:
    return {page.path: page.content for page in render_pages(guide, site_url=site_url)}


def test_hostile_pupil_and_preparation_texts_are_escaped(guide):
    procedure = guide.procedures[0]  # « Pas de compte Pix », in the source's order
    steps = [step.model_copy(update={"pupil": step.pupil.model_copy(update={"text": HOSTILE})})
             if step.pupil else step for step in procedure.steps]
    prepare = [item.model_copy(update={"text": HOSTILE}) for item in procedure.prepare]
    guide.procedures[0] = procedure.model_copy(update={"steps": steps, "prepare": prepare, "title": HOSTILE})
    try:
        content = rendered(guide, "http://exemple.fr/")
    finally:
        guide.procedures[0] = procedure
    for path in ("eleves/pas-de-compte.md", "a-preparer-avant-la-rentree.md"):
        assert "<script" not in content[path] and "<img" not in content[path], path
        assert "script&gt;alert(1)&lt;/script&gt;" in content[path], path  # shown as text


def test_a_card_has_a_qr_code_only_when_the_site_address_is_known(guide):
    assert "<svg" not in rendered(guide)["eleves/pas-de-compte.md"]
    assert '<svg role="img"' in rendered(guide, "https://exemple.fr/guide/")["eleves/pas-de-compte.md"]


@pytest.mark.parametrize(("site_url", "page", "expected"), [
    ("https://exemple.fr/guide/", "eleves/pas-de-compte.md", "https://exemple.fr/guide/eleves/pas-de-compte/"),
    ("https://exemple.fr/guide", "eleves/pas-de-compte.md", "https://exemple.fr/guide/eleves/pas-de-compte/"),
    ("https://exemple.fr/", "index.md", "https://exemple.fr/"),
    ("https://exemple.fr/", "arbre/index.md", "https://exemple.fr/arbre/"),
])
def test_page_addresses(site_url, page, expected):
    assert pages.url(site_url, page) == expected


def test_the_ticks_key_changes_with_what_can_be_ticked_only(guide):
    procedure = guide.procedures[0]
    key = ticks_key(procedure)
    assert key.startswith("pas-de-compte:")
    step = procedure.steps[0].model_copy(update={"text": "Importez la base SIECLE, puis vérifiez."})
    assert ticks_key(procedure.model_copy(update={"steps": [step, *procedure.steps[1:]]})) != key
    assert ticks_key(procedure.model_copy(update={"summary": "Autre résumé."})) == key


def test_a_pupil_text_quote_is_checked_like_every_quote(tmp_path):
    root = copy_project(tmp_path)
    path = root / "procedures/cas/pas-de-compte.yml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    # The `source:` of the first `eleve:` block, written by hand from the file.
    number = next(i for i, line in enumerate(lines) if line.startswith("    eleve:")) + 2
    assert lines[number].strip() == "source: L'élève se connecte selon le choix de l'établissement."
    lines[number] = "      source: L'élève se connecte comme il veut.\n"
    path.write_text("".join(lines), "utf-8")
    errors = load_errors(root)
    assert [(e.file, e.line) for e in errors] == [("procedures/cas/pas-de-compte.yml", number + 1)]
    assert "ne se trouve pas telle quelle dans le document source" in errors[0].message
