"""Every reader page is valid HTML, by the W3C's Nu validator (vnu.jar, run with Java).

.ci/run installs it from npm (`vnu-jar`) and sets VNU_JAR; without it this test is skipped and
says why.
"""

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import MAIN_CLAIM_SLUG

VNU_JAR = os.environ.get("VNU_JAR", "")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (VNU_JAR and os.path.exists(VNU_JAR) and shutil.which("java")),
        reason="the Nu HTML validator is not installed (npm install vnu-jar; set VNU_JAR; needs java)",
    ),
]

PAGES = [
    "/",
    "/?q=troops",
    "/?topic=kursk-incursion&consensus=corroborated&source=cnn",
    "/?consensus=bogus",
    "/?q=nothing-matches-this",
    f"/claims/{MAIN_CLAIM_SLUG}/",
    "/sources/",
    "/sources/cnn/",
    "/topics/kursk-incursion/",
    "/matrix/",
    "/matrix/?sort=updated",
    "/questions/",
    "/questions/how-many-russian-troops-moved-from-ukraine-to-kursk-in-august-2024/",
    "/questions/how-many-russian-troops-moved-from-ukraine-to-kursk-in-august-2024/?sort=diagnostic&as_of=2024-08-14",
    "/claims/only-a-relatively-small-number-of-russian-troops-moved-from-ukraine-to-kursk/",
    "/no-such-page/",
]


def test_reader_pages_are_valid_html(client, demo, tmp_path):
    files = {}
    for index, url in enumerate(PAGES):
        response = client.get(url)
        path = tmp_path / f"page{index}.html"
        path.write_bytes(response.content)
        files[str(path)] = url
    result = subprocess.run(
        ["java", "-jar", VNU_JAR, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    page = {f"file:{path}": url for path, url in files.items()}
    problems = [
        f"{page.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert problems == []
