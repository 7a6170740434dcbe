"""The guide built by the engines that may follow Material for MkDocs (end of life 2027-05-05).

- **ProperDocs** (MkDocs 1.x fork) builds the project as it is, plugin included: its site must
  be MkDocs' byte for byte, but for the generator meta tag (and the offline worker's version,
  a hash of the pages, which holds that tag).
- **Zensical** runs no MkDocs plugin: `python -m generator build --docs` writes the whole docs
  folder, zensical.toml builds it, `python -m generator zensical` finishes the site. The routes
  of tests/parcours.yml, the links, the edit links and the accent-insensitive search are
  checked in its site.

Both engines live in .venv-engines/ (`make engines`, which `make test` runs): without them the
tests skip, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import ROOT, quiet_env, run_generator, run_mkdocs, tree
from html_dom import parse_html
from routes import as_typed, load_routes, resolve, walk_tree
import zensical_build
from site_server import PHONE, serve
from test_fragments import assert_parts_make_the_pages, read_fragment_files

BUILD_DAY = "1788220800"  # SOURCE_DATE_EPOCH: both sitemaps carry the same day
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
WORKER_VERSION = re.compile(rb'var CACHE = PREFIX \+ "[0-9a-f]+";')
SHELL_ID = re.compile(rb'"shell":"[0-9a-f]+"')


def engine_python(module: str) -> Path:
    """.venv-engines' Python, once `module` imports there."""
    python = zensical_build.ENGINES / "python"
    found = python.is_file() and subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0
    if not found:
        message = f"{module} absent de .venv-engines/ : lancez « make engines »"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return python


def run(command: list, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                            env=quiet_env(**env), timeout=300)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout}{result.stderr}"
    return result


# --------------------------------------------------------------------------- ProperDocs


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The project built by MkDocs and by ProperDocs (both strict, same build day)."""
    python = engine_python("properdocs")
    folder = tmp_path_factory.mktemp("moteurs")
    mkdocs = run_mkdocs(folder / "mkdocs", SOURCE_DATE_EPOCH=BUILD_DAY)
    assert mkdocs.returncode == 0, mkdocs.stderr
    # `python -m` puts the project first on sys.path, as `python -m mkdocs` does in run_mkdocs.
    run([python, "-m", "properdocs", "build", "--strict", "--config-file", ROOT / "mkdocs.yml",
         "--site-dir", folder / "properdocs"], ROOT, SOURCE_DATE_EPOCH=BUILD_DAY)
    return folder / "mkdocs", folder / "properdocs"


def without_generator(files: dict[str, bytes]) -> dict[str, bytes]:
    """The site with the generator meta tag blanked in every page, and what is a hash of the
    pages blanked: the offline worker's version in sw.js, the tree's shell ids in each
    fragments.json (generator.fragments)."""
    return {path: GENERATOR_TAG.sub(b'<meta name="generator" content="">', content) if path.endswith(".html")
            else WORKER_VERSION.sub(b'var CACHE = PREFIX + "";', content) if path == "sw.js"
            else SHELL_ID.sub(b'"shell":""', content) if path.endswith("/fragments.json") else content
            for path, content in files.items()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Every file missing from one tree or whose bytes differ, by its path."""
    return sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))


def test_properdocs_builds_the_same_site_as_mkdocs_but_the_generator_tag(two_sites):
    mkdocs, properdocs = (tree(site) for site in two_sites)
    assert len(mkdocs) > 100 and "search/search_index.json" in mkdocs and "sw.js" in mkdocs
    pages = [path for path in mkdocs if path.endswith(".html")]
    # The plugin ran under ProperDocs too: generated pages, the folded search, the offline worker.
    assert "procedures/pas-de-compte/index.html" in properdocs and "sw.js" in properdocs
    lunr = "assets/javascripts/lunr/min/lunr.fr.min.js"
    assert b"pix-guide" in properdocs[lunr]
    assert differences(without_generator(mkdocs), without_generator(properdocs)) == []
    # What was blanked: each page's tag names its engine, and the worker's version follows the pages.
    fragments = [path for path in mkdocs if path.endswith("/fragments.json")]
    assert len(fragments) > 20
    assert set(differences(mkdocs, properdocs)) == {*pages, "sw.js", *fragments}
    for path in pages:
        tags = [GENERATOR_TAG.findall(files[path]) for files in (mkdocs, properdocs)]
        assert len(tags[0]) == len(tags[1]) == 1, path
        assert b"ProperDocs" not in tags[0][0] and b"ProperDocs" in tags[1][0], path


def test_the_comparison_sees_a_change_of_one_byte():
    """Control: anything but the tag and the worker's version counts."""
    site = {"index.html": b'<meta name="generator" content="mkdocs-1.6.1"><p>Bonjour</p>', "a.css": b"p{}",
            "sw.js": b'var CACHE = PREFIX + "0123abcd";\nvar FILES = ["./"]',
            "arbre/fragments.json": b'{"html":{"1a":"<p>Oui</p>"},"shell":"0123"}'}
    other = {"index.html": b'<meta name="generator" content="ProperDocs"><p>Bonjour</p>', "a.css": b"p{}",
             "sw.js": b'var CACHE = PREFIX + "4567ef89";\nvar FILES = ["./"]',
             "arbre/fragments.json": b'{"html":{"1a":"<p>Oui</p>"},"shell":"4567"}'}
    assert differences(without_generator(site), without_generator(other)) == []
    for path, changed in (("index.html", b'<meta name="generator" content="x"><p>Bonjour.</p>'),
                          ("a.css", b"p{ }"), ("sw.js", b'var CACHE = PREFIX + "0";\nvar FILES = []'),
                          ("arbre/fragments.json", b'{"html":{"1a":"<p>Non</p>"},"shell":"4567"}')):
        assert differences(without_generator(site), without_generator({**other, path: changed})) == [path]
    assert differences(site, {**site, "b.js": b""}) == ["b.js"]


# --------------------------------------------------------------------------- Zensical


def test_build_with_docs_writes_the_whole_folder_for_an_engine_without_plugin(tmp_path):
    out = tmp_path / "docs"
    result = run_generator("build", "--out", str(out), "--docs", str(ROOT / "docs"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    written = tree(out)
    assert written["assets/arbre.js"] == (ROOT / "docs/assets/arbre.js").read_bytes()  # assets as they are
    home = written["index.md"].decode("utf-8")
    assert home.startswith('---\nedit_source: "docs/index.md"\ntitle: "Accueil"\n')
    assert "{{" not in home and "*[SIECLE]: " in home  # figures filled in, glossary as abbreviations
    procedure = written["procedures/pas-de-compte.md"].decode("utf-8")
    assert procedure.startswith('---\nedit_source: "procedures/cas/pas-de-compte.yml"\n'
                                'title: "L’élève n’a pas encore de compte Pix"\n')
    assert written["arbre/compte-non.md"].decode("utf-8").startswith('---\nedit_source: ""\n')
    # Without --docs, the generated pages only, as they were.
    alone = tmp_path / "pages"
    assert run_generator("build", "--out", str(alone), cwd=ROOT).returncode == 0
    assert "index.md" not in tree(alone) and "edit_source" not in tree(alone)["procedures/pas-de-compte.md"].decode()


def test_build_with_docs_reports_a_page_of_docs_it_cannot_write(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "glossaire.md").write_text("# Glossaire écrit à la main\n", encoding="utf-8")
    result = run_generator("build", "--out", str(tmp_path / "out"), "--docs", str(docs), cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Pages en double : glossaire.md" in result.stderr
    (docs / "glossaire.md").unlink()
    (docs / "index.md").write_text("Un\n{{ nombre_de_cass }} cas\n", encoding="utf-8")
    result = run_generator("build", "--out", str(tmp_path / "out"), "--docs", str(docs), cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "index.md:2:1: " in result.stderr and "valeur « nombre_de_cass » inconnue" in result.stderr
    assert not (tmp_path / "out").exists()


@dataclass
class ZensicalBuild:
    site: Path  # finished by `python -m generator zensical`
    unfolded: Path  # the same site before it: Zensical's own search (control)
    finished: str  # what `python -m generator zensical` printed


@pytest.fixture(scope="module")
def zensical(tmp_path_factory) -> ZensicalBuild:
    """The guide built by Zensical as `make zensical` builds it, in a folder of its own."""
    engine_python("zensical")
    folder = tmp_path_factory.mktemp("zensical")
    zensical_build.write_config(folder)
    commands = zensical_build.steps(folder)
    run(commands["pages"], folder)
    run(commands["zensical"], folder)
    shutil.copytree(folder / "site", folder / "sans-pliage")
    finished = run(commands["finish"], folder)
    return ZensicalBuild(folder / "site", folder / "sans-pliage", finished.stdout)


def test_zensical_settings_agree_with_mkdocs_yml():
    """One menu, the same styles and scripts, whichever engine builds the guide."""
    mkdocs = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_DefaultsOfEnv)
    zensical = tomllib.loads((ROOT / "zensical.toml").read_text(encoding="utf-8"))["project"]
    for setting in ("site_name", "nav", "extra_css", "extra_javascript", "copyright"):
        assert zensical[setting] == mkdocs[setting], (
            f"« {setting} » diffère entre mkdocs.yml et zensical.toml : faites-y le même changement")
    assert zensical["site_description"] == " ".join(mkdocs["site_description"].split())
    assert zensical["not_in_nav"].split() == mkdocs["not_in_nav"].split()
    assert zensical["theme"]["custom_dir"] == mkdocs["theme"]["custom_dir"]
    assert zensical["plugins"]["search"]["separator"] == mkdocs["plugins"][0]["search"]["separator"]


class _DefaultsOfEnv(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]` read as its default."""


_DefaultsOfEnv.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def test_zensical_builds_and_the_site_is_finished(zensical):
    assert "recherche sans accents" in zensical.finished
    assert (zensical.site / "sw.js").is_file() and (zensical.site / "manifest.webmanifest").is_file()
    assert "procedures/pas-de-compte/" in (zensical.site / "sw.js").read_text(encoding="utf-8")
    worker = next((zensical.site / "assets/javascripts/workers").glob("search.*.min.js")).read_text("utf-8")
    assert worker.count("pix-guide: accent-insensitive search") == 1


def test_finishing_a_folder_that_zensical_did_not_build_says_so(tmp_path):
    (tmp_path / "site").mkdir()
    result = run_generator("zensical", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "un seul fichier search.*.min.js (trouvé : 0)" in result.stderr
    assert "Le site a-t-il été construit par Zensical ?" in result.stderr


def test_every_route_reaches_its_outcome_in_the_zensical_site(zensical):
    reached = {answers: as_typed(page.heading) for answers, page in walk_tree(zensical.site).items()
               if page.is_outcome}
    assert reached == {route.answers: as_typed(route.outcome) for route in load_routes()}


def html_pages(site: Path) -> dict[str, str]:
    """Each page's text by its URL from the site's root ("" for the home page)."""
    return {path.relative_to(site).as_posix().removesuffix("index.html"): path.read_text(encoding="utf-8")
            for path in sorted(site.rglob("*.html"))}


def test_every_link_of_the_zensical_site_reaches_a_file_and_its_anchor(zensical):
    pages = html_pages(zensical.site)
    documents = {url: parse_html(text) for url, text in pages.items()}
    ids = {url: {e.attrs["id"] for e in document.iter() if "id" in e.attrs} for url, document in documents.items()}
    broken, checked = [], 0
    for url, document in documents.items():
        if url == "404.html":  # written for any depth: its links start at the site's root
            continue
        for element in document.iter():
            href = element.attrs.get("href") or element.attrs.get("src") or ""
            if element.tag not in ("a", "link", "script", "img") or not href or urlsplit(href).scheme or href == "#":
                continue
            checked += 1
            target, anchor = resolve(url, href), urlsplit(href).fragment
            exists = (zensical.site / target).is_file() or (zensical.site / target / "index.html").is_file()
            if not exists or (anchor and anchor not in ids.get(target, set())):
                broken.append(f"/{url} → {href}")
    assert checked > 1000
    assert broken == []


def edit_links(page: str) -> list[str]:
    return [a.attrs["href"] for a in parse_html(page).find_all("a", rel="edit")]


def test_edit_links_of_the_zensical_site_open_the_yaml(zensical):
    pages = html_pages(zensical.site)
    expected = {  # written by hand: the file a contributor edits for each page
        "": "docs/index.md",
        "procedures/pas-de-compte/": "procedures/cas/pas-de-compte.yml",
        "situations/plusieurs-comptes/": "procedures/situations/plusieurs-comptes.yml",
        "regles-generales/": "procedures/regles.yml",
        "glossaire/": "procedures/glossaire.yml",
    }
    repository = tomllib.loads((ROOT / "zensical.toml").read_text(encoding="utf-8"))["project"]["repo_url"]
    for url, file in expected.items():
        assert edit_links(pages[url]) == [f"{repository}/edit/main/{file}"], url
    for url, page in pages.items():
        for link in edit_links(page):
            assert (ROOT / link.split("/edit/main/", 1)[1]).is_file(), (url, link)
    assert edit_links(pages["arbre/compte-non/"]) == []  # a reader's screen, not a document


def test_the_zensical_site_has_its_figures_and_tooltips(zensical):
    pages = html_pages(zensical.site)
    for url, page in pages.items():
        assert "{{" not in page, url  # figures of the hand-written pages, filled in
    home = parse_html(pages[""])
    assert {abbr.text() for abbr in home.find_all("abbr") if abbr.attrs.get("title")}, "no glossary tooltip"


# A result that is the page itself (its title), not one of its sections: no anchor.
PAGE_FOUND = """page => [...document.querySelectorAll("a[role=option]")]
    .some(link => new URL(link.href).pathname === "/" + page && !new URL(link.href).hash)"""


@pytest.mark.browser
@pytest.mark.parametrize("query, page", [("eleve", "procedures/pas-de-compte/"),
                                         ("mediacentre", "procedures/mediacentre-vers-mediacentre/")])
def test_zensical_search_without_accents_finds_the_accented_page(browser, zensical, query, page):
    """« L'élève n'a pas encore… », « De Médiacentre à Médiacentre »: the folded search finds
    these pages; Zensical's own search (control) misses them (it finds some of their sections,
    through other words)."""
    found = {}
    for name, site in (("plié", zensical.site), ("Zensical seul", zensical.unfolded)):
        with serve(site) as url:
            context = browser.new_context(**PHONE)
            tab = context.new_page()
            tab.goto(url)
            tab.locator("label[for=__search]").first.click()
            tab.locator("input[role=combobox]").fill(query)
            tab.locator("a[role=option]").first.wait_for()
            try:
                tab.wait_for_function(PAGE_FOUND, arg=page, timeout=3000)
            except PlaywrightTimeout:
                pass  # not found: the list below says what was
            found[name] = [without_query(href) for href in
                           tab.locator("a[role=option]").evaluate_all("links => links.map(link => link.href)")]
            context.close()
    assert page in found["plié"], found
    assert page not in found["Zensical seul"], found


def without_query(url: str) -> str:
    """A result's address from the site's root, anchor kept, without the words to highlight."""
    parts = urlsplit(url)
    return parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


def test_the_zensical_site_s_tree_fragments_make_its_pages(zensical):
    """The fast tap works on Zensical's pages too: each fragment, put in place, gives the page."""
    assert_parts_make_the_pages(zensical.site, read_fragment_files(zensical.site, walk_tree(zensical.site)))
