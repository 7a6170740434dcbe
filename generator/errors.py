"""Author errors: one French message per mistake, always naming the file and the line.

Every check of the generator (YAML syntax, schema, references, decision tree, source
traces) reports through `AuthorError`, so contributors see one consistent format:

    procedures/cas/pas-de-compte.yml:12:5: champ « etapes[2].texte » : message
      → Conseil : what to do.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class AuthorError:
    """A mistake in a contributor's file, located as precisely as we can."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = f"champ « {self.field} » : {self.message}" if self.field else self.message
        text = f"{where}: {what}"
        if self.hint:
            text += f"\n  → Conseil : {self.hint}"
        return text


@dataclass
class AuthorErrors(Exception):
    """Raised when one or more author errors prevent building the guide."""

    errors: list[AuthorError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # French lines printed after the errors

    def __str__(self) -> str:
        return format_report(self.errors, self.notes)


def format_report(errors: list[AuthorError], notes: list[str] | tuple[str, ...] = ()) -> str:
    count = len(errors)
    title = "1 erreur" if count == 1 else f"{count} erreurs"
    body = "\n".join(error.format() for error in errors)
    return "\n".join([f"{title} dans les fichiers du guide :", body, *notes])


def display_path(path: Path, root: Path | None) -> str:
    """The path as contributors see it: relative to the project when possible."""
    if root is not None:
        try:
            # Not the file's own link: a symbolic link is named, never where it points.
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def suggest(word: str, choices: list[str]) -> str:
    """A 'did you mean' hint for a misspelt key or id, or an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"vouliez-vous écrire « {close[0]} » ?" if close else ""
