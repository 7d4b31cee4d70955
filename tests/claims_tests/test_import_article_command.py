"""manage.py import_article: the proposals of /api/intake/ as a table, or its JSON."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import AnalystFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "intake_tests" / "articles" / "kursk-seed.txt"


def run(*args):
    out = io.StringIO()
    call_command("import_article", *args, stdout=out)
    return out.getvalue()


def test_a_readable_table(demo):
    out = run(str(SEED), "--published-on", "2024-08-16")
    lines = out.splitlines()
    assert lines[0].split() == ["#", "source", "relays", "speaker", "anon", "date", "date", "hint", "quote"]
    politico = next(line for line in lines if " politico " in line)
    assert (
        "a Ukrainian military spokesperson" in politico
        and "2024-08-13" in politico
        and "On Tuesday" in politico
    )
    assert "yes" in politico
    assert lines[-1] == "8 proposed citations."


def test_json_is_the_apis_answer(demo, client):
    out = json.loads(run(str(SEED), "--published-on", "2024-08-16", "--publisher", "cnn", "--json"))
    client.force_login(AnalystFactory(username="compare"))
    api = client.post(
        "/api/intake/",
        {"text": SEED.read_text(encoding="utf-8"), "published_on": "2024-08-16", "publisher": "cnn"},
        content_type="application/json",
    ).json()
    assert out == api


def test_unknown_sources_are_listed(demo, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Troops moved north, Reuters reported, citing the Kyiv Independent.", encoding="utf-8")
    out = run(str(article))
    assert "new: Reuters" in out and "new: Kyiv Independent" in out
    assert out.splitlines()[-1] == "Named but matching no source: Kyiv Independent, Reuters."


def test_an_html_file_is_read_as_a_page(demo, tmp_path):
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><script>var told = 'CNN said';</script></head><body><article>"
        "<p>Two unnamed senior US officials told CNN that troops had been diverted to Kursk.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    out = json.loads(run(str(page), "--json"))
    assert [a["source"] for a in out["attributions"]] == ["cnn"]
    assert "var told" not in out["text"]


@pytest.mark.parametrize(
    "content, args, message",
    [
        (None, [], "Cannot read"),
        ("", [], "The article is empty"),
        ("  \n\t", [], "The article is empty"),
        (b"\xff\xfe not utf-8", [], "not UTF-8"),
        ("CNN reported it.", ["--published-on", "16/08/2024"], "YYYY-MM-DD"),
        ("x" * 100_001, [], "the limit is 100,000"),
    ],
)
def test_clear_errors(db, tmp_path, content, args, message):
    path = tmp_path / "article.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(str(path), *args)
