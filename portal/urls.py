from django.contrib import admin
from django.urls import include, path

from accounts_data import views as accounts_data_views
from cases import inbound, verify_views
from content import views as content_views

from . import health, metrics, views

urlpatterns = [
    path("", content_views.home, name="home"),
    path("", include("content.urls")),
    path("cases/", include("cases.urls")),
    path("desk/", include("cases.desk.urls")),
    # Public, no sign-in: anyone holding a closing confirmation checks it here.
    path("verify/<str:code>/", verify_views.verify, name="verify"),
    # Mailgun posts the raw message to a URL that ends with "mime", parsed fields otherwise.
    path("inbound/mailgun/mime", inbound.mailgun_webhook, name="inbound_mailgun_mime"),
    path("inbound/mailgun/", inbound.mailgun_webhook, name="inbound_mailgun"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/preferences/", views.preferences, name="preferences"),
    path("accounts/staff/", include("staff_invites.urls")),
    path("accounts/data/", include("accounts_data.urls")),
    path("accounts/sign-in-methods/", accounts_data_views.sign_in_methods,
         name="sign_in_methods"),
    # Two of allauth's views, adapted (accounts_data/views.py): same paths and names.
    path("accounts/login/code/confirm/", accounts_data_views.confirm_login_code,
         name="account_confirm_login_code"),
    path("accounts/2fa/webauthn/login/", accounts_data_views.login_webauthn,
         name="mfa_login_webauthn"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
