"""The content model: what contributors write in procedures/, validated by pydantic.

Python names are English; the YAML keys contributors type are French (aliases).
Unknown keys are errors (`extra="forbid"`), so a misspelt key never vanishes silently.
Every text that comes from the source document carries a `source` quote: the exact words
of the source it covers (checked by generator.tracing).
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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
]


def check_markup(text: str) -> str:
    for pattern, message in FORBIDDEN_MARKUP:
        if pattern.search(text):
            raise ValueError(message)
    return text


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), AfterValidator(check_markup)
]
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
    origin: Text = Field(alias="origine", description="D'où vient ce fait, vérifiable : un fichier du dépôt "
                                                      "public 1024pix/pix, ou le libellé exact d'un écran.")


# One condition: question id → the answer id, or the list of answer ids, that satisfy it.
Condition = dict[Id, Id | list[Id]]
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


class Variant(Strict):
    """The wording of a step for some answers: it replaces the step's text on those outcomes."""

    only_if: list[Condition] = Field(alias="seulement_si", min_length=1, description=ONLY_IF_DESCRIPTION)
    text: Text = Field(alias="texte", description="Le texte de l'étape pour ces réponses.")


class Branch(Traced):
    """A conditional branch of a step (the source's footnote)."""

    condition: Text = Field(alias="si", description="La situation, ex. « L'élève ne connaît pas son mot de passe ».")


class Step(Traced, WithNotes):
    branch: Branch | None = Field(None, alias="cas_particulier",
                                  description="Que faire si… (renvoi du document source).")
    warning: Traced | None = Field(None, alias="attention",
                                   description="Mise en garde affichée sous l'étape.")
    variants: list[Variant] = Field(default_factory=list, alias="selon_les_reponses",
                                    description="Le texte de l'étape adapté à certaines réponses ; la page "
                                                "complète les montre toutes.")


class PrepareItem(Traced, WithNotes):
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
    title: Text = Field(alias="titre", description="Titre de la page, ex. « D'Identifiant à Médiacentre ».")
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
    reviewed_on: datetime.date = Field(alias="revu_le", description="Date de la dernière relecture (AAAA-MM-JJ).")


class Mode(Strict):
    id: Id
    name: Text = Field(alias="nom", description="Nom du mode dans le guide, ex. « Médiacentre ».")
    pix_orga_label: Text = Field(alias="libelle_pix_orga",
                                 description="Libellé affiché aujourd'hui dans Pix Orga.")
    description: Text = Field(description="Ce que fait l'élève pour se connecter.")
    additions: list[Addition] = Field(default_factory=list, alias="bon_a_savoir",
                                      description="Faits qui ne sont pas dans le document source.")


class ModesFile(Strict):
    modes: list[Mode] = Field(min_length=1, description="Les modes de connexion, dans l'ordre d'affichage.")


class Rule(Strict):
    id: Id
    title: Text = Field(alias="titre", description="Titre de la règle, ex. « Toujours commencer par l'import SIECLE ».")
    text: Text = Field(alias="texte", description="La règle, dans les mots du guide.")
    source: Quote
    additions: list[Addition] = Field(default_factory=list, alias="bon_a_savoir",
                                      description="Faits qui ne sont pas dans le document source.")


class RulesFile(Strict):
    rules: list[Rule] = Field(alias="regles", min_length=1,
                              description="Les règles générales, dans l'ordre du document source.")
    reviewed_on: datetime.date = Field(alias="revu_le", description=REVIEWED_DESCRIPTION)


class Term(Strict):
    term: Text = Field(alias="terme", description="Le terme tel qu'il s'écrit dans les pages.")
    variants: list[Text] = Field(default_factory=list, alias="variantes",
                                 description="Autres graphies à expliquer aussi (ex. « Mediacentre »).")
    definition: Text = Field(description="Définition courte, en une phrase.")


class GlossaryFile(Strict):
    terms: list[Term] = Field(alias="termes", min_length=1, description="Les termes expliqués.")
    reviewed_on: datetime.date = Field(alias="revu_le", description=REVIEWED_DESCRIPTION)


class Situation(Strict):
    """An outcome of the decision tree that the source document does not describe.

    It never holds a procedure: it says what the source says about the case and what the
    reader can do (additions, with their origin). One YAML file in procedures/situations/.
    """

    id: Id
    title: Text = Field(alias="titre", description="Titre de la page, ex. « L'élève a plusieurs comptes ».")
    summary: Text = Field(alias="situation", description="La situation, en mots simples.")
    source_says: list[Traced] = Field(default_factory=list, alias="selon_la_source",
                                      description="Ce que le document source dit qui s'applique ici (citations).")
    what_to_do: list[Note] = Field(alias="que_faire", min_length=1,
                                       description="Ce que le lecteur peut faire, avec l'origine de chaque conseil.")
    when: list[Condition] = Field(alias="quand", min_length=1, description=WHEN_DESCRIPTION)
    back_to: Id | None = Field(None, alias="revenir_a",
                               description="Une question de l'arbre : l'issue offre d'y revenir (bouton "
                                           "« Revenir à la question »). Elle doit être posée sur chaque chemin qui mène ici.")
    reviewed_on: datetime.date = Field(alias="revu_le", description=REVIEWED_DESCRIPTION)


class Answer(Strict):
    id: Id
    label: Text = Field(alias="libelle", description="Le texte du bouton, ex. « Oui, il a déjà un compte Pix ».")
    next: Id | None = Field(None, alias="suite",
                            description="La question suivante ; sans « suite », l'arbre mène à l'issue "
                                        "(procédure ou situation) dont « quand » correspond aux réponses.")


class Question(Strict):
    id: Id
    question: Text = Field(description="La question posée, ex. « L'élève a-t-il déjà un compte Pix ? ».")
    short: Text = Field(alias="intitule_court", description="Intitulé court pour « Vos réponses », ex. « Compte Pix ».")
    help: Text | None = Field(None, alias="aide", description="Aide affichée sous la question.")
    answers: list[Answer] = Field(alias="reponses", description="Les réponses possibles, dans l'ordre d'affichage.")


class TreeFile(Strict):
    start: Id = Field(alias="debut", description="La première question posée.")
    questions: list[Question] = Field(min_length=1, description="Les questions, une par écran.")
