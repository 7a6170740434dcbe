"""Accent-insensitive French search for the Material theme (MkDocs only).

Why: Material's search (lunr with `lang: fr`) compares accents exactly, so "mediacentre" or
"eleve" find nothing, although readers type on phones, often without accents, and Pix Orga
itself writes "Mediacentre". Material offers no option for this, and folding the text of
search_index.json would strip the accents from result previews.

How: the search worker loads `assets/javascripts/lunr/min/lunr.fr.min.js`; after the build,
we append `search-fold.js` (next to this module) to it, which folds accents in the index and
in the queries (see that file). Called from the plugin's `on_post_build`. A site built by
Zensical gets its own fold instead (generator/zensical_site.py).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

FOLD_SCRIPT = Path(__file__).with_name("search-fold.js")
FRENCH_LUNR = Path("assets", "javascripts", "lunr", "min", "lunr.fr.min.js")


def uses_french_search(config) -> bool:
    """True if Material's search plugin is on and indexes French."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return search is not None and "fr" in (search.config.get("lang") or [])


def append_fold_script(lunr_file: Path) -> None:
    """Append the folding script once (`mkdocs serve` may keep the file between builds)."""
    if not lunr_file.is_file():
        raise PluginError(
            f"Recherche sans accents : {lunr_file} introuvable. Le thème Material a "
            "peut-être changé ; voir generator/mkdocs_search.py."
        )
    text = lunr_file.read_text(encoding="utf-8")
    script = FOLD_SCRIPT.read_text(encoding="utf-8")
    if script not in text:
        lunr_file.write_text(text + "\n" + script, encoding="utf-8")


def fold_accents_in_search(config) -> None:
    """Make the built site's French search ignore accents."""
    if uses_french_search(config):
        append_fold_script(Path(config.site_dir) / FRENCH_LUNR)
