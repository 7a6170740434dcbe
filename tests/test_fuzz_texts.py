"""Fuzz: random Markdown, HTML and Unicode fragments in every one-line text field of a valid
project. Either `check` refuses with French `file:line:column` messages, or every page,
converted to HTML as MkDocs would (same extensions, glossary tooltips), passes the site check.

A second property goes around validation (as tests/test_browser_xss.py does): random texts
put straight into the loaded guide must still give pages that pass the site check, by
escaping alone.

Bounded and reproducible: a few dozen examples, no deadline, derandomised (the same
examples on every run, in CI too). The MkDocs build itself is exercised by the bad-input
corpus; here the pages are converted in-process, which keeps each example fast.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import site_check
from generator.errors import AuthorErrors
from generator.project import load_guide
from generator.rendering import glossary_terms, render_pages
from generator.tooltips import GlossaryTooltips
from helpers import ROOT, copy_project

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "](https://evil.example/)", "[lien](https://pix.fr/a_b)", "*[Pix]: faux", "[1]: https://e.example",
    "!!! danger \"A\"", "{: onclick=alert(1)}", "![i](https://e.example/p.png)", "&#106;avascript:",
    "java&#115;cript:alert(1)", "`code`", "\n\n# Titre\n", "- ", "1. ", "| a | b |", "**", "*", "_", "\\",
    "<!--", "-->", "[", "]", "(", ")", "<https://e.example>", "mailto:a@b.fr", "[m](mailto:a@b.fr)",
    "\u202e", "\u200b", "é", "🙂", "\t", "&amp;", "&lt;", "???+ note", "    code", "> citation", "#QRWJJP772",
    "ENT", "Pix Orga", ":", "'", '"', "{{ guide }}", "{% raw %}", "\x02klzzwxh:0000\x03", "\x00",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=1, max_size=6).map("".join)
# One-line values of text fields (block values « >- » are left as they are).
FIELD = re.compile(r"^(?P<key>\s*(?:- )?(?:titre|texte|libelle|question|intitule_court|definition|origine|si|nom|"
                   r"description|situation|aide): )(?P<value>[^>|\n].*)$", re.M)
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "toc"]
HOSTS = ["pix.fr", "evil.example", "e.example"]  # only the schemes and the markup are at stake here
# A few dozen examples, the same on every run (CI included), however slow the machine.
BOUNDED = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ERROR_LINE = re.compile(r"^[\w./-]+:\d+:\d+: \S")


def fill(root: Path, fragment: str) -> None:
    """Append the fragment to every one-line text value of every YAML file."""
    for path in sorted((root / "procedures").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(FIELD.sub(lambda m: m["key"] + json.dumps(m["value"] + " " + fragment, ensure_ascii=False),
                                  text), encoding="utf-8")


def site_problems(root: Path, site: Path, guide=None) -> list[site_check.Problem]:
    guide = guide or load_guide(root)
    tooltips = GlossaryTooltips()
    tooltips.set_terms(glossary_terms(guide))
    converter = markdown.Markdown(extensions=[*EXTENSIONS, tooltips])
    for page in render_pages(guide):
        tooltips.active = page.tooltips
        body = converter.reset().convert(page.content.split("\n---\n", 1)[-1])
        target = site / page.path.replace(".md", ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return site_check.check_site(site, site_check.Policy(hosts=set(HOSTS)))


@BOUNDED
@given(fragment=TEXT)
def test_random_texts_are_refused_in_french_or_published_inert(tmp_path_factory, fragment):
    root = copy_project(work := tmp_path_factory.mktemp("fuzz"))
    fill(root, fragment)
    try:
        problems = site_problems(root, work / "site")
    except AuthorErrors as failure:
        for error in failure.errors:
            line = error.format().splitlines()[0]
            assert ERROR_LINE.match(line), line
            assert "valeur refusée (" not in line, line  # pydantic's English message, not ours
        return
    assert problems == []


@BOUNDED
@given(fragment=TEXT)
def test_random_texts_are_inert_even_around_validation(tmp_path_factory, fragment):
    root = copy_project(work := tmp_path_factory.mktemp("fuzz"))
    guide = load_guide(root)
    procedure = guide.procedures[0]
    guide.procedures[0] = procedure.model_copy(update={  # model_copy does not validate
        "title": fragment, "summary": fragment,
        "steps": [step.model_copy(update={"text": fragment}) for step in procedure.steps],
        "prepare": [item.model_copy(update={"text": fragment}) for item in procedure.prepare]})
    questions = guide.tree.definition.questions
    answer = questions[0].answers[0]
    questions[0] = questions[0].model_copy(update={"answers": [answer.model_copy(update={"label": fragment}),
                                                               *questions[0].answers[1:]]})
    guide.tree.__dict__.pop("questions", None)  # a cached property of the tree
    problems = site_problems(root, work / "site", guide)
    # A well-formed https link to any site is allowed by escaping; the host list is the
    # build's business (mkdocs.yml). Everything else must be clean.
    assert [problem for problem in problems if "site non autorisé" not in problem.message] == []


def test_the_fuzz_reaches_the_fields():
    """Control: the fields are found, and a harmless fragment leaves a valid project."""
    root = copy_project(Path(__import__("tempfile").mkdtemp()))
    before = sum(len(FIELD.findall(path.read_text(encoding="utf-8"))) for path in (root / "procedures").rglob("*.yml"))
    assert before > 50
    fill(root, "é")
    assert load_guide(root).procedures[0].title.endswith(" é")
    assert ROOT.exists()
