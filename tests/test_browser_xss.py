"""A contributor's text can never run script or inject markup, proved in a real browser.

Validation refuses HTML, script links, attribute lists and images (tests/broken/ shows it).
Here we go around validation on purpose: hostile texts are put into the loaded guide, the
pages are rendered and built by MkDocs, and Chromium opens them. The templates' escaping
alone must keep every payload inert: no dialog, no script, no request, the text shown as text.

Then the hostile inputs of the bad-input corpus that are shown as text rather than refused
(tests/broken/*, `accepté`) are built with the plugin (so the site check runs too) and
opened: no dialog, no request, no `javascript:` in any href.
"""

from __future__ import annotations

import re

import pytest

from generator.project import load_guide
from generator.rendering import render_pages
from helpers import copy_project, run_mkdocs
from site_server import serve
from test_broken_inputs import BUILT, is_accepted, overlay

pytestmark = pytest.mark.browser

MARK = "alert('injection')"  # a dialog is caught even if the page navigates away
PAYLOADS = [
    f"<script>{MARK}; alert(1)</script>",
    f'<img src="x" onerror="{MARK}">',
    f"</script><script>{MARK}</script>",
    f"[lien piégé](javascript:{MARK})",
    f'[lien à attributs](https://example.org){{onclick="{MARK}"}}',
    "![image tierce](https://example.org/pixel.png)",
    f'<a href="javascript:{MARK}">clic</a>',
    f"<svg onload=\"{MARK}\"></svg>",
]


PLUGIN_BLOCK = re.compile(r"^  - pix-guide:?\n(?:(?:      .*)?\n)*", re.M)


def hostile_site(tmp_path):
    """A built site whose first procedure carries every payload, validation bypassed."""
    root = copy_project(tmp_path, with_site=True)
    guide = load_guide(root)
    procedure = guide.procedures[0]
    steps = [step.model_copy(update={"text": payload}) for step, payload in zip(
        procedure.steps * len(PAYLOADS), PAYLOADS)]
    guide.procedures[0] = procedure.model_copy(update={  # model_copy does not validate
        "title": PAYLOADS[0], "summary": " ".join(PAYLOADS), "steps": steps,
        "prepare": [item.model_copy(update={"text": payload}) for item, payload in zip(
            procedure.prepare * len(PAYLOADS), PAYLOADS)]})
    for page in render_pages(guide):
        target = root / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    config = root / "mkdocs.yml"
    # Without the plugin (its block: the line and the indented lines under it).
    config.write_text(PLUGIN_BLOCK.sub("", config.read_text(encoding="utf-8")), encoding="utf-8")
    # Not strict: the neutralised script links are (harmless) broken relative links.
    build = run_mkdocs(root / "site", config=config, strict=False)
    assert build.returncode == 0, build.stderr
    return root / "site", guide.procedures[0]


def test_hostile_texts_stay_inert_in_the_browser(tmp_path, make_phone_page, external_requests):
    site, procedure = hostile_site(tmp_path)
    dialogs: list[str] = []
    with serve(site) as base:
        page = make_phone_page(javascript=True)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        url = f"{base}procedures/{procedure.id}/"
        page.goto(url)
        shown = page.locator("article").inner_text()
        # Material's own icons (the edit button's svg) aside, the article holds no such element.
        scripts = page.locator("article :is(script, img, svg, [onclick], [onerror], [onload])"
                               ":not(.md-content__button *, .md-icon *)").evaluate_all(
            "nodes => nodes.map(n => n.outerHTML.slice(0, 80))")
        hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
        requests_on_load = list(external_requests)  # clicking a real https link below is fine
        for text in ("lien piégé", "lien à attributs", "clic"):  # click whatever looks like a link
            for index in range(page.get_by_text(text).count()):
                click_in_a_new_tab(page.context, url, text, index, dialogs)
    assert dialogs == []
    assert scripts == []
    assert not any(href.lower().startswith(("javascript", "data:", "vbscript")) for href in hrefs)
    assert requests_on_load == []  # the image was not fetched
    assert "<script>" in shown and "<img" in shown  # shown as text, not markup


ACCEPTED = [case for case in BUILT if is_accepted(case)]
# The pages where the corpus' texts land: tree states, plan, overview, a procedure.
PAGES = ["", "arbre/", "arbre/compte-non/", "arbre/plan/", "vue-d-ensemble/", "procedures/pas-de-compte/",
         "situations/plusieurs-comptes/"]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.name for case in ACCEPTED])
def test_hostile_corpus_texts_stay_inert_in_the_browser(case, tmp_path, make_phone_page, external_requests):
    root = copy_project(tmp_path, with_site=True)
    overlay(case, root)
    build = run_mkdocs(tmp_path / "site", config=root / "mkdocs.yml")
    assert build.returncode == 0, build.stderr  # strict, with the plugin's site check
    dialogs: list[str] = []
    hrefs: list[str] = []
    with serve(tmp_path / "site") as base:
        page = make_phone_page(javascript=True)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in PAGES:
            page.goto(base + path)
            hrefs += page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert dialogs == []
    assert external_requests == []
    assert hrefs and not [href for href in hrefs if href.strip().lower().startswith(("javascript", "data:", "vbscript"))]
    assert not [href for href in hrefs if "evil.example" in href]


def click_in_a_new_tab(context, url: str, text: str, index: int, dialogs: list[str]) -> None:
    """Click a link in a tab of its own, waiting for the navigation it starts to end (a blocked
    external link ends on chrome-error://): a navigation still running can never interrupt the
    next page's load. A script the link ran would have shown its dialog by then."""
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(url)
    tab.get_by_text(text).nth(index).click()
    tab.wait_for_load_state()
    tab.close()
