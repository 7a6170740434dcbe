"""The pupil's cards: only the pupil's steps, in order, a QR code of the card's own address
that decodes, and one A6 page in print."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from routes import as_typed, typed_pattern
from test_browser_preparation import pdf_page_size_mm, pdf_pages

pytestmark = pytest.mark.browser

# Written by hand from the `eleve:` fields of procedures/cas/*.yml, in the reader's words.
CARDS = {
    "pas-de-compte": [
        "Connecte-toi à Pix de la façon que ton établissement t'indique.",
        "Saisis le code de campagne pour être rattaché à ton établissement. (code 1)",
    ],
    "mediacentre-vers-mediacentre": [
        "Connecte-toi à Pix par le Médiacentre de l'ENT, puis saisis le code parcours. (code 1)",
    ],
    "identifiant-vers-identifiant": [
        "Connecte-toi à ton compte sur Pix.fr avec ton identifiant et ton mot de passe, puis saisis le "
        "code parcours. (code 1)",
    ],
    "identifiant-vers-mediacentre": [
        "Connecte-toi sur Pix.fr avec ton identifiant.",
        "Saisis le code parcours. (code 1)",
        "Connecte-toi à Pix par le Médiacentre de l'ENT. Saisis le code parcours et remplis le formulaire : "
        "Pix t'indique que tu as déjà un compte. Connecte-toi avec ton identifiant : tu es alors déconnecté. "
        "Passe à l'étape suivante. (code 2)",
        "Retourne dans le Médiacentre et clique à nouveau sur la tuile Pix. C'est fini : tu peux te "
        "connecter à Pix des deux façons, avec ton identifiant ou par le Médiacentre.",
    ],
}
CODES = {
    "pas-de-compte": ["Ton code, à l'étape 2 :"],
    "mediacentre-vers-mediacentre": ["Ton code, à l'étape 1 :"],
    "identifiant-vers-identifiant": ["Ton code, à l'étape 1 :"],
    "identifiant-vers-mediacentre": ["Code 1, à l'étape 2 :", "Code 2, à l'étape 3 :"],
}


def card_url(site_url: str, case: str) -> str:
    return f"{site_url}eleves/{case}/"


@pytest.mark.parametrize("case", sorted(CARDS))
def test_the_card_holds_the_pupils_steps_in_order_and_the_codes(phone_page: Page, site_url, case):
    phone_page.goto(card_url(site_url, case))
    steps = phone_page.locator(".guide-card__steps > li").all_inner_texts()
    assert [as_typed(step) for step in steps] == CARDS[case]
    codes = phone_page.locator(".guide-card__code").all_inner_texts()
    assert [as_typed(code) for code in codes] == CODES[case]


def test_no_card_where_the_pupil_does_nothing(phone_page: Page, site_url):
    """« De Médiacentre à Identifiant » has no steps in the source document."""
    response = phone_page.goto(card_url(site_url, "mediacentre-vers-identifiant"))
    assert response.status == 404
    phone_page.goto(site_url + "procedures/mediacentre-vers-identifiant/")
    expect(phone_page.get_by_role("link", name=typed_pattern("Carte à donner à l'élève"))).to_have_count(0)


@pytest.mark.parametrize("case", sorted(CARDS))
def test_the_qr_code_decodes_to_the_cards_address(phone_page: Page, site_url, case):
    """Decoded from a screenshot by zxing-cpp, not read back from the library that drew it.
    The site under test is built for the address it is served at (tests/conftest.py)."""
    phone_page.goto(card_url(site_url, case))
    for media in ("screen", "print"):
        phone_page.emulate_media(media=media)
        picture = phone_page.locator(".guide-card__qr svg").screenshot()
        decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]
        assert decoded == [card_url(site_url, case)], media


def test_each_outcome_links_to_its_card(phone_page: Page, site_url):
    phone_page.goto(site_url + "arbre/compte-oui/mode-actuel-identifiant/mode-souhaite-mediacentre/")
    phone_page.get_by_role("link", name=typed_pattern("Carte à donner à l'élève")).click()
    expect(phone_page).to_have_url(card_url(site_url, "identifiant-vers-mediacentre"))
    phone_page.goto(site_url + "procedures/pas-de-compte/")
    phone_page.get_by_role("link", name=typed_pattern("Carte à donner à l'élève")).click()
    expect(phone_page).to_have_url(card_url(site_url, "pas-de-compte"))


@pytest.mark.parametrize("case", sorted(CARDS))
def test_the_card_prints_on_one_a6_page(phone_page: Page, site_url, case):
    phone_page.goto(card_url(site_url, case))
    pdf = phone_page.pdf(prefer_css_page_size=True)
    assert (pdf_pages(pdf), pdf_page_size_mm(pdf)) == (1, (105, 148))
