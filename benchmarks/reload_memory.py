"""Memory of repeated reloads, as `mkdocs serve` does at every save of a YAML file.

Usage (from the project root, after `make install`):

    .venv/bin/python benchmarks/reload_memory.py            # 200 reloads
    .venv/bin/python benchmarks/reload_memory.py --reloads 500

Each reload is what the plugin does on a rebuild: `load_guide` + `render_pages`. Prints the
resident memory (RSS) after a warm-up and after the reloads. Before the loader read parser
events itself, a module-level PyYAML constructor kept every node it had built: about
0.45 MB more per reload.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.project import load_guide  # noqa: E402
from generator.rendering import render_pages  # noqa: E402


def resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reloads", type=int, default=200)
    reloads = parser.parse_args(argv).reloads
    for _ in range(5):  # warm-up: caches of Jinja, pydantic, regexes
        render_pages(load_guide(ROOT))
    gc.collect()
    before = resident_mb()
    for _ in range(reloads):
        render_pages(load_guide(ROOT))
    gc.collect()
    after = resident_mb()
    print(f"Mémoire résidente : {before:.1f} Mo après l'échauffement, {after:.1f} Mo après {reloads} "
          f"rechargements ({(after - before) / reloads * 1000:.0f} Ko par rechargement)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
