"""Export every claim, citation, relation, question, source, topic and confidence level, with history,
as versioned JSON, and restore such an export into an empty database."""

import datetime
import decimal
import json
import uuid

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from . import cache
from .models import Citation, Claim, ConfidenceLevel, Question, Topic
from .services import recompute_consensus

FORMAT = "corroborate-export"
FORMAT_VERSION = 1
# Load order: everything a row points at comes before it.
MODELS = [
    "sources.source",
    "claims.confidencelevel",
    "claims.topic",
    "claims.claim",
    "claims.citation",
    "claims.claimrelation",
    "claims.question",
    "claims.questionhypothesis",
    "sources.historicalsource",
    "claims.historicalconfidencelevel",
    "claims.historicalclaim",
    "claims.historicalcitation",
]
USER_FIELDS = ("created_by", "history_user")


class BackupError(Exception):
    """The file cannot be restored; nothing was written."""


def export_data():
    rows = {}
    for label in MODELS:
        model = apps.get_model(label)
        queryset = model._default_manager.order_by("pk")
        # Users are named by username so that history survives a restore into another database.
        # The python serializer, then JSON with full precision: Django's JSON encoder would cut
        # timestamps to milliseconds, and a restore must give back exactly what was there.
        objects = serializers.serialize("python", queryset, use_natural_foreign_keys=True)
        rows[label] = json.loads(json.dumps(objects, default=_exact_json))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "counts": {label: len(objects) for label, objects in rows.items()},
        "models": rows,
    }


@transaction.atomic
def import_data(document):
    """Restore an export into a database that holds no claims, citations, sources or topics yet."""
    models = _validated_models(document)
    _require_empty_database()
    # The migration's default confidence levels give way to the exported ones (same slugs, same ids).
    ConfidenceLevel.objects.all().delete()
    _create_missing_users(models)

    loaded = {}
    for label in MODELS:
        objects = models.get(label, [])
        try:
            for deserialized in serializers.deserialize("python", objects, handle_forward_references=True):
                deserialized.save()
        except (DeserializationError, DatabaseError, ValueError, TypeError, LookupError) as error:
            raise BackupError(f"{label}: {error}") from error
        loaded[label] = len(objects)
    try:
        # Foreign keys are checked at commit on PostgreSQL; check now, while an error can still be
        # reported cleanly and the transaction rolled back.
        connection.check_constraints(
            table_names=[apps.get_model(label)._meta.db_table for label in MODELS]
            + [Claim.topics.through._meta.db_table, Question.topics.through._meta.db_table]
        )
    except DatabaseError as error:
        raise BackupError(f"The export refers to rows it does not contain: {error}") from error

    _reset_sequences()
    recompute_consensus()
    cache.data_changed(vocabulary=True)
    return loaded


def _exact_json(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"Cannot export {type(value).__name__}")


def _validated_models(document):
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError('This is not a Corroborate export (no "format": "corroborate-export").')
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Export format version {document.get('format_version')!r} is not supported "
            f"(this version of Corroborate reads version {FORMAT_VERSION})."
        )
    models = document.get("models")
    if not isinstance(models, dict):
        raise BackupError('The export has no "models" section.')
    unknown = set(models) - set(MODELS)
    if unknown:
        raise BackupError(f"The export holds unknown models: {', '.join(sorted(unknown))}.")
    for label, objects in models.items():
        if not isinstance(objects, list) or not all(
            isinstance(row, dict) and row.get("model") == label and isinstance(row.get("fields"), dict)
            for row in objects
        ):
            raise BackupError(f"The rows of {label} are malformed.")
    return models


def _require_empty_database():
    from sources.models import Source

    taken = [
        str(model._meta.verbose_name_plural)
        for model in (Claim, Citation, Source, Topic, Question)
        if model.objects.exists()
    ]
    if taken:
        raise BackupError(
            f"The database already holds {', '.join(taken)}: import into an empty database "
            "(run migrate on a new one)."
        )


def _create_missing_users(models):
    """Authors named in the export who have no account here get an inactive one, so history keeps them."""
    usernames = set()
    for objects in models.values():
        for row in objects:
            for field in USER_FIELDS:
                value = row["fields"].get(field)
                if isinstance(value, list) and value and isinstance(value[0], str):
                    usernames.add(value[0])
    user_model = get_user_model()
    existing = set(user_model.objects.filter(username__in=usernames).values_list("username", flat=True))
    for username in sorted(usernames - existing):
        user = user_model(username=username, is_active=False)
        user.set_unusable_password()
        user.save()


def _reset_sequences():
    restored = [apps.get_model(label) for label in MODELS] + [Claim.topics.through, Question.topics.through]
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
