"""JSON Schemas of the YAML files, generated from the model, for editors (VS Code and others).

Each YAML file in procedures/ starts with `# yaml-language-server: $schema=…` pointing at one
of the files written here, so an editor with YAML support completes the French keys, shows
their descriptions and flags an unknown key (`additionalProperties: false`) as you type.

The model (generator.model) stays the only definition: the schemas are derived from it with
`model_json_schema(by_alias=True)`, then given French titles and descriptions (the model's
docstrings are English, for developers). `python -m generator schema --ecrire` rewrites them;
a test checks that the committed files are up to date.

The schema is a help for editors, not the check: it cannot know the source document or the
decision tree (those are checked by `python -m generator check`). Everything else `check`
refuses, the schema refuses too: blank texts, HTML and script links, impossible dates, both
or neither of `etapes` and `sans_etapes`. Both read a plain `yes` or `2026-09-01` in a text
field as the text written (YAML 1.2; see generator/loading.py). A test
runs both on the whole bad-input corpus (tests/test_schema_agreement.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import FORBIDDEN_MARKUP, GlossaryFile, ModesFile, Procedure, RulesFile, Situation, TreeFile

SCHEMA_DIR = Path("schema")
# Draft-07: every keyword pydantic emits here exists in draft-07 ("$defs" is only a place
# that "$ref" points into), and draft-07 is what YAML editors support best.
DIALECT = "http://json-schema.org/draft-07/schema#"

# One schema per kind of YAML file: name → (model, the files it describes).
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "procedure": (Procedure, "procedures/cas/*.yml"),
    "situation": (Situation, "procedures/situations/*.yml"),
    "arbre": (TreeFile, "procedures/arbre.yml"),
    "regles": (RulesFile, "procedures/regles.yml"),
    "modes": (ModesFile, "procedures/modes.yml"),
    "glossaire": (GlossaryFile, "procedures/glossaire.yml"),
}

# French title and description of each model (pydantic names them after the Python class).
MODELS: dict[str, tuple[str, str]] = {
    "Procedure": ("Procédure", "Un cas du tableau du document source : la situation, ce qu'il faut préparer et "
                  "les étapes. Chaque texte repris du document source porte, dans « source », les mots "
                  "exacts qu'il reprend."),
    "Situation": ("Situation non décrite par le document source",
                  "Une issue de l'arbre de décision que le document source ne décrit pas : ce qu'il en dit "
                  "(citations) et ce que le lecteur peut faire (avec l'origine de chaque conseil). Jamais "
                  "de procédure inventée."),
    "TreeFile": ("Arbre de décision", "Les questions posées pour trouver la bonne procédure, une par écran."),
    "Question": ("Question", "Une question de l'arbre et ses réponses."),
    "Answer": ("Réponse", "Une réponse possible : elle mène à une autre question (« suite ») ou, sans "
               "« suite », à l'issue dont le « quand » correspond."),
    "RulesFile": ("Règles générales", "Les règles générales du document source, dans son ordre."),
    "Rule": ("Règle", "Une règle générale et la phrase du document source qu'elle reprend."),
    "ModesFile": ("Modes de connexion", "Les modes de connexion d'un compte Pix d'élève."),
    "Mode": ("Mode de connexion", "Un mode de connexion, tel que le guide et Pix Orga le nomment."),
    "GlossaryFile": ("Glossaire", "Les termes expliqués dans le glossaire et en info-bulle dans les pages."),
    "Term": ("Terme", "Un terme du glossaire et sa définition."),
    "Traced": ("Texte repris du document source",
               "Un texte du guide et, dans « source », les mots exacts du document source qu'il reprend."),
    "Step": ("Étape", "Une étape de la procédure et, dans « source », les mots exacts du document "
             "source qu'elle reprend."),
    "PrepareItem": ("À préparer", "Une chose à avoir sous la main et, dans « source », les mots exacts du "
                    "document source qu'elle reprend."),
    "PupilStep": ("Pour l'élève", "Ce que fait l'élève à cette étape, en le tutoyant, pour sa carte ; "
                  "« source » cite les mots du document source que ce texte reprend."),
    "Branch": ("Cas particulier", "Que faire si… : une variante de l'étape donnée par le document source."),
    "Note": ("Bon à savoir (ajout), éventuellement conditionnel",
             "Un fait qui n'est pas dans le document source, avec son origine, affiché à côté de ce qu'il "
             "concerne ; « seulement_si » le réserve à certaines réponses de l'arbre."),
    "Variant": ("Texte de l'étape selon les réponses", "Remplace le texte de l'étape pour les réponses "
                "de « seulement_si » ; la page complète montre chaque variante avec sa condition."),
    "NoSteps": ("Sans étapes", "Ce que dit le document source quand il ne donne pas d'étapes, et ce "
                "qu'on peut faire aujourd'hui (« bon_a_savoir »)."),
    "Addition": ("Bon à savoir (ajout)", "Un fait qui n'est pas dans le document source, avec son origine ; "
                 "il s'affiche dans un encadré « Bon à savoir (ajout au document source) »."),
}

# French titles of the YAML keys, where the key itself lacks its accents or spaces.
KEYS: dict[str, str] = {
    "id": "Identifiant",
    "titre": "Titre",
    "cas_source": "Cas du document source",
    "situation": "Situation",
    "quand": "Quand (réponses qui mènent ici)",
    "se_preparer": "Se préparer",
    "etapes": "Étapes",
    "sans_etapes": "Sans étapes",
    "avertissements": "Avertissements",
    "bon_a_savoir": "Bon à savoir",
    "revu_le": "Revu le",
    "texte": "Texte",
    "source": "Citation du document source",
    "origine": "Origine",
    "si": "Si",
    "cas_particulier": "Cas particulier",
    "attention": "Attention",
    "selon_la_source": "Selon le document source",
    "que_faire": "Que faire",
    "debut": "Début",
    "questions": "Questions",
    "question": "Question",
    "intitule_court": "Intitulé court",
    "aide": "Aide",
    "reponses": "Réponses",
    "libelle": "Libellé",
    "suite": "Suite",
    "regles": "Règles",
    "modes": "Modes",
    "nom": "Nom",
    "libelle_pix_orga": "Libellé dans Pix Orga",
    "description": "Description",
    "termes": "Termes",
    "terme": "Terme",
    "variantes": "Variantes",
    "definition": "Définition",
    "fiche": "Fiche « À préparer avant la rentrée »",
    "eleve": "Pour l'élève (sa carte)",
    "code": "Code de campagne n°",
    "seulement_si": "Seulement si",
    "selon_les_reponses": "Selon les réponses",
    "avant_de_commencer": "Avant de commencer",
    "voir_regle": "Voir la règle",
    "revenir_a": "Revenir à la question",
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of YAML file, with French titles and descriptions."""
    model, files = KINDS[kind]
    generated = model.model_json_schema(by_alias=True)
    for definition in generated.get("$defs", {}).values():
        _frenchify(definition)
    _frenchify(generated)
    _tighten(generated)
    if model is Procedure:
        generated["oneOf"] = STEPS_OR_NO_STEPS
    title, description = generated["title"], generated["description"]
    header = {
        "$schema": DIALECT,
        "title": title,
        "description": f"{description}\n\nFichiers : {files}. Généré depuis generator/model.py par "
                       "« python -m generator schema --ecrire » : ne pas modifier à la main.",
    }
    return header | {key: value for key, value in generated.items() if key not in header}


def _frenchify(model_schema: dict[str, Any]) -> None:
    name = model_schema.get("title", "")
    if name not in MODELS:
        raise KeyError(f"modèle « {name} » sans titre français : ajoutez-le à MODELS dans generator/schema.py")
    model_schema["title"], model_schema["description"] = MODELS[name]
    for key, prop in model_schema.get("properties", {}).items():
        prop["title"] = KEYS.get(key) or key.replace("_", " ").capitalize()
        for item in _conditions(prop):
            # A condition's keys are question ids: pydantic rejects any other key, say so too.
            item["additionalProperties"] = False


TEXT_RULE = ("Refusé : un texte vide ou fait d'espaces, le HTML, les liens javascript: ou data:, les images, "
             "les accolades.")
# A valid calendar day, leap years included: what `check` accepts as a date.
LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
DATE = ("^([0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
        f"|02-(0[1-9]|1[0-9]|2[0-8]))|{LEAP_YEAR}-02-29)$")
STEPS_OR_NO_STEPS = [
    {"required": ["etapes"], "not": {"required": ["sans_etapes"]}},
    {"required": ["sans_etapes"], "not": {"required": ["etapes"]}},
]


def _tighten(node: Any) -> None:
    """Add to the generated schema what pydantic checks in code (see the module docstring)."""
    if isinstance(node, list):
        for item in node:
            _tighten(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and "minLength" in node and "pattern" not in node:
        node["pattern"] = "\\S"  # not only spaces (check strips them)
        node["not"] = {"anyOf": [{"pattern": pattern} for pattern in _markup_patterns()]}
        node["description"] = f"{node.get('description', '')} {TEXT_RULE}".strip()
    if node.get("format") == "date":
        node["pattern"] = DATE
    if node.get("type") == "array" and node.get("title") in {"Étapes", "Réponses"}:
        node["minItems"] = 1
    for value in node.values():
        _tighten(value)


def _markup_patterns() -> list[str]:
    return [_ecma(pattern) for pattern, _ in FORBIDDEN_MARKUP]


def _ecma(pattern: re.Pattern) -> str:
    """A Python pattern as ECMA-262: case-insensitivity spelt out letter by letter ([jJ]…)."""
    if not pattern.flags & re.IGNORECASE:
        return pattern.pattern
    result, escaped, in_class = "", False, False
    for char in pattern.pattern:
        if escaped or in_class or not char.isalpha():
            result += char
        else:
            result += f"[{char.lower()}{char.upper()}]"
        in_class = (in_class or (char == "[" and not escaped)) and not (char == "]" and not escaped)
        escaped = char == "\\" and not escaped
    return result


def _conditions(prop: dict[str, Any]) -> list[dict[str, Any]]:
    items = prop.get("items", {})
    return [items] if "patternProperties" in items else []


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def path_of(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"


def stale(root: Path) -> list[Path]:
    """The schema files (relative to `root`) that are missing or differ from the model."""
    return [path_of(kind) for kind in KINDS
            if not (root / path_of(kind)).is_file()
            or (root / path_of(kind)).read_text(encoding="utf-8") != render(kind)]


def write(root: Path) -> list[Path]:
    """Write every schema file under `root`; return the ones that changed."""
    changed = stale(root)
    (root / SCHEMA_DIR).mkdir(exist_ok=True)
    for kind in KINDS:
        (root / path_of(kind)).write_text(render(kind), encoding="utf-8", newline="\n")
    return changed
