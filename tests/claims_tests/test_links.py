"""Links by slug (common.links) are exactly what reverse() gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from common.links import slug_url

VIEWS = ("claims:detail", "claims:topic", "claims:question", "sources:detail")
slugs = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", min_size=1, max_size=60
)


@given(viewname=st.sampled_from(VIEWS), slug=slugs)
def test_a_link_is_what_reverse_gives(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


@pytest.mark.parametrize("prefix", ["/", "/corroborate/"])
def test_the_script_prefix_is_followed(prefix):
    set_script_prefix(prefix)
    try:
        assert slug_url("claims:detail", "kursk") == f"{prefix}claims/kursk/"
        assert slug_url("claims:detail", "kursk") == reverse("claims:detail", kwargs={"slug": "kursk"})
    finally:
        clear_script_prefix()


@pytest.mark.parametrize("slug", ["", "two words", "a/b", "é"])
def test_what_reverse_refuses_is_refused(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("claims:detail", slug)
