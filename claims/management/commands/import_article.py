import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.proposals import IntakeInputError, propose_citations

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
WIDTHS = {"speaker": 40, "quote": 60, "source": 24}


class Command(BaseCommand):
    help = (
        "Print the citations a news article proposes (as POST /api/intake/ does): who said what to "
        "which source, named or not, relayed from whom. Saves nothing. A file ending in .html is read "
        "as a web page."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The article: a text file, or an HTML page.")
        parser.add_argument("--publisher", help="Slug or name of the outlet that published the article.")
        parser.add_argument(
            "--published-on", help="The article's date, YYYY-MM-DD: resolves “on Tuesday” and the like."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the API's JSON instead of a table."
        )

    def handle(self, *args, path, publisher=None, published_on=None, as_json=False, **options):
        date = self.date(published_on)
        try:
            article = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        field = "html" if Path(path).suffix.lower() in HTML_SUFFIXES else "text"
        try:
            intake = propose_citations(**{field: article}, publisher=publisher, published_on=date)
        except IntakeInputError as error:
            problems = " ".join(message for messages in error.errors.values() for message in messages)
            raise CommandError(f"{path}: {problems}") from None
        if as_json:
            self.stdout.write(dumps(intake.as_dict()))
        else:
            self.stdout.write(table(intake))

    @staticmethod
    def date(value):
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--published-on: “{value}” is not a date; give it as YYYY-MM-DD.") from None


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)


def cut(text, width):
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def table(intake):
    """The proposals as a table, one line each, then the names no source matches."""
    rows = []
    for number, a in enumerate(intake.attributions, start=1):
        source = a.source or f"new: {a.source_name}"
        relays = a.relies_on or (f"new: {a.relies_on_name}" if a.relies_on_name else "")
        rows.append(
            [
                str(number),
                cut(source, WIDTHS["source"]),
                cut(relays, WIDTHS["source"]),
                cut(a.speaker, WIDTHS["speaker"]),
                "yes" if a.anonymous else "",
                a.published_on.isoformat() if a.published_on else "",
                cut(a.date_hint or "", 16),
                cut(a.quote, WIDTHS["quote"]),
            ]
        )
    header = ["#", "source", "relays", "speaker", "anon", "date", "date hint", "quote"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    count = len(intake.attributions)
    lines.append("")
    lines.append(f"{count} proposed citation{'s' if count != 1 else ''}.")
    if intake.unknown_sources:
        lines.append("Named but matching no source: " + ", ".join(intake.unknown_sources) + ".")
    return "\n".join(lines)
