"""Command line adapter: `python -m generator check | build --out DIR | chemins | schema | new ID`.

Messages are in French: the people who run `check` are the guide's contributors.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import scaffold, schema
from .errors import AuthorErrors
from .project import load_guide
from .rendering import render_pages

PATHS_FILE = "procedures/arbre-chemins.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Vérifie et génère le guide à partir de procedures/.")
    parser.add_argument("--racine", type=Path, default=Path("."), help="dossier du projet (par défaut : .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    commands.add_parser("check", help="vérifie tous les fichiers YAML, sans rien écrire")
    build = commands.add_parser("build", help="écrit les pages Markdown générées dans un dossier")
    build.add_argument("--out", type=Path, required=True, help="dossier de sortie (remplacé en entier)")
    paths = commands.add_parser("chemins", help="liste tous les chemins de l'arbre (réponses -> issue)")
    paths.add_argument("--ecrire", action="store_true", help=f"met à jour {PATHS_FILE}")
    schemas = commands.add_parser("schema", help="vérifie que les schémas JSON de schema/ sont à jour")
    schemas.add_argument("--ecrire", action="store_true", help="réécrit les schémas depuis generator/model.py")
    new = commands.add_parser("new", help="crée un fichier de procédure (ou de situation) à compléter")
    new.add_argument("id", help="identifiant : minuscules, chiffres et tirets (ex. mail-vers-identifiant)")
    new.add_argument("--titre", help="titre de la page")
    new.add_argument("--situation", action="store_true",
                     help="crée une situation (cas que le document source ne décrit pas) dans procedures/situations/")
    arguments = parser.parse_args(argv)
    if arguments.command == "schema":  # neither needs a valid guide
        return write_schemas(arguments.racine, arguments.ecrire)
    if arguments.command == "new":
        return scaffold_file(arguments.racine, arguments.id, arguments.titre, arguments.situation)
    try:
        guide = load_guide(arguments.racine)
    except AuthorErrors as failure:
        print(failure, file=sys.stderr)
        return 1
    if arguments.command == "check":
        print(f"Tout est correct : {len(guide.procedures)} procédures, "
              f"{len(guide.source.passages)} passages du document source couverts.")
        return 0
    if arguments.command == "chemins":
        return write_paths(guide, arguments.ecrire)
    pages = render_pages(guide)
    write_atomically(arguments.out, {page.path: page.content for page in pages})
    print(f"{len(pages)} pages écrites dans {arguments.out}.")
    return 0


def paths_text(guide) -> str:
    header = ("# Tous les chemins de l'arbre de décision : réponses -> issue.\n"
              "# Fichier généré par « make chemins » ; un test vérifie qu'il est à jour.\n")
    return header + "\n".join(guide.tree.path_lines()) + "\n"


def write_paths(guide, write: bool) -> int:
    text = paths_text(guide)
    if not write:
        print(text, end="")
        return 0
    (guide.layout.root / PATHS_FILE).write_text(text, encoding="utf-8", newline="\n")
    print(f"{PATHS_FILE} mis à jour ({len(guide.tree.paths)} chemins).")
    return 0


def write_schemas(root: Path, write: bool) -> int:
    if write:
        changed = schema.write(root)
        print(f"Schémas écrits dans {schema.SCHEMA_DIR}/ ({len(changed)} modifié(s)).")
        return 0
    stale = schema.stale(root)
    if stale:
        print("Schémas à mettre à jour (make schema) : " + ", ".join(p.as_posix() for p in stale), file=sys.stderr)
        return 1
    print(f"Les schémas de {schema.SCHEMA_DIR}/ sont à jour.")
    return 0


def scaffold_file(root: Path, outcome_id: str, title: str | None, situation: bool) -> int:
    try:
        created = scaffold.create(root, outcome_id, title, situation)
    except scaffold.ScaffoldError as refused:
        print(f"Refusé : {refused}", file=sys.stderr)
        return 1
    print(scaffold.report(created))
    return 0


def write_atomically(out: Path, files: dict[str, str]) -> None:
    """Write into a temporary folder beside `out`, then swap: `out` is never half-written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
        previous = out.with_name(f".{out.name}.old")
        shutil.rmtree(previous, ignore_errors=True)
        if out.exists():
            os.replace(out, previous)
        os.replace(staging, out)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
