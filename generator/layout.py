"""Where the guide's inputs live. Kept apart from project.py so that the MkDocs plugin and
the page cache can find them without importing the model (pydantic)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SOURCE_DOCUMENT = Path("sources/rentree-nouveaux-eleves.txt")


@dataclass(frozen=True)
class Layout:
    """Where the guide's inputs live, relative to the project root."""

    root: Path
    procedures: Path = Path("procedures")
    templates: Path = Path("templates")
    source: Path = SOURCE_DOCUMENT

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", self.root.resolve())

    def path(self, relative: Path) -> Path:
        return self.root / relative

    @property
    def input_folders(self) -> tuple[Path, ...]:
        """The folders the generated pages are made from (relative): what the page cache
        hashes and what `mkdocs serve` watches."""
        return self.procedures, self.templates, self.source.parent
