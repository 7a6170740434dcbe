"""Command line adapter: `python -m generator check | build --out DIR | chemins | schema | new ID`.

Messages are in French: the people who run `check` are the guide's contributors. `check`
checks everything CI checks that a contributor can break: every YAML file, the tree, the
source coverage, and that procedures/arbre-chemins.txt and schema/ are up to date (with the
diff to paste when the path list is not).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import schema
from .errors import AuthorError, AuthorErrors, Code, format_report
from .project import PATHS_FILE, load_guide, paths_text, remark_notes

# `rendering` (Jinja) and `scaffold` are imported by the commands that use them: `check`, run
# at every save by contributors, starts faster without them.


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Vérifie et génère le guide à partir de procedures/.")
    parser.add_argument("--racine", type=Path, default=Path("."), help="dossier du projet (par défaut : .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    checking = commands.add_parser("check", help="vérifie tous les fichiers YAML, sans rien écrire")
    checking.add_argument("--format", choices=["texte", "json"], default="texte",
                          help="« json » : les erreurs en JSON sur la sortie standard (code, fichier, ligne, "
                               "colonne, champ, message, conseil), pour l'intégration continue et les éditeurs")
    build = commands.add_parser("build", help="écrit les pages Markdown générées dans un dossier")
    build.add_argument("--out", type=Path, required=True, help="dossier de sortie (remplacé en entier)")
    build.add_argument("--docs", type=Path, metavar="DOSSIER",
                       help="y ajoute les pages écrites à la main de DOSSIER (en général docs) : le dossier "
                            "complet pour un moteur sans le plugin pix-guide, comme Zensical (voir zensical.toml)")
    zensical = commands.add_parser("zensical", help="complète le site construit par Zensical : recherche sans "
                                                    "accents, guide hors ligne, vérification des liens et scripts")
    zensical.add_argument("site", type=Path, help="dossier du site construit (site_dir de zensical.toml)")
    paths = commands.add_parser("chemins", help="liste tous les chemins de l'arbre (réponses -> issue)")
    paths.add_argument("--ecrire", action="store_true", help=f"met à jour {PATHS_FILE}")
    schemas = commands.add_parser("schema", help="vérifie que les schémas JSON de schema/ sont à jour")
    schemas.add_argument("--ecrire", action="store_true", help="réécrit les schémas depuis generator/model.py")
    new = commands.add_parser("new", help="crée un fichier de procédure (ou de situation) à compléter")
    new.add_argument("id", help="identifiant : minuscules, chiffres et tirets (ex. mail-vers-identifiant)")
    new.add_argument("--titre", help="titre de la page")
    new.add_argument("--situation", action="store_true",
                     help="crée une situation (cas que le document source ne décrit pas) dans procedures/situations/")
    new.add_argument("--question", help="la question de l'arbre dont une réponse mène ici (ex. compte)")
    new.add_argument("--reponse", help="l'identifiant de cette réponse (par défaut : celui de la nouvelle issue) ; "
                                       "ajoutée à procedures/arbre.yml si elle n'existe pas")
    new.add_argument("--libelle", help="le texte du bouton de cette réponse (par défaut : le titre)")
    arguments = parser.parse_args(argv)
    if arguments.command == "schema":  # neither needs a valid guide
        return write_schemas(arguments.racine, arguments.ecrire)
    if arguments.command == "zensical":  # the site is built: the guide was valid
        return finish_zensical_site(arguments.racine, arguments.site)
    if arguments.command == "new":
        route = ask_route(arguments)
        return scaffold_file(arguments.racine, arguments.id, arguments.titre, arguments.situation, route)
    if arguments.command == "check":
        return check(arguments.racine, arguments.format)
    try:
        guide = load_guide(arguments.racine)
    except AuthorErrors as failure:
        print(failure, file=sys.stderr)
        return 1
    if arguments.command == "chemins":
        return write_paths(guide, arguments.ecrire)
    return build_pages(guide, arguments.out, arguments.docs)


def build_pages(guide, out: Path, docs: Path | None) -> int:
    """The generated pages (and with `docs`, the hand-written ones) for another engine."""
    from . import standalone
    from .rendering import render_pages

    pages = render_pages(guide)
    files: dict[str, str | bytes] = dict(standalone.generated_files(guide, pages, with_edit_source=docs is not None))
    if docs is not None:
        if not docs.is_dir():
            print(f"Dossier introuvable : {docs} (--docs attend le dossier des pages écrites à la main, "
                  "en général docs).", file=sys.stderr)
            return 1
        try:
            written_by_hand = standalone.hand_written_files(guide, docs)
        except AuthorErrors as failure:
            print(failure, file=sys.stderr)
            return 1
        clashes = sorted(written_by_hand.keys() & files.keys())
        if clashes:
            print(f"Pages en double : {', '.join(clashes)} existent dans {docs} et sont aussi générées "
                  "depuis procedures/ ; retirez-les de " + str(docs) + ".", file=sys.stderr)
            return 1
        files.update(written_by_hand)
    write_atomically(out, files)
    print(f"{len(pages)} pages générées écrites dans {out}"
          + (f", avec les {len(files) - len(pages)} fichiers de {docs}." if docs is not None else "."))
    return 0


def finish_zensical_site(root: Path, site: Path) -> int:
    from . import site_check, zensical_site

    try:
        problems = zensical_site.finish(root, site)
    except zensical_site.SiteError as failure:
        print(failure, file=sys.stderr)
        return 1
    if problems:
        print(site_check.format_problems(problems), file=sys.stderr)
        return 1
    print(f"Site de Zensical complété dans {site} : recherche sans accents, guide hors ligne, liens et scripts vérifiés.")
    return 0


def check(root: Path, output: str) -> int:
    """Every author error, then (once the content is valid) the generated files: in French
    on stderr, or as JSON on stdout for CI annotations and editors."""
    try:
        guide = load_guide(root)
        errors, notes = generated_errors(guide), remark_notes(guide.source.remarks)
    except AuthorErrors as failure:
        guide, errors, notes = None, failure.errors, failure.notes
    if output == "json":
        print(json.dumps({"errors": [error.as_dict() for error in errors], "notes": notes},
                         ensure_ascii=False, indent=2))
    elif errors:
        print(format_report(errors, notes), file=sys.stderr)
    else:
        assert guide is not None
        print(f"Tout est correct : {len(guide.procedures)} procédures, "
              f"{len(guide.source.passages)} passages du document source couverts, "
              f"{len(guide.tree.paths)} chemins de l'arbre à jour.")
        print("\n".join(notes), end="\n" if notes else "")
    return 1 if errors else 0


def generated_errors(guide) -> list[AuthorError]:
    """After the content: the files generated from it must be up to date (CI checks them)."""
    errors = []
    written = guide.layout.root / PATHS_FILE
    expected = paths_text(guide)
    current = written.read_text(encoding="utf-8") if written.is_file() else ""
    if current != expected:
        diff = difflib.unified_diff(current.splitlines(keepends=True), expected.splitlines(keepends=True),
                                    f"a/{PATHS_FILE.as_posix()}", f"b/{PATHS_FILE.as_posix()}")
        errors.append(AuthorError(Code.CHEMINS_PERIMES, PATHS_FILE.as_posix(), 1, 1,
                                  "la liste des chemins de l'arbre n'est pas à jour",
                                  hint="lancez « make chemins » ; dans l'éditeur web, appliquez ce changement "
                                  "(lignes « - » à retirer, « + » à ajouter), ou laissez la pull request le "
                                  "faire :\n" + "".join(diff).rstrip("\n")))
    if (guide.layout.root / schema.SCHEMA_DIR).is_dir():
        errors += [AuthorError(Code.SCHEMA_PERIME, path.as_posix(), 1, 1, "schéma à mettre à jour",
                               hint="lancez « make schema » (le schéma est généré depuis generator/model.py).")
                   for path in schema.stale(guide.layout.root)]
    return errors


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


def ask_route(arguments):
    """The question and answer leading to the new outcome: from the options, else asked when a
    person is at the terminal; None when neither (then `new` says what to add by hand)."""
    from . import scaffold

    question, answer, label = arguments.question, arguments.reponse, arguments.libelle
    if question is None and sys.stdin.isatty():
        choices = scaffold.questions(arguments.racine)
        print("Quelle question de l'arbre mène à cette issue ?")
        for number, (question_id, text) in enumerate(choices, start=1):
            print(f"  {number}. {text} ({question_id})")
        reply = input("Numéro ou identifiant (Entrée : ne pas toucher à l'arbre) : ").strip()
        if reply.isdigit() and 1 <= int(reply) <= len(choices):
            question = choices[int(reply) - 1][0]
        else:
            question = reply or None
        if question is not None and answer is None:
            answer = input(f"Identifiant de la réponse (Entrée : {arguments.id}) : ").strip() or None
        if question is not None and label is None:
            label = input(f"Texte du bouton (Entrée : {arguments.titre or arguments.id}) : ").strip() or None
    if question is None:
        return None
    return scaffold.Route(question, answer or arguments.id, label or arguments.titre or arguments.id)


def scaffold_file(root: Path, outcome_id: str, title: str | None, situation: bool, route=None) -> int:
    from . import scaffold

    try:
        created = scaffold.create(root, outcome_id, title, situation, route=route)
    except scaffold.ScaffoldError as refused:
        print(f"Refusé : {refused}", file=sys.stderr)
        return 1
    print(scaffold.report(created))
    return 0


def write_atomically(out: Path, files: Mapping[str, str | bytes]) -> None:
    """Write into a temporary folder beside `out`, then swap: `out` is never half-written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")
        previous = out.with_name(f".{out.name}.old")
        shutil.rmtree(previous, ignore_errors=True)
        if out.exists():
            os.replace(out, previous)
        os.replace(staging, out)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
