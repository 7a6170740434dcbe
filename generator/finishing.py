"""What is done to a built site after its engine wrote it, the same for every engine.

MkDocs runs it from the plugin's `on_post_build`; Zensical, which runs no plugin, from
`python -m generator zensical` (generator.zensical_site). Core module: no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import site_check
from .fragments import write_fragments
from .minify import minify_assets
from .offline import write_manifest, write_offline_files


# Material's favicon when the theme names none: the offline copy's icon.
DEFAULT_ICON = "assets/images/favicon.png"


@dataclass(frozen=True)
class Offline:
    """The web app manifest's fields, for the guide offline (generator.offline)."""

    name: str
    description: str
    icon: str
    worker: bool = True  # False while serving: a service worker would fight live reload


def finish_site(site: Path, policy: site_check.Policy, *, site_url: str,
                assets: Iterable[str] | None, offline: Offline) -> list[site_check.Problem]:
    """Minify the project's own `assets` and write the tree's fragments, then the offline
    files, then check every page: in that order, since the offline copy lists the first two
    and the check reads them all. `assets` is None while serving (minified files would hide the
    sources being edited); `offline` has no worker then, only the manifest every page links to."""
    if assets is not None:
        minify_assets(site, assets)
    write_fragments(site, site_url)
    write = write_offline_files if offline.worker else write_manifest
    write(site, name=offline.name, description=offline.description, icon=offline.icon)
    return site_check.check_site(site, policy)
