"""Proposed citations for a news article: the input rules, the known sources, the extractor.

The API's /api/intake/, the admin's "Import an article" page and `manage.py import_article`
all come here, so one article gives the same proposals everywhere. Nothing is saved: the
analyst decides what to keep, and claims.services.import_citations writes it.
"""

import datetime

from sources.models import Source, is_encodable

from .intake import MAX_INPUT_CHARS, Intake, extract, html_to_text

PUBLISHER_MAX_LENGTH = 200


class IntakeInputError(ValueError):
    """The input cannot be read as an article; `errors` maps each field named to its messages."""

    def __init__(self, errors):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__("; ".join(f"{field}: {' '.join(m)}" for field, m in self.errors.items()))


def propose_citations(*, text=None, html=None, publisher=None, published_on=None, sources=None) -> Intake:
    """The article's attributions as proposed citations, from its text or its HTML (one of them).

    `publisher` is the slug or name of the outlet carrying the article (any name will do);
    `published_on` its date, which resolves "on Tuesday". `sources` defaults to every known
    source, read in one query. Raises IntakeInputError naming the field at fault.
    """
    if (text is None) == (html is None):
        message = "Send the article as exactly one of text (plain text) or html (a web page)."
        raise IntakeInputError({"text": [message], "html": [message]})
    field, value = ("text", text) if text is not None else ("html", html)
    if not isinstance(value, str):
        raise IntakeInputError({field: ["Give the article as a string."]})
    if not is_encodable(value):
        raise IntakeInputError(
            {field: ["The article contains a lone surrogate: it is not valid Unicode text."]}
        )
    if len(value) > MAX_INPUT_CHARS:
        hint = " Paste only the article's part of the page, or its text." if field == "html" else ""
        raise IntakeInputError(
            {
                field: [
                    f"The article is {len(value):,} characters long; the limit is {MAX_INPUT_CHARS:,}.{hint}"
                ]
            }
        )
    if not value.strip():
        raise IntakeInputError({field: ["The article is empty."]})
    if field == "html":
        text = html_to_text(value)
        if not text.strip():
            raise IntakeInputError({"html": ["No article text was found in the HTML."]})
    publisher = _publisher(publisher)
    if published_on is not None and not isinstance(published_on, datetime.date):
        raise IntakeInputError({"published_on": ["Give the date as YYYY-MM-DD."]})
    known = Source.objects.as_known_sources() if sources is None else sources
    try:
        return extract(text, sources=known, publisher=publisher, published_on=published_on)
    except ValueError as error:  # only the extractor's own limits, already checked above
        raise IntakeInputError({field: [str(error)]}) from None


def _publisher(publisher):
    if publisher is None:
        return None
    if not isinstance(publisher, str) or not is_encodable(publisher):
        raise IntakeInputError({"publisher": ["Give the publishing outlet's slug or name as a string."]})
    publisher = " ".join(publisher.split())
    if len(publisher) > PUBLISHER_MAX_LENGTH:
        raise IntakeInputError(
            {"publisher": [f"Keep the publisher's slug or name to {PUBLISHER_MAX_LENGTH} characters."]}
        )
    return publisher or None
