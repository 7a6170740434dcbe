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
from generator.source_document import comparable, normalize, read_source
from helpers import ROOT, SOURCE, copy_project, edit, line_of, load_errors

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

SHARED_SOURCE = ROOT.parent / "shared" / SOURCE
V2 = ROOT / "tests/data/source-v2" / SOURCE

# Counted by hand, per version of the source: a third check on both parsers. A version of the
# source not listed here is still checked by the two parsers against each other; the guide is
# checked against whatever source is present (never against these counts).
HAND_COUNTS = {
    "actuelle": {
        "cases": ["Pas de compte Pix", "De Médiacentre à Médiacentre", "De Médiacentre à Identifiant",
                  "D'Identifiant à Identifiant", "D'identifiant à Médiacentre"],
        "steps": [3, 2, 0, 2, 5], "prepare": [2, 3, 2, 2, 3], "rules": 6,
        "status": ["Procédure en cours de simplification fin de pouvoir récupérer des identifiants et mot de "
                   "passe en masse depuis l'onglet élève de Pix Orga"],
        "case_lines": [20, 21, 22, 23, 24],
    },
    "v2": {
        "cases": ["Pas de compte Pix", "De Médiacentre à Médiacentre", "De Médiacentre à Identifiant",
                  "D'Identifiant à Identifiant", "D'identifiant à Médiacentre"],
        "steps": [3, 2, 4, 2, 5], "prepare": [2, 3, 2, 2, 3], "rules": 6, "status": [],
        "case_lines": [20, 21, 22, 27, 28],
    },
}


# --- The independent parse ---------------------------------------------------------------


def table_rows(lines: list[str], header: int) -> list[tuple[int, list[str]]]:
    """(first line, three cells) of each row: a quoted cell, or a row short of its three cells,
    goes on over the next lines; a line without a tab after a full row extends its last cell."""
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines[header:], start=header + 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if rows:
            cells = rows[-1][1]
            open_quote = cells[-1].lstrip().startswith('"') and cells[-1].count('"') % 2 == 1
            if open_quote or (len(cells) < 3 and len(parts) < 3) or len(parts) == 1:
                cells[-1] += "\n" + parts[0]
                cells += parts[1:]
                continue
        rows.append((number, parts))
    return [(number, [cell.strip().removeprefix('"').removesuffix('"') for cell in cells]) for number, cells in rows]


def independent_parse(path: Path) -> list[tuple[str, str, str, int]]:
    """(kind, case, text, line) for every passage, in document order, parsed naively.

    The line of a passage of the table is the first line of its row (the generator is finer)."""
    passages: list[tuple[str, str, str, int]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    title_line, title = numbered[0]
    passages.append(("titre", "", " ".join(title.split()), title_line))
    header_line = next(number for number, line in numbered if "\t" in line)
    for number, line in numbered[1:]:
        if number < header_line:
            passages += [("regle", "", sentence, number) for sentence in sentences(line)]
    passages += [("entete", "", cell.strip(), header_line) for cell in lines[header_line - 1].split("\t")]
    for number, cells in table_rows(lines, header_line):
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


VERSIONS = {"actuelle": ROOT / SOURCE, "v2": V2}


def row_lines(passages, path: Path) -> list[tuple]:
    """Generator passages as the naive parse sees them: a table passage at its row's first line."""
    first = {p.case: p.line for p in passages if p.kind == "cas"}
    return [(p.kind, p.case, p.text, first.get(p.case, p.line) if p.case else p.line) for p in passages]


@pytest.mark.parametrize("version", VERSIONS)
def test_both_parsers_find_the_same_passages(version):
    path = VERSIONS[version]
    document = read_source(path)
    assert document.errors == ()
    assert row_lines(document.passages, path) == independent_parse(path)


def is_the_hand_counted_version(version: str) -> bool:
    """The present source is counted by hand only while it has the counted cases and steps
    layout; a new version brought in by a contributor is simply another version."""
    if version != "actuelle":
        return True
    labels = [text for kind, _, text, _ in independent_parse(ROOT / SOURCE) if kind == "cas"]
    steps = [sum(1 for kind, case, _, _ in independent_parse(ROOT / SOURCE) if kind == "etape" and case == label)
             for label in labels]
    return labels == HAND_COUNTS["actuelle"]["cases"] and steps == HAND_COUNTS["actuelle"]["steps"]


@pytest.mark.parametrize("version", VERSIONS)
def test_the_independent_parse_matches_the_hand_count(version):
    if not is_the_hand_counted_version(version):
        pytest.skip("le document source a changé de version : il n'est plus celui compté à la main")
    counts, naive = HAND_COUNTS[version], independent_parse(VERSIONS[version])
    cases = [text for kind, _, text, _ in naive if kind == "cas"]
    assert cases == counts["cases"]
    assert [line for kind, _, _, line in naive if kind == "cas"] == counts["case_lines"]
    assert [sum(1 for kind, case, _, _ in naive if kind == "etape" and case == label)
            for label in cases] == counts["steps"]
    assert [sum(1 for kind, case, _, _ in naive if kind == "preparation" and case == label)
            for label in cases] == counts["prepare"]
    assert sum(1 for kind, *_ in naive if kind == "regle") == counts["rules"]
    footnotes = [(case, text) for kind, case, text, _ in naive if kind == "renvoi"]
    assert len(footnotes) == 1
    assert footnotes[0][0] == "D'identifiant à Médiacentre"
    assert footnotes[0][1].startswith("Si l'élève ne connaît pas son mot de passe")
    # A case without steps keeps its sentence as a whole.
    assert [text for kind, _, text, _ in naive if kind == "statut"] == counts["status"]


@pytest.fixture(scope="module")
def naive_passages():
    return independent_parse(ROOT / SOURCE)


def test_the_source_is_the_shared_copy_byte_for_byte():
    if not SHARED_SOURCE.exists():
        pytest.skip(f"{SHARED_SOURCE} is absent")
    assert (ROOT / SOURCE).read_bytes() == SHARED_SOURCE.read_bytes()


# --- Every passage is traced, every quote is in the source ---------------------------------


@pytest.fixture(scope="module")
def guide():
    return load_guide(ROOT)


def test_every_passage_of_the_source_is_covered(guide, naive_passages):
    by_place = {(c.passage.kind, c.passage.case, c.passage.text): c for c in tracing.coverage(guide)}
    for kind, case, text, line in naive_passages:
        if kind in {"titre", "entete"}:
            continue
        item = by_place[(kind, case, text)]
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
    """Word for word, with only the variants a reader cannot see (’ and ', « » and ", spaces)."""
    source = comparable(" ".join(cell.strip('"') for cell in
                                 (ROOT / SOURCE).read_text(encoding="utf-8").replace("\t", "\n").split("\n")))
    quotes = yaml_quotes(ROOT)
    assert len(quotes) > 30
    missing = [(file, quote) for file, quote in quotes if comparable(quote) not in source]
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
        owners = [p for p in guide.procedures if comparable(p.source_case) == comparable(label)]
        assert len(owners) == 1, f"case « {label} » has {len(owners)} procedures"
        quotes = [comparable(t.quote) for t in guide.traces if t.file_key == f"cas:{owners[0].id}"]
        gaps += [p.id for p in guide.source.of_case(label) if not fully_covered(comparable(p.text), quotes)]
    return gaps


def rule_gaps(guide) -> list[str]:
    """Rule sentences the general rules page (regles.yml) does not cover by itself.

    Situations quote rules too (a pupil with a Mail login is told accounts cumulate modes),
    which satisfies the generator's check even if the rule left the rules page.
    """
    quotes = [comparable(t.quote) for t in guide.traces if t.file_key == "regles.yml"]
    return [p.id for p in guide.source.passages if p.kind == "regle" and not fully_covered(comparable(p.text), quotes)]


def test_each_row_is_covered_by_its_own_procedure(guide):
    assert own_row_gaps(guide) == []


def test_the_rules_page_covers_every_rule_sentence(guide):
    assert rule_gaps(guide) == []


def test_a_rule_kept_only_by_a_situation_is_not_covered(tmp_path):
    """A situation quotes « Un même compte peut cumuler… »: that does not replace the rules page."""
    root = copy_project(tmp_path)
    rewrite_yaml(root, "procedures/regles.yml", drop_rule("cumul-des-modes"))
    [error] = load_errors(root)
    assert (error.file, error.line) == ("sources/rentree-nouveaux-eleves.txt", line_of_passage("regle-3"))
    assert "(regle-3)" in error.message and "procedures/regles.yml" in error.hint


def test_a_footnote_kept_only_by_another_case_is_not_covered(tmp_path):
    """« D'Identifiant à Identifiant » quotes case 5's footnote: case 5 must still show it."""
    root = copy_project(tmp_path)
    rewrite_yaml(root, "procedures/cas/identifiant-vers-mediacentre.yml",
                 lambda data: [step.pop("cas_particulier", None) for step in data["etapes"]])
    [error] = load_errors(root)
    assert (error.file, error.line) == ("sources/rentree-nouveaux-eleves.txt", line_of_passage("cas-5-renvoi"))
    assert "(cas-5-renvoi)" in error.message


# --- The check can fail -------------------------------------------------------------------


def line_of_passage(passage_id: str) -> int:
    """The line of a passage in the present source: tests follow the source, whatever its version."""
    return next(p.line for p in read_source(ROOT / SOURCE).passages if p.id == passage_id)


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


def without_steps() -> str:
    """The procedure file of a case the source gives no steps for (none in some versions)."""
    found = [path.name for path in sorted((ROOT / "procedures/cas").glob("*.yml"))
             if "sans_etapes" in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return f"cas/{found[0]}" if found else ""


def status_passage() -> str:
    return next((p.id for p in read_source(ROOT / SOURCE).passages if p.kind == "statut"), "")


REMOVALS = {
    "step": ("cas/identifiant-vers-mediacentre.yml", drop_step(3), "cas-5-etape-3"),
    "first-step": ("cas/pas-de-compte.yml", drop_step(1), "cas-1-etape-1"),
    "preparation": ("cas/pas-de-compte.yml", drop_prepare("1 code de campagne"), "cas-1-preparer-2"),
    "rule-sentence": ("regles.yml", drop_rule("ou-voir-les-modes"), "regle-4"),
    "status-sentence": (without_steps(), shorten_no_steps, status_passage()),
}


@pytest.mark.parametrize("name", REMOVALS)
def test_removing_a_trace_fails_naming_the_source_line(tmp_path, name):
    relative, change, passage_id = REMOVALS[name]
    if not relative:
        pytest.skip("le document source présent n'a pas de cas sans étapes")
    line = line_of_passage(passage_id)
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
    assert [(e.file, e.line) for e in errors] == [(SOURCE, line_of_passage("cas-5-renvoi"))]
    assert "(cas-5-renvoi)" in errors[0].message
    assert "Si l'élève ne connaît pas son mot de passe" in errors[0].message


def test_a_quote_not_in_the_source_fails_with_its_yaml_line(tmp_path):
    root = copy_project(tmp_path)
    relative = "procedures/cas/pas-de-compte.yml"
    # "Pix Orga" with a capital O: the source writes "Pix orga" here.
    edit(root, relative, "source: Import de la base SIECLE dans Pix orga\n",
         "source: Import de la base SIECLE dans Pix Orga\n")
    errors = load_errors(root)
    # One mistake, one message: the step it no longer covers is the closest passage, not reported apart.
    assert len(errors) == 1, [e.format() for e in errors]
    error = errors[0]
    assert error.file == relative
    assert error.line == line_of(root, relative, "source: Import de la base SIECLE dans Pix Orga")
    assert error.column == len("    source: ") + 1
    assert error.field == "etapes[1].source"
    assert error.message == ("cette citation ne se trouve pas telle quelle dans le document source (passage "
                             f"reformulé ?) ; le passage le plus proche est en {SOURCE}:"
                             f"{line_of_passage('cas-1-etape-1')}, cas « Pas de compte Pix »")
    assert "différence : Import de la base SIECLE dans Pix [-O-]{+o+}rga" in error.hint


@pytest.mark.parametrize("variant", [
    "L\u2019élève se connecte selon le choix de l\u2019établissement.",  # curly apostrophes
    "L'e\u0301le\u0300ve se connecte selon le choix de l'e\u0301tablissement.",  # NFD accents
    "L'élève  se\u00a0connecte selon le choix de l'établissement.",  # double and non-breaking spaces
])
def test_invisible_variants_of_a_quote_match(tmp_path, variant):
    root = copy_project(tmp_path)
    relative = "procedures/cas/pas-de-compte.yml"
    path = root / relative
    text = path.read_text(encoding="utf-8")
    original = "source: L'élève se connecte selon le choix de l'établissement."
    assert original in text
    path.write_text(text.replace(original, f'source: "{variant}"'), encoding="utf-8")
    load_guide(root)  # no error


def test_a_visible_difference_is_not_a_variant():
    assert comparable("Pix Orga") != comparable("Pix orga")
    assert comparable("« Pix Orga »") == comparable('"Pix Orga"') == comparable("«\u00a0Pix Orga\u00a0»")
    assert comparable("e\u0301le\u0300ve") == comparable("élève")


def test_uncovered_passage_error_keeps_its_hint_apart(tmp_path):
    root = copy_project(tmp_path)
    rewrite_yaml(root, "procedures/cas/identifiant-vers-mediacentre.yml", drop_step(3))
    error = load_errors(root)[0]
    assert error.field == ""
    assert error.hint.startswith("ajoutez un texte avec « source: »")
