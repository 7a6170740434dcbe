"""The guide's page paths and anchors: one place, shared by rendering, tracing and the tree;
and what a generated page is."""

from dataclasses import dataclass

OVERVIEW = "vue-d-ensemble.md"
RULES = "regles-generales.md"
GLOSSARY = "glossaire.md"
COVERAGE = "couverture-du-document-source.md"


def procedure(procedure_id: str) -> str:
    return f"procedures/{procedure_id}.md"


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link target from one generated page to another (MkDocs resolves .md)."""
    depth = from_page.count("/")
    target = "../" * depth + to_page
    return f"{target}#{anchor}" if anchor else target


def situation(situation_id: str) -> str:
    return f"situations/{situation_id}.md"


def pupil_card(procedure_id: str) -> str:
    return f"eleves/{procedure_id}.md"


def url(site_url: str, page: str) -> str:
    """The page's address on the published site (MkDocs' directory URLs: "x/y.md" → "x/y/")."""
    path = page.removesuffix(".md").removesuffix("index")
    return site_url.rstrip("/") + "/" + (path.rstrip("/") + "/" if path else "")


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # e.g. "procedures/pas-de-compte.md"
    content: str
    source_file: str  # the YAML file to edit, relative to the project root
    tooltips: bool = True  # glossary tooltips on this page
    editable: bool = True  # False: no « Modifier cette page » link (the tree's states)
