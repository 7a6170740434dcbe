"""`mkdocs serve` survives a YAML mistake: the error is printed (file:line), every page shows
it over the last good version, and fixing the file brings the page back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from helpers import copy_project

BANNER = "a pas pu être mis à jour"  # « Le guide n’a pas pu… » (typographic apostrophe)
PAGE = "procedures/pas-de-compte/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path, with_site=True)
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        assert wait_for(lambda: "<h1" in fetch(url)), "mkdocs serve did not start"
        yield project, url, server, tmp_path / "serve.log"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_serve_shows_yaml_error_and_recovers(served):
    project, url, server, log = served
    procedure = project / "procedures/cas/pas-de-compte.yml"
    good = procedure.read_text(encoding="utf-8")
    procedure.write_text(good.replace("titre: L'élève", "titre: [L'élève", 1), encoding="utf-8")

    assert wait_for(lambda: BANNER in fetch(url)), "the error banner never appeared"
    assert server.poll() is None, "the server stopped on a YAML mistake"
    page = fetch(url)
    assert "procedures/cas/pas-de-compte.yml:4:" in page
    assert "Se préparer" in page  # the last good version is still served under the banner
    assert "procedures/cas/pas-de-compte.yml:4:" in log.read_text(encoding="utf-8")

    procedure.write_text(good, encoding="utf-8")
    assert wait_for(lambda: BANNER not in (text := fetch(url)) and "<h1" in text), "the page never came back"
