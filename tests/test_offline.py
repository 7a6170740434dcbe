"""The service worker's file list and version, and the manifest (generator/offline.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.offline import write_offline_files

FILES = {
    "index.html": "accueil",
    "404.html": "introuvable",
    "arbre/index.html": "arbre",
    "arbre/compte-non/index.html": "question",
    "arbre/compte-non/fragments.json": "{}",
    "assets/guide.css": "css",
    "assets/javascripts/bundle.min.js": "js",
    "assets/javascripts/bundle.min.js.map": "map",
    "assets/javascripts/lunr/min/lunr.fr.min.js": "fr",
    "assets/javascripts/lunr/min/lunr.de.min.js": "de",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": "stem",
    "assets/javascripts/lunr/min/lunr.multi.min.js": "multi",
    "assets/javascripts/lunr/tinyseg.js": "ja",
    "search/search_index.json": "{}",
    "sitemap.xml": "<urlset/>",
    "sitemap.xml.gz": "",
}
# Written by hand: what the worker must copy, as it asks for it (sorted by file path).
EXPECTED_URLS = [
    "404.html", "arbre/compte-non/fragments.json", "arbre/compte-non/", "arbre/", "assets/guide.css", "assets/javascripts/bundle.min.js",
    "assets/javascripts/lunr/min/lunr.fr.min.js", "assets/javascripts/lunr/min/lunr.multi.min.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js", "./", "manifest.webmanifest",
    "search/search_index.json",
]


def make_site(folder: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, "utf-8")
    return folder


def write(site: Path):
    return write_offline_files(site, name="Guide", description="Un guide.", icon="assets/images/favicon.png")


def worker_list(site: Path) -> list[str]:
    return json.loads(re.search(r"var FILES = (\[.*?\]);", (site / "sw.js").read_text("utf-8"), re.S).group(1))


def test_the_worker_copies_the_pages_and_assets_the_guide_needs(tmp_path):
    site = make_site(tmp_path, FILES)
    copy = write(site)
    assert copy.urls == EXPECTED_URLS
    assert worker_list(site) == EXPECTED_URLS
    assert f'var CACHE = PREFIX + "{copy.version}";' in (site / "sw.js").read_text("utf-8")


def test_the_version_changes_with_any_content_and_only_then(tmp_path):
    first = write(make_site(tmp_path / "a", FILES)).version
    assert write(make_site(tmp_path / "b", FILES)).version == first
    changed = write(make_site(tmp_path / "c", {**FILES, "arbre/index.html": "arbre modifié"})).version
    assert changed != first


def test_the_manifest_names_the_site_and_its_icon(tmp_path):
    site = make_site(tmp_path, FILES)
    write(site)
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == ("Guide", "./", "standalone")
    assert manifest["icons"] == [{"src": "assets/images/favicon.png", "sizes": "any", "type": "image/png"}]


def test_the_built_site_has_a_worker_whose_files_all_exist(built_site):
    urls = worker_list(built_site)
    assert "eleves/pas-de-compte/" in urls and "search/search_index.json" in urls
    for url in urls:
        path = built_site / (url.removeprefix("./") + ("index.html" if url.endswith("/") else ""))
        assert path.is_file(), url
