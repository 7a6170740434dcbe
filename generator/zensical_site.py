"""What the pix-guide plugin does after a MkDocs build, for a site built by Zensical.

Zensical runs no MkDocs plugin, so `python -m generator zensical SITE` does it after
`zensical build`: the accent-insensitive search (zensical-search-fold.js, appended to
Zensical's search worker), then what generator.finishing does for MkDocs too: minified
assets, the tree's fragments, the guide offline and the check of every page. Settings come
from zensical.toml. No MkDocs import.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from . import site_check
from .finishing import DEFAULT_ICON, Offline, finish_site

CONFIG = "zensical.toml"
FOLD_SCRIPT = Path(__file__).with_name("zensical-search-fold.js")
WORKERS = Path("assets", "javascripts", "workers")


class SiteError(Exception):
    """A site this command cannot finish (message in French)."""


def settings(root: Path) -> dict:
    """The `[project]` table of zensical.toml."""
    path = root / CONFIG
    if not path.is_file():
        raise SiteError(f"{path} introuvable : la configuration de Zensical est attendue à la racine du projet.")
    return tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})


def search_worker(site: Path) -> Path:
    """Zensical's search worker (its name carries a hash of its content)."""
    workers = sorted((site / WORKERS).glob("search.*.min.js"))
    if len(workers) != 1:
        raise SiteError(f"Recherche sans accents : {site / WORKERS} devrait contenir un seul fichier "
                        f"search.*.min.js (trouvé : {len(workers)}). Le site a-t-il été construit par "
                        "Zensical ? Sinon, Zensical a changé : voir generator/zensical_site.py.")
    return workers[0]


def fold_search(site: Path) -> Path:
    """Append the folding script to the search worker, once (a second run changes nothing)."""
    worker = search_worker(site)
    text = worker.read_text(encoding="utf-8")
    script = FOLD_SCRIPT.read_text(encoding="utf-8")
    if script not in text:
        worker.write_text(text + "\n" + script, encoding="utf-8")
    return worker


def zensical_templates() -> Path:
    """The theme Zensical ships (its scripts and templates are the site's own)."""
    spec = importlib.util.find_spec("zensical")
    if spec is None or not spec.submodule_search_locations:
        raise SiteError("Zensical n'est pas installé dans cet environnement (make engines).")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def finish(root: Path, site: Path) -> list[site_check.Problem]:
    """Finish the site Zensical built into `site`; the problems site_check finds in it."""
    config = settings(root)
    fold_search(site)
    theme = config.get("theme", {})
    urls = [config.get("site_url", ""), config.get("repo_url", ""), *config.get("extra", {}).get("hotes_externes", [])]
    theme_dirs = [root / theme["custom_dir"]] if theme.get("custom_dir") else []
    scripts = config.get("extra_javascript", [])
    policy = site_check.Policy.from_theme([*theme_dirs, zensical_templates()], urls,
                                          extra_scripts=scripts, site_url=config.get("site_url", ""))
    offline = Offline(config.get("site_name", ""), config.get("site_description", ""),
                      theme.get("favicon") or DEFAULT_ICON)
    return finish_site(site, policy, site_url=config.get("site_url", ""),
                       assets=[*config.get("extra_css", []), *scripts], offline=offline)
