"""The guide offline: a service worker and a web app manifest, written into the built site.

After one visit, the worker holds a copy of every page and asset the guide needs (its file
list is read from the built site, the tree's fragments.json files included), so the tree, the procedures, the pupils' cards and the
search work with the network cut. Its cache is named after a hash of those files: a new
deployment changes the worker's bytes, so the browser installs it at the next visit online.
Pages are always asked from the network first (see offline-worker.js).

Called by the MkDocs plugin after a build (never by `mkdocs serve`); no MkDocs import.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
# Never copied: the worker itself (the browser fetches it), source maps, the sitemap (robots).
SKIPPED_SUFFIXES = (".map", ".gz", ".xml")
# Material ships search stemmers for 30 languages; its search worker loads only the site's.
LUNR_FOLDER = "assets/javascripts/lunr/"
LUNR_ALWAYS = ("stemmer.support", "multi")


@dataclass(frozen=True)
class OfflineFiles:
    version: str
    urls: list[str]  # relative to the site's root, as the worker asks for them
    bytes: int  # what the worker downloads on the first visit, uncompressed
    gzip_bytes: int | None  # the same, gzip-compressed (as servers send it); None unless asked for


def cached_files(site_dir: Path, languages: tuple[str, ...]) -> list[Path]:
    """The files of the built site the worker keeps, sorted."""
    wanted = {f"{LUNR_FOLDER}min/lunr.{name}.min.js" for name in (*languages, *LUNR_ALWAYS)}

    def kept(relative: str) -> bool:
        if relative == WORKER or relative.endswith(SKIPPED_SUFFIXES):
            return False
        return relative in wanted if relative.startswith(LUNR_FOLDER) else True

    return [path for path in sorted(site_dir.rglob("*"))
            if path.is_file() and kept(path.relative_to(site_dir).as_posix())]


def url_of(relative: str) -> str:
    """MkDocs' directory URLs: a page "x/index.html" is asked for as "x/"."""
    if relative == "index.html":
        return "./"
    return relative.removesuffix("index.html")


def write_offline_files(site_dir: Path, *, name: str, description: str, icon: str,
                        languages: tuple[str, ...] = ("fr",)) -> OfflineFiles:
    """Write the manifest and the service worker into `site_dir`; `icon` is the site's
    favicon, relative to the site's root."""
    write_manifest(site_dir, name=name, description=description, icon=icon)
    copy = offline_copy(site_dir, languages, compress=False)
    template = resources.files(__package__).joinpath("offline-worker.js").read_text("utf-8")
    worker = template.replace("__VERSION__", copy.version).replace("__FILES__", json.dumps(copy.urls, indent=0))
    (site_dir / WORKER).write_text(worker, "utf-8")
    return copy


def write_manifest(site_dir: Path, *, name: str, description: str, icon: str) -> None:
    """The web app manifest, which every page links to (templates/theme/main.html)."""
    manifest = {"name": name, "short_name": name, "description": description, "lang": "fr",
                "start_url": "./", "scope": "./", "display": "standalone",
                "background_color": "#ffffff", "theme_color": "#3f51b5",
                "icons": [{"src": icon, "sizes": "any", "type": _image_type(icon)}]}
    (site_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")


def offline_copy(site_dir: Path, languages: tuple[str, ...] = ("fr",), compress: bool = True) -> OfflineFiles:
    """What the worker copies: its URLs, their sizes, and a version that changes with them.
    `compress`: measure the gzip size too (the build does not need it: a second per 1,000 pages)."""
    files = cached_files(site_dir, languages)
    digest = hashlib.sha256()
    raw = compressed = 0
    for path in files:
        content = path.read_bytes()
        digest.update(path.relative_to(site_dir).as_posix().encode() + b"\0" + content + b"\0")
        raw += len(content)
        compressed += len(gzip.compress(content, mtime=0)) if compress else 0
    urls = [url_of(path.relative_to(site_dir).as_posix()) for path in files]
    return OfflineFiles(digest.hexdigest()[:16], urls, raw, compressed if compress else None)


def _image_type(icon: str) -> str:
    suffix = Path(icon).suffix.lower()
    return {".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}.get(suffix, "image/png")
