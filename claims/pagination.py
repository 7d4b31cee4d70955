"""Pages of claims for readers: the list pages, the matrix and /api/claims/ alike."""

from django.core.paginator import EmptyPage, Paginator
from django.utils.functional import cached_property

# Lists count their claims exactly up to this many; above it, on PostgreSQL, the planner's estimate.
EXACT_COUNT_UP_TO = 500


class ReaderPaginator(Paginator):
    """Pages of claims for readers, counted without scanning a big topic or the whole site.

    Counting every published claim, or every claim of a big topic, costs more than rendering
    the page. So the count is exact up to EXACT_COUNT_UP_TO (a count that stops there); above it
    PostgreSQL's planner estimate stands in (ClaimQuerySet.count_for_readers), and a page says
    "about". A page past the estimate is still served if it has claims (a full one links on to
    the next); one past the real end is counted exactly and is an EmptyPage (a 404 in the API;
    get_page, for the pages, gives the true last page instead).
    """

    estimated = False

    @cached_property
    def count(self):
        count, self.estimated = self.object_list.count_for_readers(exact_up_to=EXACT_COUNT_UP_TO)
        return count

    @property
    def count_text(self):
        """The count as a reader reads it: 1,234 exactly, or about 95,000."""
        if not self.estimated:
            return f"{self.count:,}"
        return f"about {round(self.count, 2 - len(str(self.count))):,}"

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if not self.estimated or int(number) < 1:
                raise
            return int(number)  # past the estimate: the page itself tells whether it exists

    def get_page(self, number):
        """Paginator.get_page: the last page, too, for a page past the estimate and the real end."""
        try:
            return super().get_page(number)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        if not self.estimated:
            return self.exact_page(number)
        bottom = (number - 1) * self.per_page
        page = self._get_page(self.object_list.page_window(bottom, bottom + self.per_page), number, self)
        rows = len(page.object_list)
        if not rows and number > 1:
            self.recount(self.object_list.count(), estimated=False)
            return self.page(number)  # now exact: past the real end is an EmptyPage
        if rows < self.per_page:
            self.recount(bottom + rows, estimated=False)  # the last page: now the count is known
        elif number >= self.num_pages:
            self.recount(bottom + rows + self.per_page, estimated=True)  # there may be more
        return page

    def exact_page(self, number):
        """Paginator.page once the count is exact, its rows read by ClaimQuerySet.page_window."""
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(self.object_list.page_window(bottom, top), number, self)

    def recount(self, count, *, estimated):
        self.__dict__.pop("num_pages", None)
        self.__dict__["count"] = count
        self.estimated = estimated
