"""Contributors' texts reach the pages only through generator.escaping; the built site is
checked by generator.site_check; the loader reads values as written and never stalls.

Expectations are written by hand, as a reader would see the page (HTML from Python-Markdown
with the site's extensions).
"""

from __future__ import annotations

import gc
import os
import tracemalloc
from pathlib import Path

import markdown
import pytest

from generator import escaping, site_check
from generator.errors import AuthorErrors
from generator.loading import load_yaml_file, load_yaml_text
from generator.project import load_guide
from generator.rendering import render_pages
from helpers import ROOT, copy_project

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "abbr", "pymdownx.details"]


def html_of(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize("text, expected", [
    ("**Gras** et *italique*", "<p><strong>Gras</strong> et <em>italique</em></p>"),
    ("[Pix](https://pix.fr/)", '<p><a href="https://pix.fr/">Pix</a></p>'),
    ("[écrire](mailto:support@pix.fr)", '<p><a href="mailto:support@pix.fr">écrire</a></p>'),
    # Everything else is shown as written.
    ("*[Pix]: Site frauduleux", "<p>*[Pix]: Site frauduleux</p>"),
    ("[1]: https://evil.example", "<p>[1]: https://evil.example</p>"),
    ("!!! danger \"Alerte\"", "<p>!!! danger \"Alerte\"</p>"),
    ("# Titre", "<p># Titre</p>"),
    ("- point", "<p>- point</p>"),
    ("1. premier", "<p>1. premier</p>"),
    ("a | b", "<p>a | b</p>"),
    ("<b>x</b> & {: onclick=alert(1)}", "<p>&lt;b&gt;x&lt;/b&gt; &amp; {: onclick=alert(1)}</p>"),
    ("![pixel](https://example.org/p.png)", '<p>!<a href="https://example.org/p.png">pixel</a></p>'),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ("Continuer](https://evil.example/)", "<p>Continuer](https://evil.example/)</p>"),
    ("ligne\n\n# deux", "<p>ligne # deux</p>"),
    ("[le site](https://[pix.fr]/)", "<p>le site</p>"),
])
def test_block_text_allows_only_the_subset(text, expected):
    assert html_of(escaping.block_text(text)).replace("&#33;", "!").replace("&#42;", "*") \
        .replace("&#91;", "[").replace("&#93;", "]").replace("&#35;", "#").replace("&#45;", "-") \
        .replace("&#46;", ".").replace("&#124;", "|").replace("&#60;", "&lt;").replace("&#123;", "{").replace("&#125;", "}") == expected


def test_labels_put_side_by_side_never_make_a_link():
    labels = ["Il a plusieurs comptes [voir la marche à suivre]", "(java", "script:alert(document.domain)) Continuer"]
    page = html_of("- " + "".join(escaping.inline_label(label) for label in labels))
    assert "<a" not in page and "href" not in page


def test_a_label_keeps_the_words_of_a_link_but_not_the_link():
    assert html_of(escaping.inline_label("Voir [le site](https://pix.fr/)")) == "<p>Voir le site</p>"


def test_refusals_name_the_link():
    assert escaping.refusals("[x](http://pix.fr/)") == [
        "lien « http://pix.fr/ » refusé : seules les adresses complètes en https://… (nom de site valable) "
        "ou mailto:… sont acceptées"]
    assert escaping.refusals("[x](https://pix.fr/) et **gras**") == []


def test_the_serve_banner_shows_the_report_as_text():
    from generator.mkdocs_plugin import GuidePlugin

    from generator.rendering import GeneratedPage

    plugin = GuidePlugin()
    plugin.error_report = "cassee.yml:2:1: champ inconnu « ```\n<img src=x onerror=alert(1)>\n``` »"
    plugin.generated = {"index.md": GeneratedPage("index.md", "Accueil", "procedures/arbre.yml")}

    class Page:
        class file:
            src_uri = "index.md"

    page = html_of(plugin.on_page_markdown("Accueil", page=Page, config=None, files=None))
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Le guide n'a pas pu être mis à jour" in page


# --- The site check --------------------------------------------------------------------------

THEME_TEMPLATE = ('<html><script>var base = "{{ base_url }}"; start()</script>'
                  '<script src="{{ \'assets/hors-ligne.js\' | url }}"></script></html>')


@pytest.fixture
def policy(tmp_path) -> site_check.Policy:
    theme = tmp_path / "theme"
    (theme / "js").mkdir(parents=True)
    (theme / "base.html").write_text(THEME_TEMPLATE, encoding="utf-8")
    (theme / "js" / "app.js").write_text("", encoding="utf-8")
    return site_check.Policy.from_theme([theme], ["https://guide.example/", "pix.fr"], ["assets/arbre.js"],
                                        site_url="https://guide.example/")


@pytest.mark.parametrize("body, expected", [
    ('<a href="https://pix.fr/a">ok</a><a href="../b/">ok</a><a href="mailto:a@b.fr">ok</a>'
     '<script src="../js/app.js"></script><script>var base = "../.."; start()</script>'
     '<script src="../assets/hors-ligne.js"></script><script src="/assets/arbre.js"></script>', []),
    ('<a href="javascript:alert(1)">x</a>', ["lien « javascript: » interdit dans href de <a>"]),
    ('<a href=" JaVa\tScript:alert(1)">x</a>', ["lien « javascript: » interdit dans href de <a>"]),
    ('<img src="data:image/png;base64,AAAA">', ["lien « data: » interdit dans src de <img>"]),
    ('<a href="https://evil.example/">x</a>', ["lien vers un site non autorisé « evil.example » dans href de <a>"]),
    ('<p onclick="alert(1)">x</p>', ["attribut « onclick » (script) sur <p>"]),
    ("<script>alert(1)</script>", ["script en ligne inconnu du thème : « alert(1) »"]),
    ('<script src="../evil.js"></script>', ["fichier de script non livré par le thème ni par le projet"]),
    ('<script src="https://cdn.example/x.js"></script>', ["lien vers un site non autorisé « cdn.example »",
                                                          "script chargé depuis un autre site"]),
    ('<iframe src="../a/"></iframe>', ["élément <iframe> non autorisé"]),
    ('<a href="https://[pix.fr]/">x</a>', ["adresse mal formée dans href de <a>"]),
    # Split as HTMLParser and browsers do: comments, quoted « > », script text, a stray « < ».
    ("<!-- <script>alert(1)</script> --><p>ok</p>", []),
    ("<!--><script>alert(1)</script>-->", ["script en ligne inconnu du thème : « alert(1) »"]),
    ('<a title="a>b" href="javascript:alert(1)">x</a>', ["lien « javascript: » interdit dans href de <a>"]),
    ('<script>if (a<b) { f("<a href=javascript:y>") }</script>', ["script en ligne inconnu du thème"]),
    ('<p>1 < 2</p><A HREF="javascript:alert(1)">x</A>', ["lien « javascript: » interdit dans href de <a>"]),
])
def test_the_site_check_finds_what_the_theme_did_not_ship(tmp_path, policy, body, expected):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    problems = site_check.check_site(site, policy)
    assert len(problems) == len(expected), problems
    for problem, fragment in zip(problems, expected):
        assert problem.page == "a/index.html" and fragment in problem.message


def test_a_tag_shared_by_pages_is_reported_on_each(tmp_path, policy):
    """Each distinct tag is read once per build: its problem is still named on every page."""
    for name in ("a", "b"):
        (tmp_path / "site" / name).mkdir(parents=True)
        (tmp_path / "site" / name / "index.html").write_text('<p onclick="x()">menu</p>', encoding="utf-8")
    problems = site_check.check_site(tmp_path / "site", policy)
    assert [(p.page, p.message) for p in problems] == [("a/index.html", "attribut « onclick » (script) sur <p>"),
                                                       ("b/index.html", "attribut « onclick » (script) sur <p>")]


def test_while_serving_the_problems_are_shown_on_every_page(tmp_path):
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text('<body><article class="md-content__inner">Texte</article></body>', encoding="utf-8")
    site_check.show_on_every_page(tmp_path, escaping.banner("a/index.html : <script>"))
    assert page.read_text(encoding="utf-8") == ('<body><article class="md-content__inner"><pre class="guide-error-report">'
                                                'a/index.html : &lt;script&gt;</pre>Texte</article></body>')


def test_the_real_site_passes_the_site_check_and_a_hostile_page_fails_the_build(tmp_path):
    """The check runs in every build (plugin): the real site passes (other tests build it);
    a hand-written page with a script link fails the build, with the page named."""
    from helpers import run_mkdocs

    root = copy_project(tmp_path, with_site=True)
    (root / "docs" / "piege.md").write_text('# Piège\n\n<a href="javascript:alert(1)">clic</a>\n', encoding="utf-8")
    build = run_mkdocs(tmp_path / "site", config=root / "mkdocs.yml")
    assert build.returncode == 1
    assert "piege/index.html : lien « javascript: » interdit dans href de <a>" in build.stderr
    assert "Traceback" not in build.stderr


# --- The loader ------------------------------------------------------------------------------

def test_values_are_read_as_written():
    loaded = load_yaml_text("a: 8:30\nb: no\nc: 010\nd: 0x1F\ne:\nf: ~\ng: 'oui'\n", Path("x.yml"), "x.yml")
    assert loaded.data == {"a": "8:30", "b": "no", "c": "010", "d": "0x1F", "e": None, "f": None, "g": "oui"}


def test_a_file_deleted_while_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "cassee.yml"
    path.write_text("id: cassee\n", encoding="utf-8")
    real_open = os.open

    def vanishing_open(name, *args, **kwargs):
        os.unlink(name)  # deleted between the check of the file and its opening
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", vanishing_open)
    with pytest.raises(AuthorErrors) as failure:
        load_yaml_file(path, "procedures/situations/cassee.yml")
    assert str(failure.value).splitlines()[1] == (
        "procedures/situations/cassee.yml:1:1: [fichier-introuvable] fichier introuvable (supprimé, ou disparu pendant la lecture)")


def test_loading_keeps_no_memory_between_rebuilds():
    """`mkdocs serve` reloads the guide at every save: memory must stay flat (a module-level
    PyYAML constructor used to keep every node, about 0.45 MB per rebuild)."""
    for _ in range(5):  # warm-up: caches of Jinja, pydantic, regexes
        render_pages(load_guide(ROOT))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for _ in range(15):
        render_pages(load_guide(ROOT))
    gc.collect()  # what is left is held, not garbage waiting for the collector
    growth = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
    tracemalloc.stop()
    assert growth < 1_000_000, f"{growth} octets de plus après 15 rechargements"
