"""Safe YAML loading that remembers where every value came from.

PyYAML alone is not enough for contributors' files: it accepts duplicate keys silently,
expands aliases (the "billion laughs" bomb) and, with the wrong loader, builds Python
objects from tags. Here we walk PyYAML's node graph ourselves and build only plain data
(str, int, float, bool, None, date, list, dict), refusing aliases, explicit tags and
duplicate keys, and recording the line and column of every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import AuthorError, AuthorErrors

MAX_FILE_BYTES = 256 * 1024
# Tags the YAML resolver assigns implicitly; anything else was written by the author.
PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

Path_ = tuple[str | int, ...]
# Builds scalars only (we build lists and mappings ourselves): safe, no Python objects.
_SCALARS = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class LoadedFile:
    """A YAML document as plain data, with the position of each value by its path."""

    path: Path
    shown_as: str
    data: Any
    positions: dict[Path_, tuple[int, int]]

    def position(self, where: Path_) -> tuple[int, int]:
        """Line and column of the value at `where`, or of its closest ancestor."""
        while where not in self.positions and where:
            where = where[:-1]
        return self.positions.get(where, (1, 1))

    def error(self, where: Path_, message: str, hint: str = "") -> AuthorError:
        line, column = self.position(where)
        return AuthorError(self.shown_as, line, column, message, format_field(where), hint)


def format_field(where: Path_) -> str:
    text = ""
    for part in where:
        if part == "__key__":  # the key itself, not its value: same field name
            continue
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_yaml_file(path: Path, shown_as: str) -> LoadedFile:
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise _file_error(
            shown_as, 1, 1,
            f"fichier trop volumineux ({len(raw) // 1024} Kio, maximum {MAX_FILE_BYTES // 1024} Kio)",
            "une procédure tient en quelques Kio : découpez le fichier ou retirez le contenu collé par erreur.",
        )
    text = _decode(raw, shown_as)
    return load_yaml_text(text, path, shown_as)


def load_yaml_text(text: str, path: Path, shown_as: str) -> LoadedFile:
    if not text.strip() or all(
        line.strip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise _file_error(shown_as, 1, 1, "le fichier est vide",
                          "remplissez-le à partir d'un fichier voisin, ou supprimez-le.")
    _refuse_tabs(text, shown_as)
    try:
        _refuse_aliases_and_tags(text, shown_as)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, shown_as) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML always marks its errors
        raise _file_error(shown_as, 1, 1, f"YAML illisible ({error})") from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null"
                        and not root.value):  # only "---" and comments
        raise _file_error(shown_as, 1, 1, "le fichier est vide",
                          "remplissez-le à partir d'un fichier voisin, ou supprimez-le.")
    positions: dict[Path_, tuple[int, int]] = {}
    data = _build(root, (), positions, shown_as)
    return LoadedFile(path, shown_as, data, positions)


def _decode(raw: bytes, shown_as: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # In characters, as editors count: the line may hold valid UTF-8 before the bad byte.
        column = len(raw[line_start: error.start].decode("utf-8", errors="replace")) + 1
        raise _file_error(
            shown_as, line, column, "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 (dans la plupart des éditeurs : « Enregistrer sous » › encodage UTF-8).",
        ) from None
    return text.removeprefix("\ufeff")


def _refuse_tabs(text: str, shown_as: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _file_error(
                shown_as, number, indent.index("\t") + 1,
                "tabulation dans l'indentation : YAML n'accepte que des espaces",
                "remplacez la tabulation par des espaces (2 espaces par niveau).",
            )


def _refuse_aliases_and_tags(text: str, shown_as: str) -> None:
    """Aliases could explode into huge data; tags could ask for Python objects."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        if mark is None:  # pragma: no cover - the parser marks every event
            continue
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _file_error(
                shown_as, mark.line + 1, mark.column + 1,
                "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés",
                "recopiez le texte à chaque endroit ; si une ligne commence par « * », mettez-la entre guillemets.",
            )
        tag = getattr(event, "tag", None)
        # Scalars carry a pair (plain, quoted) in `implicit`; list and mapping starts a bool.
        implicit = getattr(event, "implicit", False)
        if isinstance(implicit, tuple):
            implicit = implicit[0]
        if tag and tag != "!" and not implicit:
            raise _file_error(
                shown_as, mark.line + 1, mark.column + 1,
                f"étiquette YAML « {tag} » refusée",
                "retirez l'étiquette qui commence par « ! » ; si c'est du texte, mettez-le entre guillemets.",
            )


def _build(node: yaml.Node, where: Path_, positions: dict, shown_as: str) -> Any:
    positions[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in PLAIN_TAGS:  # defence in depth; explicit tags are refused earlier
        line, column = positions[where]
        raise _file_error(shown_as, line, column, f"étiquette YAML « {node.tag} » refusée")
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, where, positions, shown_as)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*where, index), positions, shown_as)
                for index, item in enumerate(node.value)]
    return _SCALARS.construct_object(node)


def _build_mapping(node: yaml.MappingNode, where: Path_, positions: dict, shown_as: str) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(_SCALARS.construct_object(key_node))
        line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if key in result:
            first_line = positions[(*where, key, "__key__")][0]
            raise _file_error(
                shown_as, line, column,
                f"la clé « {key} » apparaît deux fois (déjà à la ligne {first_line})",
                "gardez une seule des deux ; YAML ne garderait que la dernière sans rien dire.",
            )
        positions[(*where, key, "__key__")] = (line, column)
        result[key] = _build(value_node, (*where, key), positions, shown_as)
    return result


def _syntax_error(error: yaml.MarkedYAMLError, shown_as: str) -> AuthorErrors:
    mark = error.problem_mark or error.context_mark
    if (error.problem or "").startswith("found unexpected end of stream") and error.context_mark:
        mark = error.context_mark  # the unclosed quote or bracket, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "").strip()
    return _file_error(shown_as, line, column, f"erreur de syntaxe YAML ({_translate(problem)})",
                       "vérifiez l'indentation (des espaces, alignés), les deux-points après chaque clé "
                       "et les guillemets : un texte qui contient « : » ou commence par un signe "
                       "se met entre guillemets.")


# PyYAML's problems, in French. Checked by prefix; the first match wins.
SYNTAX_PROBLEMS = {
    "mapping values are not allowed here": "un « : » inattendu ; mettez le texte entre guillemets",
    "could not find expected ':'": "il manque « : » après une clé",
    "found character '\\t' that cannot start any token": "tabulation interdite",
    "found character": "un caractère ne peut pas commencer un texte ici ; mettez le texte entre guillemets",
    "expected <block end>, but found '-'": "un élément de liste « - » est mal indenté",
    "expected <block end>": "indentation incohérente : ce bloc n'est pas aligné avec ses voisins",
    "expected ',' or ']'": "liste entre crochets « [ … ] » mal formée ; si le texte commence par « [ », mettez-le entre guillemets",
    "expected ',' or '}'": "bloc entre accolades « { … } » mal formé ; si le texte commence par « { », mettez-le entre guillemets",
    "did not find expected key": "une clé est attendue ici : vérifiez l'indentation",
    "did not find expected '-' indicator": "un élément de liste « - » est attendu : vérifiez l'indentation",
    "found unexpected end of stream": "guillemet ou crochet non refermé",
    "found unknown escape character": "caractère d'échappement inconnu après « \\ » dans un texte entre guillemets",
    "expected a comment or a line break": "texte en trop après une valeur entre guillemets",
    "expected alphabetic or numeric character": "« & » ou « * » en début de texte ; mettez le texte entre guillemets",
    "found undefined alias": "alias non défini",
    "but found another document": "une ligne « --- » commence un second document ; un fichier n'en contient qu'un",
}


def _translate(problem: str) -> str:
    for english, french in SYNTAX_PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"structure invalide (détail technique : {problem})" if problem else "structure invalide"


def _file_error(shown_as: str, line: int, column: int, message: str, hint: str = "") -> AuthorErrors:
    return AuthorErrors([AuthorError(shown_as, line, column, message, hint=hint)])
