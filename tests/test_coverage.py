"""Coverage derived from the source document: every passage of it is traced into procedures/.

The source is parsed twice: by the generator (`read_source`) and by a minimal, independent
parse written here. Both must agree, so a bug in the generator's parser cannot hide a passage
(a step it fails to split off would otherwise never need covering).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator import tracing
from generator.project import load_guide
from generator.source_document import normalize, read_source
from helpers import ROOT, SOURCE, copy_project, edit, line_of, load_errors

SHARED_SOURCE = ROOT.parent / "shared" / SOURCE

# Counted by hand in the source (it is verbatim and never edited): a third check on both parsers.
EXPECTED_CASES = ["Pas de compte Pix", "De Médiacentre à Médiacentre", "De Médiacentre à Identifiant",
                  "D'Identifiant à Identifiant", "D'identifiant à Médiacentre"]
EXPECTED_STEPS = [3, 2, 0, 2, 5]
EXPECTED_PREPARE = [2, 3, 2, 2, 3]
EXPECTED_RULE_SENTENCES = 6


# --- The independent parse ---------------------------------------------------------------


def independent_parse(path: Path) -> list[tuple[str, str, str, int]]:
    """(kind, case, text, line) for every passage, in document order, parsed naively."""
    passages: list[tuple[str, str, str, int]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    title_line, title = numbered[0]
    passages.append(("titre", "", " ".join(title.split()), title_line))
    table = [(number, line) for number, line in numbered if "\t" in line]
    header_line = table[0][0]
    for number, line in numbered[1:]:
        if number < header_line:
            passages += [("regle", "", sentence, number) for sentence in sentences(line)]
    passages += [("entete", "", cell.strip(), header_line) for cell in table[0][1].split("\t")]
    for number, line in table[1:]:
        cells = line.split("\t")
        assert len(cells) == 3, f"line {number}: a case row has three tab-separated cells"
        label, procedure, prepare = (" ".join(cell.split()) for cell in cells)
        passages.append(("cas", label, label, number))
        body, footnote = procedure, None
        if " * Si " in procedure:
            body, footnote = procedure.split(" * ", 1)
        steps = numbered_steps(body)
        passages += [("etape", label, step, number) for step in steps]
        if not steps:
            passages.append(("statut", label, body.strip(), number))
        if footnote is not None:
            passages.append(("renvoi", label, footnote.strip(), number))
        assert prepare.startswith("- "), f"line {number}: « Se préparer » is a list of « - » items"
        items = [item.strip() for item in prepare[2:].split(" - ")]
        passages += [("preparation", label, item, number) for item in items]
    return passages


def sentences(line: str) -> list[str]:
    """Cut after '.', '!' or '?' followed by a space (so "Pix.fr" and ".XML" stay whole)."""
    text = " ".join(line.split())
    cuts = [match.end() for match in re.finditer(r"[.!?](?= )", text)]
    bounds = [0, *cuts, len(text)]
    return [text[start:end].strip() for start, end in zip(bounds, bounds[1:]) if text[start:end].strip()]


def numbered_steps(body: str) -> list[str]:
    """The texts of "1. … 2. … 3. …", looking for each next number in turn."""
    starts = []
    position, number = 0, 1
    while True:
        marker = f"{number}. "
        index = body.find(marker, position)
        while index > 0 and body[index - 1] != " ":
            index = body.find(marker, index + 1)
        if index == -1:
            break
        starts.append((index, index + len(marker)))
        position, number = index + len(marker), number + 1
    ends = [start for start, _ in starts[1:]] + [len(body)]
    return [body[text_start:end].strip() for (_, text_start), end in zip(starts, ends)]


# --- The two parsers agree, and with the hand count ----------------------------------------


@pytest.fixture(scope="module")
def generator_passages():
    return read_source(ROOT / SOURCE).passages


@pytest.fixture(scope="module")
def naive_passages():
    return independent_parse(ROOT / SOURCE)


def test_both_parsers_find_the_same_passages(generator_passages, naive_passages):
    found = [(p.kind, p.case, p.text, p.line) for p in generator_passages]
    assert found == naive_passages


def test_the_independent_parse_matches_the_hand_count(naive_passages):
    cases = [text for kind, _, text, _ in naive_passages if kind == "cas"]
    assert cases == EXPECTED_CASES
    assert [sum(1 for kind, case, _, _ in naive_passages if kind == "etape" and case == label)
            for label in cases] == EXPECTED_STEPS
    assert [sum(1 for kind, case, _, _ in naive_passages if kind == "preparation" and case == label)
            for label in cases] == EXPECTED_PREPARE
    assert sum(1 for kind, *_ in naive_passages if kind == "regle") == EXPECTED_RULE_SENTENCES
    footnotes = [(case, text) for kind, case, text, _ in naive_passages if kind == "renvoi"]
    assert len(footnotes) == 1
    assert footnotes[0][0] == "D'identifiant à Médiacentre"
    assert footnotes[0][1].startswith("Si l'élève ne connaît pas son mot de passe")
    # The case without steps keeps its sentence as a whole.
    assert [text for kind, _, text, _ in naive_passages if kind == "statut"] == [
        "Procédure en cours de simplification fin de pouvoir récupérer des identifiants et mot de "
        "passe en masse depuis l'onglet élève de Pix Orga"]


def test_the_source_is_the_shared_copy_byte_for_byte():
    if not SHARED_SOURCE.exists():
        pytest.skip(f"{SHARED_SOURCE} is absent")
    assert (ROOT / SOURCE).read_bytes() == SHARED_SOURCE.read_bytes()


# --- Every passage is traced, every quote is in the source ---------------------------------


@pytest.fixture(scope="module")
def guide():
    return load_guide(ROOT)


def test_every_passage_of_the_source_is_covered(guide, naive_passages):
    by_place = {(c.passage.kind, c.passage.text, c.passage.line): c for c in tracing.coverage(guide)}
    for kind, _, text, line in naive_passages:
        if kind in {"titre", "entete"}:
            continue
        item = by_place[(kind, text, line)]
        assert item.traces, f"{kind} line {line} « {text} » is traced nowhere"
        assert item.uncovered == (), f"{kind} line {line}: uncovered fragments {item.uncovered}"


def yaml_quotes(root: Path) -> list[tuple[str, str]]:
    """(file, quote) for every `source:` and `cas_source:` value, read straight from the YAML."""
    found = []

    def walk(value, file):
        if isinstance(value, dict):
            for key, child in value.items():
                if key in {"source", "cas_source"}:
                    found.append((file, child))
                else:
                    walk(child, file)
        elif isinstance(value, list):
            for child in value:
                walk(child, file)

    for path in sorted((root / "procedures").rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.relative_to(root).as_posix())
    return found


def test_every_quote_is_in_the_source_word_for_word(guide):
    source = normalize((ROOT / SOURCE).read_text(encoding="utf-8"))
    quotes = yaml_quotes(ROOT)
    assert len(quotes) > 30
    missing = [(file, quote) for file, quote in quotes if normalize(quote) not in source]
    assert missing == []
    for trace in guide.traces:
        assert tracing.locate(trace, guide.source.passages), trace


def test_the_generator_traces_every_quote_of_the_yaml(guide):
    """If tracing.collect forgot a field, its quotes would cover nothing and prove nothing."""
    written = sorted(normalize(quote) for _, quote in yaml_quotes(ROOT))
    traced = sorted(normalize(trace.quote) for trace in guide.traces)
    assert traced == written


def fully_covered(text: str, quotes: list[str]) -> bool:
    """Independent of tracing.py on purpose: blank out every quote, no word may be left."""
    for quote in sorted(quotes, key=len, reverse=True):
        text = text.replace(quote, " ")
    return not re.search(r"\w", text)


def own_row_gaps(guide) -> list[str]:
    """Passages of a case's row not covered by that case's own procedure file.

    Stricter than the generator's check, which accepts a quote found anywhere: the footnote
    of « D'identifiant à Médiacentre » is also quoted by « D'Identifiant à Identifiant », so
    the generator alone would not notice it vanished from its own page.
    """
    gaps = []
    for label in guide.source.case_labels:
        owners = [p for p in guide.procedures if p.source_case == label]
        assert len(owners) == 1, f"case « {label} » has {len(owners)} procedures"
        quotes = [normalize(t.quote) for t in guide.traces if t.file_key == f"cas:{owners[0].id}"]
        gaps += [p.id for p in guide.source.of_case(label) if not fully_covered(p.text, quotes)]
    return gaps


def rule_gaps(guide) -> list[str]:
    """Rule sentences the general rules page (regles.yml) does not cover by itself.

    Situations quote rules too (a pupil with a Mail login is told accounts cumulate modes),
    which satisfies the generator's check even if the rule left the rules page.
    """
    quotes = [normalize(t.quote) for t in guide.traces if t.file_key == "regles.yml"]
    return [p.id for p in guide.source.passages if p.kind == "regle" and not fully_covered(p.text, quotes)]


def test_each_row_is_covered_by_its_own_procedure(guide):
    assert own_row_gaps(guide) == []


def test_the_rules_page_covers_every_rule_sentence(guide):
    assert rule_gaps(guide) == []


def test_a_rule_kept_only_by_a_situation_is_not_covered(tmp_path):
    """A situation quotes « Un même compte peut cumuler… »: that does not replace the rules page."""
    root = copy_project(tmp_path)
    rewrite_yaml(root, "procedures/regles.yml", drop_rule("cumul-des-modes"))
    [error] = load_errors(root)
    assert (error.file, error.line) == ("sources/rentree-nouveaux-eleves.txt", 13)
    assert "(regle-3)" in error.message and "procedures/regles.yml" in error.hint


def test_a_footnote_kept_only_by_another_case_is_not_covered(tmp_path):
    """« D'Identifiant à Identifiant » quotes case 5's footnote: case 5 must still show it."""
    root = copy_project(tmp_path)
    rewrite_yaml(root, "procedures/cas/identifiant-vers-mediacentre.yml",
                 lambda data: [step.pop("cas_particulier", None) for step in data["etapes"]])
    [error] = load_errors(root)
    assert (error.file, error.line) == ("sources/rentree-nouveaux-eleves.txt", 24)
    assert "(cas-5-renvoi)" in error.message


# --- The check can fail -------------------------------------------------------------------


def rewrite_yaml(root: Path, relative: str, change) -> None:
    path = root / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def drop_step(number):
    return lambda data: data["etapes"].pop(number - 1)


def drop_prepare(text):
    return lambda data: data["se_preparer"].remove(next(i for i in data["se_preparer"] if i["texte"] == text))


def drop_rule(rule_id):
    return lambda data: data["regles"].remove(next(r for r in data["regles"] if r["id"] == rule_id))


def shorten_no_steps(data):
    data["sans_etapes"]["source"] = "Procédure en cours de simplification"


REMOVALS = {
    "step": ("cas/identifiant-vers-mediacentre.yml", drop_step(3), "cas-5-etape-3", 24),
    "first-step": ("cas/pas-de-compte.yml", drop_step(1), "cas-1-etape-1", 20),
    "preparation": ("cas/pas-de-compte.yml", drop_prepare("1 code de campagne"), "cas-1-preparer-2", 20),
    "rule-sentence": ("regles.yml", drop_rule("ou-voir-les-modes"), "regle-4", 13),
    "status-sentence": ("cas/mediacentre-vers-identifiant.yml", shorten_no_steps, "cas-3-statut", 22),
}


@pytest.mark.parametrize("name", REMOVALS)
def test_removing_a_trace_fails_naming_the_source_line(tmp_path, name):
    relative, change, passage_id, line = REMOVALS[name]
    root = copy_project(tmp_path)
    rewrite_yaml(root, f"procedures/{relative}", change)
    errors = load_errors(root)
    assert all(error.file == SOURCE for error in errors), [e.format() for e in errors]
    matching = [e for e in errors if f"({passage_id})" in e.message]
    assert len(matching) == 1, [e.format() for e in errors]
    assert matching[0].line == line
    assert matching[0].message.startswith("passage du document source que le guide ne couvre pas")


def test_removing_the_footnote_everywhere_fails(tmp_path):
    root = copy_project(tmp_path)
    for name in ("identifiant-vers-mediacentre", "identifiant-vers-identifiant"):
        rewrite_yaml(root, f"procedures/cas/{name}.yml",
                     lambda data: [step.pop("cas_particulier", None) for step in data["etapes"]])
    errors = load_errors(root)
    assert [(e.file, e.line) for e in errors] == [(SOURCE, 24)]
    assert "(cas-5-renvoi)" in errors[0].message
    assert "Si l'élève ne connaît pas son mot de passe" in errors[0].message


def test_a_quote_not_in_the_source_fails_with_its_yaml_line(tmp_path):
    root = copy_project(tmp_path)
    relative = "procedures/cas/pas-de-compte.yml"
    # "Pix Orga" with a capital O: the source writes "Pix orga" here.
    edit(root, relative, "source: Import de la base SIECLE dans Pix orga\n",
         "source: Import de la base SIECLE dans Pix Orga\n")
    errors = load_errors(root)
    quote_errors = [e for e in errors if "ne se trouve pas telle quelle" in e.message]
    assert len(quote_errors) == 1, [e.format() for e in errors]
    error = quote_errors[0]
    assert error.file == relative
    assert error.line == line_of(root, relative, "source: Import de la base SIECLE dans Pix Orga")
    assert error.column == len("    source: ") + 1
    assert error.field == "etapes[1].source"
    assert error.message == "cette citation ne se trouve pas telle quelle dans le document source"
    # And the step it no longer covers is reported at its line of the source.
    assert [(e.file, e.line) for e in errors if e is not error] == [(SOURCE, 20)]


def test_uncovered_passage_error_keeps_its_hint_apart(tmp_path):
    root = copy_project(tmp_path)
    rewrite_yaml(root, "procedures/cas/identifiant-vers-mediacentre.yml", drop_step(3))
    error = load_errors(root)[0]
    assert error.field == ""
    assert error.hint.startswith("ajoutez un texte avec « source: »")
