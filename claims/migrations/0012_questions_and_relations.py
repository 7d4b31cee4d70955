import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Analysts relate claims and ask questions; removing a relation or a hypothesis is part of editing.
# They do not delete questions (administrators may), as they do not delete claims.
ANALYST_PERMISSIONS = {
    "claimrelation": ["add", "change", "delete", "view"],
    "question": ["add", "change", "view"],
    "questionhypothesis": ["add", "change", "delete", "view"],
}


def grant_analysts(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations ran; make them now so the group can hold them.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Analysts").first()
    if group is None:
        return
    for model, actions in ANALYST_PERMISSIONS.items():
        for action in actions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="claims", codename=f"{action}_{model}")
            )


def revoke_analysts(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="claims", content_type__model__in=list(ANALYST_PERMISSIONS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_claim_consensus_rank"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="Question",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "text",
                    models.CharField(help_text="The question, e.g. “How many troops moved?”", max_length=300),
                ),
                ("slug", models.SlugField(blank=True, max_length=100, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True, db_index=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("topics", models.ManyToManyField(blank=True, related_name="questions", to="claims.topic")),
            ],
            options={
                "ordering": ["-updated_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="QuestionHypothesis",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=1)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hypothesis_entries",
                        to="claims.claim",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="claims.question",
                    ),
                ),
            ],
            options={
                "verbose_name": "hypothesis",
                "verbose_name_plural": "hypotheses",
                "ordering": ["question", "position"],
            },
        ),
        migrations.AddField(
            model_name="question",
            name="hypotheses",
            field=models.ManyToManyField(
                blank=True, related_name="questions", through="claims.QuestionHypothesis", to="claims.claim"
            ),
        ),
        migrations.CreateModel(
            name="ClaimRelation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("contradicts", "Contradicts"),
                            ("refines", "Refines"),
                            ("duplicates", "Duplicates"),
                        ],
                        max_length=12,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "from_claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations_from",
                        to="claims.claim",
                    ),
                ),
                (
                    "to_claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations_to",
                        to="claims.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["from_claim", "kind", "to_claim"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("from_claim", "to_claim", "kind"),
                        name="claim_relation_unique",
                        violation_error_message="This relation is already there.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("from_claim", models.F("to_claim")), _negated=True),
                        name="claim_relation_not_to_itself",
                        violation_error_message="A claim cannot relate to itself.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["contradicts", "refines", "duplicates"])),
                        name="claim_relation_kind_valid",
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="questionhypothesis",
            constraint=models.UniqueConstraint(
                fields=("question", "claim"),
                name="question_hypothesis_once",
                violation_error_message="A claim is a hypothesis of a question only once.",
            ),
        ),
        migrations.AddConstraint(
            model_name="questionhypothesis",
            constraint=models.UniqueConstraint(
                fields=("question", "position"), name="question_hypothesis_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(("text", ""), _negated=True), name="question_text_not_blank"
            ),
        ),
        migrations.RunPython(grant_analysts, revoke_analysts),
    ]
