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

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .fragments import fragment_html

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
            for path in sorted(folder.rglob("*")):
                if path.suffix == ".js":
                    files.add(path.relative_to(folder).as_posix())
                elif path.suffix == ".html":
                    template = path.read_text(encoding="utf-8", errors="replace")
                    patterns += [_script_pattern(body) for body in _TEMPLATE_SCRIPT.findall(template)]
                    # Script files the templates name (e.g. {{ 'assets/x.js' | url }}).
                    files.update(name.lstrip("./") for name in _TEMPLATE_SCRIPT_FILE.findall(template))
        site_path = (urlsplit(site_url).path or "/") if site_url else "/"
        return cls(hosts - {None}, files, patterns, site_path.rstrip("/") + "/")

    def allows_inline(self, script: str) -> bool:
        text = _squeeze(script)
        return not text or any(pattern.fullmatch(text) for pattern in self.inline_scripts)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _script_pattern(template: str) -> re.Pattern:
    """A template's inline script as a regex: literal text, any text for each Jinja part."""
    parts = _JINJA.split(_squeeze(template))
    return re.compile(".*?".join(re.escape(part) for part in parts), re.S)


def check_site(site: Path, policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    for page in sorted(site.rglob("*.html")):
        problems += _read(page.relative_to(site).as_posix(), page.read_text(encoding="utf-8", errors="replace"), policy)
    # The tree's fragments are cut from those pages, but are checked as what they are: HTML
    # that assets/arbre.js puts into the page.
    for name, parts in fragment_html(site).items():
        for part in parts:
            problems += _read(name, part, policy)
    return problems


def _read(name: str, text: str, policy: Policy) -> list[Problem]:
    reader = _PageReader(name, policy)
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


def show_on_every_page(site: Path, banner_html: str) -> None:
    """While serving: put a (trusted, escaped) banner at the top of every page's article,
    so the preview shows the problem at once rather than after the next save."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        marked = _ARTICLE.sub(lambda match: match.group() + banner_html, text, count=1)
        if marked != text:
            page.write_text(marked, encoding="utf-8")


class _PageReader(HTMLParser):
    def __init__(self, page: str, policy: Policy) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.policy = page, policy
        self.problems: list[Problem] = []
        self.in_script = False
        self.script_text: list[str] = []

    def report(self, message: str) -> None:
        self.problems.append(Problem(self.page, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_ELEMENTS:
            self.report(f"élément <{tag}> non autorisé")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.report("redirection <meta http-equiv=\"refresh\"> non autorisée")
        for name, value in values.items():
            if name.startswith("on"):
                self.report(f"attribut « {name} » (script) sur <{tag}>")
            elif name in URL_ATTRIBUTES:
                self.check_url(tag, name, value)
            elif name == "srcset":
                for candidate in value.split(","):
                    self.check_url(tag, name, candidate.strip().split(" ")[0])
        if tag == "script":
            self.in_script, self.script_text = True, []
            if "src" in values:
                self.check_script_file(values["src"])

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
            script = "".join(self.script_text)
            if not self.policy.allows_inline(script):
                self.report(f"script en ligne inconnu du thème : « {_squeeze(script)[:60]} »")

    def check_url(self, tag: str, name: str, value: str) -> None:
        url = "".join(value.split())  # browsers ignore whitespace and control characters
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError:
            self.report(f"adresse mal formée dans {name} de <{tag}> : « {url[:80]} »")
            return
        scheme = parts.scheme.lower()
        if scheme and scheme not in ALLOWED_SCHEMES:
            self.report(f"lien « {scheme}: » interdit dans {name} de <{tag}> : « {url[:80]} »")
        elif (scheme in ("http", "https") or url.startswith("//")) and (hostname or "") not in self.policy.hosts:
            self.report(f"lien vers un site non autorisé « {hostname} » dans {name} de <{tag}> "
                        "(à ajouter dans mkdocs.yml, plugin pix-guide, hotes_externes, s'il est sûr)")

    def check_script_file(self, src: str) -> None:
        parts = urlsplit(src)
        if parts.scheme or src.startswith("//"):
            self.report(f"script chargé depuis un autre site : « {src[:80]} »")
            return
        if parts.path.startswith("/"):
            target = posixpath.normpath(parts.path.removeprefix(self.policy.site_path.rstrip("/"))).lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), parts.path))
        if target not in self.policy.script_files:
            self.report(f"fichier de script non livré par le thème ni par le projet : « {src[:80]} »")
