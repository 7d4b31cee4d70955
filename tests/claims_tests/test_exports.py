"""CSV and Atom exports a spreadsheet user and a feed reader can rely on."""

import csv
import datetime
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from claims.models import Claim
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

TRICKY = ["=1+1", "@SUM(A1)", "+33 1 23 45", "-2 dead", "Москва заявила «нет»", "“curly” ‘quotes’"]


def download(client, url, **params):
    response = client.get(url, params)
    return response, b"".join(response.streaming_content) if response.status_code == 200 else response.content


@pytest.fixture
def tricky_claims():
    source = SourceFactory(slug="wire", name="Wire")
    for index, text in enumerate(TRICKY):
        claim = ClaimFactory(statement=text, slug=f"tricky-{index}")
        CitationFactory(claim=claim, source=source, quote=text)


def test_claims_csv_is_utf8_with_bom_and_neutralises_formulas(client, tricky_claims):
    response, body = download(client, "/claims.csv")
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    statements = {row["slug"]: row["statement"] for row in rows}
    assert statements["tricky-0"] == "'=1+1"
    assert statements["tricky-1"] == "'@SUM(A1)"
    assert statements["tricky-2"] == "'+33 1 23 45"
    assert statements["tricky-3"] == "'-2 dead"
    assert statements["tricky-4"] == "Москва заявила «нет»"
    assert statements["tricky-5"] == "“curly” ‘quotes’"
    row = next(row for row in rows if row["slug"] == "tricky-0")
    assert row["score"] == "1.0"  # numbers stay numbers
    assert row["consensus_label"] == "Single source" and row["agree_sources"] == "Wire"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", row["updated_at"])


def test_file_names_say_the_filter_and_the_date(client, demo):
    response, _ = download(client, "/claims.csv", topic="kursk-incursion", consensus="corroborated")
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="claims-topic-kursk-incursion-consensus-corroborated-{today}.csv"'
    )
    response, _ = download(client, "/citations.csv")
    assert response["Content-Disposition"] == f'attachment; filename="citations-{today}.csv"'


def test_citations_csv_has_a_row_per_citation(client, demo):
    _, body = download(client, "/citations.csv", topic="kursk-incursion")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    main = [row for row in rows if row["claim"] == MAIN_CLAIM_SLUG]
    assert len(main) == Claim.objects.get(slug=MAIN_CLAIM_SLUG).citations.count()
    assert {row["source_name"] for row in main} >= {"CNN", "BBC News", "Politico", "The White House"}
    assert {row["stance_label"] for row in main} == {"Supports", "Disputes", "Qualifies"}


@pytest.mark.parametrize("url", ["/claims.csv", "/citations.csv", "/feeds/claims/"])
@pytest.mark.parametrize("query", [{"consensus": "bogus"}, {"topic": "nope"}, {"source": "nobody"}])
def test_bad_filters_are_a_400_that_says_what_was_not_understood(client, demo, url, query):
    response = client.get(url, query)
    assert response.status_code == 400
    name = next(iter(query))
    assert f"{name}:" in response.content.decode()


def test_a_filtered_feed_says_its_filter_in_title_and_self_link(client, demo):
    topic = TopicFactory(slug="front", name="Eastern front line")
    ClaimFactory(topics=[topic])
    body = client.get("/feeds/claims/", {"topic": "front"}).content
    root = ET.fromstring(body)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.find(f"{atom}title").text == "Corroborate: claims, topic Eastern front line"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{atom}link")}
    assert links["self"].endswith("/feeds/claims/?topic=front")
    assert links["alternate"].endswith("/?topic=front")


def test_the_feed_never_fails_on_stored_control_characters(client):
    claim = ClaimFactory(statement="Bridge claim")
    CitationFactory(claim=claim)
    # Written around the services, as raw SQL or a shell could.
    Claim.objects.filter(pk=claim.pk).update(statement="Bridge\x0b claim\x07 with controls")
    response = client.get("/feeds/claims/")
    assert response.status_code == 200
    assert b"Bridge claim with controls" in response.content or b"Bridge" in response.content
    ET.fromstring(response.content)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
)
def test_libreoffice_opens_the_csv_as_text_without_mojibake(client, tricky_claims, tmp_path):
    _, body = download(client, "/claims.csv")
    source = tmp_path / "claims.csv"
    source.write_bytes(body)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--infilter=CSV:44,34,76,1",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # Exported again as it displays: a formula would show its result ("2"), not its text.
    (converted,) = (tmp_path / "out").glob("*.csv")  # named after the file and its sheet
    shown = converted.read_text(encoding="utf-8")
    for text in TRICKY:
        assert text in shown, text
    assert ",2," not in shown
