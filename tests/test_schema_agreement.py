"""The editor's schema and `check` agree on the whole bad-input corpus (tests/broken/).

For each case, the corpus is applied to a copy of the project, then judged twice:
- by `check`: does it refuse the project? That verdict is the case's own (`expected.txt`: a
  code and place, or `accepté`), which test_broken_inputs.py proves `check` gives;
- by the JSON Schemas of schema/, reading each YAML file as an editor does (YAML 1.2: `yes`
  and `2026-09-01` are texts; duplicate keys and explicit tags are flagged by the editor).

Every case where the two verdicts differ must be named below, with the reason a schema
cannot express it (it depends on another file, on the source document, on the file as
bytes…). A disagreement that is not listed fails the test, and so does a listed case that
no longer disagrees (the list stays true). Extend ACCEPTED when a new corpus case is about
something a schema cannot know.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from generator import schema
from generator.loading import MAX_FILE_BYTES
from helpers import ROOT, copy_project
from test_broken_inputs import CASES, is_accepted, overlay

CROSS_FILE = "dépend d'un autre fichier (arbre, autres issues) : un schéma ne voit qu'un fichier"
SOURCE = "dépend du document source, qu'un schéma ne connaît pas"
TREE = "propriété de l'arbre de décision entier (chemins, boucles, issues)"
BYTES = "propriété du fichier lui-même (octets, taille, encodage), pas de son contenu"
ALIASES = "les ancres et alias sont du YAML valide pour l'éditeur ; check les refuse par sécurité"
READING = ("propriété de la lecture sûre du YAML par check (clé de fusion, commentaire qui coupe un texte, "
           "caractère invisible, nombre géant, taille d'une liste) : l'éditeur lit ce YAML sans erreur")
FILES = "propriété des fichiers autour du contenu (lien symbolique, dossier, extension), pas d'un contenu"
# Rules written in code (generator/model.py) that the generated schema does not repeat yet:
# named here so that the gap is visible, to be closed by patterns in generator/schema.py.
TEXT_RULE = "règle de texte écrite en code (une ligne, lien https/mailto valable, mot sans mise en forme) : pas encore dans le schéma"

# Cases of tests/broken/ where schema and check disagree, each with its reason. Names only:
# a case missing from the corpus is ignored (the corpus grows in parallel).
ACCEPTED: dict[str, str] = {
    "arbre-boucle": TREE,
    "arbre-deux-issues": TREE,
    "arbre-issue-jamais-atteinte": TREE,
    "arbre-question-jamais-posee": TREE,
    "arbre-sans-issue": TREE,
    "bombe-d-alias": ALIASES,
    "cas-source-en-double": CROSS_FILE,
    "cas-source-inconnu": SOURCE,
    "cas-source-renomme": SOURCE,
    "citation-absente-du-source": SOURCE,
    "citation-majuscule": SOURCE,
    "citation-mot-coupe": SOURCE,
    "citation-reformulee": SOURCE,
    "citation-retiree": SOURCE,
    "passage-ajoute": SOURCE,
    "source-cas-en-double": SOURCE,
    "source-colonne-manquante": SOURCE,
    "source-en-tete-deux-colonnes": SOURCE,
    "source-etapes-sans-1": SOURCE,
    "source-guillemet-non-ferme": SOURCE,
    "source-procedure-vide": SOURCE,
    "source-se-preparer-sans-tiret": SOURCE,
    "source-non-utf8": SOURCE,
    "source-numerotation-trouee": SOURCE,
    "source-sans-tableau": SOURCE,
    "source-trop-de-colonnes": SOURCE,
    "fichier-non-utf8": BYTES,
    "fichier-tres-gros": BYTES,
    "identifiant-en-double": CROSS_FILE,
    "question-en-double": CROSS_FILE,
    "reference-pendante-quand": CROSS_FILE,
    "reference-pendante-reponse": CROSS_FILE,
    "reference-pendante-suite": CROSS_FILE,
    "ancre-seule": ALIASES,
    "arbre-chaine-de-40-questions": TREE,
    "arbre-trop-profond": TREE,
    "cle-de-fusion": READING,
    "commentaire-apres-un-titre": READING,
    "commentaire-colle": READING,
    "commentaire-coupe-le-texte": READING,
    "definition-en-deuxieme-ligne": TEXT_RULE,
    "dossier-nomme-yml": FILES,
    "dossier-remplace-par-un-fichier": FILES,
    "dossier-remplace-par-un-lien": FILES,
    "entier-geant": READING,
    "extension-en-majuscules": FILES,
    "extension-yaml-majuscules": FILES,
    "fichier-principal-en-lien": FILES,
    "indicateur-d-ordre-au-milieu": READING,
    "libelle-avec-un-lien": TEXT_RULE,
    "libelle-sur-deux-lignes": TEXT_RULE,
    "lien-adresse-trop-longue": TEXT_RULE,
    "lien-avec-identifiants": TEXT_RULE,
    "lien-ftp": TEXT_RULE,
    "lien-hote-entre-crochets": TEXT_RULE,
    "lien-http": TEXT_RULE,
    "lien-mailto-sans-adresse": TEXT_RULE,
    "lien-pendant": FILES,
    "lien-relatif": TEXT_RULE,
    "lien-sans-hote": TEXT_RULE,
    "lien-vers-dev-zero": FILES,
    "lien-vers-etc-passwd": FILES,
    "lien-vers-un-fichier-voisin": FILES,
    "liste-trop-longue": READING,
    "origine-sur-deux-lignes": TEXT_RULE,
    "separateur-de-ligne": READING,
    "source-absente": SOURCE,
    "source-en-latin1": SOURCE,
    "source-en-lien": SOURCE,
    "terme-avec-un-lien": TEXT_RULE,
    "terme-en-gras": TEXT_RULE,
    "titre-sur-deux-lignes": TEXT_RULE,
    "variante-avec-un-encadre": TEXT_RULE,
}


class EditorLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML resolving plain scalars as YAML 1.2's core schema does (like yaml-language-server).
    Resolution is done in Python even with libyaml's parser, so the rules below hold for both."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int"}]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))


def kind_of(path: Path) -> str | None:
    folder = path.parent.name
    kind = {"cas": "procedure", "situations": "situation"}.get(folder, path.stem)
    return kind if kind in schema.KINDS else None


def editor_problem(path: Path, validators: dict[str, Draft7Validator]) -> str:
    """What an editor with the schema flags in this file ("" if nothing)."""
    kind = kind_of(path)
    if kind is None or path.is_symlink() or not path.is_file():
        return ""  # a link, a folder, a device: the editor opens nothing to check
    if path.stat().st_size > MAX_FILE_BYTES:
        return ""  # an editor opens a big file without complaint
    key = (path.read_bytes(), kind)
    if key not in _VERDICTS:
        _VERDICTS[key] = _judge(*key, validators)
    return _VERDICTS[key]


# The verdict on a file's bytes, once per distinct content: every case copies the same thirty
# files of the project and changes one or two.
_VERDICTS: dict[tuple[bytes, str], str] = {}


def _judge(content: bytes, kind: str, validators: dict[str, Draft7Validator]) -> str:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # the editor shows odd characters, no error
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=EditorLoader)):
            return ""  # valid YAML for an editor; not expanded here (it may be a bomb)
        _flag_keys_and_tags(yaml.compose(text, Loader=EditorLoader))
        data = yaml.load(text, Loader=EditorLoader)
    except yaml.YAMLError as error:
        return f"YAML : {str(error).splitlines()[0]}"
    except ValueError:
        return ""  # e.g. a 5,000-digit number: PyYAML gives up, an editor reads a number
    errors = [error.message for error in validators[kind].iter_errors(_as_json(data))]
    return errors[0] if errors else ""


def _flag_keys_and_tags(node) -> None:
    """yaml-language-server flags duplicate keys and unknown tags; PyYAML does not."""
    if node is None:
        return
    if node.tag.startswith("!") or (node.tag.startswith("tag:yaml.org,2002:python")):
        raise yaml.YAMLError(f"étiquette {node.tag}")
    if isinstance(node, yaml.MappingNode):
        keys = [key.value if isinstance(key, yaml.ScalarNode) else id(key) for key, _ in node.value]
        if len(keys) != len(set(keys)):
            raise yaml.YAMLError("clé en double")
        for key, value in node.value:
            _flag_keys_and_tags(key)
            _flag_keys_and_tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _flag_keys_and_tags(item)


def _as_json(value):
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft7Validator]:
    return {kind: Draft7Validator(json.loads((ROOT / schema.path_of(kind)).read_text(encoding="utf-8")))
            for kind in schema.KINDS}


def verdicts(case: Path, tmp_path: Path, validators) -> tuple[bool, str]:
    root = copy_project(tmp_path / case.name)
    overlay(case, root)
    problems = [f"{path.relative_to(root)}: {problem}" for path in sorted((root / "procedures").rglob("*.y*ml"))
                if (problem := editor_problem(path, validators))]
    return not is_accepted(case), "; ".join(problems)


def test_schema_and_check_agree_on_the_whole_corpus(tmp_path, validators):
    disagreements = {}
    for case in CASES:
        (tmp_path / case.name).mkdir()
        refused, schema_says = verdicts(case, tmp_path, validators)
        if refused != bool(schema_says):
            disagreements[case.name] = (f"check {'refuse' if refused else 'accepte'}, le schéma "
                                        f"{'signale : ' + schema_says if schema_says else 'ne signale rien'}")
    unexplained = {name: why for name, why in disagreements.items() if name not in ACCEPTED}
    assert unexplained == {}, "désaccords sans raison nommée dans ACCEPTED"
    stale = sorted(name for name in ACCEPTED if name in {c.name for c in CASES} and name not in disagreements)
    assert stale == [], "ces cas ne sont plus des désaccords : retirez-les de ACCEPTED"


def test_the_editor_view_reads_yaml_1_1_words_as_texts():
    """Control: the editor loader really differs from check's on the words at stake."""
    assert yaml.load("a: yes\nb: 2026-09-01\nc: true", Loader=EditorLoader) == {
        "a": "yes", "b": "2026-09-01", "c": True}
    assert yaml.safe_load("a: yes\nb: 2026-09-01") != {"a": "yes", "b": "2026-09-01"}


@pytest.mark.parametrize("text, flagged", [
    ("yes", False), ("2026-09-01", False), ("   ", True), ("<b>gras</b>", True), ("[lien](JavaScript:alert(1))", True),
    ("![image](https://exemple.fr/x.png)", True), ("texte {: onclick=x }", True), ("12:30", False),
    ("Oui, il a déjà un compte Pix", False), ("Importez la base SIECLE : 2 codes", False), ("moins de 15 ans", False),
])
def test_the_schema_judges_a_text_as_check_does(validators, text, flagged):
    data = json.loads(json.dumps(yaml.load((ROOT / "procedures/situations/plusieurs-comptes.yml").read_text(
        encoding="utf-8"), Loader=EditorLoader)))
    assert bool(list(validators["situation"].iter_errors(data | {"titre": text}))) is flagged


@pytest.mark.parametrize("day, valid", [("2026-02-28", True), ("2028-02-29", True), ("2000-02-29", True),
                                        ("2026-02-30", False), ("2026-11-31", False), ("2026-02-29", False),
                                        ("1900-02-29", False), ("2026-13-01", False), ("2026-9-1", False)])
def test_the_schema_knows_the_calendar(validators, day, valid):
    data = json.loads(json.dumps(yaml.load((ROOT / "procedures/situations/plusieurs-comptes.yml").read_text(
        encoding="utf-8"), Loader=EditorLoader)))
    assert (not list(validators["situation"].iter_errors(data | {"revu_le": day}))) is valid
