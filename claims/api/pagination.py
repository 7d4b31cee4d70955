from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

from ..pagination import EXACT_COUNT_UP_TO, ReaderPaginator


class PageNumberPagination(BasePageNumberPagination):
    # The page size is REST_FRAMEWORK["PAGE_SIZE"], in settings.
    page_size_query_param = "page_size"
    max_page_size = 100


class ClaimPagination(PageNumberPagination):
    """/api/claims/ counted as the list pages count: exactly up to EXACT_COUNT_UP_TO claims, above
    that (on PostgreSQL) the planner's estimate, since an exact COUNT of every published claim
    cost more than the rest of the page. The last page's `count` is exact again."""

    def paginate_queryset(self, queryset, request, view=None):
        # As of a date, ranked or filtered by the date's consensus, the claims are a list: counted.
        self.django_paginator_class = ReaderPaginator if isinstance(queryset, QuerySet) else Paginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"How many claims match: exact up to {EXACT_COUNT_UP_TO}; above that, an estimate, "
            "exact again on the last page."
        )
        return response
