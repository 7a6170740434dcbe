"""Rank of the expected answer for each real question of tests/recherche-questions.yml, in
the built site's search (Material's search dialog in Chromium). Goal: all at rank 1.

    .venv/bin/python benchmarks/search_ranks.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from search_ranks import open_search, questions, rank, report  # noqa: E402
from site_server import PHONE, build_site, launch_chromium, serve  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        site = build_site(Path(folder) / "site")
        with serve(site) as url, launch_chromium() as chromium:
            page = chromium.new_context(**PHONE).new_page()
            open_search(page, url)
            answers = [rank(page, question) for question in questions()]
    print(report(answers))
    return 0 if all(answer.rank == 1 for answer in answers) else 1


if __name__ == "__main__":
    sys.exit(main())
