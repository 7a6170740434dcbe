"""The project's own style sheet and scripts, minified in the built site.

The sources in docs/assets stay commented and readable; the copies a phone downloads lose
their comments and spaces (about 40 % of their gzip weight). rcssmin and rjsmin only remove
what the languages ignore. Called by the MkDocs plugin after a build (not while serving, where
readable files help); no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minify_assets(site: Path, names: Iterable[str]) -> None:
    """Minify, in place, the files of the built `site` named (relative to its root)."""
    for name in names:
        path = site / name
        minify = MINIFIERS.get(path.suffix)
        if minify is not None and path.is_file():
            path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
