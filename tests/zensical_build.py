"""The guide built by Zensical in a folder of its own, step by step as `make zensical` builds it:
shared by tests/test_engines.py and benchmarks/engines.py."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ROOT / ".venv-engines" / "bin"  # make engines


def write_config(folder: Path) -> Path:
    """zensical.toml in `folder`, reading its pages from `folder`/docs and writing the site into
    `folder`/site, with the project's theme. Relative paths: Zensical 0.0.73 panics on an
    absolute docs_dir, and wants it inside the config's folder."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "zensical.toml").read_text(encoding="utf-8")
    for setting, target in (("docs_dir", folder / "docs"), ("site_dir", folder / "site"),
                            ("custom_dir", ROOT / "templates" / "theme")):
        value = Path(os.path.relpath(target, folder)).as_posix()
        text, count = re.subn(rf'^{setting} = ".*"$', f'{setting} = "{value}"', text, flags=re.M)
        if count != 1:
            raise ValueError(f"zensical.toml : réglage « {setting} » introuvable")
    config = folder / "zensical.toml"
    config.write_text(text, encoding="utf-8")
    return config


def steps(folder: Path) -> dict[str, list[str]]:
    """The three commands, to run in this order in `folder` (after write_config): Zensical
    keeps its cache (.cache) in the folder it runs in."""
    python = str(ENGINES / "python")
    return {
        "pages": [python, "-m", "generator", "--racine", str(ROOT), "build", "--out", str(folder / "docs"),
                  "--docs", str(ROOT / "docs")],
        "zensical": [str(ENGINES / "zensical"), "build", "--strict", "--config-file", str(folder / "zensical.toml")],
        "finish": [python, "-m", "generator", "--racine", str(folder), "zensical", str(folder / "site")],
    }
