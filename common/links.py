"""Links to objects by slug, without Django's reverse() on every call.

A claim page links a few dozen claims, sources and topics, and a list page more; reverse() costs
about 30 µs each, a noticeable share of rendering. The URL pattern is reversed once per view,
script prefix and URL configuration, with a placeholder where the slug goes; each link then only
puts the slug in.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = "slug-placeholder"
# What Django's <slug:…> path converter accepts; anything else is left to reverse() to refuse.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=256)
def _around_slug(viewname, script_prefix, urlconf):
    before, after = reverse(viewname, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER}).split(_PLACEHOLDER)
    return before, after


def slug_url(viewname, slug):
    """What reverse(viewname, kwargs={"slug": slug}) gives."""
    if not _SLUG.fullmatch(slug or ""):
        return reverse(viewname, kwargs={"slug": slug})  # no such URL: reverse says so
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(viewname, get_script_prefix(), urlconf)
    return f"{before}{slug}{after}"
