"""The admin's "Import an article" page: paste, see the proposals, keep some, save them all in one
transaction through claims.services.import_citations."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims import services
from claims.models import Citation, Claim, ConfidenceLevel
from sources.models import Source
from tests.conftest import MAIN_CLAIM_SLUG
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED = (Path(__file__).resolve().parents[1] / "intake_tests" / "articles" / "kursk-seed.txt").read_text(
    "utf-8"
)
URL = reverse("admin:claims_claim_import")
UNKNOWN = (
    "Kyiv, 16 August. Troops were seen moving north, Reuters reported, citing the Kyiv Independent.\n"
    "A senior official told CNN that the move was expected."
)


def propose(client, article=SEED, **fields):
    data = {
        "step": "propose",
        "article-article": article,
        "article-format": "text",
        "article-published_on": "2024-08-16",
        **fields,
    }
    response = client.post(URL, data)
    assert response.status_code == 200
    return response


def step_two_data(response):
    """What the browser would send back from step 2, unchanged: every field as rendered."""
    forms = response.context["forms"]
    data = {"step": "save"}
    for formset in (forms.proposals, forms.new_sources):
        for form in [formset.management_form, *formset.forms]:
            for field in form:
                value = field.value()
                if isinstance(value, bool) or field.widget_type == "checkbox":
                    if value:
                        data[field.html_name] = "on"
                elif value is not None:
                    data[field.html_name] = value.isoformat() if isinstance(value, datetime.date) else value
    for field in forms.context:
        data[field.html_name] = field.value() or ""
    return data


def proposal_index(response, source_slug, needle):
    for index, form in enumerate(response.context["forms"].proposals.forms):
        source = form.initial.get("source")
        slug = Source.objects.get(pk=source).slug if source else None
        if slug == source_slug and needle in form.initial["sentence"]:
            return index
    raise AssertionError(f"no proposal from {source_slug} with {needle!r}")


def keep(data, index, *, stance, confidence="moderate", claim=None, statement=""):
    prefix = f"proposal-{index}-"
    data[prefix + "keep"] = "on"
    data[prefix + "stance"] = stance
    data[prefix + "confidence"] = confidence
    if claim is not None:
        data[prefix + "claim"] = str(claim.pk)
    data[prefix + "statement"] = statement
    return data


def rows_now():
    return (Source.objects.count(), Claim.objects.count(), Citation.objects.count())


class TestAccess:
    def test_the_changelist_links_to_it_for_analysts(self, analyst_client):
        page = analyst_client.get(reverse("admin:claims_claim_changelist")).content.decode()
        assert f'href="{URL}"' in page and "Import an article" in page

    def test_staff_without_the_permission_to_add_citations_see_no_link_and_get_403(self, client):
        viewer = UserFactory(username="viewer", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
        client.force_login(viewer)
        page = client.get(reverse("admin:claims_claim_changelist")).content.decode()
        assert "Import an article" not in page
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"step": "propose", "article-article": SEED}).status_code == 403

    def test_anonymous_visitors_are_sent_to_the_login(self, client):
        response = client.get(URL)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


class TestStepOne:
    def test_the_form(self, analyst_client):
        page = analyst_client.get(URL).content.decode()
        assert 'name="article-article"' in page and 'name="article-publisher"' in page
        assert "import-article.css" in page

    @pytest.mark.parametrize(
        "article, format_, message",
        [
            ("", "text", "empty"),
            ("   ", "text", "empty"),
            ("x" * 100_001, "text", "the limit is 100,000"),
            ("<script>x()</script>", "html", "No article text"),
        ],
    )
    def test_bad_articles_come_back_with_the_reason(self, analyst_client, article, format_, message):
        response = analyst_client.post(
            URL, {"step": "propose", "article-article": article, "article-format": format_}
        )
        assert response.context["forms"] is None
        assert message in " ".join(response.context["article_form"].errors["article"])

    def test_a_bad_date_names_the_field(self, analyst_client):
        response = propose(analyst_client, **{"article-published_on": "16 Aug"})
        assert "published_on" in response.context["article_form"].errors

    def test_a_source_and_a_free_name_together_are_refused(self, analyst_client, demo):
        cnn = Source.objects.get(slug="cnn")
        response = propose(
            analyst_client, **{"article-publisher": cnn.pk, "article-publisher_name": "Gazette"}
        )
        assert "publisher_name" in response.context["article_form"].errors

    def test_the_seed_article_gives_the_demo_proposals_beside_their_sentences(self, analyst_client, demo):
        response = propose(analyst_client)
        proposals = response.context["forms"].proposals.forms
        assert len(proposals) == 8
        page = response.content.decode()
        # The quote is marked inside its sentence.
        assert "Ukrainian soldiers told the BBC that <mark>Russian forces had been moved" in page
        politico = proposals[proposal_index(response, "politico", "Politico")]
        assert politico.initial["published_on"] == datetime.date(2024, 8, 13)
        assert politico.initial["date_hint"] == "On Tuesday"
        assert politico.initial["anonymous"] is True
        isw = proposals[proposal_index(response, "isw", "Institute for the Study of War")]
        assert (isw.initial["speaker"], isw.initial["anonymous"]) == ("", False)

    def test_html_is_read(self, analyst_client, demo):
        html = f"<html><body><article><p>{SEED.replace(chr(10), '</p><p>')}</p></article></body></html>"
        response = propose(analyst_client, html, **{"article-format": "html"})
        assert len(response.context["forms"].proposals.forms) == 8

    def test_unknown_sources_are_offered_for_creation(self, analyst_client, demo):
        response = propose(analyst_client, UNKNOWN)
        new = [form.initial["name"] for form in response.context["forms"].new_sources.forms]
        assert new == ["Kyiv Independent", "Reuters"]
        assert "new source" in response.content.decode()

    def test_an_article_with_no_attribution_says_so(self, analyst_client, demo):
        response = propose(analyst_client, "Troops moved north. Nobody knows why.")
        assert "No sentence of this article attributes" in response.content.decode()


class TestSaving:
    def test_keep_attach_and_save_in_one_go(self, analyst_client, analyst, demo):
        response = propose(analyst_client, **{"article-url": "https://example.org/kursk"})
        main = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        before_version = main.version
        data = step_two_data(response)
        keep(data, proposal_index(response, "isw", "Institute"), stance="supports", claim=main)
        statement = "Russia has moved troops from Zaporizhzhia and Kherson, but not its best units."
        keep(data, proposal_index(response, "politico", "Politico"), stance="supports", statement=statement)
        keep(
            data,
            proposal_index(response, "cnn", "best-trained"),
            stance="supports",
            confidence="low",
            statement=statement.upper(),  # the same statement: one new claim
        )
        before = rows_now()
        response = analyst_client.post(URL, data)
        assert response.status_code == 302, response.context["forms"].proposals.errors
        assert response["Location"] == reverse("admin:claims_claim_changelist")
        assert rows_now() == (before[0], before[1] + 1, before[2] + 3)

        main.refresh_from_db()
        assert main.version > before_version
        isw = main.citations.get(url="https://example.org/kursk")
        assert (isw.source.slug, isw.speaker, isw.anonymous, isw.quote, isw.created_by) == (
            "isw",
            "",
            False,
            "Russia has made confirmed advances nearby",
            analyst,
        )
        new = Claim.objects.get(statement=statement)
        assert new.status == "draft" and new.created_by == analyst
        citations = {c.source.slug: c for c in new.citations.all()}
        assert set(citations) == {"politico", "cnn"}
        assert citations["politico"].published_on == datetime.date(2024, 8, 13)
        assert citations["politico"].note == "Imported from an article; date inferred from “On Tuesday”."
        assert citations["cnn"].confidence.slug == "low"
        # The consensus was computed by the services.
        assert new.consensus_label == new.compute_consensus().label == "corroborated"
        assert new.consensus["independent_origins"] == 2
        assert new.history.count() == 1

        messages = [str(m) for m in response.wsgi_request._messages]
        assert any(
            "Saved 3 citations on 2 claims (1 new" in m and new.get_absolute_url() in m for m in messages
        )

    def test_the_claim_page_shows_the_imported_citation(self, analyst_client, demo):
        response = propose(analyst_client)
        claim = Claim.objects.get(slug="russian-forces-have-made-confirmed-advances-near-pokrovsk")
        data = keep(step_two_data(response), 0, stance="supports", claim=claim)
        assert analyst_client.post(URL, data).status_code == 302
        citation = claim.citations.get(source__slug="cnn")
        page = analyst_client.get(claim.get_absolute_url()).content.decode()
        assert f'id="citation-{citation.pk}" data-source="cnn" data-stance="supports"' in page
        assert "Two unnamed senior US officials" in page

    def test_unknown_sources_are_created_on_the_same_page(self, analyst_client, demo):
        response = propose(analyst_client, UNKNOWN)
        data = step_two_data(response)
        forms = response.context["forms"].new_sources.forms
        reuters = next(i for i, f in enumerate(forms) if f.initial["name"] == "Reuters")
        independent = next(i for i, f in enumerate(forms) if f.initial["name"] == "Kyiv Independent")
        data[f"newsource-{reuters}-create"] = "on"
        data[f"newsource-{reuters}-kind"] = "outlet"
        data[f"newsource-{independent}-create"] = "on"
        data[f"newsource-{independent}-name"] = "The Kyiv Independent"
        data[f"newsource-{independent}-kind"] = "outlet"
        keep(data, 0, stance="supports", statement="Troops were seen moving north of Kyiv.")
        response = analyst_client.post(URL, data)
        assert response.status_code == 302, response.context["forms"].proposals.errors
        citation = Citation.objects.get(claim__statement="Troops were seen moving north of Kyiv.")
        assert (citation.source.name, citation.source.kind, citation.source.reliability) == (
            "Reuters",
            "outlet",
            "F",
        )
        assert citation.relies_on.name == "The Kyiv Independent"

    def test_a_kept_unknown_source_must_be_created_or_replaced(self, analyst_client, demo):
        response = propose(analyst_client, UNKNOWN)
        data = keep(step_two_data(response), 0, stance="supports", statement="Troops were seen moving north.")
        before = rows_now()
        response = analyst_client.post(URL, data)
        assert response.status_code == 200
        assert "Create" in str(response.context["forms"].proposals.forms[0].errors["source"])
        assert rows_now() == before
        # Choosing an existing source instead is fine.
        data["proposal-0-source"] = str(Source.objects.get(slug="bbc").pk)
        assert analyst_client.post(URL, data).status_code == 302
        assert Citation.objects.get(claim__statement="Troops were seen moving north.").source.slug == "bbc"

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"stance": ""}, "stance"),
            ({"confidence": ""}, "confidence"),
            ({"statement": ""}, "claim"),  # neither a claim nor a statement
            ({"claim": "main"}, "claim"),  # both
            ({"source": ""}, "source"),
            ({"relies_on": "same"}, "relies_on"),
            ({"published_on": "not a date"}, "published_on"),
            ({"speaker": "x" * 301}, "speaker"),
        ],
    )
    def test_errors_come_back_on_the_form_and_nothing_is_saved(self, analyst_client, demo, change, field):
        response = propose(analyst_client)
        data = keep(step_two_data(response), 0, stance="supports", statement="A new claim from the article.")
        main = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        replacements = {"main": str(main.pk), "same": data["proposal-0-source"]}
        for name, value in change.items():
            data[f"proposal-0-{name}"] = replacements.get(value, value)
        keep(data, 1, stance="supports", claim=main)  # a good row alongside
        before = rows_now()
        response = analyst_client.post(URL, data)
        assert response.status_code == 200
        assert field in response.context["forms"].proposals.forms[0].errors
        assert "Nothing was saved" in response.content.decode()
        assert rows_now() == before

    def test_nothing_kept_is_an_error(self, analyst_client, demo):
        response = analyst_client.post(URL, step_two_data(propose(analyst_client)))
        assert response.status_code == 200
        assert "at least one proposal" in " ".join(response.context["forms"].errors)

    def test_importing_the_same_citation_twice_is_refused(self, analyst_client, demo):
        response = propose(analyst_client)
        claim = Claim.objects.get(slug="russian-forces-have-made-confirmed-advances-near-pokrovsk")
        data = keep(step_two_data(response), 0, stance="supports", claim=claim)
        assert analyst_client.post(URL, data).status_code == 302
        before = rows_now()
        response = analyst_client.post(URL, data)
        assert response.status_code == 200
        assert "already has a citation" in str(response.context["forms"].proposals.forms[0].errors)
        assert rows_now() == before

    def test_a_new_statement_that_a_claim_already_makes_is_refused(self, analyst_client, demo):
        response = propose(analyst_client)
        main = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        data = keep(step_two_data(response), 0, stance="supports", statement=main.statement.lower())
        response = analyst_client.post(URL, data)
        assert response.status_code == 200
        assert MAIN_CLAIM_SLUG in str(response.context["forms"].proposals.forms[0].errors["statement"])

    def test_a_failing_row_saves_nothing_at_all(self, analyst_client, demo, monkeypatch):
        """The service creates the sources, then the existing claims' citations, then the new
        claims; a failure in the last one rolls back the sources and citations already written."""
        response = propose(analyst_client, UNKNOWN + "\n" + SEED)
        data = step_two_data(response)
        data["newsource-0-create"] = "on"
        data["newsource-1-create"] = "on"
        main = Claim.objects.get(slug="russia-has-not-redeployed-its-best-trained-units-to-kursk")
        keep(data, 0, stance="supports", statement="Troops were seen moving north of Kyiv.")  # Reuters
        keep(data, 2, stance="supports", claim=main)
        keep(data, 3, stance="supports", claim=main)
        real_clean, real_import = Citation.clean, services.import_citations

        def clean(citation):
            if citation.source.name == "Reuters":
                raise ValidationError({"quote": "This one fails while being written."})
            return real_clean(citation)

        def import_then_fail(**kwargs):
            monkeypatch.setattr(Citation, "clean", clean)  # once the forms have been checked
            return real_import(**kwargs)

        monkeypatch.setattr(services, "import_citations", import_then_fail)
        before, main_version = rows_now(), main.version
        response = analyst_client.post(URL, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "fails while being written" in page and "Nothing was saved" in page
        assert rows_now() == before
        main.refresh_from_db()
        assert main.version == main_version
        assert not Source.objects.filter(name__in=["Reuters", "Kyiv Independent"]).exists()

    def test_may_not_create_claims_without_the_permission(self, client, demo):
        user = UserFactory(username="citer", is_staff=True)
        user.user_permissions.add(*Permission.objects.filter(codename__in=["add_citation", "view_claim"]))
        client.force_login(user)
        data = keep(step_two_data(propose(client)), 0, stance="supports", statement="A new claim.")
        response = client.post(URL, data)
        assert response.status_code == 200
        assert "may not create claims" in str(response.context["forms"].proposals.forms[0].errors)


class TestCost:
    @pytest.mark.parametrize("repeat", [1, 8])  # 8: 64 proposals, over a thousand fields posted
    def test_queries_do_not_grow_with_the_proposals(
        self, analyst_client, demo, repeat, django_assert_num_queries
    ):
        article = "\n".join([SEED] * repeat)
        # Session, user, permissions (user and group), the known sources, their ids by slug, the levels.
        with django_assert_num_queries(7):
            response = propose(analyst_client, article)
        assert len(response.context["forms"].proposals.forms) == 8 * repeat
        data = step_two_data(response)
        main = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
        for index in range(len(response.context["forms"].proposals.forms)):
            data[f"proposal-{index}-claim"] = str(main.pk)
        # Session, user, permissions (user and group), the levels, the sources and claims chosen.
        with django_assert_num_queries(7):
            response = analyst_client.post(URL, data)  # nothing kept: checked, shown again
        assert response.status_code == 200

    def test_levels_are_offered(self, analyst_client, demo):
        form = propose(analyst_client).context["forms"].proposals.forms[0]
        assert [slug for slug, _ in form.fields["confidence"].choices][1:] == list(
            ConfidenceLevel.objects.order_by("-rank").values_list("slug", flat=True)
        )


def test_the_demos_own_citations_are_recognised_as_already_there(analyst_client, demo):
    """The demo was read from the seed article: importing its BBC report onto the main claim again
    is refused, although the demo's quote starts with a capital and ends with a stop."""
    response = propose(analyst_client)
    main = Claim.objects.get(slug=MAIN_CLAIM_SLUG)
    data = keep(
        step_two_data(response), proposal_index(response, "bbc", "Ukrainian"), stance="supports", claim=main
    )
    response = analyst_client.post(URL, data)
    assert response.status_code == 200
    assert "already has a citation" in response.content.decode()


def test_a_new_source_needs_a_name_only_when_it_is_created(analyst_client, demo):
    response = propose(analyst_client, UNKNOWN)
    data = keep(step_two_data(response), 1, stance="supports", statement="The move was expected.")  # CNN
    data["newsource-0-name"] = ""  # not created: may stay blank
    assert analyst_client.post(URL, data).status_code == 302
    response = propose(analyst_client, UNKNOWN)
    data = keep(step_two_data(response), 1, stance="supports", statement="The move was expected, again.")
    data["newsource-0-create"] = "on"
    data["newsource-0-name"] = " "
    response = analyst_client.post(URL, data)
    assert response.status_code == 200
    assert "Give the new source a name" in str(response.context["forms"].new_sources.forms[0].errors)
