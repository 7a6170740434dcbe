"""Guide generator: loads procedures/ (YAML), validates it, renders Markdown pages.

Core modules (no MkDocs import): loading, model, validation, project, source_document,
tracing, rendering, pages. Adapters: cli (command line), mkdocs_plugin (MkDocs).
"""
