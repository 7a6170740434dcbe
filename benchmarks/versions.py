"""Earlier versions of the project, for benchmarks that measure before and after in one run."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_base() -> str:
    """The commit where this branch left main (the default « avant »)."""
    return subprocess.run(["git", "-C", str(ROOT), "merge-base", "main", "HEAD"],
                          capture_output=True, text=True).stdout.strip()[:10]


def extract(ref: str, destination: Path) -> Path:
    """The project as it was at git reference `ref` (its generator, templates and content)."""
    destination.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination
