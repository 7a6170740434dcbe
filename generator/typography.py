"""French typography, applied by the build to every page (generated or hand-written).

Why: French puts a space before « ; ! ? : » and inside « guillemets ». An ordinary space there
lets a phone break the line before the sign, leaving « ? » or « : » alone at the start of a
line. The rules below use no-break spaces instead, and the typographic apostrophe:

- narrow no-break space (U+202F) before ; ! ? and inside « »;
- no-break space (U+00A0) before : and between a number and the word that follows it
  (« 2 codes », « 15 ans »); a narrow one between the groups of a number (« 1 000 »);
- typographic apostrophe (’) between two letters.

Never inside code, pre, kbd, samp, script, style, nor in attributes (so URLs in links and the
search index terms keep their characters), nor in URLs or file names written in the text,
nor in an element marked `class="verbatim"` (the source's quotes shown word for word).

`french(text)` is the function; it is idempotent, so applying it twice changes nothing.
`TypographyExtension` applies it to Markdown pages (registered in mkdocs.yml as
`generator.typography`); the MkDocs plugin applies it to titles and menu labels.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, HTML_PLACEHOLDER_RE

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
APOSTROPHE = "\u2019"

# Elements whose text is kept as written (code, and what is marked verbatim).
SKIPPED_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
VERBATIM_CLASS = "verbatim"

# Tokens left untouched: URLs, e-mail addresses, file names (« elevessansadresse.XML »).
PROTECTED = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|[\w.-]*\w\.(?i:xml|zip|csv|pdf|txt|ods|odt|xlsx?|docx?|html?|ya?ml|json|js|css|py)\b",  # files
    re.IGNORECASE,
)
# Ordinary spaces (not the no-break ones, which are the result) around French signs.
SPACE = r"[ \t\r\n]"
RULES = [
    (re.compile(rf"{SPACE}+(?=[;!?»])"), NARROW_NBSP),
    (re.compile(rf"(?<=«){SPACE}+"), NARROW_NBSP),
    (re.compile(rf"{SPACE}+(?=:(?:\s|$))"), NBSP),  # « : » as a sign, never « 8:30 » or « http: »
    (re.compile(r"«(?=[^\s\u202f\u00a0])"), "«" + NARROW_NBSP),
    (re.compile(r"(?<=[^\s\u202f\u00a0])»"), NARROW_NBSP + "»"),
    # Digits grouped by thousands: « 1 000 ».
    (re.compile(rf"(?<=\d){SPACE}(?=\d{{3}}(?!\d))"), NARROW_NBSP),
    # A number and the word after it: « 2 codes », « 15 ans ». Not « 2. », not a second number.
    (re.compile(rf"(?<![\w.,:])(\d+){SPACE}+(?=[^\W\d_])"), r"\1" + NBSP),
    # Straight apostrophe, also as the entity html.escape writes (« L&#x27;élève »).
    (re.compile(r"(?<=[^\W\d_])(?:'|&#x27;|&#39;)(?=[^\W\d_])"), APOSTROPHE),
    # At the end of a text, the word is in the next element (« 2 <abbr>codes</abbr> »,
    # « D'<abbr>Identifiant</abbr> »).
    (re.compile(rf"(?<![\w.,:])(\d+){SPACE}+$"), r"\1" + NBSP),
    (re.compile(r"(?<=[^\W\d_])'$"), APOSTROPHE),
]


@lru_cache(maxsize=8192)  # every page repeats the menu, and the tree's pages their answers
def french(text: str) -> str:
    """The text with French typography, URLs and file names left as they are."""
    if not text:
        return text
    parts = PROTECTED.split(text)
    kept = PROTECTED.findall(text)
    result = [_apply_rules(parts[0])]
    for token, part in zip(kept, parts[1:]):
        result += [token, _apply_rules(part)]
    return "".join(result)


def _apply_rules(text: str) -> str:
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def is_skipped(element: etree.Element) -> bool:
    classes = (element.get("class") or "").split()
    return element.tag in SKIPPED_TAGS or VERBATIM_CLASS in classes


# Raw HTML (blocks, or inline tags left in the text as placeholders by Python-Markdown).
HTML_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)([^>]*?)(/?)\s*>")
CLASS_ATTRIBUTE = re.compile(r"""class\s*=\s*["']([^"']*)["']""")


class _RawHtml:
    """Typesets text between raw HTML tags, except inside code or verbatim elements."""

    def __init__(self) -> None:
        self.skipping: list[str] = []  # open elements whose content is kept as written

    def tag(self, piece: str) -> None:
        found = TAG_NAME.match(piece)
        if not found:
            return
        closing, name, attributes, self_closing = found.groups()
        name = name.lower()
        if closing and self.skipping and self.skipping[-1] == name:
            self.skipping.pop()
        elif not closing and not self_closing and (self.skipping or _skips(name, attributes)):
            self.skipping.append(name)

    def text(self, piece: str) -> str:
        return piece if self.skipping else french(piece)


def _skips(name: str, attributes: str) -> bool:
    found = CLASS_ATTRIBUTE.search(attributes)
    return name in SKIPPED_TAGS or bool(found and VERBATIM_CLASS in found.group(1).split())


def apply_to_html(html: str) -> str:
    """French typography on the text of an HTML fragment; tags and attributes are kept."""
    state = _RawHtml()
    pieces = HTML_TAG.split(html)
    for index, piece in enumerate(pieces):
        if index % 2:
            state.tag(piece)
        else:
            pieces[index] = state.text(piece)
    return "".join(pieces)


def apply_to_tree(element: etree.Element, stash: list) -> None:
    """French typography on the text of `element` and its descendants (tails included)."""
    if is_skipped(element):
        return
    element.text = _typeset(element.text, stash)
    for child in element:
        apply_to_tree(child, stash)
        # A child's tail is its parent's text, typeset even when the child itself is skipped.
        child.tail = _typeset(child.tail, stash)


def _typeset(text: str | None, stash: list) -> str | None:
    """A text of the tree; inline raw HTML tags in it (« <kbd> ») are placeholders."""
    if not text or HTML_PLACEHOLDER_RE.search(text) is None:
        return french(text) if text else text
    state = _RawHtml()
    pieces = HTML_PLACEHOLDER_RE.split(text)
    for index, piece in enumerate(pieces):
        if index % 2:
            raw = stash[int(piece)]
            state.tag(raw if isinstance(raw, str) else "")
            pieces[index] = HTML_PLACEHOLDER % piece
        else:
            pieces[index] = state.text(piece)
    return "".join(pieces)


class TypographyTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        apply_to_tree(root, stash)
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = apply_to_html(block)


class TypographyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # After attr_list (8) and abbr (7), which read the raw text; before toc (5), so the
        # table of contents shows the same text as the headings.
        md.treeprocessors.register(TypographyTreeprocessor(md), "french_typography", 6)


def makeExtension(**kwargs) -> TypographyExtension:  # noqa: N802 (Python-Markdown's API)
    return TypographyExtension(**kwargs)
