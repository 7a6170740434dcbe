"""Thin MkDocs adapter: adds the generated pages to the site, without writing into docs/.

Registered as the `pix-guide` plugin (entry point in pyproject.toml). All the work is in the
core (project, rendering); this module only moves its results into MkDocs' structures.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .errors import AuthorErrors, display_path
from .figures import figures, fill
from .mkdocs_search import fold_accents_in_search
from .project import Layout, load_guide
from .rendering import GeneratedPage, abbreviations, render_pages

log = logging.getLogger("mkdocs.plugins.pix_guide")

ERROR_BANNER = """!!! failure "Le guide n'a pas pu être mis à jour"

    Les pages ci-dessous sont celles de la dernière version valide. Corrigez ce qui suit,
    enregistrez, et la page se rechargera :

    ```text
{report}
    ```

"""


class GuidePluginConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))


class GuidePlugin(BasePlugin[GuidePluginConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.last_good: list[GeneratedPage] = []
        self.glossary_block = ""
        self.error_report = ""
        self.generated_uris: set[str] = set()
        self.figures: dict[str, int] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def root(self, config) -> Path:
        return Path(self.config.root or Path(config.config_file_path).parent)

    def on_files(self, files: Files, *, config) -> Files:
        try:
            guide = load_guide(self.root(config))
            self.last_good = render_pages(guide)
            self.glossary_block = abbreviations(guide)
            self.figures = figures(guide)
            self.error_report = ""
        except AuthorErrors as failure:
            if not self.serving:
                raise PluginError(str(failure)) from None
            # While serving, keep the last good pages and show the error on every page.
            log.error(str(failure))
            self.error_report = str(failure)
        self.generated_uris = set()
        for page in self.last_good:
            files.append(self._file(page, config))
        return files

    def _file(self, page: GeneratedPage, config) -> File:
        file = File.generated(config, page.path, content=page.content)
        # "Modifier cette page" opens the YAML file, not a generated Markdown file; the
        # states of the tree have no such link (a reader's screen, not a document).
        file.edit_uri = "../" + page.source_file if page.editable else None
        self.generated_uris.add(page.path)
        return file

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if page.file.src_uri not in self.generated_uris:
            # Hand-written pages quote figures computed from the content (generator.figures).
            try:
                shown_as = display_path(Path(page.file.abs_src_path), self.root(config))
                markdown = fill(markdown, self.figures, shown_as, original=page.file.content_string)
            except AuthorErrors as failure:
                raise PluginError(str(failure)) from None
            markdown += self.glossary_block
        if self.error_report:
            report = "\n".join("    " + line for line in self.error_report.splitlines())
            markdown = ERROR_BANNER.format(report=report) + markdown
        return markdown

    def on_post_build(self, *, config) -> None:
        fold_accents_in_search(config)

    def on_serve(self, server, *, config, builder):
        layout = Layout(self.root(config))
        for folder in (layout.procedures, layout.templates, layout.source.parent):
            server.watch(str(layout.path(folder)))
        return server
