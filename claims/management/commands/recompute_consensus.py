from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Recompute stored consensus and search text that differ from a fresh computation (after raw "
        "SQL or QuerySet.update() in a shell). Every claim unless slugs are given. The last line is "
        "'N stale': how many were found stale before any repair."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these claims.")
        parser.add_argument("--all", action="store_true", help="Every claim (the default without slugs).")
        parser.add_argument("--check", action="store_true", help="Only report; change nothing.")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="First drain the recomputations queued by grade and weight changes.",
        )

    def handle(self, *args, slugs, check, pending, **options):
        if slugs and options["all"]:
            raise CommandError("Give claim slugs or --all, not both.")
        if pending and not check:
            drained = services.drain_pending()
            self.stdout.write(f"Drained {drained} pending recomputation{'s' if drained != 1 else ''}.")
        claims = None
        if slugs:
            claims = Claim.objects.filter(slug__in=slugs)
            missing = sorted(set(slugs) - set(claims.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No claim has the slug {', '.join(missing)}.")
        stale = services.recompute_consensus(claims=claims, check=check)
        if stale and not check:
            self.stdout.write(f"Repaired {stale} claim{'s' if stale != 1 else ''}.")
        self.stdout.write(f"{stale} stale")
