"""ASCII slugs for sources, topics and claims, unique per model."""

from django.utils.text import slugify

SLUG_LENGTH = 80


def unique_slug(model, text, *, fallback, exclude_pk=None, max_length=SLUG_LENGTH):
    """`slugify(text)` cut at a word boundary, with -2, -3… on collision.

    When nothing ASCII is left (a statement in Cyrillic, say) the fallback word stands in.
    """
    base = slugify(text or "")[:max_length].strip("-")
    if len(slugify(text or "")) > max_length and "-" in base:
        base = base.rsplit("-", 1)[0]
    base = base or fallback
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
    return candidate
