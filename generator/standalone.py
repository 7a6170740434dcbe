"""The guide's pages for an engine that runs no MkDocs plugin (Zensical): `build --out`.

Without the `pix-guide` plugin, what it does inside MkDocs is written into the files
instead: the glossary tooltips travel as Markdown abbreviations (the engine's `abbr`
extension), and with the hand-written pages (`--docs`), their figures are filled in and
every page names the file its « Modifier cette page » link opens (front matter
`edit_source`, read by templates/theme/partials/actions.html) and has its title in French
typography (the plugin does it in `on_env`). No MkDocs import.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .errors import AuthorError, AuthorErrors, display_path
from .figures import figures, fill
from .rendering import GeneratedPage, abbreviations
from .typography import french

if TYPE_CHECKING:
    from .project import Guide

FRONT_MATTER = "---\n"
TITLE = re.compile(r"^title: (.*)$", re.M)


def generated_files(guide: Guide, pages: list[GeneratedPage], with_edit_source: bool) -> dict[str, str]:
    """The generated pages by their path in the docs folder."""
    glossary = abbreviations(guide)
    files = {}
    for page in pages:
        content = page.content + (glossary if page.tooltips else "")
        if with_edit_source:
            # A tree state is a reader's screen, not a document: "" means no edit link.
            content = with_front_matter(typeset_title(content), "edit_source", page.source_file if page.editable else "")
        files[page.path] = content
    return files


def hand_written_files(guide: Guide, docs: Path) -> dict[str, str | bytes]:
    """The files of `docs` (hand-written pages and assets), pages ready for the engine."""
    glossary = abbreviations(guide)
    values = figures(guide)
    root = guide.layout.root
    files: dict[str, str | bytes] = {}
    errors: list[AuthorError] = []
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs).as_posix()
        if not path.is_file():
            continue
        if path.suffix != ".md":
            files[relative] = path.read_bytes()
            continue
        shown_as = display_path(path, root)
        text, unknown = fill(path.read_text(encoding="utf-8"), values, shown_as)
        errors += unknown
        files[relative] = with_front_matter(typeset_title(text) + glossary, "edit_source", shown_as)
    if errors:  # every page's unknown figures at once, as `check` reports them
        raise AuthorErrors(errors)
    return files


def with_front_matter(markdown: str, key: str, value: str) -> str:
    """`markdown` with `key: value` first in its front matter (added if it has none)."""
    line = f"{key}: {json.dumps(value)}\n"  # a JSON string is a valid YAML string
    if markdown.startswith(FRONT_MATTER):
        return FRONT_MATTER + line + markdown[len(FRONT_MATTER):]
    return FRONT_MATTER + line + FRONT_MATTER + "\n" + markdown


def typeset_title(markdown: str) -> str:
    """The front matter's title in French typography (’, no-break spaces), HTML-escaped as
    escaping.front_matter writes it. Only the front matter's: the body is typeset by the
    `generator.typography` Markdown extension."""
    if not markdown.startswith(FRONT_MATTER):
        return markdown
    end = markdown.find("\n" + FRONT_MATTER.strip(), len(FRONT_MATTER))
    head = TITLE.sub(lambda match: "title: " + _typeset(match.group(1)), markdown[:end], count=1)
    return head + markdown[end:]


def _typeset(value: str) -> str:
    text = html.unescape(str(yaml.safe_load(value)))
    return json.dumps(html.escape(french(text), quote=True), ensure_ascii=False)
