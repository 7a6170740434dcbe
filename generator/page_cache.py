"""The generated pages of the last build, kept between builds and reused while no input changed.

Why: loading, checking and rendering the guide (and importing pydantic and the model to do
it) is most of what the plugin adds to a MkDocs build of the real guide. When a rebuild has
exactly the same inputs, the same pages come out (rendering is deterministic), so they are
read back from `.cache/pix-guide/pages.json` instead.

What counts as an input (the key is a SHA-256 of all of it):
- every file under procedures/, templates/, sources/ (path, kind, mode, content);
- every file of the generator package itself (its code, scripts and data);
- the project's folder, the site's address (QR codes), the Python version, and the name
  (hence the version) of every package installed where Python looks for modules.
Any change to any of these misses the cache. A symbolic link among them turns the cache off
(what it points to could change unseen). What the key cannot see: a process that changes the
generator's constants while it runs (benchmarks/synthetic.py lifts the loader's caps, in
temporary copies of the project). A cache that cannot be read, or that does not
hold what is expected, is ignored; one that cannot be written is left alone. Only a guide
that passed every check is stored: errors are always computed afresh.

Core module: no MkDocs import, and no pydantic either (that is the point).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .layout import Layout
from .pages import GeneratedPage

FOLDER = Path(".cache", "pix-guide")
FILE = "pages.json"
VERSION = 1  # of the cache's format
GENERATOR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Built:
    """What the plugin needs from a build of the guide, as plain data."""

    pages: list[GeneratedPage]
    terms: dict[str, str]  # glossary word → definition (tooltips)
    figures: dict[str, int]  # generator.figures


def built(root: Path, site_url: str = "") -> tuple[Built, bool]:
    """The build of the guide at `root` (AuthorErrors if it has mistakes): from the cache if
    its inputs are unchanged, else computed and stored for next time. Also says whether the
    cache was used."""
    layout = Layout(root)
    key = inputs_key(layout, site_url)
    cache = layout.path(FOLDER) / FILE
    found = _read(cache, key) if key else None
    if found is not None:
        return found, True
    result = compute(root, site_url)
    if key:
        _write(cache, key, result)
    return result, False


def compute(root: Path, site_url: str) -> Built:
    """Load, check and render the guide: what the cache spares (imported here, not above)."""
    from .figures import figures
    from .project import load_guide
    from .rendering import glossary_terms, render_pages

    guide = load_guide(root)
    return Built(render_pages(guide, site_url=site_url), glossary_terms(guide), figures(guide))


def inputs_key(layout: Layout, site_url: str) -> str | None:
    """A digest of every input of the generated pages; None if one of them is a link."""
    digest = hashlib.sha256()
    for part in (f"format {VERSION}", f"root {layout.root}", f"site_url {site_url}", sys.version, *_installed()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    trees = [(layout.path(folder), folder.as_posix()) for folder in layout.input_folders] + [(GENERATOR, "generator")]
    for folder, shown_as in trees:
        if not _add_tree(digest, folder, shown_as):
            return None
    return digest.hexdigest()


def _installed() -> list[str]:
    """The installed packages' metadata folders (e.g. « pydantic-2.14.4.dist-info »), in the
    order Python searches: an upgrade, a downgrade or a new package changes the list."""
    names = []
    for entry in sys.path:
        try:
            names += [f"{entry}/{name}" for name in sorted(os.listdir(entry or "."))
                      if name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth"))]
        except OSError:  # a zip file, or a folder that does not exist
            names.append(entry)
    return names


def _add_tree(digest, folder: Path, shown_as: str) -> bool:
    """Add every entry under `folder`, sorted: its path, kind, mode, and a file's content.
    Compiled bytecode is left out: it follows from the source files, which are hashed.
    False (and the digest is not to be used) if `folder` is or holds a symbolic link."""
    if folder.is_symlink():
        return False
    if not folder.exists():
        digest.update(f"absent {shown_as}\0".encode())
        return True
    for directory, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted([*names, *folders]):
            path = Path(directory, name)
            status = path.lstat()
            if stat.S_ISLNK(status.st_mode):
                return False
            relative = path.relative_to(folder).as_posix()
            digest.update(f"{shown_as}/{relative}\0{status.st_mode}\0".encode("utf-8", "surrogateescape"))
            if stat.S_ISREG(status.st_mode):
                content = path.read_bytes()
                digest.update(f"{len(content)}\0".encode() + content + b"\0")
    return True


def _read(cache: Path, key: str) -> Built | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        pages = [GeneratedPage(**page) for page in data["pages"]]
        terms, figures = data["terms"], data["figures"]
        if not (all(isinstance(p.path, str) and isinstance(p.content, str) and isinstance(p.source_file, str)
                    and isinstance(p.tooltips, bool) and isinstance(p.editable, bool) for p in pages)
                and isinstance(terms, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in terms.items())
                and isinstance(figures, dict) and all(isinstance(k, str) and type(v) is int for k, v in figures.items())):
            return None
        return Built(pages, terms, figures)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # absent or damaged: ignored
        return None


def _write(cache: Path, key: str, result: Built) -> None:
    data = {"key": key, "pages": [asdict(page) for page in result.pages],
            "terms": result.terms, "figures": result.figures}
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, cache)  # whole or not at all, even with two builds at once
    except OSError:  # a read-only checkout: builds simply stay uncached
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
