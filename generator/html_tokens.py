"""What the two fast readers of built pages share: HTMLParser's own way of splitting HTML.

`site_check` (the safety check of every page) and `fragments` (the tree's parts) both read
the built site much faster than HTMLParser does, and both fall back to HTMLParser whenever a
page holds something they do not know. To agree with it, they split with its own patterns
(private to html.parser, not in its type stubs), gathered here so that there is one copy.
"""

from __future__ import annotations

import functools
import re
from html import parser as html_parser

COMMENT_CLOSE: re.Pattern[str] = getattr(html_parser, "commentclose")
START_TAG_END: re.Pattern[str] = getattr(html_parser, "locatestarttagend_tolerant")
TAG_NAME: re.Pattern[str] = getattr(html_parser, "tagfind_tolerant")
ATTRIBUTE: re.Pattern[str] = getattr(html_parser, "attrfind_tolerant")


@functools.cache
def _raw_text_end(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</\s*{tag}\s*>", re.I)


def raw_text_end(text: str, tag: str, start: int, limit: int | None = None) -> re.Match[str] | None:
    """The end tag of a <script> or <style> whose text starts at `start`, found as HTMLParser
    finds it (its text is not markup: the first « </tag> », in any case, ends it)."""
    return _raw_text_end(tag).search(text, start, len(text) if limit is None else limit)
