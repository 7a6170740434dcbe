"""Small fragments of the decision tree's pages, so that a tap shows the next question at once.

A tap in the tree changes only a few parts of the page: the title, a few links in <head>,
the header's title, the article, and — to or from the tree's start page, which is in the
menu — the menu and the footer. After the build, each page of the tree (a page whose
article holds `data-tree`) gets a file `fragments.json` next to it. It holds those parts for
the page itself and for every page of the tree its article links to (answers, « Modifier »,
« Recommencer »): docs/assets/arbre.js reads it once the page is shown, and a tap then swaps
the parts that differ, with no request for a whole page.

The parts are cut from the built pages, never rebuilt from the YAML: their text went through
the one escaping gate (generator.escaping) and the site check reads them like the pages.
Their relative links are made root-relative (from the path of `site_url`), so they are right
at whatever address they are shown. Pages whose remaining markup (the "shell": the page
without those parts, whitespace and inline scripts aside) differs are told apart by a shell
id: the script swaps only between pages of the same shell, and lets Material load the others.

Core module: no MkDocs import (the plugin hands it the site folder and site_url).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .html_tokens import ATTRIBUTE, COMMENT_CLOSE, START_TAG_END, TAG_NAME, raw_text_end

FILE_NAME = "fragments.json"
NEWLINE = re.compile("\n")
# The parts a tap may change, by name: (tag, attribute, one of its words). arbre.js finds
# them with the CSS selector `tag[attribute~="word"]`, written into each file. The menu is
# cut item by item (MENU): to or from the tree's start page only one item changes, and a
# whole new menu would cost its layout on every such tap.
PARTS = {
    "canonical": ("link", "rel", "canonical"),
    "prev": ("link", "rel", "prev"),
    "next": ("link", "rel", "next"),
    "skip": ("div", "data-md-component", "skip"),
    "topic": ("div", "data-md-component", "header-topic"),
    "toc": ("div", "class", "md-sidebar--secondary"),
    "article": ("article", "class", "md-content__inner"),
    "footer": ("footer", "class", "md-footer"),
}
# Head links may be missing from a page (prev/next); the other parts must be there.
OPTIONAL_PARTS = {"canonical", "prev", "next"}
URL_ATTRIBUTES = ("href", "src")
# The menu's items: the <li> children of the main menu's list, named "menu-1", "menu-2"…
MENU = (("nav", "md-nav--primary"), ("ul", "md-nav__list"))
MENU_ITEM = "menu-"
# Tags whose attributes the cutter reads whatever they hold (parts, the menu, scripts); other
# tags matter only if they hold one of NEEDED_ATTRIBUTES.
PART_TAGS = {tag for tag, _, _ in PARTS.values()}
READ_TAGS = PART_TAGS | {tag for tag, _ in MENU} | {"script"}
NEEDED_ATTRIBUTES = re.compile("|".join([*URL_ATTRIBUTES, "data-tree"]), re.I)
# The fast reader (_Cutter.read) knows these tokens of a built page; on anything else it gives
# up and the whole page is read again by HTMLParser, the reference.
FAST_TOKEN = re.compile(r"<(?:(?P<start>[a-zA-Z])|/(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>|(?P<comment>!--)|"
                        r"(?P<decl>(?i:!doctype)[^<>]*>))")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def selector(name: str) -> str:
    if name.startswith(MENU_ITEM):
        (outer, outer_class), (inner, inner_class) = MENU
        return (f'{outer}[class~="{outer_class}"] > {inner}[class~="{inner_class}"] > '
                f'li:nth-child({name.removeprefix(MENU_ITEM)})')
    tag, attribute, word = PARTS[name]
    return f'{tag}[{attribute}~="{word}"]'


@dataclass
class Page:
    """A built page cut into its parts, links root-relative."""

    path: str  # root-relative URL of the page, e.g. "/arbre/compte-oui/"
    title: str
    parts: dict[str, str]  # name → outer HTML ("" when the page has no such part)
    shell: str  # hash of the rest of the page
    in_tree: bool  # the article holds the decision tree ([data-tree])
    links: set[str] = field(default_factory=set)  # root-relative paths the article links to


class _Cutter(HTMLParser):
    """Finds the parts' spans, the start tags whose links need rewriting, inline scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts: list[int] = []
        self.fast_at: int | None = None  # where the fast reader is; None: HTMLParser reads
        self.tag_text = ""
        self.spans: dict[str, tuple[int, int]] = {}
        self.open: list[tuple[str, str, int, int]] = []  # (part, tag, start, depth)
        self.open_tags: set[str] = set()  # the tags of those parts: other tags change none
        self.tags: list[tuple[int, int, str, list[tuple[str, str | None]]]] = []  # start, end, tag, attrs
        self.scripts: list[tuple[int, int]] = []  # spans of inline script bodies
        self.script_start: int | None = None
        self.title: list[str] = []
        self.in_title = False
        self.title_span = (0, 0)
        self.in_tree = False
        self.stack: list[tuple[str, set[str]]] = []  # open elements: tag, classes
        self.menu_items = 0

    def position(self) -> int:
        if self.fast_at is not None:
            return self.fast_at
        if not self.line_starts:
            self.line_starts = [0, *(match.end() for match in NEWLINE.finditer(self.text))]
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def get_starttag_text(self) -> str | None:
        return self.tag_text if self.fast_at is not None else super().get_starttag_text()

    def read(self) -> bool:
        """Read the page as HTMLParser would, with the same calls to the handlers, but much
        faster: only the tokens a built page is made of, and the attributes of the tags that
        matter. False if the page holds anything else (then nothing can be trusted)."""
        text, position, length = self.text, 0, len(self.text)
        while position < length:
            opening = text.find("<", position)
            if opening < 0:
                self._data(text[position:])
                break
            self._data(text[position:opening])
            match = FAST_TOKEN.match(text, opening)
            if match is None:
                return False
            self.fast_at = match.start()
            if match["start"]:
                position = self._read_start_tag(match.start())
            elif match["end"]:
                self.handle_endtag(match["end"].lower())
                position = match.end()
            elif match["comment"]:
                close = COMMENT_CLOSE.search(text, match.end())
                position = close.end() if close else -1
            else:
                position = match.end()
            if position < 0:
                return False
        return True

    def _data(self, data: str) -> None:
        if data and self.in_title:
            self.handle_data(html.unescape(data))

    def _read_start_tag(self, start: int) -> int:
        """Read the start tag at `start` as HTMLParser.parse_starttag does; where it ends, or -1."""
        text = self.text
        located, name = START_TAG_END.match(text, start), TAG_NAME.match(text, start + 1)
        if located is None or name is None:
            return -1
        end = located.end()
        if text.startswith(">", end):
            end += 1
        elif text.startswith("/>", end):
            end += 2
        else:
            return -1
        tag = name.group(1).lower()
        attrs: list[tuple[str, str | None]] = []
        if tag in READ_TAGS or NEEDED_ATTRIBUTES.search(text, start, end):
            attrs, read_up_to = _attributes(text, name.end(), end)
            if text[read_up_to:end].strip() not in (">", "/>"):  # HTMLParser: not a tag
                return -1
        self.tag_text = text[start:end]
        self.handle_starttag(tag, attrs)
        if tag in self.CDATA_CONTENT_ELEMENTS:  # raw text up to its end tag, as HTMLParser
            close = raw_text_end(text, tag, end)
            if close is None:
                return -1
            self._data(text[end:close.start()])
            return close.start()
        return end

    def handle_starttag(self, tag, attrs) -> None:
        start = self.position()
        tag_text = self.get_starttag_text() or ""
        end = start + len(tag_text)
        values = {name: value or "" for name, value in attrs}
        if attrs:  # a tag without attributes has no link to rewrite
            self.tags.append((start, end, tag, attrs))
        if "data-tree" in values and any(part == "article" for part, *_ in self.open):
            self.in_tree = True
        if tag in self.open_tags:
            self.open = [(part, open_tag, begin, depth + (open_tag == tag))
                         for part, open_tag, begin, depth in self.open]
        if tag in PART_TAGS:
            for name, (part_tag, attribute, word) in PARTS.items():
                if tag == part_tag and word in values.get(attribute, "").split() and name not in self.spans:
                    if tag == "link":
                        self.spans[name] = (start, end)
                    else:
                        self._open(name, tag, start)
        if tag == "li" and self._in_menu_list():
            self.menu_items += 1
            self._open(f"{MENU_ITEM}{self.menu_items}", tag, start)
        if tag not in VOID and not tag_text.endswith("/>"):
            self.stack.append((tag, set(values.get("class", "").split())))
        self.in_title = tag == "title"
        if self.in_title:
            self.title_span = (end, end)
        if tag == "script" and "src" not in values:
            self.script_start = end

    def _open(self, part: str, tag: str, start: int) -> None:
        self.open.append((part, tag, start, 1))
        self.open_tags.add(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def _in_menu_list(self) -> bool:
        """The open elements end with the main menu's <nav> and its own list."""
        if len(self.stack) < 2:
            return False
        return all(tag == wanted_tag and wanted_class in classes
                   for (tag, classes), (wanted_tag, wanted_class) in zip(self.stack[-2:], MENU))

    def handle_endtag(self, tag) -> None:
        start = self.position()
        if tag in self.open_tags:
            self._close(tag, self.text.index(">", start) + 1)
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "title":
            self.in_title = False
            self.title_span = (self.title_span[0], start)
        if tag == "script" and self.script_start is not None:
            self.scripts.append((self.script_start, start))
            self.script_start = None

    def _close(self, tag: str, end: int) -> None:
        """An end tag `tag`, ending at `end`: the parts it closes get their span."""
        still_open = []
        for part, open_tag, begin, depth in self.open:
            depth -= open_tag == tag
            if depth == 0:
                self.spans[part] = (begin, end)
            else:
                still_open.append((part, open_tag, begin, depth))
        self.open = still_open
        self.open_tags = {open_tag for _, open_tag, _, _ in still_open}

    def handle_data(self, data) -> None:
        if self.in_title:
            self.title.append(data)


def _attributes(text: str, start: int, end: int) -> tuple[list[tuple[str, str | None]], int]:
    """The attributes of a start tag, read from `start` as HTMLParser.parse_starttag does,
    and where they end."""
    attrs: list[tuple[str, str | None]] = []
    while start < end:
        match = ATTRIBUTE.match(text, start)
        if not match:
            break
        name, rest, value = match.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = html.unescape(value)
        attrs.append((name.lower(), value))
        start = match.end()
    return attrs, start


def _rooted(value: str, page_path: str) -> str | None:
    """The root-relative form of a relative link written in the page at `page_path`, or None
    when it needs none (it has a scheme or a host, or is already root-relative)."""
    parts = urlsplit(value)
    if parts.scheme or value.startswith(("/", "//")) or not value:
        return None
    return urljoin(page_path, value)


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    written = "".join(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
                      for name, value in attrs)
    return f"<{tag}{written}{' /' if closed else ''}>"


def cut_page(text: str, page_path: str) -> Page:
    """Cut a built page (its HTML `text`, served at root-relative `page_path`) into its parts."""
    cutter = _Cutter(text)
    if not cutter.read():
        cutter = _Cutter(text)
        cutter.feed(text)
        cutter.close()
    # Rewrite the start tags with relative links; blank inline scripts (run once, at load).
    edits: list[tuple[int, int, str]] = [(start, end, "") for start, end in cutter.scripts]
    links: set[str] = set()
    article = cutter.spans.get("article", (0, 0))
    for start, end, tag, attrs in cutter.tags:
        final = [(name, (_rooted(value or "", page_path) or value) if name in URL_ATTRIBUTES else value)
                 for name, value in attrs]
        if final != attrs:
            edits.append((start, end, _start_tag(tag, final, text[start:end].endswith("/>"))))
        if tag == "a" and article[0] < start < article[1]:
            links.update(urlsplit(value).path for name, value in final
                         if name == "href" and value and value.startswith("/") and not value.startswith("//"))
    rewritten = _apply(text, edits)
    names = [*PARTS, *(f"{MENU_ITEM}{number}" for number in range(1, cutter.menu_items + 1))]
    parts = {name: rewritten(*cutter.spans[name]) if name in cutter.spans else "" for name in names}
    # The shell: the parts and the title's text removed (removals first: they win over the
    # rewrite of the same tag, the sort being stable).
    removed = [(start, end, "") for start, end in [*cutter.spans.values(), cutter.title_span]]
    shell = _apply(text, removed + edits)(0, len(text))
    # The number of menu items is part of the shell: items are swapped one for one.
    shell += f"<!-- {cutter.menu_items} -->"
    digest = hashlib.sha256(" ".join(shell.split()).encode()).hexdigest()[:16]
    return Page(page_path, "".join(cutter.title).strip(), parts, digest, cutter.in_tree, links)


def _apply(text: str, edits: list[tuple[int, int, str]]):
    """A function giving text[start:end] with the edits inside that span made. Edits may nest
    (a tag rewritten inside a part removed from the shell): the outer one wins."""
    ordered = sorted(edits, key=lambda edit: (edit[0], -edit[1]))

    def span(start: int, end: int) -> str:
        out, position = [], start
        for edit_start, edit_end, replacement in ordered:
            if edit_start < position or edit_start < start or edit_end > end:
                continue
            out += [text[position:edit_start], replacement]
            position = edit_end
        out.append(text[position:end])
        return "".join(out)

    return span


def site_path(site_url: str) -> str:
    """The path the site is served under ("/" or "/project/")."""
    return (urlsplit(site_url).path or "/").rstrip("/") + "/"


def tree_pages(site: Path, site_url: str = "") -> dict[str, Page]:
    """The built pages of the decision tree, cut into parts, by root-relative path."""
    root = site_path(site_url)
    pages = {}
    for file in sorted(site.rglob("index.html")):
        relative = file.parent.relative_to(site).as_posix()
        path = root if relative == "." else f"{root}{relative}/"
        text = file.read_text(encoding="utf-8")
        if "data-tree" not in text:  # a quick test first: most pages are not in the tree
            continue
        page = cut_page(text, path)
        if page.in_tree and all(page.parts[name] for name in PARTS if name not in OPTIONAL_PARTS):
            pages[path] = page
    return pages


def fragments_of(page: Page, pages: dict[str, Page]) -> dict:
    """The content of `page`'s fragments.json: it and the tree pages its article links to."""
    shown = [page] + [pages[path] for path in sorted(page.links) if path in pages and path != page.path]
    html_by_hash: dict[str, str] = {}
    entries = {}
    for item in shown:
        hashes = {}
        for name, part in item.parts.items():
            key = hashlib.sha256(part.encode()).hexdigest()[:16] if part else ""
            hashes[name] = key
            if part:
                html_by_hash[key] = part
        entries[item.path] = {"title": item.title, "shell": item.shell, "parts": hashes}
    names = sorted({name for item in shown for name in item.parts})
    return {"selectors": {name: selector(name) for name in names}, "pages": entries, "html": html_by_hash}


def fragment_file(site: Path, page_path: str, site_url: str = "") -> Path:
    relative = page_path.removeprefix(site_path(site_url))
    return site / relative / FILE_NAME


def write_fragments(site: Path, site_url: str = "") -> list[Path]:
    """Write fragments.json next to every page of the tree; the files written."""
    pages = tree_pages(site, site_url)
    written = []
    for path, page in pages.items():
        target = fragment_file(site, path, site_url)
        content = json.dumps(fragments_of(page, pages), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        target.write_text(content + "\n", encoding="utf-8")
        written.append(target)
    return written


def fragment_html(site: Path) -> dict[str, list[str]]:
    """Every HTML part held by the site's fragment files, by file (relative to the site): for
    the site check, which reads them as it reads the pages."""
    found = {}
    for file in sorted(site.rglob(FILE_NAME)):
        data = json.loads(file.read_text(encoding="utf-8"))
        found[posixpath.join(file.parent.relative_to(site).as_posix(), FILE_NAME)] = list(data["html"].values())
    return found
