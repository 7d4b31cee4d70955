from django.urls import path

from . import views
from .feeds import ClaimsFeed

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("claims.csv", views.claims_csv, name="csv"),
    path("citations.csv", views.citations_csv, name="citations-csv"),
    path("claims/<slug:slug>/", views.claim_detail, name="detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("matrix/", views.matrix, name="matrix"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<slug:slug>/", views.question_detail, name="question"),
    path("feeds/claims/", ClaimsFeed(), name="feed"),
]
