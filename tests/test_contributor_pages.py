"""What contributors and readers rely on around the content: review dates on the pages, the
accessibility statement reachable from the home page and the menu, the licence files."""

from __future__ import annotations

import pytest
import yaml

from generator import pages
from generator.project import load_guide
from generator.rendering import render_pages
from helpers import ROOT

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)


def reviewed(date) -> str:
    return f'Contenu relu le <time datetime="{date.isoformat()}">{date.strftime("%d/%m/%Y")}</time>.'


def test_every_page_from_a_dated_file_shows_its_review_date():
    guide = load_guide(ROOT)
    rendered = {page.path: page.content for page in render_pages(guide)}
    expected = {pages.procedure(p.id): p.reviewed_on for p in guide.procedures}
    expected |= {pages.situation(s.id): s.reviewed_on for s in guide.situations}
    expected |= {pages.RULES: guide.rules.reviewed_on, pages.GLOSSARY: guide.glossary.reviewed_on}
    for path, date in expected.items():
        assert reviewed(date) in rendered[path], path


def test_the_accessibility_statement_is_in_the_menu_and_on_the_home_page():
    statement = (ROOT / "docs/accessibilite.md").read_text(encoding="utf-8")
    for required in ("État de conformité", "RGAA", "Retour d'information et contact", "Voies de recours",
                     "Défenseur des droits", "Libre réponse 71120", "75342 Paris CEDEX 07",
                     "defenseurdesdroits.fr", "28 novembre 2026", "axe-core"):
        assert required in statement, required
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    about = next(item["À propos du guide"] for item in config["nav"] if "À propos du guide" in item)
    assert {"Déclaration d'accessibilité": "accessibilite.md"} in about
    assert "(accessibilite.md)" in (ROOT / "docs/index.md").read_text(encoding="utf-8")


def test_licences_are_there_and_named_in_the_readme():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Licences" in readme and "LICENSE-CONTENT" in readme


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses `!ENV`; its value does not matter here."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
