"""The page « À préparer avant la rentrée »: a line per case, from the YAML, on one A4 page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from routes import as_typed, typed_pattern

pytestmark = pytest.mark.browser

SHEET = "a-preparer-avant-la-rentree/"
SIECLE = "La base SIECLE des élèves (fichier elevessansadresse.XML) ; étape 1"
# Written by hand from procedures/cas/*.yml: case, SIECLE, GAR, codes, ENT, pupils (blank).
EXPECTED_ROWS = [
    ["L'élève n'a pas encore de compte Pix", SIECLE, "— Non", "1 code de campagne", "— Non", ""],
    ["De Médiacentre à Médiacentre", SIECLE, "Oui (étape 1)", "1 code de campagne",
     "Le login et le mot de passe ENT de l'élève", ""],
    ["De Médiacentre à Identifiant", "La base SIECLE des élèves (fichier elevessansadresse.XML)", "— Non",
     "1 code de campagne", "— Non", ""],
    ["D'Identifiant à Identifiant", SIECLE, "— Non", "1 code de campagne", "— Non", ""],
    ["D'Identifiant à Médiacentre", SIECLE, "Oui (étape 1)", "2 codes de campagne (code n° 1 et code n° 2)",
     "Le login et le mot de passe ENT de l'élève", ""],
]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def pdf_page_size_mm(pdf: bytes) -> tuple[int, int]:
    """Width and height of the first page, in millimetres (PDF units are 1/72 inch)."""
    width, height = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf).groups()
    return round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)


def test_the_sheet_has_a_line_per_case(phone_page: Page, site_url):
    phone_page.goto(site_url + SHEET)
    rows = phone_page.locator(".guide-sheet__table tbody tr")
    texts = [[as_typed(cell) for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()]
    assert texts == EXPECTED_ROWS


def test_the_sheet_gives_the_real_file_name_of_the_siecle_export(phone_page: Page, site_url):
    # « Seul l'administrateur… peut importer » was removed: no checkable origin (issue 11).
    phone_page.goto(site_url + SHEET)
    sheet = phone_page.locator(".guide-sheet")
    expect(sheet).to_contain_text("ElevesSansAdresses.xml")
    expect(sheet).to_contain_text("ExportXML_ElevesSansAdresses.zip")


def test_the_home_page_links_to_the_sheet(phone_page: Page, site_url):
    phone_page.goto(site_url)
    phone_page.get_by_role("link", name=typed_pattern("tout ce qu'il faut préparer", whole=False)).click()
    expect(phone_page).to_have_url(site_url + SHEET)


def test_the_sheet_prints_on_one_a4_page(phone_page: Page, site_url):
    phone_page.goto(site_url + SHEET)
    pdf = phone_page.pdf(prefer_css_page_size=True, print_background=False)
    assert pdf_pages(pdf) == 1
    assert pdf_page_size_mm(pdf) == (210, 297)  # A4
    # The step links lead to the procedure pages.
    phone_page.locator(".guide-sheet__table a", has_text="étape 1").first.click()
    expect(phone_page).to_have_url(re.compile(r"procedures/pas-de-compte/#etape-1$"))
