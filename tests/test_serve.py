"""`mkdocs serve` survives a YAML mistake: the error is printed (file:line), every page shows
it over the last good version, and fixing the file brings the page back; every link of a
served page answers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlsplit

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


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_link_of_a_served_page_answers(served):
    """The preview is the site a contributor checks: no link nor file of its pages is missing
    (the manifest included, though `serve` writes no service worker)."""
    _, url, _, _ = served
    targets = {urldefrag(urljoin(url, link)).url for link in re.findall(r'(?:href|src)="([^"]+)"', fetch(url))}
    local = sorted(target for target in targets if urlsplit(target).netloc == urlsplit(url).netloc)
    assert urljoin(url, "/manifest.webmanifest") in local and len(local) > 20
    assert [(target, status) for target in local if (status := status_of(target)) >= 400] == []
