"""Turns pydantic's validation errors into French author errors with file and line."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import AuthorError, suggest
from .loading import LoadedFile, format_field

ModelT = TypeVar("ModelT", bound=BaseModel)

TYPE_NAMES = {
    "string_type": "un texte",
    "list_type": "une liste (des lignes qui commencent par « - »)",
    "dict_type": "un bloc de champs (clé: valeur)",
    "model_type": "un bloc de champs (clé: valeur)",
    "model_attributes_type": "un bloc de champs (clé: valeur)",
    "date_type": "une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ",
    "date_parsing": "une date AAAA-MM-JJ",
    "int_type": "un nombre entier",
    "bool_type": "oui/non (true ou false)",
}


def validate(loaded: LoadedFile, model: type[ModelT]) -> tuple[ModelT | None, list[AuthorError]]:
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as failure:
        errors = [_author_error(loaded, model, detail) for detail in failure.errors()]
        return None, _unique(errors)


def _author_error(loaded: LoadedFile, model: type[BaseModel], detail: ErrorDetails) -> AuthorError:
    where = tuple(part for part in detail["loc"] if not _is_union_tag(part))
    kind = detail["type"]
    if kind == "extra_forbidden":
        *parent, key = where
        allowed = _allowed_keys(model, tuple(parent), loaded.data)
        hint = suggest(str(key), allowed) or f"champs possibles ici : {', '.join(allowed)}."
        line, column = loaded.position((*where, "__key__"))
        return AuthorError(loaded.shown_as, line, column, f"champ inconnu « {key} »",
                           format_field(tuple(parent)), hint)
    if kind == "missing":
        *parent, key = where
        return loaded.error(tuple(parent), f"le champ obligatoire « {key} » manque",
                            f"ajoutez « {key}: … » dans ce bloc (voir un fichier voisin pour l'exemple).")
    return loaded.error(where, _message(kind, detail), _hint(kind))


def _message(kind: str, detail: ErrorDetails) -> str:
    context = detail.get("ctx", {})
    if kind in TYPE_NAMES:
        return f"doit être {TYPE_NAMES[kind]} (trouvé : {_shown(detail.get('input'))})"
    if kind == "literal_error":
        return f"valeur « {detail.get('input')} » inattendue ; valeurs possibles : {context.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"« {detail.get('input')} » n'est pas un identifiant valable"
    if kind == "string_too_short":
        return "ne doit pas être vide"
    if kind == "string_too_long":
        return f"texte trop long (maximum {context.get('max_length')} caractères)"
    if kind == "too_short":
        return "la liste ne doit pas être vide"
    if kind == "value_error":
        return str(context.get("error", "valeur refusée"))
    return f"valeur refusée ({detail.get('msg', kind)})"


def _hint(kind: str) -> str:
    if kind == "string_pattern_mismatch":
        return "minuscules sans accents, chiffres et tirets, par exemple « mediacentre-vers-identifiant »."
    if kind == "value_error":
        return "les textes acceptent **gras**, *italique* et les liens [texte](https://…), pas le HTML."
    if kind.startswith("date"):
        return "écrivez la date sous la forme 2026-09-01."
    return ""


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "un bloc de champs"
    if isinstance(value, list):
        return "une liste"
    if value is None:
        return "rien"
    return f"« {value} »"


def _is_union_tag(part: Any) -> bool:
    """pydantic adds the member's type name to locations inside unions: not a YAML key."""
    return isinstance(part, str) and (part[:1].isupper() or part in {"str", "list", "dict"})


def _allowed_keys(model: type[BaseModel], parent: tuple, data: Any) -> list[str]:
    """The French keys accepted in the block at `parent` (walks the model down)."""
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field = next((f for name, f in current.model_fields.items() if (f.alias or name) == part), None)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return sorted(f.alias or name for name, f in current.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _unique(errors: list[AuthorError]) -> list[AuthorError]:
    seen: dict[tuple, AuthorError] = {}
    for error in errors:
        seen.setdefault((error.line, error.field, error.message), error)
    return list(seen.values())
