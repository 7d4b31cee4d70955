"""Version-keyed caching of the hot API reads (the claim list and a claim's detail).

The key holds the data version, which every reader-visible edit bumps in the edit's own
transaction, so a cached answer is never stale. Authentication, permissions, throttling and
content negotiation all run before the cache is consulted. JSON answers are cached as the bytes
sent, since encoding a page of claims costs more than everything else on a cached read; the
browsable API renders per request, so for it only the data is cached.
"""

from django.conf import settings
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .. import cache
from ..models import sees_unpublished_claims

CACHED_HEADERS = ("ETag",)


class CachedReadsMixin:
    """list() answered from the response cache while the data version holds; cached() for others."""

    def list(self, request, *args, **kwargs):
        return self.cached(request, lambda: super(CachedReadsMixin, self).list(request, *args, **kwargs))

    def cached(self, request, answer):
        if not settings.RESPONSE_CACHE_ENABLED:
            return answer()
        media_type = request.accepted_media_type
        as_bytes = isinstance(request.accepted_renderer, JSONRenderer)
        # Callers who see the same claims share answers: readers, or those who also see drafts.
        audience = "all" if sees_unpublished_claims(request.user) else "published"
        key = cache.key("api", cache.current_epochs(), audience, media_type, request.build_absolute_uri())
        hit = cache.lookup(key)
        if hit is not None:
            body, headers = hit
            if as_bytes:
                return HttpResponse(body, content_type=media_type, headers=headers)
            return Response(body, headers=headers)
        response = answer()
        if response.status_code != 200:
            return response
        headers = {name: response[name] for name in CACHED_HEADERS if name in response}
        if not as_bytes:
            cache.store(key, (response.data, headers))
            return response
        body = request.accepted_renderer.render(response.data, media_type, self.get_renderer_context())
        cache.store(key, (body, headers))
        return HttpResponse(body, content_type=media_type, headers=headers)
