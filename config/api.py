from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api.intake import IntakeView
from claims.api.views import (
    CitationViewSet,
    ClaimViewSet,
    ConfidenceLevelViewSet,
    QuestionViewSet,
    SourceViewSet,
    TopicViewSet,
)

router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("citations", CitationViewSet, basename="citation")
router.register("sources", SourceViewSet, basename="source")
router.register("topics", TopicViewSet, basename="topic")
router.register("confidence-levels", ConfidenceLevelViewSet, basename="confidence-level")
router.register("questions", QuestionViewSet, basename="question")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so Swagger UI runs under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("intake/", IntakeView.as_view(), name="intake"),
    path("", include(router.urls)),
]
