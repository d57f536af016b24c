"""Lineout's own 400, 403, 404, 429 and 500 pages, shown whenever DEBUG is off: in the
reader's language, with a way back (home, your cases), never Django's debug pages. The 400
and 500 pages render without a request context or the database."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.utils import translation
from django.views import defaults

from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("something broke")


# The portal's URLs plus one that fails, for the 500 page.
urlpatterns = [path("broken/", broken_view), path("", include("portal.urls"))]

ACCEPT = {"en": "en-US,en;q=0.9", "zh-hans": "zh-CN,zh;q=0.9"}
HEADINGS = {
    404: {"en": "Page not found", "zh-hans": "找不到页面"},
    403: {"en": "You cannot open this page", "zh-hans": "您无法打开此页面"},
    429: {"en": "Too many tries", "zh-hans": "尝试次数过多"},
    400: {"en": "Something in that request was not right", "zh-hans": "请求有误"},
    500: {"en": "Something went wrong on our side", "zh-hans": "我们这边出了问题"},
}
WAY_BACK = {"en": ("Go to the home page", "Your cases"), "zh-hans": ("返回首页", "您的申请")}
DEBUG_PAGE_WORDS = ("Using the URLconf", "Traceback", "DEBUG = True", "technical_", "Request Method")


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def assert_lineout_page(response, status: int, language: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{HEADINGS[status][language]}</h1>" in page
    assert f"<title>{HEADINGS[status][language]} · Lineout</title>" in page
    home, cases = WAY_BACK[language]
    assert f'href="{reverse("home")}">{home}</a>' in page
    assert f'href="{reverse("cases:list")}">{cases}</a>' in page
    assert not [word for word in DEBUG_PAGE_WORDS if word in page]
    return page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_another_customers_case_answers_lineouts_404(language):
    someone_else = CaseFactory()
    client = Client()
    client.force_login(UserFactory(language=language))
    assert_lineout_page(client.get(someone_else.get_absolute_url()), 404, language)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_unknown_address_answers_lineouts_404_to_a_visitor(language):
    response = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language]).get("/no-such-page/")
    assert_lineout_page(response, 404, language)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_customer_at_the_admin_gets_lineouts_403(language):
    client = Client()
    client.force_login(UserFactory(language=language))
    assert_lineout_page(client.get(reverse("admin:login")), 403, language)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_too_many_sign_in_attempts_get_lineouts_429(language):
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    for attempt in range(31):
        response = client.post(reverse("account_login"),
                               {"login": f"guess{attempt}@example.com", "password": "wrong"})
    assert_lineout_page(response, 429, language)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_malformed_request_gets_lineouts_400(language, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    response = client.post(reverse("account_login"), {f"field{n}": "x" for n in range(20)})
    assert_lineout_page(response, 400, language)


def test_a_host_we_do_not_serve_gets_the_400_page_without_a_request_context():
    # The page cannot ask the request for its host: that is what failed (and before any
    # middleware chose a language, so the page is in the language already active).
    with translation.override("en"):
        response = Client().get("/", HTTP_HOST="evil.example")
    assert_lineout_page(response, 400, "en")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_failure_gets_lineouts_500_page(language, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language], raise_request_exception=False)
    assert_lineout_page(client.get("/broken/"), 500, language)


def test_the_500_page_needs_neither_the_database_nor_a_request_context(
        django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0), translation.override("zh-hans"):
        response = defaults.server_error(request)
    assert_lineout_page(response, 500, "zh-hans")
