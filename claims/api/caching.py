"""Cached API reads: the claim list on the global epoch, a claim's detail on its own version.

Authentication, permissions, throttling and content negotiation all run before the cache is
consulted. JSON answers are cached as the bytes sent, since encoding a page of claims costs more
than everything else on a cached read; the browsable API renders per request, so for it only the
data is cached. Anonymous answers carry an ETag and public Cache-Control (a matching
If-None-Match is a 304); signed-in callers' are private.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .. import cache
from ..querysets import sees_unpublished_claims

CACHED_HEADERS = ("ETag",)


class CachedReadsMixin:
    """list() answered from the response cache while the global epoch holds; cached() for others."""

    def list(self, request, *args, **kwargs):
        return self.cached(
            request, lambda: super(CachedReadsMixin, self).list(request, *args, **kwargs), scope=None
        )

    def cached(self, request, answer, *, scope):
        """`answer()` from the cache; `scope` is the claim's slug it depends on, or None for a list."""
        if not settings.RESPONSE_CACHE_ENABLED:
            return answer()
        # Callers who see the same claims share answers: readers, or those who also see drafts.
        sees_drafts = sees_unpublished_claims(request.user)
        audience = "all" if sees_drafts else "published"
        version = (
            cache.global_version()
            if scope is None
            else cache.claim_version(scope, published_only=not sees_drafts)
        )
        if version is None:
            return answer()  # no such claim, or none this caller may see: the 404
        media_type = request.accepted_media_type
        as_bytes = isinstance(request.accepted_renderer, JSONRenderer)
        page = ("api", audience, media_type, request.build_absolute_uri())
        version_key = cache.key(*page, version)

        def render():
            response = answer()
            if response.status_code != 200:
                return response, None
            headers = {name: response[name] for name in CACHED_HEADERS if name in response}
            headers.setdefault("ETag", cache.etag(version_key))
            if not as_bytes:
                return response, (response.data, headers)
            body = request.accepted_renderer.render(response.data, media_type, self.get_renderer_context())
            return HttpResponse(body, content_type=media_type, headers=headers), (body, headers)

        # Someone signed in may have just written: they wait for this version, never the one before.
        entry, _, response = cache.serve(
            cache.key(*page), version_key, render, previous_ok=not request.user.is_authenticated
        )
        if response is not None and response.status_code != 200:
            return response
        body, headers = entry
        if response is None:
            response = (
                HttpResponse(body, content_type=media_type, headers=headers)
                if as_bytes
                else Response(body, headers=headers)
            )
        response["ETag"] = headers["ETag"]
        return self.validated(request, response)

    def validated(self, request, response):
        """A 304 when the caller holds this ETag; public or private Cache-Control."""
        public = not request.user.is_authenticated
        if cache.not_modified(request, response["ETag"]):
            response = HttpResponseNotModified(headers={"ETag": response["ETag"]})
        response["Cache-Control"] = cache.PUBLIC_CACHE_CONTROL if public else cache.PRIVATE_CACHE_CONTROL
        return response
