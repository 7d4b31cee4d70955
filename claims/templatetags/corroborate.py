"""Template tags for what every page draws the same way: badges, bars, stance symbols.

Written as Python rather than included templates: a list page draws dozens of them, and a
sub-template per badge was most of its rendering time.
"""

from django import template
from django.utils.html import format_html, format_html_join

from claims.consensus import DISPUTES, QUALIFIES, SUPPORTS
from claims.models import ConsensusLabel

register = template.Library()

BADGE_SYMBOLS = {
    ConsensusLabel.CORROBORATED: "✓✓",
    ConsensusLabel.SINGLE_SOURCE: "①",
    ConsensusLabel.CONTESTED: "⇄",
    ConsensusLabel.DISPUTED: "✗",
    ConsensusLabel.UNCONFIRMED: "~",
    ConsensusLabel.UNSOURCED: "?",
}
STANCE_SYMBOLS = {SUPPORTS: "✓", DISPUTES: "✗", QUALIFIES: "~"}
RETRACTED_SYMBOLS = {SUPPORTS: "○", DISPUTES: "×", QUALIFIES: "∼"}


@register.simple_tag
def badge(label):
    """The consensus badge: symbol, word and colour, with the `data-consensus` hook."""
    return format_html(
        '<span class="badge badge--{0}" data-consensus="{0}"><span class="badge__symbol" aria-hidden="true">'
        "{1}</span> {2}</span>",
        label,
        BADGE_SYMBOLS[label],
        ConsensusLabel(label).label,
    )


@register.simple_tag
def stance_symbol(stance, retracted=False):
    return (RETRACTED_SYMBOLS if retracted else STANCE_SYMBOLS)[stance]


@register.simple_tag
def vote_bar(blocks, label):
    """The agreement bar as SVG (the CSP allows no inline styles): blocks from verdicts.vote_blocks."""
    if not blocks:
        rects = format_html('<rect class="bar__empty" x="0" y="0" width="100" height="10"/>')
    else:
        rects = format_html_join(
            "",
            '<rect class="bar__{}" x="{}" y="0" width="{}" height="10"><title>{}</title></rect>',
            ((b["stance"], b["x"], b["width"], b["title"]) for b in blocks),
        )
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="{}">{}</svg>',
        label,
        rects,
    )


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
