"""The tree's fragments (generator/fragments.py, read by docs/assets/arbre.js), in the built site.

A tap swaps parts of the page from a fragments.json file. These tests read the built pages
with their own small HTML reader (html_dom) and their own link resolution, never with the
code under test: every page of the tree has its file, and for every pair (page shown, page
tapped to), the page shown with the tapped page's parts put in place of its own is, link for
link and word for word, the tapped page as a full load shows it.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator import site_check
from generator.fragments import cut_page
from html_dom import Element, parse_html

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

SITE = "http://site/"


def resolved(page_url: str, value: str) -> str:
    """A link as the browser follows it from the page at `page_url` (from the site's root)."""
    return urljoin(SITE + page_url, value)


def normalized(node, page_url: str):
    """A node as the reader's browser uses it: tag, attributes with links resolved, children;
    whitespace and the text of inline scripts (run once, at load) left aside, and the order of
    <head>'s children (a link added there by the swap goes last)."""
    if isinstance(node, str):
        return " ".join(node.split())
    attrs = tuple(sorted((name, resolved(page_url, value) if name in ("href", "src") else value)
                         for name, value in node.attrs.items()))
    children = [normalized(child, page_url) for child in node.children
                if not (node.tag == "script" and isinstance(child, str))]
    kept = [child for child in children if child != ""]
    return node.tag, attrs, tuple(sorted(kept, key=repr) if node.tag == "head" else kept)


def only_element(html: str) -> Element:
    elements = [child for child in parse_html(html).children if isinstance(child, Element)]
    assert len(elements) == 1, html[:200]
    return elements[0]


def page_of(site: Path, path: str) -> tuple[str, Element]:
    url = path.lstrip("/")
    return url, parse_html((site / url / "index.html").read_text(encoding="utf-8"))


def title_of(document: Element) -> str:
    """The title as the browser shows it (typographic apostrophes kept)."""
    return " ".join("".join(c for c in document.find_all("title")[0].children if isinstance(c, str)).split())


def put_in_place(document: Element, page_url: str, own: Element | None, new: Element | None) -> None:
    """Replace, in `document`, the element equal to `own` by `new` (or add or remove it)."""
    if own is None:
        if new is not None:
            head = document.find_all("head")[0]
            head.children.append(new)
        return
    wanted = normalized(own, page_url)
    found = [e for e in document.find_all(own.tag) if normalized(e, page_url) == wanted]
    assert found, f"{page_url} : partie absente de la page construite : {own.tag} {own.attrs}"
    siblings = found[0].parent.children
    index = next(i for i, child in enumerate(siblings) if child is found[0])
    siblings[index:index + 1] = [new] if new is not None else []


def read_fragment_files(site: Path, tree_pages) -> dict[str, dict]:
    files = {}
    for page in tree_pages.values():
        file = site / page.url / "fragments.json"
        assert file.is_file(), f"pas de fragments.json pour {page.url}"
        files[page.url] = json.loads(file.read_text(encoding="utf-8"))
    return files


@pytest.fixture(scope="module")
def fragment_files(built_site, tree_pages) -> dict[str, dict]:
    return read_fragment_files(built_site, tree_pages)


def test_every_page_of_the_tree_has_its_fragments(tree_pages, fragment_files):
    assert len({page.url for page in tree_pages.values()}) >= 25  # every state, outcomes included
    for page in tree_pages.values():
        pages = fragment_files[page.url]["pages"]
        assert "/" + page.url in pages
        # Every answer's page is there, ready before the tap.
        for target in page.answers.values():
            assert "/" + target in pages, (page.url, target)


def test_a_page_with_a_tapped_page_s_parts_is_that_page(built_site, fragment_files):
    assert_parts_make_the_pages(built_site, fragment_files)


def assert_parts_make_the_pages(built_site: Path, fragment_files: dict[str, dict]) -> None:
    """For every page shown and every tree page it links to: the shown page, its parts replaced
    by the fragment's, equals the other page as built (title, head, menu, article, footer)."""
    checked = 0
    built: dict[str, tuple[str, str]] = {}  # path → title and normalized text of the page as built
    for shown_url, data in fragment_files.items():
        parts = {key: only_element(html) for key, html in data["html"].items()}
        shown = data["pages"]["/" + shown_url]
        for path, target in data["pages"].items():
            if path not in built:
                target_url, expected = page_of(built_site, path)
                built[path] = (title_of(expected), normalized(expected, target_url))
            title, expected_text = built[path]
            assert " ".join(target["title"].split()) == title, path
            _, document = page_of(built_site, "/" + shown_url)
            for name, key in target["parts"].items():
                own = shown["parts"][name]
                if own != key:
                    put_in_place(document, shown_url, parts.get(own), parts.get(key))
            document.find_all("title")[0].children = [target["title"]]
            assert normalized(document, shown_url) == expected_text, (shown_url, path)
            checked += 1
    assert checked > 100


def test_the_site_check_reads_the_fragments(tmp_path):
    """A fragment is HTML put into the page: the check after the build refuses a script in it."""
    folder = tmp_path / "arbre"
    folder.mkdir()
    data = {"selectors": {}, "pages": {}, "html": {"x": '<article><a href="javascript:alert(1)">x</a></article>',
                                                    "y": '<article><img src="x" onerror="alert(1)"></article>'}}
    (folder / "fragments.json").write_text(json.dumps(data), encoding="utf-8")
    problems = site_check.check_site(tmp_path, site_check.Policy())
    assert [problem.page for problem in problems] == ["arbre/fragments.json"] * 2
    assert "javascript" in problems[0].message and "onerror" in problems[1].message


def test_relative_links_of_a_part_become_root_relative_and_others_stay():
    page = cut_page('<html><head><title>Titre</title></head><body><article class="md-content__inner">'
                    '<div data-tree><a href="../b/">b</a> <a href="#h">h</a> <a href="mailto:x@y.fr">m</a> '
                    '<img src="//autre.example/x.png" alt=""> <a href="/site/c/">c</a></div></article></body></html>',
                    "/site/a/")
    assert page.parts["article"] == (
        '<article class="md-content__inner"><div data-tree><a href="/site/b/">b</a> <a href="/site/a/#h">h</a> '
        '<a href="mailto:x@y.fr">m</a> <img src="//autre.example/x.png" alt=""> <a href="/site/c/">c</a></div></article>')
    assert page.title == "Titre" and page.in_tree
    assert page.links == {"/site/b/", "/site/a/", "/site/c/"}



def test_a_part_held_by_several_fragment_files_is_reported_in_each(tmp_path):
    """A part is checked once per build, but each file holding it is named."""
    bad = '<article><a href="javascript:alert(1)">x</a></article>'
    for folder in ("arbre", "arbre/oui"):
        (tmp_path / folder).mkdir(parents=True)
        data = {"selectors": {}, "pages": {}, "html": {"x": bad}}
        (tmp_path / folder / "fragments.json").write_text(json.dumps(data), encoding="utf-8")
    problems = site_check.check_site(tmp_path, site_check.Policy())
    assert [problem.page for problem in problems] == ["arbre/fragments.json", "arbre/oui/fragments.json"]


# A page as MkDocs writes it: a doctype, a comment and a script holding what looks like links
# (never rewritten), upper-case tags, an entity in an attribute and in the title.
BUILT_PAGE = ('<!doctype html><HTML><head><title>Titre &amp; suite</title>'
              '<link rel="canonical" href="../a/"></head><body><!-- <a href="../x/"> -->'
              '<script>var a = \'<a href="../y/">\';</script>'
              '<ARTICLE class="md-content__inner"><div data-tree><A HREF="../b/?q=1&amp;r=2">b</A>'
              '<br/>{stray}</div></ARTICLE></body></HTML>')


@pytest.mark.parametrize("stray", ["", "1 < 2"], ids=["lecteur rapide", "repli sur HTMLParser"])
def test_a_built_page_is_cut_alike_by_the_fast_reader_and_by_htmlparser(stray):
    page = cut_page(BUILT_PAGE.format(stray=stray), "/site/a/")
    assert page.title == "Titre & suite" and page.in_tree
    assert page.parts["canonical"] == '<link rel="canonical" href="/site/a/">'
    assert page.parts["article"] == ('<ARTICLE class="md-content__inner"><div data-tree>'
                                     f'<a href="/site/b/?q=1&amp;r=2">b</A><br/>{stray}</div></ARTICLE>')
    assert page.links == {"/site/b/"}
