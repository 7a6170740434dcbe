"""Renders a checked Guide into Markdown pages through the Jinja templates in templates/.

Output is deterministic: same inputs, same bytes (no dates of the day, sorted iterations).
Contributors' texts reach the Markdown only through the filters of generator.escaping (one
per context: `texte`, `libelle`, `attr`, `front_matter`), so a text can use the
documented Markdown subset but never inject markup. Glossary tooltips are not written into
the pages: the MkDocs plugin hands `glossary_terms` to generator.tooltips as data.
"""

from __future__ import annotations

import hashlib
import json

import jinja2

from . import escaping, fidelity, pages, preparation, pupil, tracing, tree
from .pages import GeneratedPage
from .project import Guide


def render_pages(guide: Guide, site_url: str = "") -> list[GeneratedPage]:
    """The generated pages; `site_url`, the site's public address, puts QR codes on the cards."""
    cards = pupil.cards(guide.procedures, site_url)
    env = _environment(guide, {card.procedure.id: card for card in cards})
    rules_file = guide.file_of("regles.yml").shown_as
    tree_file = guide.file_of("arbre.yml").shown_as

    def page(path: str, template: str, source_file: str, tooltips: bool = True, editable: bool = True,
             **context) -> GeneratedPage:
        return GeneratedPage(path, _render(env, template, path, **context), source_file, tooltips, editable)

    result = [page(pages.procedure(p.id), "procedure.md.j2", guide.file_of(f"cas:{p.id}").shown_as, procedure=p)
              for p in guide.procedures]
    result += [page(card.page, "carte-eleve.md.j2", guide.file_of(f"cas:{card.procedure.id}").shown_as, card=card)
               for card in cards]
    result += [page(pages.situation(s.id), "situation.md.j2", guide.file_of(f"situation:{s.id}").shown_as,
                    situation=s) for s in guide.situations]
    # No glossary tooltips in the tree: a tooltip inside an answer button gets in the way.
    result += [page(state.page, "arbre-etat.md.j2", _state_source(guide, state), tooltips=False, editable=False,
                    state=state, given=given_answers(guide.tree, state.answers),
                    progress=progress(state), back_to=back_to(guide.tree, state))
               for state in guide.tree.states()]
    result += [
        page(tree.PLAN_PAGE, "arbre-plan.md.j2", tree_file, plan=plan(guide.tree)),
        page(pages.RULES, "regles.md.j2", rules_file),
        page(pages.OVERVIEW, "vue-d-ensemble.md.j2", tree_file, grid=overview_grid(guide.tree)),
        page(pages.GLOSSARY, "glossaire.md.j2", guide.file_of("glossaire.yml").shown_as),
        page(pages.COVERAGE, "couverture.md.j2", rules_file, coverage=tracing.coverage(guide)),
        page(preparation.PAGE, "a-preparer.md.j2", "templates/a-preparer.md.j2", columns=preparation.COLUMNS,
             rows=preparation.rows(guide.procedures), rules=preparation.general_rules(guide.rules.rules)),
    ]
    return result


def glossary_terms(guide: Guide) -> dict[str, str]:
    """Each glossary word (term or variant) and its definition as plain text, for tooltips."""
    return {word: escaping.plain_text(term.definition)
            for term in guide.glossary.terms for word in [term.term, *term.variants]}


def abbreviations(guide: Guide) -> str:
    """The glossary as Markdown abbreviation definitions, for a site built without the plugin
    (benchmarks): terms are plain words (the model allows no markup in them), definitions
    plain text with Markdown's characters neutralised."""
    lines = [f"*[{word}]: {escaping.inline_label(definition)}"
             for word, definition in glossary_terms(guide).items()]
    return "\n\n" + "\n".join(sorted(set(lines))) + "\n"


def given_answers(decision_tree: tree.DecisionTree, answers: tree.Answers) -> list[dict]:
    """« Vos réponses »: each answer, and the state to go back to in order to change it."""
    return [{"question": decision_tree.questions[question_id].short,
             "answer": decision_tree.answer_label(question_id, answer_id),
             "question_id": question_id, "answer_id": answer_id,
             "change": tree.state_page(answers[:index])}
            for index, (question_id, answer_id) in enumerate(answers)]


def ticks_key(procedure) -> str:
    """Where the browser keeps an outcome's ticks: its id and a hash of what can be ticked,
    so that a change to its content starts with no ticks (coches.js)."""
    content = json.dumps(procedure.model_dump(mode="json", include={"prepare", "steps"}),
                         sort_keys=True, ensure_ascii=False)
    return f"{procedure.id}:{hashlib.sha256(content.encode()).hexdigest()[:12]}"


def pupil_card_link(card: pupil.Card | None, link) -> str:
    """The outcome page's link to its pupil's card, if the pupil acts in this outcome."""
    return f"[Carte à donner à l'élève]({link(card.page)}){{ .guide-card-link }}" if card else ""


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


def _environment(guide: Guide, cards: dict[str, pupil.Card]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(guide.layout.path(guide.layout.templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # we write Markdown; contributors' texts are escaped by the filters
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one rendering: no need to check each template's date on every page
        # Compiled templates kept between builds (Jinja's per-user folder in the system's
        # temporary directory, keyed by each template's source): compiling them is most of
        # the rendering of the real guide.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters.update(texte=escaping.block_text, libelle=escaping.inline_label, attr=escaping.attribute,
                       front_matter=escaping.front_matter)
    env.filters["fold"] = fidelity.fold  # accents and case aside, to compare spellings
    env.globals["ticks_key"] = ticks_key
    env.globals["pupil_card_link"] = lambda procedure, link: pupil_card_link(cards.get(procedure.id), link)
    env.globals.update(guide=guide, pages=pages, state_page=tree.state_page, tree_root=tree.ROOT_PAGE,
                       given=lambda answers: given_answers(guide.tree, answers),
                       cited_text=lambda trace: fidelity.cited_text(guide, trace),
                       applies=lambda item, answers: tree.holds(getattr(item, "only_if", None), answers))
    env.tests["applies_to"] = lambda item, answers: tree.holds(item.only_if, answers)
    return env


def _render(env: jinja2.Environment, template: str, page: str, **context) -> str:
    def link(to_page: str, anchor: str = "") -> str:
        return pages.link(page, to_page, anchor)

    return env.get_template(template).render(page=page, link=link, **context).rstrip("\n") + "\n"
