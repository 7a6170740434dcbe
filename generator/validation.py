"""Turns pydantic's validation errors into French author errors with file and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import AuthorError, Code, Refused, suggest
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
        details = [_Detail.of(dict(detail), loaded.data) for detail in failure.errors()]
        errors = [_author_error(loaded, model, detail) for detail in _merge_unions(details)]
        return None, _unique(errors)


@dataclass(frozen=True)
class _Detail:
    """One pydantic error, its location cleaned of pydantic's own labels (type names, [key])."""

    where: tuple
    kind: str
    raw: dict[str, Any]
    union: bool = False  # raised by one member of a union (« réponse ou liste de réponses »)
    on_key: bool = False  # about a mapping key (a question id in « quand »), not its value

    @classmethod
    def of(cls, detail: dict[str, Any], data: Any) -> _Detail:
        """Walk the data along the location: a part that is not a key or an index there is a
        label pydantic added (a union member's type name such as `constrained-str`, or `[key]`)."""
        where, current, union, on_key = [], data, False, False
        loc = detail["loc"]
        for index, part in enumerate(loc):
            if isinstance(current, dict) and part in current:
                where.append(part)
                current = current[part]
            elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
                where.append(part)
                current = current[part]
            elif part == "[key]":
                on_key = True
            elif not isinstance(part, str) or (detail["type"] == "missing" and index == len(loc) - 1):
                where.append(part)  # the missing key: the author's word, not pydantic's
                current = None
            else:
                union = True
        return cls(tuple(where), detail["type"], detail, union, on_key)


def _merge_unions(details: list[_Detail]) -> list[_Detail]:
    """A value refused by every member of a union gives one message, not one per member.

    If one member got further (a list whose second item is not an id), its precise error is
    the one to show; otherwise the type errors of all members merge into one."""
    kept, merged = [], {}
    for detail in details:
        if not detail.union:
            kept.append(detail)
        elif detail.kind in TYPE_NAMES and any(
                other.union and len(other.where) > len(detail.where) and other.where[:len(detail.where)] == detail.where
                for other in details):
            continue  # another member of the union explains better what is wrong inside
        elif detail.kind in TYPE_NAMES:
            if detail.where not in merged:
                merged[detail.where] = _Detail(detail.where, "union_type", detail.raw, True)
                kept.append(merged[detail.where])
        else:
            kept.append(detail)
    return kept


def _author_error(loaded: LoadedFile, model: type[BaseModel], detail: _Detail) -> AuthorError:
    where, kind = detail.where, detail.kind
    if kind == "extra_forbidden":
        *parent, key = where
        allowed = _allowed_keys(model, tuple(parent), loaded.data)
        hint = suggest(str(key), allowed) or f"champs possibles ici : {', '.join(allowed)}."
        line, column = loaded.position((*where, "__key__"))
        return AuthorError(Code.CLE_INCONNUE, loaded.shown_as, line, column, f"champ inconnu « {key} »",
                           format_field(tuple(parent)), hint)
    if kind == "missing":
        *parent, key = where
        return loaded.error(Code.CHAMP_MANQUANT, tuple(parent), f"le champ obligatoire « {key} » manque",
                            f"ajoutez « {key}: … » dans ce bloc (voir un fichier voisin pour l'exemple).")
    if detail.on_key:
        return loaded.error(Code.IDENTIFIANT_INVALIDE, (*where, "__key__"),
                            f"« {detail.raw.get('input')} » n'est pas un identifiant de question valable",
                            "dans « quand », chaque clé est l'« id » d'une question de procedures/arbre.yml "
                            "(minuscules sans accents, chiffres et tirets).")
    if kind == "union_type":
        return loaded.error(Code.TYPE_INCORRECT, where, f"doit être une réponse ou une liste de réponses (trouvé : "
                                   f"{_shown(detail.raw.get('input'))})",
                            "écrivez « question: reponse » ou « question: [reponse-1, reponse-2] », avec les "
                            "« id » des réponses de procedures/arbre.yml.")
    return loaded.error(_code(kind, detail.raw), where, _message(kind, detail.raw), _hint(kind))


# pydantic's error kinds, by the code of the author error they become.
KIND_CODES = {
    "literal_error": Code.VALEUR_INATTENDUE,
    "string_pattern_mismatch": Code.IDENTIFIANT_INVALIDE,
    "string_too_short": Code.TEXTE_VIDE,
    "string_too_long": Code.TEXTE_TROP_LONG,
    "too_long": Code.LISTE_TROP_LONGUE,
}


def _code(kind: str, detail: dict[str, Any]) -> Code:
    if kind in TYPE_NAMES:
        return Code.TYPE_INCORRECT
    if kind == "too_short":
        return Code.CONDITION_VIDE if isinstance(detail.get("input"), dict) else Code.LISTE_VIDE
    if kind == "value_error":
        refusal = detail.get("ctx", {}).get("error")
        return refusal.code if isinstance(refusal, Refused) else Code.VALEUR_REFUSEE
    return KIND_CODES.get(kind, Code.VALEUR_REFUSEE)


def _message(kind: str, detail: dict[str, Any]) -> str:
    context = detail.get("ctx", {})
    if kind == "string_type" and isinstance(detail.get("input"), bool):
        return ("doit être un texte : yes, no, on, off, true, false seuls se lisent comme oui/non ; "
                "écrivez une phrase, ou mettez le mot entre guillemets")
    if kind == "string_type" and not isinstance(detail.get("input"), (dict, list, type(None))):
        return (f"doit être un texte (trouvé : {_shown(detail.get('input'))}, lu comme une date ou un nombre) ; "
                "mettez-le entre guillemets")
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
    if kind == "too_short" and isinstance(detail.get("input"), dict):
        return "cette condition est vide"
    if kind == "too_short":
        return "la liste ne doit pas être vide"
    if kind == "too_long":
        return f"liste trop longue (maximum {context.get('max_length')} éléments)"
    if kind == "value_error":
        return str(context.get("error", "valeur refusée"))
    return "valeur refusée"


def _hint(kind: str) -> str:
    if kind == "too_short":
        return "écrivez au moins un élément ; pour une condition de « quand » : « - question: reponse »."
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
