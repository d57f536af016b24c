"""The project's URLs, unchanged, plus ``/bench/trivial/``: the ceiling a page can reach on
this stack (middleware, session lookup for a visitor without a cookie, a tiny template)."""

from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone


def trivial(request):
    return render(request, "bench/trivial.html", {"now": timezone.now()})


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("portal.urls")),
]
