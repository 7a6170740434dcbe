"""The content model: what contributors write in procedures/, validated by pydantic.

Python names are English; the YAML keys contributors type are French (aliases).
Unknown keys are errors (`extra="forbid"`), so a misspelt key never vanishes silently.
Every text that comes from the source document carries a `source` quote: the exact words
of the source it covers (checked by generator.tracing).
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from . import escaping
from .errors import Code, Refused

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60),
    Field(description="Identifiant stable : minuscules, chiffres et tirets (ex. « identifiant-vers-mediacentre »)."),
]
# Contributors' texts may use a small Markdown subset (see CONTRIBUTING.md). Raw HTML and
# script links are refused here rather than escaped silently, so authors learn why; the
# templates escape them anyway (defence in depth).
FORBIDDEN_MARKUP = [
    (re.compile(r"<\s*/?\s*[a-zA-Z!]"), "le HTML n'est pas accepté dans les textes (balise « < »)"),
    (re.compile(r"\]\(\s*(javascript|data|vbscript):", re.I), "lien interdit (javascript:, data:)"),
    (re.compile(r"\b(javascript|vbscript):", re.I), "« javascript: » n'est pas accepté dans les textes"),
    # Images would make readers' browsers fetch a file from another site.
    (re.compile(r"!\["), "les images ne sont pas acceptées dans les textes (« ![ »)"),
    # Markdown's attribute lists ({ onclick=… }) would add HTML attributes to the text.
    (re.compile(r"\{[^}]*\}"), "les accolades « { … } » ne sont pas acceptées dans les textes"),
    # Written with YAML's escapes ("\x02"): Python-Markdown's own markers, among others.
    (re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"), "caractère de contrôle interdit (un « \\ » "
     "suivi d'un code, entre guillemets ?)"),
    # Abbreviation (*[Pix]: …) and link reference ([1]: https://…) definitions vanish from
    # the page and change other pages: shown as written instead, but the author should know.
    (re.compile(r"^\s*\*?\[[^\]]*\]\s*:", re.M), "une ligne qui commence par « *[…]: » ou « […]: » "
     "est une définition Markdown, pas un texte"),
]
# Glossary words are matched in every page: plain words only (letters, digits, spaces,
# apostrophes, hyphens, dots, slashes), no Markdown.
WORD = re.compile(r"^\w[\w '’.\-/]*$")
LIMITS = {"questions": 40, "answers": 8, "depth": 12, "terms": 150, "variants": 5}


def check_markup(text: str) -> str:
    for pattern, message in FORBIDDEN_MARKUP:
        if pattern.search(text):
            raise Refused(Code.TEXTE_REFUSE, message)
    for reason in escaping.refusals(text):
        raise Refused(Code.TEXTE_REFUSE, reason)
    return text


def check_one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise Refused(Code.UNE_LIGNE, "ce champ tient sur une ligne : retirez le retour à la ligne (ou le « | » "
                      "qui garde les retours à la ligne)")
    if escaping.has_link(text):  # a label or a title is often itself inside a link
        raise Refused(Code.UNE_LIGNE, "pas de lien dans ce champ : mettez le lien dans un texte (étape, bon à savoir…)")
    return text


def check_word(text: str) -> str:
    if not WORD.match(text):
        raise Refused(Code.TERME_INVALIDE, "un terme du glossaire s'écrit en lettres, chiffres, espaces, apostrophes, "
                      "tirets ou points, sur une ligne, sans mise en forme ni ponctuation")
    if len(text) > 60:
        raise Refused(Code.TERME_INVALIDE, "un terme du glossaire tient en 60 caractères au plus")
    return text


def check_iso_date(value: object) -> object:
    """Only AAAA-MM-JJ: pydantic would also read « 010 » or « 0 » as seconds since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_parsing", "not an ISO date")
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), AfterValidator(check_markup)
]
# A title, a label, a name: one line, shown inside other lines and links.
Line = Annotated[Text, AfterValidator(check_one_line)]
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(check_word)]
Date = Annotated[datetime.date, BeforeValidator(check_iso_date)]
Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=2000),
    AfterValidator(check_markup),
    Field(description="Citation exacte (mot pour mot) du document source que ce texte couvre."),
]


class Strict(BaseModel):
    # No populate_by_name: only the French keys are accepted in YAML, never the Python names.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Addition(Strict):
    """A fact that is not in the source document, shown as « Bon à savoir (ajout) »."""

    text: Text = Field(alias="texte", description="Le fait ajouté, en une ou deux phrases.")
    origin: Line = Field(alias="origine", description="D'où vient ce fait, vérifiable : un fichier du dépôt "
                                                      "public 1024pix/pix, ou le libellé exact d'un écran.")


# The fidelity guard (generator/fidelity.py) checks that a text keeps its quote's facts.
GAP_DESCRIPTION = ("Pourquoi ce texte ne reprend pas un fait de sa citation (nombre, nom de fichier, "
                   "terme du glossaire) ; affiché sur la page de couverture.")


# One condition: question id → the answer id, or the list of answer ids, that satisfy it.
Condition = Annotated[dict[Id, Id | list[Id]], Field(min_length=1)]
ONLY_IF_DESCRIPTION = (
    "N'afficher ce texte que pour certaines réponses de l'arbre de décision (même forme que « quand ») : "
    "une liste de conditions « question: réponse » ou « question: [réponse, réponse] » ; il suffit qu'une "
    "condition soit remplie. La page complète montre le texte avec la condition."
)


class Conditional(Strict):
    """A text of an outcome that may apply to some answers only (checked in generator.tree)."""

    only_if: list[Condition] | None = Field(None, alias="seulement_si", min_length=1,
                                            description=ONLY_IF_DESCRIPTION)


class Note(Addition, Conditional):
    """An addition shown on an outcome, next to what it concerns, maybe for some answers only."""


class WithNotes(Strict):
    notes: list[Note] = Field(default_factory=list, alias="bon_a_savoir",
                              description="Faits ajoutés qui concernent ce texte, affichés juste à côté.")


class Traced(Conditional):
    """A text of the guide and the words of the source document it covers."""

    text: Text = Field(alias="texte", description="Le texte affiché dans le guide.")
    source: Quote = Field(description="Citation exacte du document source que ce texte couvre.")
    gap: Text | None = Field(None, alias="ecart", description=GAP_DESCRIPTION)


# The columns of the page « À préparer avant la rentrée » (generator.preparation).
SheetColumn = Literal["siecle", "gar", "codes", "ent"]
SHEET_DESCRIPTION = (
    "Colonnes de la fiche « À préparer avant la rentrée » où ce texte compte : « siecle » (base "
    "SIECLE), « gar » (distribution dans le GAR), « codes » (codes de campagne), « ent » (identifiants ENT)."
)


def sheet_field():
    return Field(default_factory=list, alias="fiche", description=SHEET_DESCRIPTION)


class PupilStep(Traced):
    """What the pupil does at a step, addressed to the pupil (« tu »), for the pupil's card."""

    code: int | None = Field(None, ge=1, le=9,
                             description="Le numéro du code de campagne que l'élève saisit à cette étape "
                                         "(1, 2…), s'il en saisit un.")


class Variant(Strict):
    """The wording of a step for some answers: it replaces the step's text on those outcomes."""

    only_if: list[Condition] = Field(alias="seulement_si", min_length=1, description=ONLY_IF_DESCRIPTION)
    text: Text = Field(alias="texte", description="Le texte de l'étape pour ces réponses.")


class Branch(Traced):
    """A conditional branch of a step (the source's footnote)."""

    condition: Line = Field(alias="si", description="La situation, ex. « L'élève ne connaît pas son mot de passe ».")


class Step(Traced, WithNotes):
    branch: Branch | None = Field(None, alias="cas_particulier",
                                  description="Que faire si… (renvoi du document source).")
    warning: Traced | None = Field(None, alias="attention",
                                   description="Mise en garde affichée sous l'étape.")
    sheet: list[SheetColumn] = sheet_field()
    pupil: PupilStep | None = Field(None, alias="eleve",
                                    description="Ce que fait l'élève à cette étape, en le tutoyant, pour sa "
                                                "carte « Ce que tu dois faire » (avec sa propre citation).")
    variants: list[Variant] = Field(default_factory=list, alias="selon_les_reponses",
                                    description="Le texte de l'étape adapté à certaines réponses ; la page "
                                                "complète les montre toutes.")


class PrepareItem(Traced, WithNotes):
    """An item of « Se préparer », and where it counts on the preparation sheet."""

    sheet: list[SheetColumn] = sheet_field()
    rule: Id | None = Field(None, alias="voir_regle",
                            description="Affiche à côté de cet élément les « Bon à savoir » de cette règle "
                                        "(son identifiant dans regles.yml).")


class NoSteps(Traced, WithNotes):
    """What the source says when it gives no steps; its notes say what can be done today."""


WHEN_DESCRIPTION = (
    "Les réponses de l'arbre de décision qui mènent ici : une liste de conditions, chacune "
    "« question: réponse » ou « question: [réponse, réponse] » ; il suffit qu'une condition soit remplie."
)
REVIEWED_DESCRIPTION = "Date de la dernière relecture (AAAA-MM-JJ), affichée en bas de la page."


class Procedure(Strict):
    """One case of the source table: one YAML file in procedures/cas/."""

    id: Id
    title: Line = Field(alias="titre", description="Titre de la page, ex. « D'Identifiant à Médiacentre ».")
    source_case: Quote = Field(alias="cas_source",
                               description="Intitulé exact du cas dans le tableau du document source.")
    summary: Text = Field(alias="situation", description="La situation de l'élève, en mots simples.")
    when: list[Condition] = Field(alias="quand", min_length=1, description=WHEN_DESCRIPTION)
    before: list[Note] = Field(default_factory=list, alias="avant_de_commencer",
                               description="À vérifier avant tout, affiché en tête (faits ajoutés, avec leur origine).")
    prepare: list[PrepareItem] = Field(alias="se_preparer", min_length=1, description="Ce qu'il faut avoir sous la main.")
    steps: list[Step] = Field(default_factory=list, alias="etapes", description="Les étapes, dans l'ordre.")
    no_steps: NoSteps | None = Field(None, alias="sans_etapes",
                                     description="Quand le document source ne donne pas d'étapes : ce qu'il dit "
                                                 "(et, dans « bon_a_savoir », ce qu'on peut faire aujourd'hui).")
    warnings: list[Traced] = Field(default_factory=list, alias="avertissements",
                                   description="Mises en garde affichées en tête de la procédure.")
    additions: list[Note] = Field(default_factory=list, alias="bon_a_savoir",
                                  description="Faits qui ne sont pas dans le document source.")
    reviewed_on: Date = Field(alias="revu_le", description="Date de la dernière relecture (AAAA-MM-JJ).")


class Mode(Strict):
    id: Id
    name: Line = Field(alias="nom", description="Nom du mode dans le guide, ex. « Médiacentre ».")
    pix_orga_label: Line = Field(alias="libelle_pix_orga",
                                 description="Libellé affiché aujourd'hui dans Pix Orga.")
    description: Text = Field(description="Ce que fait l'élève pour se connecter.")
    additions: list[Addition] = Field(default_factory=list, alias="bon_a_savoir",
                                      description="Faits qui ne sont pas dans le document source.")


class ModesFile(Strict):
    modes: list[Mode] = Field(min_length=1, description="Les modes de connexion, dans l'ordre d'affichage.")


class Rule(Strict):
    id: Id
    title: Line = Field(alias="titre", description="Titre de la règle, ex. « Toujours commencer par l'import SIECLE ».")
    text: Text = Field(alias="texte", description="La règle, dans les mots du guide.")
    source: Quote
    gap: Text | None = Field(None, alias="ecart", description=GAP_DESCRIPTION)
    additions: list[Addition] = Field(default_factory=list, alias="bon_a_savoir",
                                      description="Faits qui ne sont pas dans le document source.")
    sheet: list[SheetColumn] = sheet_field()


class RulesFile(Strict):
    rules: list[Rule] = Field(alias="regles", min_length=1,
                              description="Les règles générales, dans l'ordre du document source.")
    reviewed_on: Date = Field(alias="revu_le", description=REVIEWED_DESCRIPTION)


class Term(Strict):
    term: Word = Field(alias="terme", description="Le terme tel qu'il s'écrit dans les pages.")
    variants: list[Word] = Field(default_factory=list, alias="variantes", max_length=LIMITS["variants"],
                                 description="Autres graphies à expliquer aussi (ex. « Mediacentre »).")
    definition: Text = Field(description="Définition courte, en une phrase.")
    origin: Text | None = Field(None, alias="origine",
                                description="D'où vient ce qui est dit de Pix aujourd'hui (chemin d'un fichier du "
                                            "dépôt public 1024pix/pix, ou libellé exact de l'écran).")


class GlossaryFile(Strict):
    terms: list[Term] = Field(alias="termes", min_length=1, max_length=LIMITS["terms"], description="Les termes expliqués.")
    reviewed_on: Date = Field(alias="revu_le", description=REVIEWED_DESCRIPTION)


class Situation(Strict):
    """An outcome of the decision tree that the source document does not describe.

    It never holds a procedure: it says what the source says about the case and what the
    reader can do (additions, with their origin). One YAML file in procedures/situations/.
    """

    id: Id
    title: Line = Field(alias="titre", description="Titre de la page, ex. « L'élève a plusieurs comptes ».")
    summary: Text = Field(alias="situation", description="La situation, en mots simples.")
    source_says: list[Traced] = Field(default_factory=list, alias="selon_la_source",
                                      description="Ce que le document source dit qui s'applique ici (citations).")
    what_to_do: list[Note] = Field(alias="que_faire", min_length=1,
                                       description="Ce que le lecteur peut faire, avec l'origine de chaque conseil.")
    when: list[Condition] = Field(alias="quand", min_length=1, description=WHEN_DESCRIPTION)
    back_to: Id | None = Field(None, alias="revenir_a",
                               description="Une question de l'arbre : l'issue offre d'y revenir (bouton "
                                           "« Revenir à la question »). Elle doit être posée sur chaque chemin qui mène ici.")
    reviewed_on: Date = Field(alias="revu_le", description=REVIEWED_DESCRIPTION)


class Answer(Strict):
    id: Id
    label: Line = Field(alias="libelle", description="Le texte du bouton, ex. « Oui, il a déjà un compte Pix ».")
    next: Id | None = Field(None, alias="suite",
                            description="La question suivante ; sans « suite », l'arbre mène à l'issue "
                                        "(procédure ou situation) dont « quand » correspond aux réponses.")


class Question(Strict):
    id: Id
    question: Line = Field(description="La question posée, ex. « L'élève a-t-il déjà un compte Pix ? ».")
    short: Line = Field(alias="intitule_court", description="Intitulé court pour « Vos réponses », ex. « Compte Pix ».")
    help: Text | None = Field(None, alias="aide", description="Aide affichée sous la question.")
    answers: list[Answer] = Field(alias="reponses", max_length=LIMITS["answers"], description="Les réponses possibles, dans l'ordre d'affichage.")


class TreeFile(Strict):
    start: Id = Field(alias="debut", description="La première question posée.")
    questions: list[Question] = Field(min_length=1, max_length=LIMITS["questions"],
                                      description="Les questions, une par écran.")

    @model_validator(mode="after")
    def _not_too_deep(self) -> "TreeFile":
        """At most LIMITS["depth"] questions on one path: each answer is a folder of the site,
        and too long a path would exceed the system's limits. Longest path in the graph of
        `suite`, in a loop (Kahn's order); a cycle is left to generator.tree, which names it."""
        following = {q.id: {a.next for a in q.answers if a.next} for q in self.questions}
        waiting = {q: 0 for q in following}
        for targets in following.values():
            for target in targets & waiting.keys():
                waiting[target] += 1
        depth = {q: 1 for q in following}
        ready = [q for q, count in waiting.items() if count == 0]
        while ready:
            current = ready.pop()
            for target in following[current] & waiting.keys():
                depth[target] = max(depth[target], depth[current] + 1)
                waiting[target] -= 1
                if waiting[target] == 0:
                    ready.append(target)
        if max(depth.values(), default=0) > LIMITS["depth"]:
            raise Refused(Code.ARBRE_TROP_PROFOND, f"arbre trop profond : plus de {LIMITS['depth']} questions "
                          "à la suite sur un chemin ; regroupez des questions")
        return self
