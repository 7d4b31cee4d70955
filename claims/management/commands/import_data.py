import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import cache
from claims.backup import BackupError, import_data


class Command(BaseCommand):
    help = "Restore an export_data file into an empty database. On any error nothing is written."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            document = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not a JSON export ({error}). Nothing was imported.") from None
        try:
            loaded = import_data(document)
        except BackupError as error:
            raise CommandError(f"Cannot import {file}: {error} Nothing was imported.") from None
        # Cached pages are keyed on the data version, which starts afresh with the new database.
        cache.clear()
        summary = ", ".join(f"{count} {label}" for label, count in loaded.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))
