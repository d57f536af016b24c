from django.urls import path

from . import views
from .models import ESIM_GUIDE_SLUG

app_name = "content"

urlpatterns = [
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("carriers/<slug:slug>/", views.carrier_detail, name="carrier"),
    path("faq/", views.faq, name="faq"),
    path("privacy/", views.privacy, name="privacy"),
    path("esim/", views.guide_detail, {"slug": ESIM_GUIDE_SLUG}, name="esim"),
]
