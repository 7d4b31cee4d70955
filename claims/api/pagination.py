from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination


class PageNumberPagination(BasePageNumberPagination):
    # The page size is REST_FRAMEWORK["PAGE_SIZE"], in settings.
    page_size_query_param = "page_size"
    max_page_size = 100
