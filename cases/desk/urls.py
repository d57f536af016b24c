from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    # Before the case page: "figures" is not a reference, but the pattern would take it.
    path("figures/", views.figures, name="figures"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/start/", views.start_review, name="start"),
    path("<str:reference>/ask/", views.ask, name="ask"),
    path("<str:reference>/complete/", views.complete, name="complete"),
    path("<str:reference>/reject/", views.reject, name="reject"),
    path("<str:reference>/messages/", views.message, name="message"),
    path("<str:reference>/assign/", views.assign, name="assign"),
]
