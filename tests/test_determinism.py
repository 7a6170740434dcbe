"""Same sources, same bytes: two generator runs, and two MkDocs builds, give identical output.

Each pair of runs uses a different PYTHONHASHSEED, so output that depends on the iteration
order of a set or a dict of strings (which changes with the seed) shows up as a difference.
Both builds read one snapshot of the project, so concurrent edits cannot cause a difference.
"""

from __future__ import annotations

import gzip
import re
import subprocess
from pathlib import Path

import pytest

from generator.project import load_guide
from generator.rendering import render_pages
from helpers import PYTHON, copy_whole_project, quiet_env, run_generator, run_mkdocs, tree

# MkDocs writes the build day into the sitemap (<lastmod>, from today's date unless
# SOURCE_DATE_EPOCH is set) and gzips it with that day as the gzip header's mtime. Two builds
# on either side of midnight (UTC) differ there and nowhere else, so the sitemaps are compared
# with <lastmod> blanked, and sitemap.xml.gz after decompression.
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
SEEDS = ("1", "2")  # PYTHONHASHSEED of the two processes compared


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    return copy_whole_project(tmp_path_factory.mktemp("determinisme"))


def test_two_generator_runs_write_identical_trees(snapshot, tmp_path):
    outputs = []
    for name, seed in zip("AB", SEEDS):
        out = tmp_path / name
        result = run_generator("--racine", str(snapshot), "build", "--out", str(out), cwd=snapshot,
                               PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
        outputs.append(tree(out))
    first, second = outputs
    assert sorted(first) == sorted(second)
    assert "procedures/pas-de-compte.md" in first and len(first) >= 9
    assert [path for path in first if first[path] != second[path]] == []


def test_the_two_seeds_really_change_the_order_of_a_set():
    """Else the comparisons above and below could not see an order that depends on the seed."""
    orders = [subprocess.run([PYTHON, "-c", "print(list({'Pix', 'Orga', 'SIECLE', 'GAR', 'ENT', 'Mail'}))"],
                             capture_output=True, text=True, env=quiet_env(PYTHONHASHSEED=seed), check=True).stdout
              for seed in SEEDS]
    assert orders[0] != orders[1]


def test_two_mkdocs_builds_are_byte_identical(snapshot, tmp_path):
    sites = []
    for name, seed in zip("AB", SEEDS):
        site = tmp_path / name
        result = run_mkdocs(site, snapshot / "mkdocs.yml", PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(site)
    first, second = (tree(site, exclude=SITEMAPS) for site in sites)
    assert sorted(first) == sorted(second)
    html = [path for path in first if path.endswith(".html")]
    generated = {html_of(page.path) for page in render_pages(load_guide(snapshot))}
    assert generated <= set(html), "every generated page must be among the compared HTML files"
    assert "search/search_index.json" in first
    assert [path for path in first if first[path] != second[path]] == []
    # The sitemaps: identical but for the build day.
    a, b = (LASTMOD.sub(b"", (site / "sitemap.xml").read_bytes()) for site in sites)
    assert a == b
    a, b = (LASTMOD.sub(b"", gzip.decompress((site / "sitemap.xml.gz").read_bytes())) for site in sites)
    assert a == b


def html_of(markdown_path: str) -> str:
    """Where MkDocs (use_directory_urls) writes a page: a/b.md → a/b/index.html, a/index.md → a/index.html."""
    stem = markdown_path.removesuffix(".md")
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"


def test_a_fixed_build_date_makes_even_the_sitemaps_identical(snapshot, tmp_path):
    trees = []
    for name, seed in (("A", "3"), ("B", "4")):
        site = tmp_path / name
        result = run_mkdocs(site, snapshot / "mkdocs.yml", PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1788220800")
        assert result.returncode == 0, result.stdout + result.stderr
        trees.append(tree(site))
    assert trees[0] == trees[1]
