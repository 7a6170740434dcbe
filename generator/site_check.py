"""Defence in depth: a check of the built site's HTML, after every build.

Escaping (generator.escaping) should make it impossible for a contributor's text to add a
script or a script link. This check does not trust that: it reads every HTML page of the
built site and reports
- any `href`/`src`/`action`… whose scheme is not http(s) or mailto (relative links are fine);
- any link or resource on another site whose host is not allowed (the site's own, the
  repository's, and those listed in mkdocs.yml under the plugin's `hotes_externes`);
- any `on…` attribute (onclick, onerror…), and any element that loads or embeds other
  content (iframe, object, embed, base, meta refresh);
- any <script> the theme or the project did not ship: a script file must be one of the
  theme's, of `extra_javascript` or named in a theme template; an inline script must match
  one written in the theme's templates (their Jinja expressions stand for any text).
The HTML parts held by the decision tree's fragment files (generator.fragments) are read
the same way.

Core module: no MkDocs import (the plugin hands it folders and lists).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .fragments import fragment_html, site_path
from .html_tokens import START_TAG_END, raw_text_end

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "cite"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
_TEMPLATE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_TEMPLATE_SCRIPT_FILE = re.compile(r"""["']([\w./-]+\.js)["']""")


@dataclass(frozen=True)
class Problem:
    page: str  # relative to the site folder
    message: str

    def format(self) -> str:
        return f"{self.page} : {self.message}"


@dataclass
class Policy:
    hosts: set[str] = field(default_factory=set)
    script_files: set[str] = field(default_factory=set)  # paths relative to the site root
    inline_scripts: list[re.Pattern] = field(default_factory=list)
    site_path: str = "/"  # where the site is served (the path of site_url): "/…" links start there

    @classmethod
    def from_theme(cls, theme_dirs: list[Path], urls_or_hosts: list[str],
                   extra_scripts: tuple[str, ...] | list[str] = (), site_url: str = "") -> "Policy":
        hosts = {((urlsplit(item).hostname or "") if "//" in item else item).lower()
                 for item in urls_or_hosts if item}
        files, patterns = set(extra_scripts), []
        for folder in theme_dirs:
            for path in _scripts_and_templates(folder):
                if path.suffix == ".js":
                    files.add(path.relative_to(folder).as_posix())
                else:
                    template = path.read_text(encoding="utf-8", errors="replace")
                    patterns += [_script_pattern(body) for body in _TEMPLATE_SCRIPT.findall(template)]
                    # Script files the templates name (e.g. {{ 'assets/x.js' | url }}).
                    files.update(name.lstrip("./") for name in _TEMPLATE_SCRIPT_FILE.findall(template))
        return cls(hosts - {None}, files, patterns, site_path(site_url))

    def allows_inline(self, script: str) -> bool:
        text = _squeeze(script)
        return not text or any(pattern.fullmatch(text) for pattern in self.inline_scripts)


def _scripts_and_templates(folder: Path) -> list[Path]:
    """The .js and .html files under `folder`, sorted. Hidden folders are left out: MkDocs
    publishes none of their files, and Material's `.icons` holds some 14,000 icons."""
    found = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(directory, name) for name in names if name.endswith((".js", ".html"))]
    return sorted(found)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _script_pattern(template: str) -> re.Pattern:
    """A template's inline script as a regex: literal text, any text for each Jinja part."""
    parts = _JINJA.split(_squeeze(template))
    return re.compile(".*?".join(re.escape(part) for part in parts), re.S)


def check_site(site: Path, policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    quick = _QuickReader(policy)
    for page in sorted(site.rglob("*.html")):
        problems += _read(quick, page.relative_to(site).as_posix(), page.read_text(encoding="utf-8", errors="replace"))
    # The tree's fragments are cut from those pages, but are checked as what they are: HTML
    # that assets/arbre.js puts into the page. A part is in the file of its page and of every
    # page linking to it: its messages are found once, unless a script's file (a path relative
    # to the file) is in it.
    messages: dict[str, list[str]] = {}
    for name, parts in fragment_html(site).items():
        for part in parts:
            if _SCRIPT.search(part):
                problems += _read(quick, name, part)
                continue
            if part not in messages:
                messages[part] = [problem.message for problem in _read(quick, name, part)]
            problems += [Problem(name, message) for message in messages[part]]
    return problems


def _read(quick: _QuickReader, name: str, text: str) -> list[Problem]:
    """The problems of one page or fragment: read quickly when it can be, else in full."""
    found = quick.read(name, text)
    if found is not None:
        return found
    reader = _PageReader(name, quick.policy)
    reader.feed(text)
    reader.close()
    return reader.problems


def format_problems(problems: list[Problem], limit: int = 20) -> str:
    if not problems:
        return ""
    lines = [problem.format() for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… et {len(problems) - limit} autre(s).")
    return ("Le site construit contient du code ou des liens non autorisés (vérification après "
            "construction) :\n" + "\n".join(lines))


_ARTICLE = re.compile(r"<article\b[^>]*>")
_SCRIPT = re.compile(r"<\s*script", re.I)


def show_on_every_page(site: Path, banner_html: str) -> None:
    """While serving: put a (trusted, escaped) banner at the top of every page's article,
    so the preview shows the problem at once rather than after the next save."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        marked = _ARTICLE.sub(lambda match: match.group() + banner_html, text, count=1)
        if marked != text:
            page.write_text(marked, encoding="utf-8")


class _PageReader(HTMLParser):
    """The whole page read by HTMLParser: for a page the quick reader below is not sure of."""

    def __init__(self, page: str, policy: Policy) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.policy = page, policy
        self.problems: list[Problem] = []
        self.in_script = False
        self.script_text: list[str] = []

    def report(self, messages: list[str]) -> None:
        self.problems += [Problem(self.page, message) for message in messages]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.report(_tag_messages(tag, values, self.policy))
        if tag == "script":
            self.in_script, self.script_text = True, []
            if "src" in values:
                self.report(_script_file_messages(values["src"], self.page, self.policy))

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script:
            self.in_script = False
            self.report(_inline_script_messages("".join(self.script_text), self.policy))


_UNSURE = -1  # the page must be read by _PageReader
_CROSSES = -2  # markup goes on past the end of the line


class _QuickReader:
    """Reads pages as HTMLParser does, but each distinct line and start tag once per build.

    The pages of a site share most of their markup (header, menu, footer): HTMLParser spends
    nearly all its time splitting it again on every page. Here the page is split by regexes
    (in C): comments and declarations are skipped, the text of a script or style element is
    taken whole, and each start tag found (up to its « > », quoted values may hold one) is
    handed alone to HTMLParser, once, its verdict kept. A line whose markup starts and ends
    on it (and holds no script, whose file is checked relative to the page) gets the same
    verdict wherever it is met at the start of a line, so that verdict is kept too. Whenever
    the split is not certain (a tag or comment left open, a tag HTMLParser reads otherwise),
    `read` returns None and the page is read by _PageReader."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.tags: dict[str, tuple[str, dict[str, str], list[str]] | None] = {}
        self.scripts: dict[str, list[str]] = {}
        self.lines: dict[str, list[str]] = {}

    def read(self, page: str, text: str) -> list[Problem] | None:
        messages: list[str] = []
        resume = 0  # markup read on past its line ends here
        for match in _MARKUP_LINE.finditer(text):
            line, start = match.group(), match.start()
            if start < resume:
                continue
            known = self.lines.get(line)
            if known is not None:
                messages += known
                continue
            found: list[str] = []
            limit = min(match.end() + 1, len(text))
            reached, scripts = self.tokens(page, text, start, limit, found)
            if reached == _CROSSES:  # read on past the line, up to the end of a line
                reached, scripts = self.tokens(page, text, start, len(text), found)
                resume = reached
            elif reached == limit and not scripts:
                self.lines[line] = found
            if reached == _UNSURE:
                return None
            messages += found
        return [Problem(page, message) for message in messages]

    def tokens(self, page: str, text: str, position: int, limit: int, messages: list[str]) -> tuple[int, bool]:
        """Check the markup from `position` (outside any tag) on, up to `limit` or, if the
        limit is the end of the page, up to the end of a line with no markup left; return
        where reading goes on (or _UNSURE, _CROSSES), and whether a script was met."""
        scripts = False
        while True:
            token = _TOKEN.match(text, position, limit)
            if token is None or token["stray"] is not None:
                # A « < » left open: maybe a tag or comment that goes on, or never ends.
                if token is None or text[token.end():token.end() + 1].isalpha() or \
                        text.startswith(("!", "/", "?"), token.end()):
                    return (_CROSSES if limit < len(text) else _UNSURE), scripts
                position = token.end()
                continue
            if token["tag"] is None:  # the limit
                return limit, scripts
            scripts = scripts or text.startswith(("<script", "<SCRIPT"), token.start("tag"))
            position = self.start_tag(page, text, token.start("tag"), token.end(), limit, messages)
            if position < 0:
                return position, scripts
            line_end = (text.find("\n", position) + 1) or len(text)
            if limit == len(text) and "<" not in text[position:line_end]:
                return line_end, scripts

    def start_tag(self, page: str, text: str, start: int, end: int, limit: int, messages: list[str]) -> int:
        """Check the start tag text[start:end]; return where reading goes on (or _UNSURE, _CROSSES)."""
        raw = text[start:end]
        if raw not in self.tags:
            self.tags[raw] = self.parse(raw)
        known = self.tags[raw]
        if known is None:
            return _UNSURE
        tag, values, found = known
        messages += found
        if tag not in HTMLParser.CDATA_CONTENT_ELEMENTS or raw.endswith("/>"):
            return end
        close = raw_text_end(text, tag, end, limit)
        if close is None:
            return _CROSSES if limit < len(text) else _UNSURE
        if tag == "script":
            if "src" in values:
                messages += _script_file_messages(values["src"], page, self.policy)
            body = text[end:close.start()]
            if body not in self.scripts:
                self.scripts[body] = _inline_script_messages(body, self.policy)
            messages += self.scripts[body]
        return close.end()

    def parse(self, raw: str) -> tuple[str, dict[str, str], list[str]] | None:
        """The tag, its attributes and their problems, if HTMLParser reads `raw` as one start tag."""
        reader = _Events()
        reader.feed(raw)
        reader.close()
        if len(reader.events) != 1 or not isinstance(reader.events[0], tuple):
            return None
        tag, attrs = reader.events[0]
        values = {name: value or "" for name, value in attrs}
        return tag, values, _tag_messages(tag, values, self.policy)


class _Events(HTMLParser):
    """What HTMLParser reads in a text: start tags as (tag, attributes), anything else as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.events.append(data)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(tag)

    def handle_comment(self, data: str) -> None:
        self.events.append(data)


_MARKUP_LINE = re.compile(r"^[^\n<]*<.*", re.M)  # a line with markup, without its line end

# What HTMLParser skips (text, end tags, declarations, comments: a comment ends at the
# earliest end a browser or HTMLParser sees, « --> », « --!> », « <!--> »), then the next
# start tag, as HTMLParser delimits it (quoted values may hold « > »), or a stray « < », or
# the end of the page. Atomic groups: no backtracking, whatever the page holds.
_TOKEN = re.compile(r"""
    (?: [^<]++ | <!--(?:-?>|.*?--!?\s*>) | </[^>]*+> | <[!?][^>]*+> )*+
    (?: (?P<tag> (?>""" + START_TAG_END.pattern + r""") /?> ) | (?P<stray> < ) | \Z )
""", re.S | re.X)


def _tag_messages(tag: str, values: dict[str, str], policy: Policy) -> list[str]:
    """What is wrong with a start tag, script files and inline scripts aside."""
    messages = []
    if tag in FORBIDDEN_ELEMENTS:
        messages.append(f"élément <{tag}> non autorisé")
    if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
        messages.append("redirection <meta http-equiv=\"refresh\"> non autorisée")
    for name, value in values.items():
        if name.startswith("on"):
            messages.append(f"attribut « {name} » (script) sur <{tag}>")
        elif name in URL_ATTRIBUTES:
            messages += _url_messages(tag, name, value, policy)
        elif name == "srcset":
            for candidate in value.split(","):
                messages += _url_messages(tag, name, candidate.strip().split(" ")[0], policy)
    return messages


def _url_messages(tag: str, name: str, value: str, policy: Policy) -> list[str]:
    url = "".join(value.split())  # browsers ignore whitespace and control characters
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return [f"adresse mal formée dans {name} de <{tag}> : « {url[:80]} »"]
    scheme = parts.scheme.lower()
    if scheme and scheme not in ALLOWED_SCHEMES:
        return [f"lien « {scheme}: » interdit dans {name} de <{tag}> : « {url[:80]} »"]
    if (scheme in ("http", "https") or url.startswith("//")) and (hostname or "") not in policy.hosts:
        return [f"lien vers un site non autorisé « {hostname} » dans {name} de <{tag}> "
                "(à ajouter dans mkdocs.yml, plugin pix-guide, hotes_externes, s'il est sûr)"]
    return []


def _script_file_messages(src: str, page: str, policy: Policy) -> list[str]:
    parts = urlsplit(src)
    if parts.scheme or src.startswith("//"):
        return [f"script chargé depuis un autre site : « {src[:80]} »"]
    if parts.path.startswith("/"):
        target = posixpath.normpath(parts.path.removeprefix(policy.site_path.rstrip("/"))).lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if target not in policy.script_files:
        return [f"fichier de script non livré par le thème ni par le projet : « {src[:80]} »"]
    return []


def _inline_script_messages(script: str, policy: Policy) -> list[str]:
    if policy.allows_inline(script):
        return []
    return [f"script en ligne inconnu du thème : « {_squeeze(script)[:60]} »"]
