"""The bad-input corpus (tests/broken/): every broken input gives a clear French error, fast.

Each case is data, in its own folder `tests/broken/<name>/`:
- files laid out as in the project (e.g. `procedures/situations/cassee.yml`), copied over a
  fresh copy of the project;
- optionally `remplacer.yml`: edits of the copy's existing files (`fichier`, `avant`, `apres`;
  `avant` must occur exactly once), for defects inside the real files (the decision tree);
- optionally `agrandir.txt`: `FILE LINE BYTES`, repeat that line of FILE until it weighs BYTES
  (a very large file is generated here rather than committed);
- optionally `fichiers.yml`: files the YAML corpus cannot hold as plain files (`chemin`, then
  `lien` for a symbolic link to that target, `octets` for raw bytes written as a Python
  escaped string, `dossier: true` for a folder, `supprimer: true` to remove a file,
  `encodage` to save the file in another encoding);
- `expected.txt`: a comment line (what is broken), then the error's code and place,
  `CODE FILE:LINE` or `CODE FILE:LINE:COLUMN` (LINE may be `/regex/`: the first line of the
  broken copy that matches), then optionally, one per line, values the message must name
  (the misspelt key, the suggestion, the invisible character's number: data from the input,
  never the message's wording, which the golden report `tests/golden/` holds); or, for a
  hostile input that is shown as harmless text rather than refused, the word `accepté` and
  then strings that must NOT appear in any `href`/`src` of the built site (or, after
  `sortie: `, a notice `check` prints);
- optionally `construire.txt`: why MkDocs itself is at stake (links, HTML, the plugin): the
  case is also built with `mkdocs build` (slower, so only for those);
- optionally `xfail.txt`: a known defect, reported, not yet fixed (the case must still fail).

For each case, `python -m generator check` (in-process: one process for the whole corpus)
exits with 1 within the time limit, the report holds the error's code at its file and line
and the values, no traceback leaks out, and nothing written in the YAML was executed. The marked
cases are built with MkDocs too, with the same expectations (or, when accepted, a built site
that passes the site check and links nowhere unexpected).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.errors import Code
from helpers import ROOT, copy_project, quiet_env, tree

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(path for path in BROKEN.iterdir() if path.is_dir())
TIME_LIMIT = 10  # seconds, for check; a failed MkDocs build gets three times as long
MARKER = "yaml-a-execute-du-code"  # the file the os.system tags of the corpus would create
PLACE = re.compile(r"^(?P<code>[a-z0-9-]+) (?P<file>[^:]+):(?P<line>/.+/|\d+)(?::(?P<column>\d+))?$")
CASE_FILES = {"expected.txt", "remplacer.yml", "agrandir.txt", "xfail.txt", "fichiers.yml", "construire.txt"}
ACCEPTED = "accepté"
BUILT = [case for case in CASES if (case / "construire.txt").exists()]


def case_param(case: Path):
    marks = []
    if (case / "xfail.txt").exists():
        marks.append(pytest.mark.xfail(reason=(case / "xfail.txt").read_text(encoding="utf-8").strip(),
                                       strict=True))
    return pytest.param(case, id=case.name, marks=marks)


def overlay(case: Path, root: Path) -> None:
    """Apply a case of the corpus to a copy of the project."""
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_file() and relative.as_posix() not in CASE_FILES:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    edits = case / "remplacer.yml"
    for item in yaml.safe_load(edits.read_text(encoding="utf-8")) if edits.exists() else []:
        path = root / item["fichier"]
        text = path.read_text(encoding="utf-8")
        assert text.count(item["avant"]) == 1, f"{case.name}: « avant » introuvable ou ambigu dans {item['fichier']}"
        path.write_text(text.replace(item["avant"], item["apres"]), encoding="utf-8")
    special = case / "fichiers.yml"
    for item in yaml.safe_load(special.read_text(encoding="utf-8")) if special.exists() else []:
        path = root / item["chemin"]
        if "encodage" in item:  # the same text, saved in another encoding
            path.write_bytes(path.read_text(encoding="utf-8").encode(item["encodage"]))
        if item.get("supprimer") or item.get("dossier") or "lien" in item:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
        if item.get("dossier"):
            path.mkdir(parents=True)
        elif "lien" in item:
            path.symlink_to(item["lien"])
        elif "octets" in item:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(item["octets"].encode("ascii").decode("unicode_escape").encode("latin-1"))
    grow = case / "agrandir.txt"
    for line in grow.read_text(encoding="utf-8").splitlines() if grow.exists() else []:
        if line.strip() and not line.startswith("#"):
            relative, number, size = line.split()
            path = root / relative
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            repeated = lines[int(number) - 1]
            count = int(size) // len(repeated.encode("utf-8")) + 1
            path.write_text("".join(lines[:int(number)] + [repeated] * count + lines[int(number):]),
                            encoding="utf-8")


def expected_lines(case: Path) -> list[str]:
    return [line for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def is_accepted(case: Path) -> bool:
    return expected_lines(case)[0] == ACCEPTED


def expectations(case: Path, root: Path) -> tuple[re.Pattern[str], list[str]]:
    """What starts the expected error in the report (`file:line:column: [code]`), and the values."""
    place, *fragments = expected_lines(case)
    match = PLACE.match(place)
    assert match, f"{case.name}: « {place} » n'est pas de la forme CODE FICHIER:LIGNE[:COLONNE]"
    code, file, line, column = match.group("code", "file", "line", "column")
    assert code in {c.value for c in Code}, f"{case.name}: code « {code} » absent du registre (generator/errors.py)"
    if line.startswith("/"):
        pattern = re.compile(line[1:-1])
        numbers = [n for n, text in enumerate((root / file).read_text(encoding="utf-8").splitlines(), 1)
                   if pattern.search(text)]
        assert numbers, f"{case.name}: {line} ne correspond à aucune ligne de {file}"
        line = str(numbers[0])
    start = re.escape(f"{file}:{line}:") + (re.escape(column) if column else r"\d+") + re.escape(f": [{code}] ")
    return re.compile(f"^{start}", re.M), fragments


def run(command: list[str], root: Path, limit: float) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=quiet_env(),
                            timeout=limit)
    return result, time.perf_counter() - start


def run_check_in_process(root: Path) -> subprocess.CompletedProcess:
    """`python -m generator check`, in this process: an exception is a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--racine", str(root), "check"])
        except BaseException:  # noqa: BLE001 - any escape is the failure we test for
            code = 99
            err.write(traceback.format_exc())
    return subprocess.CompletedProcess(["check"], code, out.getvalue(), err.getvalue())


def assert_clear_failure(case: Path, root: Path, result: subprocess.CompletedProcess) -> None:
    start, fragments = expectations(case, root)
    report = result.stderr + result.stdout
    assert result.returncode == 1, f"code de sortie {result.returncode} :\n{report}"
    assert str(root) not in report, "le rapport montre un chemin absolu de la machine"
    assert "root:x:0:0" not in report, "le rapport montre le contenu d'un fichier du système"
    assert "Traceback" not in report, report
    assert start.search(report), f"{start.pattern} absent du rapport :\n{report}"
    # The values are in the message of this code at this place.
    located = [block for block in re.split(r"\n(?=\S)", report) if start.search(block)]
    for fragment in fragments:
        assert any(fragment in block for block in located), f"« {fragment} » absent de :\n{report}"
    assert not (root / MARKER).exists(), "une commande écrite dans le YAML a été exécutée"


@pytest.mark.parametrize("case", [case_param(case) for case in CASES])
def test_check_refuses_the_broken_input(case: Path, tmp_path: Path, monkeypatch):
    root = copy_project(tmp_path)
    overlay(case, root)
    monkeypatch.chdir(root)  # where an executed os.system tag would leave its marker
    start = time.perf_counter()
    result = run_check_in_process(root)
    elapsed = time.perf_counter() - start
    if is_accepted(case):
        assert result.returncode == 0, result.stderr
        for shown in [line.removeprefix("sortie: ") for line in expected_lines(case) if line.startswith("sortie: ")]:
            assert shown in result.stdout + result.stderr
    else:
        assert_clear_failure(case, root, result)
    assert elapsed < TIME_LIMIT


@pytest.mark.parametrize("case", [case_param(case) for case in BUILT])
def test_mkdocs_build_refuses_the_broken_input(case: Path, tmp_path: Path):
    root = copy_project(tmp_path, with_site=True)
    overlay(case, root)
    site = tmp_path / "site"
    result, _ = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                     str(root / "mkdocs.yml"), "--site-dir", str(site)], root, 3 * TIME_LIMIT)
    if not is_accepted(case):
        assert_clear_failure(case, root, result)
        return
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    targets = built_targets(site)
    for forbidden in [line for line in expected_lines(case)[1:] if not line.startswith("sortie: ")]:
        assert not [target for target in targets if forbidden.lower() in target.lower()], forbidden


def built_targets(site: Path) -> list[str]:
    """Every href and src of the built site, entities decoded as a browser would."""
    import html
    found = []
    for page in site.rglob("*.html"):
        found += [html.unescape(value) for value in
                  re.findall(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]*)""", page.read_text(encoding="utf-8"))]
    return found


def test_the_corpus_is_large_and_its_cases_are_well_formed():
    assert len(CASES) > 100
    assert 10 <= len(BUILT) < len(CASES) / 2  # MkDocs only where it is at stake: the corpus stays fast
    for case in CASES:
        assert (case / "expected.txt").is_file(), case.name
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), f"{case.name}: expected.txt commence par un commentaire"
        assert any(not line.startswith("#") for line in lines[1:]), case.name


def test_the_os_system_tag_would_run_with_an_unsafe_loader(tmp_path, monkeypatch):
    """Control: the corpus' tag is live, so `check` not creating the marker means something."""
    text = (BROKEN / "etiquette-python-os-system/procedures/situations/cassee.yml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yaml.unsafe_load(text)
    assert (tmp_path / MARKER).exists()


def test_make_build_fails_on_a_mkdocs_warning(tmp_path: Path):
    """With --quiet, MkDocs stopped counting warnings and --strict let a broken link pass
    (MkDocs issue #4126); `make build`, and the Pages workflow that runs it, must fail."""
    root = copy_project(tmp_path, with_site=True)
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    (root / "docs" / "lien-casse.md").write_text("# Lien\n\n[Une page absente](absente.md)\n", encoding="utf-8")
    make = ["make", "--no-print-directory", "-C", str(root), "build", f"BIN={ROOT / '.venv' / 'bin'}",
            "-o", ".venv/.installed"]
    result = subprocess.run(make, capture_output=True, text=True, env=quiet_env(), timeout=300)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "absente.md" in result.stderr
    assert not (root / "site").exists()


def test_a_failed_make_build_leaves_the_previous_site_untouched(tmp_path: Path):
    """`make build` builds into site.tmp and swaps: a failure keeps the good site/ as it was."""
    root = copy_project(tmp_path, with_site=True)
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    # Use the project's environment: the copy has none (and must not create one).
    make = ["make", "--no-print-directory", "-C", str(root), "build", f"BIN={ROOT / '.venv' / 'bin'}",
            "-o", ".venv/.installed"]
    first = subprocess.run(make, capture_output=True, text=True, env=quiet_env(), timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    before = tree(root / "site")
    assert before and "index.html" in before
    overlay(BROKEN / "syntaxe-deux-points", root)
    second = subprocess.run(make, capture_output=True, text=True, env=quiet_env(), timeout=300)
    assert second.returncode != 0
    assert "procedures/situations/cassee.yml:2:26:" in second.stdout + second.stderr
    assert tree(root / "site") == before
    assert not (root / "site.tmp").exists() and not (root / "site.old").exists()
    assert not (root / ".venv").exists()
