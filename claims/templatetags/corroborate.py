"""Template tags for what every page draws the same way: badges, bars, stance symbols, and the
parts a page repeats per row, per cell or per option (list rows, matrix cells, citations, the
filter selects).

Written as Python rather than included templates or template loops: a list page draws dozens of
rows, a matrix up to 2,000 cells and a filter 500 options, and a template tag or sub-template
for each was most of their rendering time (bench/profile.py). The markup is the templates' own.
"""

import html

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from claims.choices import ConsensusLabel
from claims.presentation import RETRACTED_SYMBOLS, RETRACTION_SYMBOL, STANCE_SYMBOLS

register = template.Library()

BADGE_SYMBOLS = {
    ConsensusLabel.CORROBORATED: "✓✓",
    ConsensusLabel.SINGLE_SOURCE: "①",
    ConsensusLabel.CONTESTED: "⇄",
    ConsensusLabel.DISPUTED: "✗",
    ConsensusLabel.UNCONFIRMED: "~",
    ConsensusLabel.UNSOURCED: "?",
}


def _e(value):
    """HTML-escaped, as the templates escape (Django's own escape, without its wrapping cost)."""
    return html.escape(str(value))


@register.simple_tag
def badge(label):
    """The consensus badge: symbol, word and colour, with the `data-consensus` hook."""
    label = _e(label)
    return mark_safe(  # noqa: S308
        f'<span class="badge badge--{label}" data-consensus="{label}"><span class="badge__symbol" '
        f'aria-hidden="true">{BADGE_SYMBOLS[label]}</span> {_e(ConsensusLabel(label).label)}</span>'
    )


@register.simple_tag
def stance_symbol(stance, retracted=False):
    """A stance's symbol (presentation.STANCE_SYMBOLS), hollow when retracted: every page and legend."""
    return (RETRACTED_SYMBOLS if retracted else STANCE_SYMBOLS)[stance]


@register.simple_tag
def retraction_symbol():
    return RETRACTION_SYMBOL


@register.simple_tag
def vote_bar(blocks, label):
    """The agreement bar as SVG (the CSP allows no inline styles): blocks from verdicts.vote_blocks."""
    if not blocks:
        rects = '<rect class="bar__empty" x="0" y="0" width="100" height="10"/>'
    else:
        rects = "".join(
            f'<rect class="bar__{_e(b["stance"])}" x="{b["x"]}" y="0" width="{b["width"]}" height="10">'
            f"<title>{_e(b['title'])}</title></rect>"
            for b in blocks
        )
    return mark_safe(  # noqa: S308
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{conditional_escape(label)}">{rects}</svg>'
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


@register.simple_tag
def slug_select(name, options, selected, empty_label):
    """A select of (slug, name) options, for the topic and source filters."""
    selected = selected or ""
    parts = [f'<select name="{_e(name)}" id="id_{_e(name)}"><option value="">{_e(empty_label)}</option>']
    for slug, label in options:
        mark = " selected" if slug == selected else ""
        parts.append(f'<option value="{_e(slug)}"{mark}>{_e(label)}</option>')
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)


@register.simple_tag
def choice_select(field):
    """A bound choice field as a plain select (its widget's templates cost more than the page)."""
    value = field.value()
    selected = "" if value is None else str(value)
    parts = [f'<select name="{_e(field.html_name)}" id="{_e(field.auto_id)}">']
    for choice, label in field.field.choices:
        mark = " selected" if str(choice) == selected else ""
        parts.append(f'<option value="{_e(choice)}"{mark}>{_e(label)}</option>')
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308


@register.simple_tag
def search_input(field):
    """The search box of a bound form, with its widget's attributes (type, placeholder)."""
    attrs = {"type": "search", "name": field.html_name}
    value = field.value()
    if value not in (None, ""):
        attrs["value"] = value
    attrs.update(field.field.widget.attrs)
    attrs["id"] = field.auto_id
    return mark_safe(  # noqa: S308
        "<input" + "".join(f' {_e(key)}="{_e(val)}"' for key, val in attrs.items()) + ">"
    )


class _Urls:
    """Each kind of object's URL reversed once per page, then filled in with each slug."""

    PLACEHOLDER = "slug-placeholder"

    def __init__(self):
        self.patterns = {}

    def __call__(self, viewname, slug):
        if viewname not in self.patterns:
            self.patterns[viewname] = reverse(viewname, kwargs={"slug": self.PLACEHOLDER})
        return self.patterns[viewname].replace(self.PLACEHOLDER, slug)


VOTE_BAR_LABEL = mark_safe("One block per independent origin's vote")  # as a template literal is


def _pluralize(count, suffix="s"):
    return "" if count == 1 else suffix


@register.simple_tag
def claim_rows(rows):
    """The list's rows (presentation.claim_rows): statement, verdict, bar, sources, topics, date."""
    urls = _Urls()
    parts = []
    for row in rows:
        claim = row["claim"]
        out = [
            '\n  <li class="claim-row">\n    <h2 class="claim-row__statement"><a href="',
            _e(urls("claims:detail", claim.slug)),
            '">',
            _e(claim.statement),
            '</a></h2>\n    <div class="claim-row__consensus">',
            badge(claim.consensus_label),
            " ",
            vote_bar(row["blocks"], VOTE_BAR_LABEL),
            f' <span class="origins">{row["origins"]} independent '
            f"origin{_pluralize(row['origins'])}</span></div>",
            f'\n    <p class="claim-row__why">{_e(row["sentence"])}</p>\n    ',
        ]
        if row["chips"]:
            out.append('<ul class="source-chips" aria-label="Sources">')
            for chip in row["chips"]:
                source, stance = chip["source"], _e(chip["stance"])
                grade = _e(source.reliability)
                out.append(
                    f'<li class="source-chip source-chip--{stance}" data-source="{_e(source.slug)}" '
                    f'data-stance="{stance}"><span aria-hidden="true">'
                    f"{STANCE_SYMBOLS[chip['stance']]}</span> "
                    f'{_e(source.name)} <abbr class="grade grade--{grade}" title="Source grade {grade}">'
                    f'{grade}</abbr><span class="visually-hidden"> {stance}</span></li>'
                )
            if row["more_sources"]:
                out.append(f'<li class="source-chip source-chip--more">+{row["more_sources"]} more</li>')
            out.append("</ul>")
        out.append('\n    <p class="meta">\n      ')
        if claim.status != "published":
            out.append(f'<span class="status">{_e(claim.get_status_display())}</span> · ')
        topics = [
            f'<a class="topic" href="{_e(urls("claims:topic", topic.slug))}">{_e(topic.name)}</a>'
            for topic in claim.topics.all()
        ]
        out.append(", ".join(topics) if topics else "No topic")
        out.append("\n      · ")
        if claim.last_reported_on:
            out.append(f"latest report {_time_tag(claim.last_reported_on)}")
        else:
            out.append("no reports yet")
        out.append("\n    </p>\n  </li>\n  ")
        parts.append("".join(out))
    return mark_safe("".join(parts))  # noqa: S308


@register.simple_tag
def matrix_head(columns):
    """The matrix's column headings: each source with its grade."""
    urls = _Urls()
    return mark_safe(  # noqa: S308
        "".join(
            f'<th scope="col" class="matrix__source"><a href="{_e(urls("sources:detail", source.slug))}">'
            f"{_e(source.name)}</a> "
            f'<abbr class="grade grade--{_e(source.reliability)}" title="Source grade '
            f'{_e(source.reliability)}">{_e(source.reliability)}</abbr></th>'
            for source in columns
        )
    )


@register.simple_tag
def matrix_body(rows):
    """The matrix's rows: the claim with its badge, then one cell per source column."""
    urls = _Urls()
    parts = []
    for row in rows:
        claim = row["claim"]
        parts.append(
            f'\n    <tr>\n      <th scope="row" class="matrix__claim">{badge(claim.consensus_label)} '
            f'<a href="{_e(urls("claims:detail", claim.slug))}">'
            f"{_e(claim.statement)}</a></th>\n      "
        )
        for cell in row["cells"]:
            parts.append(_matrix_cell(cell) if cell else EMPTY_CELL)
        parts.append("\n    </tr>\n    ")
    return mark_safe("".join(parts))  # noqa: S308


EMPTY_CELL = '<td class="cell cell--none"><span class="visually-hidden">no report</span></td>'


def _matrix_cell(cell):
    stance, name, retracted = _e(cell["stance"]), _e(cell["source"].name), cell["retracted"]
    symbol = stance_symbol(cell["stance"], retracted)
    mixed = cell["mixed"]
    return (
        f'<td class="cell cell--{stance}{" cell--retracted" if retracted else ""}" '
        f'data-source="{_e(cell["source"].slug)}" data-stance="{stance}" '
        f'title="{name} {_e(cell["title"])}"><span aria-hidden="true">{symbol}'
        f'{"<sup>±</sup>" if mixed else ""}</span><span class="visually-hidden">{name} {stance}'
        f"{' (retracted)' if retracted else ''}{', with mixed reports' if mixed else ''}: "
        f"{_e(cell['quote'])}</span></td>"
    )


@register.simple_tag
def citation_article(citation):
    """One citation on a claim page: relay, retraction, quote, speaker, confidence, date, link."""
    source_slug, stance = _e(citation.source.slug), _e(citation.stance)
    out = [
        f'<article class="citation{" citation--retracted" if citation.retracted else ""}" '
        f'id="citation-{citation.pk}" data-source="{source_slug}" data-stance="{stance}">\n  '
    ]
    if citation.relies_on_id or citation.retracted:
        out.append('<header class="citation__head">\n    ')
        if citation.relies_on_id:
            relayed = citation.relies_on
            out.append(
                f'<span class="relay">relays <a href="{_e(relayed.get_absolute_url())}">'
                f"{_e(relayed.name)}</a>: counts as its origin, not a new one</span>"
            )
        out.append("\n    ")
        if citation.retracted:
            out.append('<strong class="retracted-label">Retracted')
            if citation.retracted_on:
                out.append(f" on {_time_tag(citation.retracted_on)}")
            out.append("</strong>")
        out.append("\n  </header>")
    out.append("\n  ")
    if citation.quote:
        quote = _e(citation.quote)
        out.append(
            f'<blockquote class="citation__quote">{f"<del>{quote}</del>" if citation.retracted else quote}'
            "</blockquote>"
        )
    out.append('\n  <p class="citation__meta">\n    ')
    if citation.speaker:
        out.append(f'<span class="speaker">{_e(citation.speaker)}</span>')
        if citation.anonymous:
            out.append(' <span class="anon" title="The speaker is not named">anonymous</span>')
        out.append(" · ")
    out.append(f'\n    <span class="confidence">{_e(citation.confidence.name)}</span>\n    ')
    if citation.published_on:
        out.append(f" · {_time_tag(citation.published_on)}")
    out.append("\n    ")
    if citation.url:
        out.append(f' · <a href="{_e(citation.url)}" rel="noopener nofollow">the report</a>')
    out.append("\n  </p>\n  ")
    if citation.note:
        out.append(f'<p class="citation__note">{_e(citation.note)}</p>')
    out.append("\n  ")
    if citation.retracted:
        out.append(
            '<p class="citation__retraction"><strong>Why retracted:</strong> '
            f"{_e(citation.retraction_reason)}</p>"
        )
    out.append("\n</article>")
    return mark_safe("".join(out))  # noqa: S308


def _long_date(day):
    """A date as the templates' `date:"j M Y"` writes it (14 Aug 2024), without the formatter."""
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year}"


def _time_tag(day):
    """A date in a <time> element, as the templates' `date:"j M Y"` writes it."""
    return f'<time datetime="{day.isoformat()}">{_long_date(day)}</time>'


def _short_date(day):
    return f"{day.day} {MONTHS_3[day.month].title()}"


@register.simple_tag
def citation_groups(groups):
    """The claim page's Agree, Disagree and Qualify columns: each source, then its citations."""
    urls = _Urls()
    out = []
    for group in groups:
        stance = _e(group["stance"])
        count = len(group["sources"])
        out.append(
            f'\n      <section class="group group--{stance}" aria-labelledby="group-{stance}" '
            f'data-group="{stance}">\n        <h3 id="group-{stance}"><span aria-hidden="true" '
            f'class="stance-symbol">{STANCE_SYMBOLS[group["stance"]]}</span> {_e(group["title"])} '
            f'<span class="group__count">({count} source{_pluralize(count)})</span></h3>\n        '
        )
        for entry in group["sources"]:
            source, citations = entry["source"], entry["citations"]
            grade = _e(source.reliability)
            out.append(
                f'<div class="group__source">\n          <h4 class="group__source-name"><a '
                f'href="{_e(urls("sources:detail", source.slug))}">{_e(source.name)}</a> '
                f'<abbr class="grade grade--{grade}" title="Source grade {grade}: '
                f'{_e(reliability_meaning(source))}">{grade}</abbr>'
            )
            if len(citations) > 1:
                out.append(f' <span class="group__reports">{len(citations)} reports</span>')
            out.append("</h4>\n          ")
            out.extend(citation_article(citation) for citation in citations)
            out.append("\n        </div>")
        if not group["sources"]:
            out.append('<p class="none">No reports.</p>')
        out.append("\n      </section>\n      ")
    return mark_safe("".join(out))  # noqa: S308


@register.simple_tag
def score_chart_figure(chart):
    """The score over time as SVG (presentation.score_chart): axis, steps, marks and dates."""
    left, zero, top, bottom = chart["left"], chart["zero"], chart["top"], chart["bottom"]
    height = chart["height"]
    out = [
        f'<svg viewBox="0 0 {chart["width"]} {height}" role="img" aria-labelledby="score-chart-caption">\n'
        f'    <line class="score-chart__axis" x1="{left}" y1="{zero}" x2="{chart["right"]}" y2="{zero}"/>\n'
        f'    <text class="score-chart__scale" x="{left - 6}" y="{top + 5}" text-anchor="end">+1</text>\n'
        f'    <text class="score-chart__scale" x="{left - 6}" y="{zero}" dy="5" text-anchor="end">0</text>\n'
        f'    <text class="score-chart__scale" x="{left - 6}" y="{bottom + 5}" text-anchor="end">−1</text>\n'
        "    "
    ]
    if chart["as_of_x"]:
        x = chart["as_of_x"]
        out.append(f'<line class="score-chart__as-of" x1="{x}" y1="{top - 18}" x2="{x}" y2="{bottom}"/>')
    out.append(f'\n    <path class="score-chart__line" d="{_e(chart["path"])}"/>\n    ')
    for step in chart["steps"]:
        label = _e(step["label"])
        out.append(
            f'<g class="score-chart__step"><title>{_long_date(step["date"])}: {label}, score '
            f'{step["score"]:+.2f}</title><circle cx="{step["x"]}" cy="{step["y"]}" r="4"/>'
            f'<text x="{step["x"]}" y="{step["y"]}" dx="5" dy="{step["dy"]}">{label}</text></g>'
        )
    out.append("\n    ")
    for mark in chart["marks"]:
        retraction = mark["retraction"]
        out.append(
            f'<g class="score-chart__mark mark--{_e(mark["stance"])}'
            f'{" mark--retracted" if retraction else ""}"><title>{_e(mark["title"])}</title>'
            f'<text x="{mark["x"]}" y="{mark["y"]}" text-anchor="middle">'
            f"{RETRACTION_SYMBOL if retraction else mark['symbol']}</text></g>"
        )
    out.append("\n    ")
    for tick in chart["ticks"]:
        out.append(
            f'<text class="score-chart__date" x="{tick["x"]}" y="{height - 4}" text-anchor="middle">'
            f"{_short_date(tick['date'])}</text>"
        )
    out.append("\n  </svg>")
    return mark_safe("".join(out))  # noqa: S308


@register.simple_tag
def score_table_rows(points):
    """The timeline as table rows: date (a link to the claim as of it), event, source, verdict."""
    return mark_safe(  # noqa: S308
        "".join(
            f'<tr data-source="{_e(point["source"].slug)}" data-stance="{_e(point["stance"])}">'
            f'<td><a href="?as_of={point["date"].isoformat()}"><time datetime="{point["date"].isoformat()}">'
            f"{_long_date(point['date'])}</time></a></td>"
            f"<td>{'retracted' if point['event'] == 'retraction' else 'report'}</td>"
            f"<td>{_e(point['source'].name)}</td><td>{_e(point['stance'])}</td>"
            f"<td>{_e(point['label'])}</td><td>{point['independent_origins']}</td></tr>"
            for point in points
        )
    )


CURRENT_DATE = ' aria-current="date"'


@register.simple_tag
def report_date_links(dates, as_of):
    """Links to the claim as of each report date, the one shown marked."""
    return mark_safe(  # noqa: S308
        " · ".join(
            f'<a href="?as_of={day.isoformat()}"{CURRENT_DATE if day == as_of else ""}>{_short_date(day)}</a>'
            for day in dates
        )
    )
