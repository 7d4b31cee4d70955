"""Questions and their ordered hypotheses (the claims that compete to answer them).

A question reads its hypotheses' consensus and writes none of it, so no claim row is locked: the
question's own row is, so two analysts reordering one question do not interleave. Claim pages show
the questions a claim is a hypothesis of, so a change moves the shared-vocabulary epoch as well as
the global one (DESIGN.md, "Caches and HTTP").
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from common.slugs import save_with_unique_slug

from .. import cache
from ..models import Question, QuestionHypothesis
from .claims import editable
from .history import save_fields

QUESTION_FIELDS = ("text", "slug")
# A board stays readable on a phone, and one request stays bounded.
MAX_HYPOTHESES = 12


@transaction.atomic
def save_question(*, question, topics=None, hypotheses=None, fields=None, user=None):
    """Validate and save a question; `topics` and `hypotheses` (claims, in order) when given.

    `fields` names the fields the caller changed (None: all of them); only those are written.
    """
    creating = question.pk is None
    if hypotheses is not None:
        hypotheses = checked_hypotheses(hypotheses)
    question.full_clean(exclude=[] if question.slug else ["slug"])
    if creating:
        if user is not None and question.created_by_id is None:
            question.created_by = user
        save_with_unique_slug(question, question.save, text=question.text, fallback="question")
        written = list(QUESTION_FIELDS)
    else:
        if not Question.objects.select_for_update().filter(pk=question.pk).exists():
            raise Question.DoesNotExist("The question was deleted meanwhile.")
        written = editable(fields, QUESTION_FIELDS)
        if written:
            save_fields(question, written)
    changed = bool(written)
    if topics is not None:
        wanted = {topic.pk for topic in topics}
        if creating or set(question.topics.values_list("pk", flat=True)) != wanted:
            question.topics.set(wanted)
            changed = True
    if hypotheses is not None:
        changed |= set_hypotheses(question, hypotheses, creating=creating)
    if changed and not creating and not written:
        save_fields(question, [])  # updated_at: the question changed
    if changed:
        cache.data_changed(vocabulary=True)
    return question


def checked_hypotheses(claims):
    claims = list(claims)
    if len(claims) > MAX_HYPOTHESES:
        raise ValidationError({"hypotheses": f"A question has at most {MAX_HYPOTHESES} hypotheses."})
    seen = set()
    for claim in claims:
        if claim.pk in seen:
            raise ValidationError({"hypotheses": f"“{claim.slug}” is listed twice: each claim once."})
        seen.add(claim.pk)
    return claims


def set_hypotheses(question, claims, *, creating=False):
    """Give the question exactly these hypotheses in this order; whether anything changed."""
    wanted = [claim.pk for claim in claims]
    if not creating:
        current = list(question.entries.order_by("position").values_list("claim_id", flat=True))
        if current == wanted:
            return False
        question.entries.all().delete()
    QuestionHypothesis.objects.bulk_create(
        [
            QuestionHypothesis(question=question, claim_id=pk, position=position)
            for position, pk in enumerate(wanted, start=1)
        ]
    )
    return True


@transaction.atomic
def delete_questions(*, questions):
    count = 0
    for question in questions:
        question.delete()
        count += 1
    cache.data_changed(vocabulary=True)
    return count
