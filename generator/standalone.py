"""The guide's pages for an engine that runs no MkDocs plugin (Zensical): `build --out`.

Without the `pix-guide` plugin, what it does inside MkDocs is written into the files
instead: the glossary tooltips travel as Markdown abbreviations (the engine's `abbr`
extension), and with the hand-written pages (`--docs`), their figures are filled in and
every page names the file its « Modifier cette page » link opens (front matter
`edit_source`, read by templates/theme/partials/actions.html). No MkDocs import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import display_path
from .figures import figures, fill
from .rendering import GeneratedPage, abbreviations

if TYPE_CHECKING:
    from .project import Guide

FRONT_MATTER = "---\n"


def generated_files(guide: Guide, pages: list[GeneratedPage], with_edit_source: bool) -> dict[str, str]:
    """The generated pages by their path in the docs folder."""
    glossary = abbreviations(guide)
    files = {}
    for page in pages:
        content = page.content + (glossary if page.tooltips else "")
        if with_edit_source:
            # A tree state is a reader's screen, not a document: "" means no edit link.
            content = with_front_matter(content, "edit_source", page.source_file if page.editable else "")
        files[page.path] = content
    return files


def hand_written_files(guide: Guide, docs: Path) -> dict[str, str | bytes]:
    """The files of `docs` (hand-written pages and assets), pages ready for the engine."""
    glossary = abbreviations(guide)
    values = figures(guide)
    root = guide.layout.root
    files: dict[str, str | bytes] = {}
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs).as_posix()
        if not path.is_file():
            continue
        if path.suffix != ".md":
            files[relative] = path.read_bytes()
            continue
        text = fill(path.read_text(encoding="utf-8"), values, display_path(path, root))
        files[relative] = with_front_matter(text + glossary, "edit_source", display_path(path, root))
    return files


def with_front_matter(markdown: str, key: str, value: str) -> str:
    """`markdown` with `key: value` first in its front matter (added if it has none)."""
    line = f"{key}: {json.dumps(value)}\n"  # a JSON string is a valid YAML string
    if markdown.startswith(FRONT_MATTER):
        return FRONT_MATTER + line + markdown[len(FRONT_MATTER):]
    return FRONT_MATTER + line + FRONT_MATTER + "\n" + markdown
