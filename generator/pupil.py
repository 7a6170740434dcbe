"""The pupil's card: for an outcome where the pupil acts, only the pupil's steps, in order,
addressed to the pupil (« tu »), the campaign codes to write in, and a QR code of the card's
own address, so that staff can show it on a phone and the pupil scans it.

The QR code is drawn at build time by segno (pure Python) as inline SVG: no network at build
or view time. It needs the site's public address, which the caller passes in (the core does
not read MkDocs' configuration); without one the card has no QR code.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

from . import pages
from .model import Procedure, PupilStep

QR_TITLE = "QR code de l'adresse de cette carte"


@dataclass(frozen=True)
class CardStep:
    number: int  # the step's number in the procedure (its anchor on the card: etape-N)
    pupil: PupilStep


@dataclass(frozen=True)
class Card:
    procedure: Procedure
    page: str
    steps: list[CardStep]
    codes: list[tuple[int, int]]  # (code number, position on the card of the step that uses it)
    qr_svg: str


def cards(procedures: list[Procedure], site_url: str) -> list[Card]:
    """A card for each procedure with at least one step for the pupil."""
    result = []
    for procedure in procedures:
        steps = [CardStep(number, step.pupil) for number, step in enumerate(procedure.steps, start=1) if step.pupil]
        if not steps:
            continue
        codes = sorted((step.pupil.code, position) for position, step in enumerate(steps, start=1)
                       if step.pupil.code)
        page = pages.pupil_card(procedure.id)
        qr = qr_svg(pages.url(site_url, page)) if site_url else ""
        result.append(Card(procedure, page, steps, codes, qr))
    return result


def qr_svg(url: str) -> str:
    """The QR code of `url` as one line of inline SVG, black on white in both palettes."""
    # No width or height but a viewBox: the stylesheet sizes it, on screen and on paper.
    svg = segno.make(url, error="m").svg_inline(border=4, omitsize=True, dark="#000", light="#fff", title=QR_TITLE)
    return svg.replace("<svg ", '<svg role="img" ', 1)
