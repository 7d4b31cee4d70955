import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from claims.services import load_dataset

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "kursk.json"


class Command(BaseCommand):
    help = "Load the Kursk demo data (claims, citations, sources, topics). Safe to run again."

    def handle(self, *args, **options):
        counts = load_dataset(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {counts['created']} rows created, {counts['updated']} updated."
            )
        )
        # Said with the interpreter that runs this command: a bare `python` may not be the venv's.
        python = Path(sys.executable)
        try:
            python = python.relative_to(Path.cwd())
        except ValueError:
            pass
        self.stdout.write(
            f"For an analyst login to /admin/, run: {python} manage.py create_analyst <username> "
            "(it asks for a password, or give --password)"
        )
