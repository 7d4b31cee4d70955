from django.contrib import admin
from django.urls import include, path

from config.views import favicon, healthz

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"

admin.site.site_header = "Corroborate: analysts' workspace"
admin.site.site_title = "Corroborate admin"
admin.site.index_title = "Claims, citations and sources"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/", include(("config.api", "api"))),
    path("sources/", include("claims.source_urls")),
    path("", include("claims.urls")),
]
