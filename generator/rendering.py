"""Renders a checked Guide into Markdown pages through the Jinja templates in templates/.

Output is deterministic: same inputs, same bytes (no dates of the day, sorted iterations).
Contributors' texts go through the `texte` filter, which escapes HTML, so a text can use
the documented Markdown subset but never inject markup.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

import jinja2

from . import pages, tracing, tree
from .project import Guide

@dataclass(frozen=True)
class GeneratedPage:
    path: str  # e.g. "procedures/pas-de-compte.md"
    content: str
    source_file: str  # the YAML file to edit, relative to the project root
    editable: bool = True  # False: no « Modifier cette page » link (the tree's states)


def render_pages(guide: Guide) -> list[GeneratedPage]:
    env = _environment(guide)
    rules_file = guide.file_of("regles.yml").shown_as
    tree_file = guide.file_of("arbre.yml").shown_as

    def page(path: str, template: str, source_file: str, **context) -> GeneratedPage:
        return GeneratedPage(path, _render(env, template, path, **context), source_file)

    result = [page(pages.procedure(p.id), "procedure.md.j2", guide.file_of(f"cas:{p.id}").shown_as, procedure=p)
              for p in guide.procedures]
    result += [page(pages.situation(s.id), "situation.md.j2", guide.file_of(f"situation:{s.id}").shown_as,
                    situation=s) for s in guide.situations]
    # No glossary tooltips in the tree: a tooltip inside an answer button gets in the way.
    result += [GeneratedPage(state.page, _render(env, "arbre-etat.md.j2", state.page, with_glossary=False,
                                                 state=state, given=given_answers(guide.tree, state.answers),
                                                 progress=progress(state), back_to=back_to(guide.tree, state)),
                             _state_source(guide, state), editable=False)
               for state in guide.tree.states()]
    result += [
        page(tree.PLAN_PAGE, "arbre-plan.md.j2", tree_file, plan=plan(guide.tree)),
        page(pages.RULES, "regles.md.j2", rules_file),
        page(pages.OVERVIEW, "vue-d-ensemble.md.j2", tree_file, grid=overview_grid(guide.tree)),
        page(pages.GLOSSARY, "glossaire.md.j2", guide.file_of("glossaire.yml").shown_as),
        page(pages.COVERAGE, "couverture.md.j2", rules_file, coverage=tracing.coverage(guide)),
    ]
    return result


def abbreviations(guide: Guide) -> str:
    """Glossary terms as Markdown abbreviations: tooltips on those words in every page."""
    lines = []
    for term in guide.glossary.terms:
        definition = " ".join(term.definition.split())
        lines += [f"*[{word}]: {definition}" for word in [term.term, *term.variants]]
    return "\n\n" + "\n".join(sorted(set(lines))) + "\n"


def given_answers(decision_tree: tree.DecisionTree, answers: tree.Answers) -> list[dict]:
    """« Vos réponses »: each answer, and the state to go back to in order to change it."""
    return [{"question": decision_tree.questions[question_id].short,
             "answer": decision_tree.answer_label(question_id, answer_id),
             "question_id": question_id, "answer_id": answer_id,
             "change": tree.state_page(answers[:index])}
            for index, (question_id, answer_id) in enumerate(answers)]


def progress(state: tree.State) -> str:
    """« Question 2 », never « sur N »: how many questions remain depends on the answers
    still to come, so a total would change under the reader's feet."""
    return "Résultat" if state.question is None else f"Question {len(state.answers) + 1}"


def back_to(decision_tree: tree.DecisionTree, state: tree.State) -> dict | None:
    """The question an outcome offers to go back to (`revenir_a`), and that state's page
    (generator.tree checks that the question is asked on every path to the outcome)."""
    question_id = getattr(state.outcome.item, "back_to", None) if state.outcome else None
    if question_id is None:
        return None
    index = [asked for asked, _ in state.answers].index(question_id)
    return {"question": decision_tree.questions[question_id], "page": tree.state_page(state.answers[:index])}


def plan(decision_tree: tree.DecisionTree) -> list[dict]:
    """The whole tree as nested nodes, for the overview of the tree."""
    states = {state.answers: state for state in decision_tree.states()}

    def node(answers: tree.Answers) -> dict:
        state = states[answers]
        children = [] if state.question is None else [
            {"label": answer.label, **node((*answers, (state.question.id, answer.id)))}
            for answer in state.question.answers]
        return {"state": state, "children": children}

    return [node(())]


# The overview table crosses the answers given before this question (rows) with its answers
# (columns): in our tree, the connection mode the school wants.
OVERVIEW_COLUMN_QUESTION = "mode-souhaite"


def overview_grid(decision_tree: tree.DecisionTree) -> dict:
    """Rows: situations before the wanted mode; columns: wanted modes; cells: outcomes."""
    column = decision_tree.questions.get(OVERVIEW_COLUMN_QUESTION)
    rows: dict[tree.Answers, dict] = {}
    others = []
    for answers, outcomes in decision_tree.paths:
        asked = [question for question, _ in answers]
        if column is None or column.id not in asked:
            others.append({"given": given_answers(decision_tree, answers), "outcome": outcomes[0],
                           "state": tree.state_page(answers)})
            continue
        split = asked.index(column.id)
        row = rows.setdefault(answers[:split], {"given": given_answers(decision_tree, answers[:split]),
                                               "cells": {answer.id: [] for answer in column.answers}})
        row["cells"][answers[split][1]].append({
            "outcome": outcomes[0], "state": tree.state_page(answers),
            "condition": [item["answer"] for item in given_answers(decision_tree, answers)[split + 1:]]})
    return {"column": column, "rows": list(rows.values()), "others": others}


def _state_source(guide: Guide, state: tree.State) -> str:
    """An outcome state is edited in its outcome's YAML; a question state in arbre.yml."""
    return state.outcome.file.shown_as if state.outcome else guide.file_of("arbre.yml").shown_as


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
    env.filters["front_matter"] = front_matter_string
    env.globals.update(guide=guide, pages=pages, state_page=tree.state_page, tree_root=tree.ROOT_PAGE,
                       given=lambda answers: given_answers(guide.tree, answers),
                       applies=lambda item, answers: tree.holds(getattr(item, "only_if", None), answers))
    env.tests["applies_to"] = lambda item, answers: tree.holds(item.only_if, answers)
    return env


# Markdown syntax beyond the documented subset, neutralised even if validation was bypassed:
# "{" opens attribute lists (attr_list: onclick=…), "![" an image (a third-party request).
MARKDOWN_ESCAPES = {"{": "&#123;", "}": "&#125;", "![": "&#33;["}
# A script scheme loses its colon, so it can never become a link's target.
SCRIPT_SCHEME = re.compile(r"\b(javascript|vbscript|data)\s*:", re.IGNORECASE)


def front_matter_string(value: object) -> str:
    """A page title or description for the front matter. MkDocs themes print these without
    escaping (in <title>, the menu, <meta content="…">), so quotes are escaped too; a JSON
    string is a valid YAML string, whatever the text holds."""
    return json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=False)


def escape_text(value: object) -> str:
    """Escape HTML (so no markup can be injected) and keep the text on one Markdown block."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    for syntax, entity in MARKDOWN_ESCAPES.items():
        text = text.replace(syntax, entity)
    return SCRIPT_SCHEME.sub(r"\1 :", text)


def _render(env: jinja2.Environment, template: str, page: str, with_glossary: bool = True, **context) -> str:
    def link(to_page: str, anchor: str = "") -> str:
        return pages.link(page, to_page, anchor)

    content = env.get_template(template).render(page=page, link=link, **context).rstrip("\n") + "\n"
    return content + abbreviations(env.globals["guide"]) if with_glossary else content
