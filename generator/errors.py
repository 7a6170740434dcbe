"""Author errors: one French message per mistake, always naming the file, the line and a code.

Every check of the generator (YAML syntax, schema, references, decision tree, source
traces) reports through `AuthorError`, so contributors see one consistent format:

    procedures/cas/pas-de-compte.yml:12:5: [cle-inconnue] champ « etapes[2] » : message
      → Conseil : what to do.

The code in brackets is stable: tests, CI annotations and editors rely on it, while the
French wording may improve. Every code is registered in `Code` with its one-line meaning;
CONTRIBUTING.md documents each one (a test checks that none is missing).

Errors travel one way: each stage (reading, schema, references, tree, source, quotes,
fidelity) returns its list of `AuthorError`, and only the outermost entry
(`project.load_guide`, hence the command line and the MkDocs plugin) raises `AuthorErrors`,
once, with all of them. Inside loading.py, reading one file stops at its first fatal
mistake (an exception there is that file's early exit, turned into a list by its caller).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, TypeVar


class Code(str, Enum):
    """The registry of error codes: kebab-case French, never renamed once published."""

    description: str

    def __new__(cls, value: str, description: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    def __str__(self) -> str:
        return self.value

    # Reading files
    FICHIER_INTROUVABLE = "fichier-introuvable", "un fichier du guide manque (supprimé, ou disparu pendant la lecture)"
    FICHIER_ILLISIBLE = "fichier-illisible", "le système refuse de lire le fichier (droits, disque)"
    PAS_UN_FICHIER = "pas-un-fichier", "un dossier ou un fichier spécial là où un fichier texte est attendu"
    PAS_UN_DOSSIER = "pas-un-dossier", "un fichier ou un lien là où un dossier est attendu"
    LIEN_SYMBOLIQUE = "lien-symbolique", "un lien symbolique à la place d'un fichier"
    EXTENSION_MAJUSCULES = "extension-majuscules", "extension « .YML » en majuscules : le fichier ne serait pas lu"
    TROP_DE_FICHIERS = "trop-de-fichiers", "trop de fichiers dans un dossier"
    FICHIER_TROP_GROS = "fichier-trop-gros", "un fichier dépasse la taille permise"
    DOSSIER_TROP_GROS = "dossier-trop-gros", "le dossier procedures/ dépasse la taille permise"
    FICHIER_VIDE = "fichier-vide", "un fichier vide, ou qui ne contient que des commentaires"
    ENCODAGE = "encodage", "le fichier n'est pas enregistré en UTF-8"
    CARACTERE_INVISIBLE = "caractere-invisible", "un caractère invisible interdit (souvent venu d'un copier-coller)"
    # YAML syntax and structure
    TABULATION = "tabulation", "une tabulation dans l'indentation (YAML n'accepte que des espaces)"
    SYNTAXE_YAML = "syntaxe-yaml", "erreur de syntaxe YAML (deux-points, guillemets, crochets, indentation)"
    YAML_ALIAS = "yaml-alias", "une ancre ou un alias YAML (« & », « * »)"
    YAML_ETIQUETTE = "yaml-etiquette", "une étiquette YAML (« !… »)"
    YAML_FUSION = "yaml-fusion", "une clé de fusion YAML (« <<: »)"
    CLE_EN_DOUBLE = "cle-en-double", "la même clé deux fois dans un bloc"
    CLE_COMPLEXE = "cle-complexe", "une liste ou un bloc à la place d'une clé"
    IMBRICATION = "imbrication-trop-profonde", "des blocs imbriqués trop profondément"
    LISTE_TROP_LONGUE = "liste-trop-longue", "une liste a trop d'éléments"
    BLOC_TROP_LONG = "bloc-trop-long", "un bloc a trop de clés"
    TEXTE_COUPE = "texte-coupe", "un texte sans guillemets coupé par « # » (YAML lit la suite comme un commentaire)"
    DATE_AVEC_HEURE = "date-avec-heure", "une date suivie d'une heure"
    DATE_IMPOSSIBLE = "date-impossible", "une date qui n'existe pas (30 février…)"
    # Schema
    CLE_INCONNUE = "cle-inconnue", "une clé que ce bloc n'accepte pas (souvent mal orthographiée)"
    CHAMP_MANQUANT = "champ-manquant", "un champ obligatoire manque"
    TYPE_INCORRECT = "type-incorrect", "une valeur du mauvais type (texte, liste, bloc, date…)"
    VALEUR_INATTENDUE = "valeur-inattendue", "une valeur hors de la liste des valeurs possibles"
    IDENTIFIANT_INVALIDE = "identifiant-invalide", "un identifiant qui n'est pas en minuscules, chiffres et tirets"
    TEXTE_VIDE = "texte-vide", "un texte vide"
    TEXTE_TROP_LONG = "texte-trop-long", "un texte trop long"
    LISTE_VIDE = "liste-vide", "une liste vide"
    CONDITION_VIDE = "condition-vide", "une condition de « quand » ou « seulement_si » vide"
    TEXTE_REFUSE = "texte-refuse", "un texte avec du HTML, un lien refusé, une image, des accolades ou une définition Markdown"
    UNE_LIGNE = "une-ligne", "un retour à la ligne ou un lien dans un champ d'une ligne (titre, libellé…)"
    TERME_INVALIDE = "terme-invalide", "un terme du glossaire avec de la mise en forme ou trop long"
    VALEUR_REFUSEE = "valeur-refusee", "une valeur refusée par le schéma"
    # References between files
    IDENTIFIANT_EN_DOUBLE = "identifiant-en-double", "le même identifiant (ou terme) utilisé deux fois"
    CAS_EN_DOUBLE = "cas-en-double", "deux procédures pour le même cas du document source"
    CAS_INCONNU = "cas-inconnu", "un « cas_source » qui n'est pas un cas du tableau du document source"
    REGLE_INCONNUE = "regle-inconnue", "un « voir_regle » qui cite une règle inconnue"
    ETAPES = "etapes-ou-sans-etapes", "une procédure sans « etapes » ni « sans_etapes », ou avec les deux"
    QUESTION_INCONNUE = "question-inconnue", "une question de l'arbre inconnue (« debut », « suite », « quand »)"
    REPONSE_INCONNUE = "reponse-inconnue", "une réponse inconnue pour cette question"
    # Decision tree
    ARBRE_TROP_PROFOND = "arbre-trop-profond", "trop de questions à la suite sur un chemin"
    ARBRE_TROP_DE_CHEMINS = "arbre-trop-de-chemins", "l'arbre a trop de chemins"
    ARBRE_IMPASSE = "arbre-impasse", "une question sans réponse"
    ARBRE_BOUCLE = "arbre-boucle", "une réponse qui ramène à une question déjà posée"
    ARBRE_SANS_ISSUE = "arbre-sans-issue", "des réponses qui ne mènent à aucune issue"
    ARBRE_DEUX_ISSUES = "arbre-deux-issues", "des réponses qui mènent à deux issues"
    QUESTION_JAMAIS_POSEE = "question-jamais-posee", "une question qu'aucune réponse n'amène"
    ISSUE_JAMAIS_ATTEINTE = "issue-jamais-atteinte", "une procédure ou une situation qu'aucun chemin n'atteint"
    CONDITION_JAMAIS_REMPLIE = "condition-jamais-remplie", "un « seulement_si » qu'aucun chemin vers l'issue ne remplit"
    RETOUR_IMPOSSIBLE = "retour-impossible", "un « revenir_a » vers une question qui n'est pas posée sur chaque chemin"
    # The source document
    SOURCE_SANS_TABLEAU = "source-sans-tableau", "le document source n'a pas de tableau (aucune tabulation)"
    SOURCE_ENTETE = "source-entete", "l'en-tête du tableau n'a pas trois colonnes"
    SOURCE_COLONNES = "source-colonnes", "une ligne du tableau a des colonnes en moins ou en trop"
    SOURCE_GUILLEMET = "source-guillemet", "une cellule ouverte par « \" » n'est jamais refermée"
    SOURCE_CAS_EN_DOUBLE = "source-cas-en-double", "le même cas deux fois dans le tableau"
    SOURCE_PROCEDURE_VIDE = "source-procedure-vide", "la colonne « Procédure » d'un cas est vide"
    SOURCE_NUMEROTATION = "source-numerotation", "les étapes d'un cas sautent un numéro ou ne commencent pas à 1"
    SOURCE_TIRET = "source-tiret", "la colonne « Se préparer » ne commence pas par « - »"
    # Quotes, coverage and fidelity
    CITATION_ABSENTE = "citation-absente", "une citation introuvable dans le document source, ni rien d'approchant"
    CITATION_REFORMULEE = "citation-reformulee", "une citation qui diffère du passage le plus proche du document source"
    PASSAGE_NON_COUVERT = "passage-non-couvert", "un passage du document source que le guide ne reprend nulle part"
    FAIT_PERDU = "fait-perdu", "un texte qui perd un nombre, un nom de fichier ou un terme de sa citation"
    # Hand-written pages and generated files
    VALEUR_INCONNUE = "valeur-inconnue", "un « {{ nom }} » inconnu dans une page écrite à la main"
    CHEMINS_PERIMES = "chemins-perimes", "procedures/arbre-chemins.txt n'est pas à jour"
    SCHEMA_PERIME = "schema-perime", "un schéma de schema/ n'est pas à jour"


class Refused(ValueError):
    """A model validator's refusal, with the code of the author error it becomes."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class AuthorError:
    """A mistake in a contributor's file, located as precisely as we can."""

    code: Code
    file: str
    line: int
    column: int
    message: str
    field: str = ""
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = f"champ « {self.field} » : {self.message}" if self.field else self.message
        text = f"{where}: [{self.code}] {what}"
        if self.hint:
            text += f"\n  → Conseil : {self.hint}"
        return text

    def as_dict(self) -> dict[str, str | int]:
        """For `check --format json`: CI annotations and editors read the code and the place."""
        return {**asdict(self), "code": self.code.value}


T = TypeVar("T")


@dataclass
class AuthorErrors(Exception):
    """Raised when one or more author errors prevent building the guide."""

    errors: list[AuthorError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # French lines printed after the errors

    def __str__(self) -> str:
        return format_report(self.errors, self.notes)


def caught(read: Callable[[], T]) -> tuple[T | None, list[AuthorError]]:
    """What `read` returns, or None and its errors: reading one file stops at its first fatal
    mistake (loading.py signals it with AuthorErrors), turned into a list like any stage's."""
    try:
        return read(), []
    except AuthorErrors as failure:
        return None, failure.errors


def format_report(errors: list[AuthorError], notes: list[str] | tuple[str, ...] = ()) -> str:
    count = len(errors)
    title = "1 erreur" if count == 1 else f"{count} erreurs"
    body = "\n".join(error.format() for error in errors)
    return "\n".join([f"{title} dans les fichiers du guide :", body, *notes])


def display_path(path: Path, root: Path | None) -> str:
    """The path as contributors see it: relative to the project when possible."""
    if root is not None:
        try:
            # Not the file's own link: a symbolic link is named, never where it points.
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def suggest(word: str, choices: list[str]) -> str:
    """A 'did you mean' hint for a misspelt key or id, or an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"vouliez-vous écrire « {close[0]} » ?" if close else ""
