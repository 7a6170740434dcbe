"""The built site: `mkdocs build --strict` with no warning, and what its pages hold.

The site is built once per module, from a snapshot of the project (see copy_whole_project),
into a temporary folder. No browser: the HTML and the search index are read as files.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml

from generator.escaping import block_text as escape_text
from generator.source_document import comparable, read_source
from helpers import ROOT, copy_whole_project, run_mkdocs, tree
from html_dom import Element, parse_html

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)


def markdown_to_text(text: str) -> str:
    """What a reader sees of a contributor's text: escaped like the generator, then Markdown."""
    return parse_html(markdown.markdown(escape_text(text))).text()


def is_admonition(element: Element) -> bool:
    """Boxes beside a text, not the text: admonitions, « Bon à savoir » notes, step variants."""
    return bool({"admonition", "guide-addition", "guide-variants"} & set(element.classes()))


# --- The build --------------------------------------------------------------------------


@dataclass
class Build:
    root: Path  # the project snapshot that was built
    site: Path
    output: str
    docs_before: dict[str, bytes]
    docs_after: dict[str, bytes]
    git_before: str
    git_after: str


def git_status(root: Path, folder: str) -> str:
    from helpers import ROOT
    return subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all", "--", folder],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    from helpers import ROOT
    root = copy_whole_project(tmp_path_factory.mktemp("site"))
    site = root.parent / "site-construit"
    docs_before, git_before = tree(root / "docs"), git_status(ROOT, "docs")
    result = run_mkdocs(site, root / "mkdocs.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return Build(root, site, output, docs_before, tree(root / "docs"), git_before, git_status(ROOT, "docs"))


@pytest.fixture(scope="module")
def procedures(build) -> dict[str, dict]:
    """Each procedure's YAML, read directly (not through the generator), by id."""
    found = {}
    for path in sorted((build.root / "procedures" / "cas").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["id"]] = {**data, "_file": path.relative_to(build.root).as_posix()}
    assert len(found) == 5
    return found


def page(build: Build, location: str) -> Element:
    return parse_html((build.site / location / "index.html").read_text(encoding="utf-8"))


def html_files(build: Build) -> list[Path]:
    files = sorted(build.site.rglob("*.html"))
    assert len(files) > 10
    return files


def test_strict_build_has_no_warning(build):
    warnings = [line for line in build.output.splitlines() if "WARNING" in line]
    assert warnings == []
    assert "Documentation built" in build.output


def test_every_procedure_has_a_page(build, procedures):
    for procedure_id in procedures:
        assert (build.site / "procedures" / procedure_id / "index.html").is_file()


def numbered_items(document: Element, prefix: str) -> list[Element]:
    pattern = re.compile(rf"^{prefix}-\d+$")
    return [e for e in document.iter() if e.tag == "li" and pattern.match(e.attrs.get("id", ""))]


def test_steps_are_in_the_order_of_the_yaml(build, procedures):
    for procedure_id, data in procedures.items():
        document = page(build, f"procedures/{procedure_id}")
        items = numbered_items(document, "etape")
        steps = data.get("etapes", [])
        assert [li.attrs["id"] for li in items] == [f"etape-{n}" for n in range(1, len(steps) + 1)]
        shown = [li.text(skip=is_admonition) for li in items]
        assert shown == [markdown_to_text(step["texte"]) for step in steps], procedure_id


def test_preparation_items_are_in_the_order_of_the_yaml(build, procedures):
    for procedure_id, data in procedures.items():
        items = numbered_items(page(build, f"procedures/{procedure_id}"), "preparer")
        expected = [markdown_to_text(item["texte"]) for item in data["se_preparer"]]
        assert [li.attrs["id"] for li in items] == [f"preparer-{n}" for n in range(1, len(expected) + 1)]
        assert [li.text(skip=is_admonition) for li in items] == expected, procedure_id
        # Plain lists: coches.js adds the boxes.
        assert not any(li.find_all("input") for li in items), "no checkbox without JavaScript"


def test_branch_of_the_footnote_is_inside_its_step(build, procedures):
    branches = 0
    for procedure_id, data in procedures.items():
        document = page(build, f"procedures/{procedure_id}")
        for number, step in enumerate(data.get("etapes", []), start=1):
            if "cas_particulier" not in step:
                continue
            branches += 1
            box = document.by_id(f"etape-{number}-cas-particulier")
            assert box is not None and document.by_id(f"etape-{number}").contains(box)
            assert markdown_to_text(step["cas_particulier"]["si"]) in box.text()
            assert markdown_to_text(step["cas_particulier"]["texte"]) in box.text()
    assert branches >= 1


def test_case_without_steps_says_what_the_source_says(build, procedures):
    without = [(i, d) for i, d in procedures.items() if "sans_etapes" in d]
    # The cases the present source gives no steps for (a status sentence instead), whatever its version.
    source = read_source(ROOT / "sources/rentree-nouveaux-eleves.txt")
    cases = {comparable(p.case) for p in source.passages if p.kind == "statut"}
    assert sorted(i for i, d in procedures.items() if comparable(d["cas_source"]) in cases) == sorted(
        i for i, _ in without)
    for procedure_id, data in without:
        document = page(build, f"procedures/{procedure_id}")
        assert numbered_items(document, "etape") == []
        assert markdown_to_text(data["sans_etapes"]["texte"]) in document.by_id("sans-etapes").text()


def test_search_index_holds_the_procedures_text(build, procedures):
    index = json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    for procedure_id, data in procedures.items():
        entries = [d for d in index["docs"] if d["location"].startswith(f"procedures/{procedure_id}/")]
        assert entries, procedure_id
        text = " ".join(parse_html(d["text"]).text() for d in entries)
        texts = [step["texte"] for step in data.get("etapes", [])] + [i["texte"] for i in data["se_preparer"]]
        for expected in map(markdown_to_text, texts):
            assert expected in text, f"{procedure_id}: « {expected} » is not in the search index"


def edit_link(document: Element) -> str | None:
    links = document.find_all("a", rel="edit")
    return links[0].attrs["href"] if links else None


def test_edit_link_of_a_procedure_opens_its_yaml(build, procedures):
    for procedure_id, data in procedures.items():
        href = edit_link(page(build, f"procedures/{procedure_id}"))
        assert href is not None
        assert urlsplit(href).path.endswith(f"/edit/main/{data['_file']}"), href
        assert "/../" not in href and "/docs/" not in href


def test_every_edit_link_opens_an_existing_file(build):
    targets = {}
    for path in html_files(build):
        href = edit_link(parse_html(path.read_text(encoding="utf-8")))
        if href is None:
            continue
        relative = urlsplit(href).path.split("/edit/main/", 1)[1]
        assert (build.root / relative).is_file(), f"{path.relative_to(build.site)} → {href}"
        targets[path.relative_to(build.site).as_posix()] = relative
    assert targets["index.html"] == "docs/index.md"
    assert targets["regles-generales/index.html"] == "procedures/regles.yml"
    assert targets["glossaire/index.html"] == "procedures/glossaire.yml"


def test_build_writes_nothing_into_docs(build):
    assert build.docs_after == build.docs_before
    assert build.git_after == build.git_before
    assert not any(name.endswith(".md") and name.startswith("procedures/") for name in build.docs_after)


def test_every_page_is_in_french(build):
    for path in html_files(build):
        html_tags = parse_html(path.read_text(encoding="utf-8")).find_all("html")
        assert [e.attrs.get("lang") for e in html_tags] == ["fr"], path


EXTERNAL = re.compile(r"^(https?:)?//", re.I)
# Not fetched by a browser: where the page lives, links to other pages.
NOT_FETCHED = {"canonical", "prev", "next", "alternate"}


def test_no_page_loads_an_external_resource(build):
    for path in html_files(build):
        text = path.read_text(encoding="utf-8")
        document = parse_html(text)
        loaded = [e.attrs.get("src", "") for e in document.find_all("script")]
        loaded += [e.attrs.get("src", "") for e in document.find_all("img")]
        loaded += [e.attrs.get("href", "") for e in document.find_all("link")
                   if not set(e.attrs.get("rel", "").split()) & NOT_FETCHED]
        assert [url for url in loaded if EXTERNAL.match(url.strip())] == [], path
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, path
