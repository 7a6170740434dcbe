"""Glossary tooltips (<abbr title="…">) on the glossary's words, as a Markdown extension.

Python-Markdown's `abbr` extension reads definitions written in each page (`*[Pix]: …`):
appended to every page, a large glossary was parsed again on every page (a 1,500-variant
glossary took a build from seconds to minutes), and a term holding Markdown could add
content to every page. Here the terms come as data (a dict), never as Markdown: the
definitions are not parsed at all, and one combined regex finds every term in a page's
text (Python-Markdown's own tree processor, fed a dict). The tree's pages turn it off
(`active`): a tooltip inside an answer button gets in the way.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.extensions.abbr import AbbrTreeprocessor


class TooltipsTreeprocessor(AbbrTreeprocessor):
    def __init__(self, md: Markdown, extension: "GlossaryTooltips") -> None:
        super().__init__(md, extension.terms)
        self.extension = extension

    def run(self, root):
        if self.extension.active:
            return super().run(root)
        return None


class GlossaryTooltips(Extension):
    """`terms` maps each word (term or variant) to its definition, as plain text."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: dict[str, str] = {}
        self.active = True

    def set_terms(self, terms: dict[str, str]) -> None:
        self.terms.clear()  # the same dict is shared with the tree processor
        self.terms.update(terms)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Priority 7, as Python-Markdown's abbr: after inline patterns, before prettify.
        md.treeprocessors.register(TooltipsTreeprocessor(md, self), "guide_tooltips", 7)
