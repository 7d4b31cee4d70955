"""Test data. Claims, citations, sources, levels and topics are saved through claims.services, as the
app saves them, so their derived fields, versions and history are what the app would store."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from claims import services
from claims.models import Citation, Claim, ConfidenceLevel, Question, Topic
from sources.models import Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def post_save(user, create, extracted, **kwargs):
        if create:
            user.save()


class AnalystFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def analysts_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name="Analysts"))


def saved_by(save):
    """A factory `_create` that saves the new object with a claims.services function."""

    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        save(instance)
        return instance

    return classmethod(_create)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    _create = saved_by(lambda source: services.save_source(source=source))

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    kind = Source.Kind.OUTLET
    reliability = Source.Reliability.B


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    _create = saved_by(lambda topic: services.save_topic(topic=topic))

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


def confidence(slug="moderate"):
    """The migration-created levels: high (1.0), moderate (0.6), low (0.3)."""
    return ConfidenceLevel.objects.get(slug=slug)


class ConfidenceLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidenceLevel

    _create = saved_by(lambda level: services.save_confidence_level(level=level))

    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")
    rank = factory.Sequence(lambda n: 100 + n)
    weight = Decimal("0.50")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    _create = saved_by(lambda claim: services.save_claim(claim=claim))

    statement = factory.Sequence(lambda n: f"Claim number {n} about troop movements near Kursk.")
    slug = factory.Sequence(lambda n: f"claim-{n}")
    status = Claim.Status.PUBLISHED

    @factory.post_generation
    def topics(claim, create, extracted, **kwargs):
        if create and extracted:
            services.save_claim(claim=claim, fields=[], topics=extracted)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    _create = saved_by(lambda citation: services.save_citation(citation=citation))

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Citation.Stance.SUPPORTS
    confidence = factory.LazyFunction(confidence)
    quote = factory.Sequence(lambda n: f"Quote number {n}: units were seen moving towards the border.")
    speaker = "An unnamed official"
    anonymous = True
    published_on = factory.Sequence(lambda n: datetime.date(2024, 8, 1) + datetime.timedelta(days=n % 28))


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; pass `hypotheses=[claim, …]` (in order) and `topics=[…]`."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"How many troops moved, question {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")

    @classmethod
    def _create(cls, model_class, *args, hypotheses=(), topics=(), **kwargs):
        question = model_class(*args, **kwargs)
        return services.save_question(question=question, hypotheses=list(hypotheses), topics=list(topics))
