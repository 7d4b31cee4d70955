import time

from django.core.management.base import BaseCommand, CommandError

from bench.benchdata import RealDataPresent, generate


class Command(BaseCommand):
    help = "Generate deterministic synthetic claims, citations, sources and topics for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=1000)
        parser.add_argument("--sources", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="Add bench data even beside real claims.")

    def handle(self, *args, claims, sources, seed, force, **options):
        if claims < 1 or sources < 2:
            raise CommandError("--claims must be at least 1 and --sources at least 2.")
        started = time.monotonic()

        def progress(done, total):
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stderr.write(f"\r{done:,}/{total:,} claims ({rate:,.0f}/s)", ending="")
            self.stderr.flush()

        try:
            result = generate(claims=claims, sources=sources, seed=seed, force=force, progress=progress)
        except RealDataPresent as error:
            raise CommandError(str(error)) from None
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result['claims']:,} claims, {result['sources']:,} sources and "
                f"{result['topics']:,} topics ({result['run']}) in {time.monotonic() - started:.1f} s."
            )
        )
