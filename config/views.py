from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers one trivial query, 503 when it does not. No auth."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the app's icon."""
    return redirect(static("favicon.svg"), permanent=True)


def not_found(request, exception=None):
    """JSON for API callers, the reader's 404 page for everyone else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
