"""Renders a checked Guide into Markdown pages through the Jinja templates in templates/.

Output is deterministic: same inputs, same bytes (no dates of the day, sorted iterations).
Contributors' texts go through the `texte` filter, which escapes HTML, so a text can use
the documented Markdown subset but never inject markup.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import jinja2

from . import pages, tracing
from .project import Guide

TOOLTIP_HINT = "Terme du glossaire"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # e.g. "procedures/pas-de-compte.md"
    content: str
    source_file: str  # the YAML file to edit, relative to the project root


def render_pages(guide: Guide) -> list[GeneratedPage]:
    env = _environment(guide)
    rules_file = guide.file_of("regles.yml").shown_as
    result = [
        GeneratedPage(pages.procedure(p.id), _render(env, "procedure.md.j2", pages.procedure(p.id),
                                                     procedure=p), guide.file_of(f"cas:{p.id}").shown_as)
        for p in guide.procedures
    ]
    result += [
        GeneratedPage(pages.RULES, _render(env, "regles.md.j2", pages.RULES), rules_file),
        GeneratedPage(pages.OVERVIEW, _render(env, "vue-d-ensemble.md.j2", pages.OVERVIEW,
                                              grid=overview_grid(guide)), rules_file),
        GeneratedPage(pages.GLOSSARY, _render(env, "glossaire.md.j2", pages.GLOSSARY),
                      guide.file_of("glossaire.yml").shown_as),
        GeneratedPage(pages.COVERAGE, _render(env, "couverture.md.j2", pages.COVERAGE,
                                              coverage=tracing.coverage(guide)), rules_file),
    ]
    return result


def abbreviations(guide: Guide) -> str:
    """Glossary terms as Markdown abbreviations: tooltips on those words in every page."""
    lines = []
    for term in guide.glossary.terms:
        definition = " ".join(term.definition.split())
        lines += [f"*[{word}]: {definition}" for word in [term.term, *term.variants]]
    return "\n\n" + "\n".join(sorted(set(lines))) + "\n"


def overview_grid(guide: Guide) -> list[dict]:
    """Rows of the overview table: current situation × wanted mode → procedures."""
    rows = [("aucun", None, "Pas encore de compte Pix")]
    rows += [("existant", mode.id, f"Compte Pix, connexion par {mode.name}") for mode in guide.modes.modes]
    grid = []
    for account, current, label in rows:
        cells = []
        for wanted in guide.modes.modes:
            found = [p for p in guide.procedures
                     if p.account == account and p.current_mode == current and wanted.id in p.wanted_modes]
            cells.append({"mode": wanted, "procedures": found})
        grid.append({"label": label, "cells": cells})
    return grid


def _environment(guide: Guide) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(guide.layout.path(guide.layout.templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # we write Markdown; contributors' texts are escaped by the filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["texte"] = escape_text
    env.filters["attr"] = lambda value: html.escape(str(value), quote=True)
    # Front matter values: a JSON string is a valid YAML string, whatever the text holds.
    env.filters["yaml_string"] = lambda value: json.dumps(" ".join(str(value).split()), ensure_ascii=False)
    env.globals.update(guide=guide, pages=pages)
    return env


def escape_text(value: object) -> str:
    """Escape HTML (so no markup can be injected) and keep the text on one Markdown block."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text


def _render(env: jinja2.Environment, template: str, page: str, **context) -> str:
    def link(to_page: str, anchor: str = "") -> str:
        return pages.link(page, to_page, anchor)

    content = env.get_template(template).render(page=page, link=link, **context)
    return content.rstrip("\n") + "\n" + abbreviations(context.get("guide", env.globals["guide"]))
