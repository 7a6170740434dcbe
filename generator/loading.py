"""Safe YAML loading that remembers where every value came from, and that no file can stall.

PyYAML's loaders are not enough for contributors' files: they accept duplicate keys
silently, expand aliases (the "billion laughs" bomb), build Python objects from tags, turn
`8:30`, `no` or `010` into 510, False or 8 (YAML 1.1), crash on an impossible date, and
recurse as deep as a file nests. Here the parser's events (libyaml's when available, else
PyYAML's pure-Python parser, same events) are read once, in a loop (no recursion), and
turned into plain data: mappings, lists, and every scalar as the author wrote it (a str;
None for an empty value), pydantic then converts what the model expects (a date…). In the
same pass: aliases, anchors and explicit tags are refused, duplicate keys reported, the
nesting depth, the size of each list and mapping are limited, and the line and column of
every value are recorded. Before parsing: the file is read without following symbolic links,
only if it is a regular file under the size limit, in UTF-8, without invisible control
characters.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import AuthorError, AuthorErrors, Code

MAX_FILE_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024  # all of procedures/ together
MAX_DEPTH = 12  # our files nest 5 levels at most
MAX_ITEMS = 300  # items of one list, keys of one mapping
MAX_FILES = 500  # YAML files in one folder
# Editors' and systems' side files: lock and backup files, macOS resource forks.
SIDE_FILE = re.compile(r"^(\.#|\._|#|~\$)|(~|\.swp|\.swo|\.swx|\.bak|\.orig|\.tmp)$|^\.DS_Store$")
_PARSER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Characters YAML refuses (and some it accepts but no author means): all C0/C1 controls
# except tab and line ends, and the BOM anywhere but at the start.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\u2028\u2029]")
_CHARACTER_NAMES = {"\x00": "NUL", "\x0c": "saut de page", "\x0b": "tabulation verticale",
                    "\x1b": "échappement", "\u2028": "séparateur de ligne", "\u2029": "séparateur de paragraphe",
                    "\ufeff": "indicateur d'ordre des octets"}
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ]|\s+)\d{1,2}:\d\d")
_NULLS = {"", "~", "null", "Null", "NULL"}
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]

Path_ = tuple[str | int, ...]


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

    def error(self, code: Code, where: Path_, message: str, hint: str = "") -> AuthorError:
        line, column = self.position(where)
        return AuthorError(code, self.shown_as, line, column, message, format_field(where), hint)


def format_field(where: Path_) -> str:
    text = ""
    for part in where:
        if part == "__key__":  # the key itself, not its value: same field name
            continue
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- Finding and reading files -------------------------------------------------------------

def yaml_files(directory: Path, shown_as: str, errors: list[AuthorError]) -> list[Path]:
    """The YAML files of a folder, sorted; side files are skipped with a notice, and
    anything that would be silently missed is an error, added to `errors`: a file in place
    of the folder, a `.YML` extension or too many files (the other files are still read)."""
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        errors.append(AuthorError(Code.PAS_UN_DOSSIER, shown_as, 1, 1, "devrait être un dossier, mais c'est un fichier ou un lien",
                                  "remettez le dossier à sa place (et ses fichiers .yml dedans)."))
        return []
    if not directory.exists():
        return []
    found = []
    for path in sorted(directory.iterdir()):
        name = path.name
        if SIDE_FILE.search(name):
            # A notice, not an error: MkDocs' strict mode would fail on a logged warning.
            print(f"Fichier ignoré : {shown_as}/{name} (fichier temporaire d'un éditeur ou du système).",
                  file=sys.stderr)
        elif name.lower().endswith((".yml", ".yaml")) and not name.endswith((".yml", ".yaml")):
            errors.append(AuthorError(Code.EXTENSION_MAJUSCULES, f"{shown_as}/{name}", 1, 1, "extension en majuscules : ce fichier ne serait pas lu",
                                      "renommez-le avec l'extension « .yml » en minuscules."))
        elif name.endswith((".yml", ".yaml")):
            found.append(path)
    if len(found) > MAX_FILES:
        errors.append(AuthorError(Code.TROP_DE_FICHIERS, shown_as, 1, 1, f"trop de fichiers ({len(found)}, maximum {MAX_FILES})"))
        return []
    return found


def check_total_size(folder: Path, shown_as: str) -> list[AuthorError]:
    """All of procedures/ together, without following links: a cap per file is not enough."""
    total, pending = 0, [folder]
    while pending:  # a loop, not a recursion: any depth of folders
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
    if total <= MAX_TOTAL_BYTES:
        return []
    return [AuthorError(Code.DOSSIER_TROP_GROS, shown_as, 1, 1, f"contenu trop volumineux ({total // 1024} Kio en tout, "
                        f"maximum {MAX_TOTAL_BYTES // 1024} Kio)",
                        hint="retirez les fichiers ou le contenu ajoutés par erreur dans ce dossier.")]


def read_text_file(path: Path, shown_as: str, limit: int) -> str:
    """A text file (the source document) read as carefully as a YAML file, in UTF-8."""
    return _decode(read_yaml_bytes(path, shown_as, limit), shown_as)


def read_yaml_bytes(path: Path, shown_as: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, read only if it is a regular file (never through a symbolic link)
    and not too large: /dev/zero or a link to /etc/passwd are refused before any read."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise _file_error(Code.LIEN_SYMBOLIQUE, shown_as, 1, 1, "lien symbolique refusé",
                              "remplacez le lien par le fichier lui-même (une copie).")
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise _file_error(Code.PAS_UN_FICHIER, shown_as, 1, 1, "ce n'est pas un fichier ordinaire",
                              "supprimez-le : seuls des fichiers texte .yml ont leur place ici.")
        if info.st_size > limit:
            raise _too_big(shown_as, info.st_size, limit)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # replaced since lstat
                raise _file_error(Code.PAS_UN_FICHIER, shown_as, 1, 1, "ce n'est pas un fichier ordinaire")
            raw = file.read(limit + 1)
    except FileNotFoundError:
        raise _file_error(Code.FICHIER_INTROUVABLE, shown_as, 1, 1, "fichier introuvable (supprimé, ou disparu pendant la lecture)",
                          "restaurez-le s'il fait partie du guide, puis relancez la commande.") from None
    except IsADirectoryError:
        raise _file_error(Code.PAS_UN_FICHIER, shown_as, 1, 1, "c'est un dossier, pas un fichier .yml",
                          "renommez le dossier (sans « .yml ») ou supprimez-le.") from None
    except OSError as error:
        raise _file_error(Code.FICHIER_ILLISIBLE, shown_as, 1, 1, f"fichier illisible ({error.strerror or 'erreur du système'})",
                          "vérifiez que le fichier existe et qu'il est lisible.") from None
    if len(raw) > limit:
        raise _too_big(shown_as, len(raw), limit)
    return raw


def _too_big(shown_as: str, size: int, limit: int) -> AuthorErrors:
    return _file_error(
        Code.FICHIER_TROP_GROS, shown_as, 1, 1, f"fichier trop volumineux ({size // 1024} Kio, maximum {limit // 1024} Kio)",
        "une procédure tient en quelques Kio : découpez le fichier ou retirez le contenu collé par erreur.")


def load_yaml_file(path: Path, shown_as: str) -> LoadedFile:
    return load_yaml_text(_decode(read_yaml_bytes(path, shown_as), shown_as), path, shown_as)


def load_yaml_text(text: str, path: Path, shown_as: str) -> LoadedFile:
    if not text.strip() or all(
        line.strip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise _file_empty(shown_as)
    _refuse_invisible_characters(text, shown_as)
    _refuse_tabs(text, shown_as)
    try:
        data, positions = _Builder(text, shown_as, _PARSER_LOADER).build()
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(_pure_python_error(text, shown_as) or error, shown_as) from None
    except yaml.YAMLError as error:  # pragma: no cover - parsers mark their errors
        raise _file_error(Code.SYNTAXE_YAML, shown_as, 1, 1, "YAML illisible") from error
    if data is None:  # only "---" and comments
        raise _file_empty(shown_as)
    return LoadedFile(path, shown_as, data, positions)


def _pure_python_error(text: str, shown_as: str) -> yaml.MarkedYAMLError | None:
    """The same mistake as worded by PyYAML's pure-Python parser, which we translate (libyaml
    words it differently); only read after an error, so the fast parser does the usual work."""
    if _PARSER_LOADER is yaml.SafeLoader:
        return None
    try:
        _Builder(text, shown_as, yaml.SafeLoader).build()
    except yaml.MarkedYAMLError as error:
        return error
    return None


def _file_empty(shown_as: str) -> AuthorErrors:
    return _file_error(Code.FICHIER_VIDE, shown_as, 1, 1, "le fichier est vide",
                       "remplissez-le à partir d'un fichier voisin, ou supprimez-le.")


def _decode(raw: bytes, shown_as: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # In characters, as editors count: the line may hold valid UTF-8 before the bad byte.
        column = len(raw[line_start: error.start].decode("utf-8", errors="replace")) + 1
        raise _file_error(
            Code.ENCODAGE, shown_as, line, column, "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 (dans la plupart des éditeurs : « Enregistrer sous » › encodage UTF-8).",
        ) from None
    return text.removeprefix("\ufeff")


def _refuse_invisible_characters(text: str, shown_as: str) -> None:
    match = _INVISIBLE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        character = match.group()
        name = _CHARACTER_NAMES.get(character, "caractère de contrôle")
        raise _file_error(Code.CARACTERE_INVISIBLE, shown_as, line, column, f"caractère invisible interdit (U+{ord(character):04X}, {name})",
                          "supprimez-le (il vient souvent d'un copier-coller) ; YAML ne l'accepte pas.")


def _refuse_tabs(text: str, shown_as: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _file_error(
                Code.TABULATION, shown_as, number, indent.index("\t") + 1,
                "tabulation dans l'indentation : YAML n'accepte que des espaces",
                "remplacez la tabulation par des espaces (2 espaces par niveau).",
            )


# --- From parser events to plain data, in one loop -----------------------------------------

class _Frame:
    """A list or mapping being filled, and where it is."""

    __slots__ = ("container", "where", "key")

    def __init__(self, container: list | dict, where: Path_) -> None:
        self.container, self.where, self.key = container, where, None


class _Builder:
    def __init__(self, text: str, shown_as: str, loader_class) -> None:
        self.text, self.shown_as, self.loader_class = text, shown_as, loader_class
        self.lines = text.splitlines()
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def build(self) -> tuple[Any, dict]:
        loader = self.loader_class(self.text)
        try:
            while True:
                event = loader.get_event()
                if isinstance(event, yaml.StreamEndEvent):
                    return self.root, self.positions
                self.handle(event)
        finally:
            loader.dispose()

    def error(self, code: Code, event, message: str, hint: str = "", mark=None) -> AuthorErrors:
        mark = mark or event.start_mark
        return self.error_at(code, mark.line + 1, mark.column + 1, message, hint)

    def error_at(self, code: Code, line: int, column: int, message: str, hint: str = "") -> AuthorErrors:
        """An error about the value being read, with its field when there is one."""
        field = ""
        if self.stack:
            frame = self.stack[-1]
            if isinstance(frame.container, list):
                field = format_field((*frame.where, len(frame.container)))
            elif frame.key is not None:
                field = format_field((*frame.where, frame.key))
        return AuthorErrors([AuthorError(code, self.shown_as, line, column, message, field, hint)])

    def handle(self, event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.error(Code.SYNTAXE_YAML, event, "erreur de syntaxe YAML (une ligne « --- » commence un second "
                                 "document ; un fichier n'en contient qu'un)", "retirez la ligne « --- ».")
            return
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            return
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self.stack.pop()
            return
        self.refuse_alias_and_tag(event)
        if isinstance(event, yaml.ScalarEvent):
            self.add(event, self.scalar(event))
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise self.error(Code.IMBRICATION, event, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                                 "les fichiers du guide ont quelques niveaux : vérifiez l'indentation "
                                 "et les crochets « [ » ou accolades « { ».")
            container: list | dict = [] if isinstance(event, yaml.SequenceStartEvent) else {}
            where = self.add(event, container)
            self.stack.append(_Frame(container, where))

    def refuse_alias_and_tag(self, event) -> None:
        """Aliases could explode into huge data; tags could ask for Python objects."""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.error(Code.YAML_ALIAS, event, "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés",
                             "recopiez le texte à chaque endroit ; si une ligne commence par « * », "
                             "mettez-la entre guillemets.")
        tag = getattr(event, "tag", None)
        # Scalars carry a pair (plain, quoted) in `implicit`; list and mapping starts a bool.
        implicit = getattr(event, "implicit", False)
        if isinstance(implicit, tuple):
            implicit = implicit[0]
        if tag and tag != "!" and not implicit:
            raise self.error(Code.YAML_ETIQUETTE, event, f"étiquette YAML « {tag} » refusée",
                             "retirez l'étiquette qui commence par « ! » ; si c'est du texte, "
                             "mettez-le entre guillemets.")

    def scalar(self, event) -> str | None:
        """The value as written: YAML 1.1's conversions (`no` → False, `010` → 8) are not
        applied; pydantic converts what the model expects."""
        value = event.value
        if event.style:  # quoted or block scalar: always text
            return value
        if value in _NULLS:
            return None
        self.refuse_cut_by_comment(event)
        self.refuse_impossible_date(event, value)
        return value

    def refuse_cut_by_comment(self, event) -> None:
        """`texte: le code #QRWJJP772` : YAML drops everything from « # » silently."""
        end = event.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        comment = re.match(r"\s+#", rest)
        if comment and (" " in event.value.strip() or rest[comment.end():][:1] not in ("", " ")):
            raise self.error_at(
                Code.TEXTE_COUPE, end.line + 1, end.column + comment.end(),
                "le texte s'arrête avant « # » : YAML prend la suite de la ligne pour un commentaire",
                "mettez tout le texte entre guillemets, par exemple : texte: \"… #QRWJJP772 …\".")

    def refuse_impossible_date(self, event, value: str) -> None:
        if _TIMESTAMP.match(value):
            raise self.error(Code.DATE_AVEC_HEURE, event, f"« {value} » : une date sans heure est attendue",
                             "écrivez seulement la date, sous la forme 2026-09-01.")
        if not _DATE.match(value):
            return
        year, month, day = (int(part) for part in value.split("-"))
        try:
            datetime.date(year, month, day)
        except ValueError:
            month_name = f" ({MONTHS[month - 1]} n'a pas de {day})" if 1 <= month <= 12 else ""
            raise self.error(Code.DATE_IMPOSSIBLE, event, f"la date « {value} » n'existe pas{month_name}",
                             "écrivez une date réelle, sous la forme AAAA-MM-JJ (ex. 2026-09-01).") from None

    def add(self, event, value: Any) -> Path_:
        """Put a new value in its parent (or at the root); return its path."""
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if not self.stack:
            self.root = value
            self.positions[()] = mark
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            if len(frame.container) >= MAX_ITEMS:
                raise self.error(Code.LISTE_TROP_LONGUE, event, f"liste trop longue (plus de {MAX_ITEMS} éléments)",
                                 "découpez le contenu, ou retirez les lignes répétées par erreur.")
            where = (*frame.where, len(frame.container))
            frame.container.append(value)
        elif frame.key is None:  # a key
            return self.add_key(event, frame, value, mark)
        else:
            where = (*frame.where, frame.key)
            frame.container[frame.key] = value
            frame.key = None
        self.positions[where] = mark
        return where

    def add_key(self, event, frame: _Frame, key: Any, mark: tuple[int, int]) -> Path_:
        if not isinstance(event, yaml.ScalarEvent):
            raise self.error(Code.CLE_COMPLEXE, event, "une clé doit être un simple mot, pas une liste ni un bloc",
                             "si c'est du texte, mettez-le entre guillemets après la clé.")
        key = "" if key is None else key
        if key == "<<" and not event.style:
            raise self.error(Code.YAML_FUSION, event, "les clés de fusion YAML « <<: » ne sont pas acceptées",
                             "recopiez les champs voulus dans ce bloc.")
        if key in frame.container:
            first_line = self.positions[(*frame.where, key, "__key__")][0]
            raise self.error(Code.CLE_EN_DOUBLE, event, f"la clé « {key} » apparaît deux fois (déjà à la ligne {first_line})",
                             "gardez une seule des deux ; YAML ne garderait que la dernière sans rien dire.")
        if len(frame.container) >= MAX_ITEMS:
            raise self.error(Code.BLOC_TROP_LONG, event, f"bloc trop long (plus de {MAX_ITEMS} clés)")
        self.positions[(*frame.where, key, "__key__")] = mark
        frame.key = key
        frame.container[key] = None  # holds the key's place until its value comes
        return (*frame.where, key, "__key__")


def _syntax_error(error: yaml.MarkedYAMLError, shown_as: str) -> AuthorErrors:
    mark = error.problem_mark or error.context_mark
    if (error.problem or "").startswith("found unexpected end of stream") and error.context_mark:
        mark = error.context_mark  # the unclosed quote or bracket, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "").strip()
    return _file_error(Code.SYNTAXE_YAML, shown_as, line, column, f"erreur de syntaxe YAML ({_translate(problem)})",
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


def _file_error(code: Code, shown_as: str, line: int, column: int, message: str, hint: str = "") -> AuthorErrors:
    return AuthorErrors([AuthorError(code, shown_as, line, column, message, hint=hint)])
