"""The decision tree against the routes written by hand in tests/parcours.yml, without a browser.

The expected answers are in the reader's words (labels and titles), never computed by the
generator: the built site is read as a reader would follow it (see routes.py). Swapping two
answer ids in procedures/arbre.yml and running `make chemins` passes every check of the build,
but not these tests.
"""

from __future__ import annotations

import pytest

from routes import TREE_START, load_routes

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

# What the progress line says (templates/arbre-etat.md.j2).
PROGRESS_QUESTION = "Question {number}"  # never « sur N » (issue 7)
PROGRESS_OUTCOME = "Résultat"


@pytest.fixture(scope="module")
def routes():
    return load_routes()


def test_the_file_of_routes_is_well_formed(routes):
    assert len(routes) >= 10
    seen = [route.answers for route in routes]
    assert len(set(seen)) == len(seen), "un parcours figure deux fois dans tests/parcours.yml"
    # No route is the beginning of another: a route ends on an outcome, not on a question.
    prefixes = [a for a in seen for b in seen if a != b and b[:len(a)] == a]
    assert prefixes == []


def where_it_breaks(route, tree_pages) -> str:
    for depth in range(len(route.answers)):
        page = tree_pages.get(route.answers[:depth])
        if page is not None and route.answers[depth] not in page.answers:
            offered = " ; ".join(f"« {label} »" for label in page.answers) or "aucune (c'est une issue)"
            return (f"{route} : la page « {page.heading} » ne propose pas « {route.answers[depth]} » "
                    f"(réponses proposées : {offered})")
    return f"{route} : introuvable"


def test_every_route_leads_to_its_outcome(routes, tree_pages):
    problems = []
    for route in routes:
        page = tree_pages.get(route.answers)
        if page is None:
            problems.append(where_it_breaks(route, tree_pages))
        elif not page.is_outcome:
            problems.append(f"{route} : s'arrête sur la question « {page.heading} »")
        elif page.heading != route.outcome:
            problems.append(f"{route} : mène à « {page.heading} »")
    assert problems == [], "\n".join(problems)


def test_the_tree_has_no_route_missing_from_the_file(routes, tree_pages):
    written = {route.answers for route in routes}
    missing = [" › ".join(answers) + f" → « {page.heading} »"
               for answers, page in sorted(tree_pages.items()) if page.is_outcome and answers not in written]
    assert missing == [], ("chemins de l'arbre absents de tests/parcours.yml (ajoutez-les après "
                           "vérification) :\n" + "\n".join(missing))


def test_your_answers_repeat_the_route_and_each_change_link_returns_to_its_question(routes, tree_pages):
    by_url = {page.url: (answers, page) for answers, page in tree_pages.items()}
    for route in routes:
        page = tree_pages[route.answers]
        assert [label for label, _ in page.given] == list(route.answers), route
        for depth, (label, change) in enumerate(page.given):
            answers, question = by_url[change]
            # « Modifier » shows the question this answer replied to, with the answers before it kept.
            assert answers == route.answers[:depth], (route, label)
            assert label in question.answers, (route, label)
            assert [given for given, _ in question.given] == list(route.answers[:depth])


def test_progress_counts_the_questions_asked_and_never_a_total(routes, tree_pages):
    """« Question k »: k questions asked so far, this one included. No « sur n »: how many
    questions remain depends on the answers still to come (issue 7)."""
    assert tree_pages[()].url == TREE_START
    for route in routes:
        for depth in range(len(route.answers)):
            shown = tree_pages[route.answers[:depth]].progress
            assert shown == PROGRESS_QUESTION.format(number=depth + 1), (route, shown)
        assert tree_pages[route.answers].progress == PROGRESS_OUTCOME, route
