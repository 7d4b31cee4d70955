"""ASCII slugs for sources, topics and claims, unique per model, that never collide into an error."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

SLUG_LENGTH = 80
# What a slug in a URL or an API field may look like (the router's lookups and the API's fields).
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
# Candidates checked per query when the plain slug is taken.
CANDIDATES_PER_QUERY = 20
# A generated slug that loses a race for the unique index is made again this many times.
SLUG_ATTEMPTS = 5


def slug_base(text, *, fallback, max_length=SLUG_LENGTH):
    """`slugify(text)` cut at a word boundary; the fallback word when nothing ASCII is left."""
    full = slugify(text or "")
    base = full[:max_length].strip("-")
    if len(full) > max_length and "-" in base:
        base = base.rsplit("-", 1)[0]
    return base or fallback


def candidate(base, number, max_length=SLUG_LENGTH):
    """The base itself, then base-2, base-3…, the base cut so that the suffix always fits."""
    if number == 1:
        return base
    suffix = f"-{number}"
    return f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"


def unique_slug(model, text, *, fallback, exclude_pk=None, max_length=SLUG_LENGTH):
    """The first free candidate slug for `text` among `model`'s rows, checked candidate by candidate.

    Exact candidates are looked up (not a prefix): a cut base with a suffix need not start with
    the full base, and a prefix search would miss it.
    """
    base = slug_base(text, fallback=fallback, max_length=max_length)
    rows = model._default_manager.exclude(pk=exclude_pk)
    first = 1
    while True:
        numbers = range(first, first + CANDIDATES_PER_QUERY)
        wanted = [candidate(base, n, max_length) for n in numbers]
        taken = set(rows.filter(slug__in=wanted).values_list("slug", flat=True))
        for slug in wanted:
            if slug not in taken:
                return slug
        first += CANDIDATES_PER_QUERY


def is_slug_collision(error):
    text = str(error).lower()
    return "slug" in text and ("unique" in text or "duplicate" in text)


def save_with_unique_slug(instance, save, *, text, fallback):
    """Run `save()` for `instance`, giving it a free slug from `text` when it has none.

    Two requests creating the same name at once both find the same free slug; the second insert
    then fails on the unique index. That attempt is rolled back to a savepoint and the next free
    slug tried. A slug the caller chose is never replaced: its collision is the caller's error.
    """
    generated = not instance.slug
    for attempt in range(SLUG_ATTEMPTS):
        if generated:
            instance.slug = unique_slug(type(instance), text, fallback=fallback, exclude_pk=instance.pk)
        try:
            with transaction.atomic():
                return save()
        except IntegrityError as error:
            if not (generated and is_slug_collision(error)) or attempt == SLUG_ATTEMPTS - 1:
                raise
