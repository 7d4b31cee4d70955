"""Relations between claims: contradicts, refines, duplicates; read both ways, written from one side."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from claims import cache, services
from claims.models import Claim, ClaimRelation
from tests.claims_tests.test_admin import claim_form
from tests.factories import CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    return {name: ClaimFactory(slug=name, statement=f"Claim {name}.") for name in "abcde"}


def relations(client, slug):
    response = client.get(f"/api/claims/{slug}/")
    assert response.status_code == 200
    return [(r["kind"], r["claim"]) for r in response.json()["relations"]]


def version(slug):
    return Claim.objects.get(slug=slug).version


class TestReadingBothWays:
    def test_contradicts_and_duplicates_read_the_same_from_both_sides_refines_as_refined_by(
        self, client, claims
    ):
        a, b, c, d = (claims[name] for name in "abcd")
        services.set_relations(claim=a, relations=[("refines", c), ("contradicts", b)])
        services.set_relations(claim=d, relations=[("duplicates", a)])
        # Sorted by kind, then the other claim's slug.
        assert relations(client, "a") == [("contradicts", "b"), ("duplicates", "d"), ("refines", "c")]
        assert relations(client, "b") == [("contradicts", "a")]
        assert relations(client, "c") == [("refined_by", "a")]
        assert relations(client, "d") == [("duplicates", "a")]
        assert relations(client, "e") == []

    def test_a_contradiction_written_from_both_sides_shows_once(self, client, claims):
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["b"])])
        services.set_relations(claim=claims["b"], relations=[("contradicts", claims["a"])])
        assert relations(client, "a") == [("contradicts", "b")]
        assert relations(client, "b") == [("contradicts", "a")]

    def test_list_carries_relations_in_a_fixed_number_of_queries(
        self, client, claims, django_assert_max_num_queries
    ):
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["b"])])
        results = {c["slug"]: c["relations"] for c in client.get("/api/claims/").json()["results"]}
        assert results["a"] == [{"kind": "contradicts", "claim": "b"}]
        assert results["b"] == [{"kind": "contradicts", "claim": "a"}]
        assert results["c"] == []

    def test_a_relation_to_a_draft_is_hidden_from_readers_but_not_from_analysts(self, analyst_api, claims):
        client = APIClient()
        secret = ClaimFactory(slug="secret-draft", status="draft", statement="A secret draft.")
        services.set_relations(
            claim=claims["a"], relations=[("refines", secret), ("contradicts", claims["b"])]
        )
        assert relations(client, "a") == [("contradicts", "b")]
        page = client.get("/claims/a/").content.decode()
        assert "secret-draft" not in page and "A secret draft." not in page
        assert relations(analyst_api, "a") == [("contradicts", "b"), ("refines", "secret-draft")]


class TestWriting:
    def test_writing_replaces_only_the_claims_own_relations(self, analyst_api, claims):
        a, b, c = claims["a"], claims["b"], claims["c"]
        services.set_relations(claim=a, relations=[("contradicts", b)])
        services.set_relations(claim=b, relations=[("refines", c)])
        response = analyst_api.patch(
            "/api/claims/b/", {"relations": [{"kind": "duplicates", "claim": "c"}]}, format="json"
        )
        assert response.status_code == 200, response.json()
        # b's own refines gave way to duplicates; a's contradiction of b is a's, and stays.
        assert [(r["kind"], r["claim"]) for r in response.json()["relations"]] == [
            ("contradicts", "a"),
            ("duplicates", "c"),
        ]
        assert set(ClaimRelation.objects.values_list("from_claim__slug", "kind", "to_claim__slug")) == {
            ("a", "contradicts", "b"),
            ("b", "duplicates", "c"),
        }

    def test_patch_without_relations_leaves_them_and_an_empty_list_clears_them(self, analyst_api, claims):
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["b"])])
        analyst_api.patch("/api/claims/a/", {"context": "More context."}, format="json")
        assert ClaimRelation.objects.count() == 1
        response = analyst_api.patch("/api/claims/a/", {"relations": []}, format="json")
        assert response.status_code == 200 and response.json()["relations"] == []
        assert not ClaimRelation.objects.exists()

    def test_post_creates_a_claim_with_its_relations(self, analyst_api, claims):
        response = analyst_api.post(
            "/api/claims/",
            {
                "statement": "Only a few hundred troops moved.",
                "relations": [{"kind": "contradicts", "claim": "a"}, {"kind": "refines", "claim": "b"}],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        slug = response.json()["slug"]
        assert [(r["kind"], r["claim"]) for r in response.json()["relations"]] == [
            ("contradicts", "a"),
            ("refines", "b"),
        ]
        assert relations(analyst_api, "b") == [("refined_by", slug)]

    def test_versions_of_both_claims_bump_and_only_theirs(self, claims):
        before = {name: version(name) for name in "abcde"}
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["b"])])
        assert {name: version(name) - before[name] for name in "abcde"} == {
            "a": 1,
            "b": 1,
            "c": 0,
            "d": 0,
            "e": 0,
        }
        # Replacing b by c: a, the claim that lost the relation and the one that gained it.
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["c"])])
        assert {name: version(name) - before[name] for name in "abcde"} == {
            "a": 2,
            "b": 2,
            "c": 1,
            "d": 0,
            "e": 0,
        }
        # The same relations again change nothing, so no version moves.
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["c"])])
        assert version("a") - before["a"] == 2 and version("c") - before["c"] == 1

    def test_the_cache_epoch_moves_on_commit(self, claims, django_capture_on_commit_callbacks):
        before = cache.global_version()
        with django_capture_on_commit_callbacks(execute=True):
            services.set_relations(claim=claims["a"], relations=[("refines", claims["b"])])
        assert cache.global_version()[1] > before[1]

    def test_save_claim_takes_relations_too(self, claims):
        claim = claims["a"]
        claim.context = "Edited."
        services.save_claim(claim=claim, fields=["context"], relations=[("duplicates", claims["e"])])
        assert list(ClaimRelation.objects.values_list("kind", "to_claim__slug")) == [("duplicates", "e")]

    def test_anonymous_write_is_401(self, claims):
        response = APIClient().patch(
            "/api/claims/a/", {"relations": [{"kind": "contradicts", "claim": "b"}]}, format="json"
        )
        assert response.status_code == 401


class TestBadInput:
    @pytest.mark.parametrize(
        "relation, message",
        [
            ({"kind": "refines", "claim": "a"}, "cannot relate to itself"),
            ({"kind": "refined_by", "claim": "b"}, "write refines on the claim"),
            ({"kind": "likes", "claim": "b"}, "not a valid choice"),
            ({"kind": "contradicts", "claim": "no-such-claim"}, "No claim has the slug “no-such-claim”"),
            ({"kind": "contradicts"}, "required"),
        ],
    )
    def test_a_clear_400_naming_relations(self, analyst_api, claims, relation, message):
        response = analyst_api.patch("/api/claims/a/", {"relations": [relation]}, format="json")
        assert response.status_code == 400
        assert message in str(response.json()["relations"])
        assert not ClaimRelation.objects.exists()

    def test_relations_must_be_a_list(self, analyst_api, claims):
        response = analyst_api.patch("/api/claims/a/", {"relations": "b"}, format="json")
        assert response.status_code == 400 and "relations" in response.json()

    def test_a_two_claim_duplicates_cycle_is_a_400(self, analyst_api, claims):
        services.set_relations(claim=claims["a"], relations=[("duplicates", claims["b"])])
        response = analyst_api.patch(
            "/api/claims/b/", {"relations": [{"kind": "duplicates", "claim": "a"}]}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["relations"] == [
            "Duplicates cannot go round in a circle: “b” duplicates “a” duplicates “b”. A duplicate "
            "points at its canonical claim, which duplicates nothing in the circle."
        ]
        assert relations(analyst_api, "b") == [("duplicates", "a")]  # a's, unchanged

    def test_a_longer_cycle_is_refused_too_and_other_kinds_may_loop(self, claims):
        a, b, c = claims["a"], claims["b"], claims["c"]
        services.set_relations(claim=a, relations=[("duplicates", b)])
        services.set_relations(claim=b, relations=[("duplicates", c)])
        with pytest.raises(ValidationError) as error:
            services.set_relations(claim=c, relations=[("duplicates", a)])
        assert "“c” duplicates “a” duplicates “b” duplicates “c”" in error.value.message_dict["relations"][0]
        # Contradictions and refinements carry no direction that a loop would break.
        services.set_relations(claim=c, relations=[("contradicts", a), ("refines", b)])
        services.set_relations(claim=b, relations=[("duplicates", c), ("refines", c)])

    def test_the_service_refuses_a_relation_to_itself(self, claims):
        with pytest.raises(ValidationError) as error:
            services.set_relations(claim=claims["a"], relations=[("contradicts", claims["a"])])
        assert "relations" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.set_relations(claim=claims["a"], relations=[("friends", claims["b"])])


class TestAdmin:
    def change(self, client, claim, relations=(), initial=()):
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        data = claim_form(
            statement=claim.statement,
            status=claim.status,
            seen_version=str(Claim.objects.get(pk=claim.pk).version),
            relations=relations,
            initial_relations=initial,
        )
        return client.post(url, data)

    def test_the_inline_adds_a_relation_through_the_service(self, analyst_client, claims):
        response = self.change(
            analyst_client, claims["a"], [{"kind": "contradicts", "to_claim": claims["b"].pk}]
        )
        assert response.status_code == 302
        assert list(ClaimRelation.objects.values_list("kind", "to_claim__slug")) == [("contradicts", "b")]
        assert version("b") == 2  # the other side's version moved too

    def test_a_relation_to_itself_is_a_form_error(self, analyst_client, claims):
        response = self.change(analyst_client, claims["a"], [{"kind": "refines", "to_claim": claims["a"].pk}])
        assert response.status_code == 200
        assert "A claim cannot relate to itself." in response.content.decode()
        assert not ClaimRelation.objects.exists()

    def test_a_duplicates_cycle_is_a_form_error(self, analyst_client, claims):
        services.set_relations(claim=claims["b"], relations=[("duplicates", claims["a"])])
        response = self.change(
            analyst_client, claims["a"], [{"kind": "duplicates", "to_claim": claims["b"].pk}]
        )
        assert response.status_code == 200
        assert "Duplicates cannot go round in a circle" in response.content.decode()
        assert ClaimRelation.objects.count() == 1

    def test_removing_a_relation_in_the_inline(self, analyst_client, claims):
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["b"])])
        relation = ClaimRelation.objects.get()
        initial = [{"id": relation.pk, "kind": "contradicts", "to_claim": claims["b"].pk, "DELETE": "on"}]
        response = self.change(analyst_client, claims["a"], initial=initial)
        assert response.status_code == 302
        assert not ClaimRelation.objects.exists()

    def test_the_change_form_renders_with_relations(self, analyst_client, claims):
        services.set_relations(claim=claims["a"], relations=[("contradicts", claims["b"])])
        response = analyst_client.get(reverse("admin:claims_claim_change", args=[claims["a"].pk]))
        assert response.status_code == 200
        assert "relations to other claims" in response.content.decode().lower()


class TestClaimPage:
    def test_lists_relations_with_links(self, client, claims):
        CitationFactory(claim=claims["b"])
        services.set_relations(
            claim=claims["a"], relations=[("contradicts", claims["b"]), ("refines", claims["c"])]
        )
        page = client.get("/claims/a/").content.decode()
        assert '<li data-relation="contradicts" data-claim="b">' in page
        assert 'href="/claims/b/">Claim b.</a>' in page and 'href="/claims/c/">Claim c.</a>' in page
        assert ">Refines</span>" in page
        other = client.get("/claims/c/").content.decode()
        assert ">Refined by</span>" in other and 'href="/claims/a/">Claim a.</a>' in other

    def test_a_duplicate_points_readers_to_its_canonical_claim(self, client, claims):
        services.set_relations(claim=claims["d"], relations=[("duplicates", claims["a"])])
        page = client.get("/claims/d/").content.decode()
        assert 'data-duplicates="a"' in page
        assert 'This claim duplicates <a href="/claims/a/">Claim a.</a>' in page
        # The canonical claim lists its duplicate, without the notice.
        canonical = client.get("/claims/a/").content.decode()
        assert "This claim duplicates" not in canonical and ">Duplicated by</span>" in canonical
