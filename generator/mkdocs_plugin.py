"""Thin MkDocs adapter: adds the generated pages to the site, without writing into docs/.

Registered as the `pix-guide` plugin (entry point in pyproject.toml). All the work is in the
core (project, rendering, tooltips, site_check); this module only moves its results into
MkDocs' structures. The core is imported by the hooks that use it, not with this module:
MkDocs imports every plugin to read mkdocs.yml, and the model (pydantic), Jinja, the QR codes
and the site check cost about a tenth of a second to import, for commands that need none.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .errors import AuthorErrors, display_path, format_report
from .tooltips import GlossaryTooltips
from .typography import french

if TYPE_CHECKING:
    from . import site_check
    from .pages import GeneratedPage

log = logging.getLogger("mkdocs.plugins.pix_guide")

# Raw HTML on one line, the report escaped: nothing in it can become markup or script.
ERROR_BANNER = ('<div class="admonition failure" role="alert"><p class="admonition-title">'
                "Le guide n'a pas pu être mis à jour</p><p>Les pages ci-dessous sont celles de la "
                "dernière version valide. Corrigez ce qui suit, enregistrez, et la page se "
                "rechargera :</p>{report}</div>\n\n")


class GuidePluginConfig(Config):
    root = config_options.Optional(config_options.Dir(exists=True))
    # Hosts the site may link to, besides its own (site_url) and the repository (repo_url).
    hotes_externes = config_options.ListOfItems(config_options.Type(str), default=[])


class GuidePlugin(BasePlugin[GuidePluginConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.last_good: list[GeneratedPage] = []
        self.last_terms: dict[str, str] = {}
        self.error_report = ""
        self.site_report = ""
        self.generated: dict[str, GeneratedPage] = {}
        self.tooltips = GlossaryTooltips()
        self.nav = None
        self.figures: dict[str, int] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        # Tooltips come from the glossary as data, never as Markdown written into the pages.
        config.markdown_extensions.append(self.tooltips)
        return config

    def root(self, config) -> Path:
        return Path(self.config.root or Path(config.config_file_path).parent)

    def on_files(self, files: Files, *, config) -> Files:
        from .page_cache import built

        try:
            result, _ = built(self.root(config), site_url=config.site_url or "")
            self.last_good, self.last_terms, self.figures = result.pages, result.terms, result.figures
            self.error_report = ""
        except AuthorErrors as failure:
            if not self.serving:
                raise PluginError(str(failure)) from None
            # While serving, keep the last good pages and show the error on every page.
            log.error(str(failure))
            self.error_report = str(failure)
        self.tooltips.set_terms(self.last_terms)
        self.generated = {}
        for page in self.last_good:
            files.append(self._file(page, config))
        return files

    def _file(self, page: GeneratedPage, config) -> File:
        file = File.generated(config, page.path, content=page.content)
        # "Modifier cette page" opens the YAML file, not a generated Markdown file; the
        # states of the tree have no such link (a reader's screen, not a document).
        file.edit_uri = "../" + page.source_file if page.editable else None
        self.generated[page.path] = page
        return file

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        generated = self.generated.get(page.file.src_uri)
        # MkDocs converts each page right after this hook: the switch holds for this page.
        self.tooltips.active = generated is None or generated.tooltips
        if generated is None:
            from .figures import fill

            # Hand-written pages quote figures computed from the content (generator.figures).
            shown_as = display_path(Path(page.file.abs_src_path), self.root(config))
            markdown, errors = fill(markdown, self.figures, shown_as, original=page.file.content_string)
            if errors:
                raise PluginError(format_report(errors))
        report = "\n\n".join(text for text in (self.error_report, self.site_report) if text)
        if report:
            from . import escaping

            markdown = ERROR_BANNER.format(report=escaping.banner(report)) + markdown
        return markdown

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        """Titles and menu labels do not go through Markdown: French typography here (all
        pages are read by now, none is rendered yet)."""
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.title = french(file.page.title)
                if "title" in file.page.meta:
                    file.page.meta["title"] = french(file.page.meta["title"])
        for item in _all_items(self.nav):
            item.title = french(item.title)
        return env

    def on_post_build(self, *, config) -> None:
        from . import escaping, site_check
        from .finishing import DEFAULT_ICON, Offline, finish_site
        from .mkdocs_search import fold_accents_in_search

        fold_accents_in_search(config)
        assets = [*config.extra_css, *map(str, config.extra_javascript)]
        offline = Offline(config.site_name, config.site_description or "",
                          config.theme.get("favicon") or DEFAULT_ICON, worker=not self.serving)
        problems = finish_site(Path(config.site_dir), self._site_policy(config), site_url=config.site_url or "",
                               assets=None if self.serving else assets, offline=offline)
        report = site_check.format_problems(problems)
        if problems and not self.serving:
            raise PluginError(report)
        if problems:  # while serving: shown now on every page, and kept for the next rebuild
            log.error(report)
            site_check.show_on_every_page(Path(config.site_dir), ERROR_BANNER.format(report=escaping.banner(report)))
        self.site_report = report

    def _site_policy(self, config) -> site_check.Policy:
        from . import site_check

        hosts = [*self.config.hotes_externes]
        hosts += [url for url in (config.site_url, config.repo_url) if url]
        theme_dirs = [Path(folder) for folder in config.theme.dirs]
        return site_check.Policy.from_theme(theme_dirs, hosts, extra_scripts=[
            str(script) for script in config.extra_javascript], site_url=config.site_url or "")

    def on_serve(self, server, *, config, builder):
        from .layout import Layout

        layout = Layout(self.root(config))
        for folder in layout.input_folders:
            server.watch(str(layout.path(folder)))
        return server


def _all_items(nav):
    """Sections and links of the menu (pages are typeset with the other pages)."""
    pending = list(nav.items) if nav is not None else []
    while pending:
        item = pending.pop()
        pending += getattr(item, "children", None) or []
        if not item.is_page:
            yield item
