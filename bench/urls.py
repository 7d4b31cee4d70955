from django.urls import path

from bench.views import floor
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *app_urlpatterns]
