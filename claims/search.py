"""Search plumbing: the words a query is made of and PostgreSQL's stored search vector."""

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import models

SEARCH_CONFIG = "english"
# Words PostgreSQL's English configuration ignores; dropped everywhere so that a query of plain
# words finds the same claims on SQLite as on PostgreSQL.
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have he her his i in into is it its of on or our "
    "s she so than that the their them then there these they this to was we were what when which "
    "who will with you".split()
)


def search_words(query):
    words = re.findall(r"\w+", (query or "").lower())
    return [word for word in words if word not in STOP_WORDS]


class StoredSearchVector(models.Expression):
    """The claim's `search_vector` column, which PostgreSQL generates from `search_document`.

    Migration 0007 adds it on PostgreSQL only, so the model does not declare it; this names it
    under whatever alias the claim table has in the query at hand (subqueries included).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector", []
