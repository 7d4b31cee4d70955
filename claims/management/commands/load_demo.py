import json
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
        self.stdout.write("For an analyst login to /admin/, run: python manage.py create_analyst <username>")
