import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from claims import cache

logger = logging.getLogger("corroborate.availability")


def error_response(request, status, message, page_template=None):
    """An error as JSON for the API and the health check, as a page (or plain text) elsewhere."""
    if request.path.startswith(("/api/", "/healthz")):
        return JsonResponse({"detail": message}, status=status)
    if page_template:
        return HttpResponse(render_to_string(page_template), status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy headers to every response.

    Django 5.2 has no CSP support of its own, and one fixed policy needs no package: every script,
    style and font is served by the app itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.extra_by_path = settings.CONTENT_SECURITY_POLICY_EXTRA
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.policy
        for prefix, extra in self.extra_by_path.items():
            if request.path.startswith(prefix):
                policy = f"{policy}; {extra}"
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class RejectNulCharactersMiddleware:
    """Answer 400 to a URL carrying a NUL character.

    No claim, slug or search term can contain one, and PostgreSQL refuses it in any query, so it
    would otherwise surface as a server error wherever a parameter reaches the database unchecked
    (the admin's filters among them).
    """

    MESSAGE = "The address contains a NUL character (%00), which no parameter may hold."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return error_response(request, 400, self.MESSAGE)
        return self.get_response(request)


class ApiBodyLimitMiddleware:
    """An API body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 with a JSON detail, before
    anything reads it (Django would answer its own HTML 400 page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.path.startswith("/api/") and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return JsonResponse(
                    {"detail": f"The request body is {length:,} bytes; the limit is {limit:,} bytes."},
                    status=413,
                )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database is down, answer 503 at once instead of a 500 or a hang.

    Connections are health-checked before reuse (CONN_HEALTH_CHECKS), so once the database is back
    the next request reconnects without restarting the app.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from claims.services.locking import TryAgain, conflict_kind

        if isinstance(exception, TryAgain) or (
            isinstance(exception, OperationalError) and conflict_kind(exception)
        ):
            # Lost to concurrent writes more often than the services retry: busy, not down.
            logger.warning("Write conflict for %s %s: %s", request.method, request.path, exception)
            response = error_response(request, 503, TryAgain.message, "503_busy.html")
            response["Retry-After"] = "1"
            return response
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        response = error_response(
            request, 503, "The database is unavailable. Try again in a few seconds.", "503.html"
        )
        response["Retry-After"] = "5"
        return response


class ReaderPageCacheMiddleware:
    """Anonymous readers' pages from the response cache, with HTTP validators for a CDN.

    Only GET/HEAD from visitors with no session and no token, only reader pages (not the admin;
    not the API, which caches its hot reads itself after authentication and throttling), only 200
    responses. The numbers a page depends on (claims.cache) are read in one query on every request,
    so an edit shows at once; a matching If-None-Match is a 304 before anything is rendered.
    Signed-in readers' pages are marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped_prefixes = tuple(settings.PAGE_CACHE_SKIPPED_PREFIXES)

    def __call__(self, request):
        if not self.reader_page(request):
            return self.get_response(request)
        if not self.anonymous(request) or not settings.RESPONSE_CACHE_ENABLED:
            response = self.get_response(request)
            return cache.mark_private(response) if not self.anonymous(request) else response
        try:
            version = self.version_of(request)
        except (OperationalError, InterfaceError):
            return self.get_response(request)  # the view answers, and the outage handler with it
        if version is None:
            return self.get_response(request)  # no such claim: the view's 404
        page = (request.scheme, request.get_host(), request.get_full_path())
        version_key = cache.key("page", version, *page)
        if cache.not_modified(request, cache.etag(version_key)):
            return cache.mark_public(HttpResponseNotModified(), version_key)

        def render():
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response, None
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            return response, (response.status_code, headers, response.content)

        entry, served_version, response = cache.serve(cache.key("page", *page), version_key, render)
        if response is None:
            status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
        if response.status_code == 200 and not response.cookies:
            cache.mark_public(response, served_version)
        return response

    def reader_page(self, request):
        return request.method in ("GET", "HEAD") and not request.path.startswith(self.skipped_prefixes)

    @staticmethod
    def anonymous(request):
        return (
            settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META
        )

    @staticmethod
    def version_of(request):
        """A claim page depends on that claim alone; every other page on the global epoch."""
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return cache.global_version()
        if match.view_name == "claims:detail":
            return cache.claim_version(match.kwargs["slug"], published_only=True)  # readers only
        return cache.global_version()
