"""The guide's page paths and anchors: one place, shared by rendering, tracing and the tree."""

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

