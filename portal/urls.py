from django.contrib import admin
from django.urls import include, path

from cases import inbound
from content import views as content_views

from . import health, metrics, views

urlpatterns = [
    path("", content_views.home, name="home"),
    path("", include("content.urls")),
    path("cases/", include("cases.urls")),
    path("desk/", include("cases.desk.urls")),
    # Mailgun posts the raw message to a URL that ends with "mime", parsed fields otherwise.
    path("inbound/mailgun/mime", inbound.mailgun_webhook, name="inbound_mailgun_mime"),
    path("inbound/mailgun/", inbound.mailgun_webhook, name="inbound_mailgun"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/preferences/", views.preferences, name="preferences"),
    path("accounts/staff/", include("staff_invites.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
