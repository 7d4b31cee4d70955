from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_without(context, *names):
    """The current query string without the named parameters (and never the page)."""
    query = context["request"].GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return query.urlencode()


@register.simple_tag
def page_links(page):
    """Page numbers around the current one, with … for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def reliability_meaning(source):
    """'usually reliable' for grade B, and so on."""
    return source.get_reliability_display().split("·", 1)[-1].strip()


@register.filter
def bar_segments(stance_weights):
    from claims.presentation import agreement_segments

    return agreement_segments(stance_weights)
