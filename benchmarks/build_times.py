"""Build times of the guide: the generator alone, the full site, and a plain MkDocs build.

Usage (from the project root, after `make install`):

    .venv/bin/python benchmarks/build_times.py             # median of 5 runs of each measure
    .venv/bin/python benchmarks/build_times.py --runs 15   # more runs, steadier medians
    .venv/bin/python benchmarks/build_times.py --tailles 0 # the real project only
    make bench                                             # the same, default runs

For the real project and for a copy with 1,000 synthetic outcomes (benchmarks/synthetic.py;
--tailles), measures (wall-clock and CPU time, median of N runs; min and max of the wall time shown for spread):

- generator, in-process: `load_guide` + `render_pages` (load, validate, trace, render all
  pages), without the Python start-up;
- generator, CLI: `python -m generator build --out TMP` as a subprocess (start-up included);
- mkdocs, full, cold: `mkdocs build --strict` of the real site into a temporary folder (what
  `make build` runs, minus the final folder swap), the page cache (.cache/pix-guide,
  generator/page_cache.py) removed first: what CI does on a fresh clone, the headline figure;
- mkdocs, full, warm: the same with the page cache of the previous build (inputs unchanged:
  a rebuild on a contributor's machine);
- mkdocs, plain: the same pages built by MkDocs without the `pix-guide` plugin: the generated
  Markdown and the docs/ pages (with the glossary as `abbr` definitions, since the plugin's
  tooltips are gone with it) written into a temporary docs folder, and a copy of mkdocs.yml
  without `- pix-guide` and with `abbr`;
- mkdocs, floor: the plain build plus the least the plugin cannot skip while it validates
  every build: a MkDocs hook (no plugin) that runs the plugin's own cold-cache step
  (`generator.page_cache.compute`: import the core and the model, pydantic, load and check
  the guide, render its pages), then throws the result away. No fragments,
  no site check, no offline files: floor / plain is the lowest ratio this design can reach;
- mkdocs, full, before: the full build of git reference --avant (by default the commit where
  this branch left main; "" for none), on the same content, its generator imported first,
  its page cache removed first as for the cold build (kept, it made the base read like the
  warm build: a base equal to HEAD read 1.22 against 1.47 for the cold build);

(the generator alone is timed on the real project only), then the ratios full / plain, for
each size (goal: at most 1.10): what the plugin (loading, checking and rendering the guide)
adds to a build of the same pages. Everything is measured in one run of this script,
interleaved: each round runs every measure once, in an order that rotates from round to
round, so that drift (CPU frequency, caches, other load) affects all measures alike. One
untimed warm-up round comes first (bytecode and disk caches).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synthetic  # noqa: E402 (benchmarks/, this script's folder)
from versions import default_base, extract  # noqa: E402

from generator.page_cache import FOLDER as PAGE_CACHE  # noqa: E402
from generator.project import load_guide  # noqa: E402
from generator.rendering import abbreviations, render_pages  # noqa: E402

# The plugin's entry, with its indented settings.
PLUGIN_BLOCK = re.compile(r"^  - pix-guide:?\n(?:(?:      .*)?\n)*", re.M)


def environment(code: Path | None = None) -> dict[str, str]:
    """The environment of a build; `code`: a folder whose `generator` is imported first."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return env


def run(command: list[str], cwd: Path, code: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, env=environment(code), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} :\n{result.stdout}{result.stderr}")


def project(work: Path, count: int, source: Path = ROOT) -> Path:
    """The project at `source` (count 0), or a copy of it with `count` synthetic outcomes."""
    if count == 0:
        return source
    return synthetic.make_guide(work / f"guide-{count}", count, source=source,
                                items=(*synthetic.INPUTS, "docs", "mkdocs.yml"))


def prepare_plain_site(work: Path, root: Path = ROOT) -> Path:
    """A project whose docs/ already holds every page of `root`'s guide, and whose mkdocs.yml
    has no plugin."""
    guide = load_guide(root)
    plain = work / "plain"
    docs = plain / "docs"
    shutil.copytree(root / "docs", docs)
    glossary = abbreviations(guide)
    for page in docs.rglob("*.md"):  # tooltips on hand-written pages too
        page.write_text(page.read_text(encoding="utf-8") + glossary, encoding="utf-8")
    for page in render_pages(guide):
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content + (glossary if page.tooltips else ""), encoding="utf-8")
    config, count = PLUGIN_BLOCK.subn("", (root / "mkdocs.yml").read_text(encoding="utf-8"))
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n  - abbr\n", 1)
    if count != 1:
        sys.exit("mkdocs.yml : ligne « - pix-guide » introuvable, impossible de préparer le site sans plugin")
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    (plain / FLOOR_CONFIG).write_text(config + "hooks:\n  - plancher.py\n", encoding="utf-8")
    (plain / "plancher.py").write_text(FLOOR_HOOK.format(root=str(root)), encoding="utf-8")
    (plain / "templates").symlink_to(root / "templates", target_is_directory=True)  # theme.custom_dir
    return plain


FLOOR_CONFIG = "mkdocs-plancher.yml"
# The floor's hook: what the plugin does in on_files when the page cache is cold (the same call).
FLOOR_HOOK = """from pathlib import Path


def on_files(files, config):
    from generator.page_cache import compute

    compute(Path({root!r}), config.site_url or "")
"""

FULL = "mkdocs build, site complet"
COLD, WARM, PLAIN = f"{FULL}, sans cache (comme en CI)", f"{FULL}, cache des pages à jour", \
    "mkdocs build, mêmes pages sans plugin"
FLOOR = "mkdocs build, plancher : mêmes pages sans plugin, avec chargement, vérification et rendu du guide"


def measures(work: Path, count: int, before: tuple[str, Path] | None) -> dict[str, callable]:
    """What is timed for the project with `count` synthetic outcomes (0: the real one);
    `before`: the name and the extracted tree of the version to compare with."""
    root = project(work, count)
    plain = prepare_plain_site(work, root)
    size = "projet réel" if count == 0 else f"{count} issues de plus"

    def build(site: str, folder: Path = root, code: Path | None = None, config: str = "mkdocs.yml") -> None:
        run(synthetic.command("mkdocs", "build", "--strict", "--config-file", config,
                              "--site-dir", str(work / site)), folder, code)

    def mkdocs_cold() -> None:
        shutil.rmtree(root / PAGE_CACHE, ignore_errors=True)
        build("site-full")

    timed = {f"{size} : {COLD}": mkdocs_cold,
             f"{size} : {WARM}": lambda: build("site-full"),
             f"{size} : {PLAIN}": lambda: build("site-plain", plain),
             f"{size} : {FLOOR}": lambda: build("site-floor", plain, config=FLOOR_CONFIG)}
    if before is not None:
        name, code = before
        old = project(work / "avant", count, code) if count else code

        def before_cold() -> None:  # as COLD: a base equal to HEAD must read the same
            shutil.rmtree(old / PAGE_CACHE, ignore_errors=True)
            build("site-before", old, code)

        timed[f"{size} : {FULL}, {name}, sans cache"] = before_cold
    if count:
        return timed

    def generator_in_process() -> None:
        render_pages(load_guide(root))

    def generator_cli() -> None:
        run([sys.executable, "-m", "generator", "build", "--out", str(work / "pages")], root)

    return {f"{size} : générateur seul, en processus (load_guide + render_pages)": generator_in_process,
            f"{size} : générateur seul, CLI (python -m generator build --out)": generator_cli, **timed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="nombre de mesures de chaque sorte (défaut : 5)")
    parser.add_argument("--tailles", default="0,1000",
                        help="issues synthétiques ajoutées, 0 pour le projet réel (défaut : 0,1000)")
    parser.add_argument("--avant", default=None, help="référence git à comparer (« » : aucune ; "
                        "par défaut, le point de départ de cette branche sur main)")
    arguments = parser.parse_args(argv)
    if arguments.avant is None:
        arguments.avant = default_base()
    if arguments.runs < 1:
        parser.error("--runs doit valoir au moins 1")
    synthetic.lift_caps()  # for load_guide in this process, on the synthetic guides
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as folder:
        timed: dict[str, callable] = {}
        before = (f"avant ({arguments.avant})", extract(arguments.avant, Path(folder) / "avant")) \
            if arguments.avant else None
        for count in (int(size) for size in arguments.tailles.split(",")):
            (Path(folder) / str(count)).mkdir()
            timed |= measures(Path(folder) / str(count), count, before)
        names = list(timed)
        for name in names:  # warm-up, not timed
            timed[name]()
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for round_number in range(arguments.runs):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                samples[name].append(timed_run(timed[name]))
    report(samples, arguments.runs)
    return 0


def timed_run(action: callable) -> tuple[float, float]:
    """Wall time, and CPU time (user + system, of this process and of its children: what the
    load of a shared machine inflates less) of `action()`."""
    def cpu() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    start_wall, start_cpu = time.perf_counter(), cpu()
    action()
    return time.perf_counter() - start_wall, cpu() - start_cpu


def report(samples: dict[str, list[tuple[float, float]]], runs: int) -> None:
    import mkdocs
    print(f"Temps de construction, médiane de {runs} mesures entrelacées "
          f"(Python {platform.python_version()}, MkDocs {mkdocs.__version__}, {os.cpu_count()} processeurs)")
    width = max(len(name) for name in samples)
    print(f"{'':{width}}  {'mur':>9}  {'min':>9}  {'max':>9}  {'processeur':>10}")
    walls, cpus = {}, {}
    for name, values in samples.items():
        walls[name] = statistics.median(wall for wall, _ in values)
        cpus[name] = statistics.median(cpu for _, cpu in values)
        print(f"{name:{width}}  {ms(walls[name])}  {ms(min(w for w, _ in values))}  "
              f"{ms(max(w for w, _ in values))}  {ms(cpus[name]):>10}")
    for name in samples:
        size, _, what = name.partition(" : ")
        if what.startswith(FULL) or what == FLOOR:
            plain = f"{size} : {PLAIN}"
            print(f"{size} : rapport {what.removeprefix('mkdocs build, ')} / mêmes pages sans plugin : "
                  f"{walls[name] / walls[plain]:.2f} (mur), {cpus[name] / cpus[plain]:.2f} (processeur) ; "
                  "objectif : au plus 1,10 sans cache" + (
                      " (le plugin ajoute au moins cela, tant qu'il charge, vérifie et rend le guide à "
                      "chaque construction sans le faire plus vite)"
                      if what == FLOOR else ""))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
