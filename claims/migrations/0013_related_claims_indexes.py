"""Indexes that make a claim page's related claims a bounded read.

Related claims are the newest claims of each topic and each source the claim has (see
ClaimQuerySet.related_to). Without (topic, claim) and (source, claim) indexes PostgreSQL either
reads every claim of a topic and every citation of a source and sorts them (tens of milliseconds
at 100,000 claims), or walks the claim index backwards hoping to meet the topic early, which for
a small or quiet topic reads the whole index. With them each topic and source costs a few index
entries.
"""

from django.db import migrations, models

TOPIC_INDEX = "claim_topics_topic_claim_idx"


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_questions_and_relations")]

    operations = [
        migrations.AddIndex(
            model_name="citation",
            index=models.Index(fields=["source", "claim"], name="citation_source_claim_idx"),
        ),
        # The topics table is Django's own many-to-many table, which a model's Meta cannot index.
        migrations.RunSQL(
            sql=f"CREATE INDEX {TOPIC_INDEX} ON claims_claim_topics (topic_id, claim_id)",
            reverse_sql=f"DROP INDEX {TOPIC_INDEX}",
        ),
    ]
