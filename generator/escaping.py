"""The one gate through which contributors' texts reach a page: one function per context.

Contributors may write a small Markdown subset: **bold**, *italic* and links to https or
mailto addresses. Each text is parsed by a real CommonMark parser (markdown-it-py) that
knows only those constructs; the page's Markdown is then written again from the parsed
tokens, with every other character that means something to Markdown or HTML turned into a
numeric entity. Python-Markdown, downstream, therefore only ever sees the allowed
constructs, whatever the text holds (HTML, attribute lists, abbreviation or reference
definitions, list or heading markers, table pipes, newlines…), and a value put next to
another can never combine with it into a link.

Contexts (and their Jinja filters, see rendering.py):
- `block_text` (`texte`): a paragraph, a list item, a table cell: the whole subset.
- `inline_label` (`libelle`): a label, or the words inside a link the templates write
  (answers, titles in lists): bold and italic, links reduced to their words.
- `plain_text` (no filter: its result is not escaped): the words only, for a tooltip's
  definition (an HTML attribute, escaped by Python-Markdown) or the front matter.
- `attribute` (`attr`): an HTML attribute value.
- `front_matter` (`front_matter`): a page title or description in the front matter.
- `banner` : the error report shown on top of every page while serving.

`refusals(text)` says in French what `check` must refuse (URLs that are not https/mailto or
not well formed), so authors learn why instead of seeing their link silently dropped.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

# Only what contributors may write; every other rule (HTML, images, autolinks, code…) is off,
# so those characters come out as text and are neutralised below.
_PARSER = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
_PARSER.normalizeLink = lambda url: url  # type: ignore[method-assign] # check the target as written (see safe_url)
LINK_SCHEMES = ("https", "mailto")
MAX_URL_LENGTH = 500
# Characters with a meaning to Python-Markdown or its extensions anywhere in a line ("!"
# would make an image of a link that follows it).
_ANYWHERE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: f"&#{ord(c)};" for c in "*_[]\\`{}|!"}}
_ANYWHERE_RE = re.compile("[" + re.escape("".join(_ANYWHERE)) + "]")
# A text may start a line: list, heading, quote, admonition (!!!), details (???) markers…
_LINE_START = re.compile(r"^(\d*[.)]|[!-/:-@^~])")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
# Percent-encode what could end or bend a Markdown link target.
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&+,;=%]")


# Control characters: Python-Markdown marks its placeholders with STX and ETX (\x02, \x03);
# a text holding them could call back stored HTML. YAML's "\x02" escapes can write them.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def one_line(value: object) -> str:
    """Whitespace (newlines included) collapsed to single spaces, control characters removed."""
    return " ".join(_CONTROL.sub("", str(value)).split())


def block_text(value: object) -> str:
    return _escaped(one_line(value), links=True)


def inline_label(value: object) -> str:
    return _escaped(one_line(value), links=False)


@lru_cache(maxsize=4096)
def _escaped(text: str, links: bool) -> str:
    """Cached: the tree's pages repeat the same questions and answers hundreds of times."""
    return _write(_tokens(text), links)


def plain_text(value: object) -> str:
    """The words only, markup removed (for a tooltip, a title attribute…), not escaped."""
    return "".join(token.content for token in _tokens(one_line(value))
                   if token.type == "text").strip()


def attribute(value: object) -> str:
    return html.escape(one_line(value), quote=True)


def front_matter(value: object) -> str:
    """A page title or description. MkDocs themes print these without escaping (in <title>,
    the menu, <meta content="…">), so HTML is escaped too; a JSON string is a valid YAML
    string, whatever the text holds."""
    return json.dumps(html.escape(plain_text(value), quote=True), ensure_ascii=False)


def banner(report: str) -> str:
    """The error report as preformatted HTML text: shown as written, never interpreted. On
    one line (newlines as entities): a blank line could end the HTML block for Markdown."""
    text = html.escape(report, quote=True).replace("\n", "&#10;")
    return f'<pre class="guide-error-report">{text}</pre>'


def safe_url(url: str) -> str | None:
    """The URL ready for a Markdown link target, or None if it is not an allowed link."""
    if len(url) > MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # e.g. "https://[pix.fr]/": brackets are for IPv6 addresses
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme == "https" and not (hostname and _HOST.match(hostname) and not parts.username):
        return None
    if scheme == "mailto" and "@" not in parts.path:
        return None
    return _URL_UNSAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode()), url)


def has_link(value: object) -> bool:
    return any(token.type == "link_open" for token in _tokens(one_line(value)))


def refusals(value: object) -> list[str]:
    """French reasons to refuse a text: the links the pages could not show as links."""
    reasons = []
    for token in _tokens(one_line(value)):
        if token.type == "link_open" and safe_url(str(token.attrGet("href") or "")) is None:
            href = str(token.attrGet("href") or "")
            if len(href) > MAX_URL_LENGTH:
                reasons.append(f"adresse de lien trop longue (maximum {MAX_URL_LENGTH} caractères)")
            else:
                reasons.append(f"lien « {href[:80]} » refusé : seules les adresses complètes en "
                               "https://… (nom de site valable) ou mailto:… sont acceptées")
    return reasons


def _tokens(text: str) -> list:
    tokens = _PARSER.parseInline(text)
    return tokens[0].children or [] if tokens else []


def _write(tokens: list, links: bool) -> str:
    out: list[str] = []
    open_links: list[str | None] = []  # the target of each open link, None if shown as words
    for token in tokens:
        if token.type in ("strong_open", "strong_close"):
            out.append("**")
        elif token.type in ("em_open", "em_close"):
            out.append("*")
        elif token.type == "link_open":
            target = safe_url(str(token.attrGet("href") or "")) if links else None
            open_links.append(target)
            out.append("[" if target else "")
        elif token.type == "link_close":
            target = open_links.pop() if open_links else None
            out.append(f"]({target})" if target else "")
        else:  # text, and anything else the parser might add: shown as written
            out.append(_neutral(token.content, starts_line=not out))
    return "".join(out)


def _neutral(text: str, starts_line: bool) -> str:
    start = ""
    if starts_line and (match := _LINE_START.match(text)):
        marker = match.group()
        start, text = marker[:-1] + f"&#{ord(marker[-1])};", text[match.end():]
    return start + _ANYWHERE_RE.sub(lambda match: _ANYWHERE[match.group()], text)
