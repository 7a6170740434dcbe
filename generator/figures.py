"""Numbers that hand-written pages (docs/*.md) quote, computed from the content.

A page writes `{{ questions_au_plus }}` where it needs a figure; the build replaces it with
the value computed from procedures/, so the home page can never promise « three questions »
when a path asks four. An unknown name is an author error at its line, never left as is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import AuthorError, Code, suggest

if TYPE_CHECKING:
    from .project import Guide

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")


def figures(guide: Guide) -> dict[str, int]:
    """Every figure a page may quote, by its French name."""
    lengths = [len(answers) for answers, _ in guide.tree.paths]
    return {
        "nombre_de_cas": len(guide.procedures),
        "nombre_de_situations": len(guide.situations),
        "nombre_de_chemins": len(guide.tree.paths),
        "questions_au_plus": max(lengths),
        "questions_au_moins": min(lengths),
    }


def fill(text: str, values: dict[str, int], shown_as: str,
         original: str | None = None) -> tuple[str, list[AuthorError]]:
    """`text` with each `{{ name }}` replaced by its value, and an error for each unknown name
    (left as is). `original` is the file as written (MkDocs hands plugins the page without its
    front matter), to report the right line."""
    original = text if original is None else original
    errors: list[AuthorError] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in values:
            return str(values[name])
        line = original[:max(original.find(match.group(0)), 0)].count("\n") + 1
        errors.append(AuthorError(Code.VALEUR_INCONNUE, shown_as, line, 1, f"valeur « {name} » inconnue",
                                  hint=suggest(name, list(values)) or f"valeurs possibles : {', '.join(values)}."))
        return match.group(0)

    return PLACEHOLDER.sub(replace, text), errors
