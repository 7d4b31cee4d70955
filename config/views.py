from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as page_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import server_error as page_server_error


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers one small query, 503 when it does not. No auth.

    The query counts the recomputations queued by grade and weight changes (0 when none wait).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM claims_pendingrecomputation")
            (pending,) = cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    from claims.cache import shared

    # A cache server gone degrades speed, not service: still 200.
    return JsonResponse(
        {"status": "ok", "database": "up", "cache": shared.status(), "pending_recomputations": pending}
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the app's icon."""
    return redirect(static("favicon.svg"), permanent=True)


def not_found(request, exception=None):
    """JSON for API callers, the reader's 404 page for everyone else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def bad_request(request, exception=None):
    """A request Django refuses (SuspiciousOperation): JSON for API callers."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return page_bad_request(request, exception)


def server_error(request):
    """An unexpected error: JSON for API callers, the reader's 500 page for everyone else."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Server error: it has been logged. Please try again later."}, status=500
        )
    return page_server_error(request)
