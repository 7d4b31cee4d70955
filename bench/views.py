from django.shortcuts import render

from sources.models import Source


def floor(request):
    """Django's own floor under the same server and middleware: read 12 rows, render a small page."""
    return render(request, "bench/floor.html", {"rows": list(Source.objects.values("name", "slug")[:12])})
