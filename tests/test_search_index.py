"""What the built site's search index holds (issue 11): the pages that would come up for any
search are out of it; each glossary term is an entry of its own."""

from __future__ import annotations

import json

import pytest
import yaml

from helpers import ROOT

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

# Pages that hold every word of the guide, or none about Pix (written by hand).
OUT_OF_THE_INDEX = ["couverture-du-document-source/", "arbre/plan/", "accessibilite/", "arbre/"]


def index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_pages_that_match_everything_are_out_of_the_index(built_site):
    locations = [doc["location"] for doc in index(built_site)["docs"]]
    found = [location for location in locations
             if any(location.startswith(page) for page in OUT_OF_THE_INDEX)]
    assert found == []
    assert any(location.startswith("procedures/") for location in locations)


def test_each_glossary_term_is_an_entry_of_its_own(built_site):
    terms = yaml.safe_load((ROOT / "procedures" / "glossaire.yml").read_text(encoding="utf-8"))["termes"]
    titles = {doc["title"] for doc in index(built_site)["docs"] if doc["location"].startswith("glossaire/#")}
    assert len(titles) == len(terms)
    for term in terms:
        assert any(title.startswith(term["terme"]) for title in titles), term["terme"]
    assert "code de campagne ou code parcours" in titles  # the other word for it, in the heading
