"""The JSON Schemas in schema/ (editor help): up to date, referenced by every YAML file, in French,
and right: they accept every real file and flag what an editor should flag as you type."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from generator import schema
from helpers import ROOT, run_generator

pytestmark = pytest.mark.contenu  # rerun on a new version of the source (test_source_versions)

YAML_FILES = sorted((ROOT / "procedures").rglob("*.yml"))
SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def kind_of(path: Path) -> str:
    folder = path.parent.name
    return {"cas": "procedure", "situations": "situation"}.get(folder, path.stem)


def validator(kind: str) -> Draft7Validator:
    document = json.loads((ROOT / schema.path_of(kind)).read_text(encoding="utf-8"))
    Draft7Validator.check_schema(document)
    return Draft7Validator(document)


def as_json(value):
    """What an editor sees: YAML dates are strings in JSON."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def data_of(path: Path):
    """The file as an editor reads it (YAML 1.2: `code: 1` is a number, `yes` a text)."""
    from test_schema_agreement import EditorLoader

    return as_json(yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader))


def test_committed_schemas_are_up_to_date():
    assert schema.stale(ROOT) == [], "schémas périmés : lancez « make schema » et committez schema/"
    result = run_generator("schema")
    assert result.returncode == 0, result.stderr
    assert "à jour" in result.stdout


def test_schema_command_reports_a_stale_file(tmp_path):
    (tmp_path / "schema").mkdir()
    result = run_generator("--racine", str(tmp_path), "schema")
    assert result.returncode == 1
    assert "Schémas à mettre à jour (make schema)" in result.stderr
    assert run_generator("--racine", str(tmp_path), "schema", "--ecrire").returncode == 0
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in schema.KINDS)
    assert run_generator("--racine", str(tmp_path), "schema").returncode == 0


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_yaml_file_points_at_its_schema(path):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_COMMENT.match(first_line)
    assert match, f"{path.name} doit commencer par « # yaml-language-server: $schema=… »"
    target = (path.parent / match.group(1)).resolve()
    assert target == (ROOT / schema.path_of(kind_of(path))).resolve()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_real_file_is_valid_against_its_schema(path):
    errors = [error.message for error in validator(kind_of(path)).iter_errors(data_of(path))]
    assert errors == []


@pytest.mark.parametrize("kind", schema.KINDS)
def test_titles_and_descriptions_are_french(kind):
    document = json.loads((ROOT / schema.path_of(kind)).read_text(encoding="utf-8"))
    objects = [document, *document.get("$defs", {}).values()]
    for item in objects:
        assert item["additionalProperties"] is False, item["title"]
        assert item["title"] in {title for title, _ in schema.MODELS.values()}
        for key, prop in item["properties"].items():
            assert prop.get("description"), f"{item['title']} › {key} : description manquante (model.py)"
            assert prop.get("title"), f"{item['title']} › {key} : titre manquant"
    # No English docstring of the model leaks into the schema.
    text = json.dumps(document, ensure_ascii=False)
    for english in ("A text of the guide", "One case of the source", "An outcome of the decision"):
        assert english not in text


def test_the_schema_flags_what_an_editor_should_flag():
    procedure = data_of(ROOT / "procedures/cas/pas-de-compte.yml")
    check = validator("procedure")

    def messages(data) -> str:
        return " | ".join(error.message for error in check.iter_errors(data))

    assert "'etape' was unexpected" in messages(procedure | {"etape": []})  # misspelt key
    assert "'titre' is a required property" in messages({k: v for k, v in procedure.items() if k != "titre"})
    assert "is not of type 'array'" in messages(procedure | {"etapes": "Importez la base"})
    assert "does not match" in messages(procedure | {"id": "Pas De Compte"})
    assert "is not of type 'string'" in messages(procedure | {"titre": ["a", "b"]})
    # A condition's keys are question ids.
    assert "does not match any of the regexes" in messages(procedure | {"quand": [{"Compte Pix": "non"}]})
    step = procedure["etapes"][0] | {"sourse": "x"}
    assert "'sourse' was unexpected" in messages(procedure | {"etapes": [step]})
