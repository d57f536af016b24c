"""The desk's search: each shape of term finds its case through its own index, and a
term of the wrong shape finds nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from cases.desk.search import search
from cases.models import Case
from tests.factories import CaseFactory, UserFactory

from .world import listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(carrier):
    owner = UserFactory(email="casey.jones@example.com")
    case = CaseFactory(owner=owner, carrier=carrier, phone_number="+12025550143",
                       state="done")
    return case


@pytest.fixture
def decoy(carrier):
    return CaseFactory(owner=UserFactory(email="sam@example.org"), carrier=carrier,
                       phone_number="+12025559876", state="verifying")


def found(client, term: str) -> list[str]:
    return listed(client, q=term)


@pytest.mark.parametrize("spelling", [
    "{ref}", "{lower}", "{ref_start}", "{ref_start_lower}", "{no_dashes}", " {ref} ",
])
def test_agent_finds_a_case_by_its_reference_or_its_start(agent_client, target, decoy,
                                                          spelling):
    ref = target.reference
    term = spelling.format(ref=ref, lower=ref.lower(), ref_start=ref[:7],
                           ref_start_lower=ref[:7].lower(), no_dashes=ref.replace("-", ""))
    assert target.reference in found(agent_client, term)
    assert decoy.reference not in found(agent_client, ref)


def test_agent_finds_a_case_by_its_verification_code(agent_client, target, decoy):
    assert found(agent_client, target.verification_code) == [target.reference]
    assert found(agent_client, target.verification_code.lower()) == [target.reference]


@pytest.mark.parametrize("spelling", [
    "+12025550143", "+1 202 555 0143", "+1 (202) 555-0143", "2025550143", "202-555-0143",
    "(202) 555 0143", "12025550143", "1 202 555 0143",
])
def test_agent_finds_a_case_by_the_whole_number_in_any_spelling(agent_client, target, decoy,
                                                                spelling):
    assert found(agent_client, spelling) == [target.reference]


def test_agent_finds_a_case_by_the_last_four_digits(agent_client, target, decoy):
    assert found(agent_client, "0143") == [target.reference]
    assert found(agent_client, "9876") == [decoy.reference]


@pytest.mark.parametrize("term", ["casey.jones@example.com", "CASEY.JONES@EXAMPLE.COM",
                                  "casey.jones@ex", "casey.j", "Casey"])
def test_agent_finds_a_case_by_the_customers_email_or_its_start(agent_client, target, decoy,
                                                                 term):
    assert found(agent_client, term) == [target.reference]


@pytest.mark.parametrize("term", [
    "LX-2222-2222",            # a reference nobody has
    "LX-ZZZZ",                 # a prefix nobody has
    "ZZZZZZZZZZ",              # a code nobody has
    "+1 202 555 0199",         # another number
    "0199",                    # other last four
    "nobody@example.com",      # another email
    "example.com",             # the end of an email is not its start
    "555",                     # too few digits for a number, not four
    "%",                       # no shape at all
    "202555014",               # a number cut short
])
def test_a_term_of_the_wrong_shape_or_value_finds_nothing(agent_client, target, decoy, term):
    assert found(agent_client, term) == []


def test_the_page_says_how_the_term_was_read(agent_client, target):
    response = agent_client.get("/desk/", {"q": "0143"})
    assert "last four digits" in response.content.decode()


def test_search_queries_do_not_grow_with_cases(agent_client, carrier, agent,
                                               django_assert_num_queries):
    from .world import bulk_cases

    cases = bulk_cases(10, carrier, agent=agent)
    email_start = cases[0].owner.email.split("@")[0] + "@"
    # A number typed without "+" is read in each carrier's country: one query for those.
    # An email reads the matching customers first: one query for those.
    # Each term finds cases at both sizes (a page with no keys skips reading their rows).
    terms = {"0003": 6, "+1 202 555 0003": 6, "2025550003": 7, "LX": 6, email_start: 7}
    for term, expected in terms.items():
        agent_client.get("/desk/", {"q": term})
        with django_assert_num_queries(expected):
            response = agent_client.get("/desk/", {"q": term})
        assert response.context["rows"], term
    bulk_cases(500, carrier, agent=agent)
    for term, expected in terms.items():
        with django_assert_num_queries(expected):
            response = agent_client.get("/desk/", {"q": term})
        assert response.context["rows"], term


# --- The plans: on PostgreSQL every shape and every view can be served by an index --------

SHAPES = ["LX-7KQ2", "LX-7KQ2-M9XD", "ABCDEFGH23", "+1 202 555 0143", "0143",
          "casey@example.com"]


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        # With sequential scans priced out, a Seq Scan in the plan means no index can serve
        # the query (the tables here are tiny, so the planner would otherwise prefer one).
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.postgres
@pytest.mark.parametrize("term", SHAPES)
def test_every_search_shape_has_an_index(target, term):
    result = search(Case.objects.all(), term)
    assert result.cases is not None
    text = plan(result.cases.order_by(*result.order)[:51])
    assert "Seq Scan" not in text, text


@pytest.mark.postgres
def test_every_queue_view_has_an_index(target, agent):
    from django.utils import timezone

    from cases.desk.queues import VIEWS

    for view in VIEWS.values():
        queryset = view.cases(Case.objects.all(), agent, timezone.now())
        text = plan(queryset.select_related("carrier", "owner", "assigned_agent")
                    .order_by(*view.order)[:51])
        assert "Seq Scan on cases_case" not in text, (view.slug, text)
        assert "Seq Scan on portal_user" not in text, (view.slug, text)


def test_search_results_page_on_without_repeats(agent_client, carrier):
    from .world import bulk_cases

    bulk_cases(130, carrier)  # five customers, person…@example.com
    owner_start = Case.objects.first().owner.email[:6]
    for term in ["LX", owner_start]:  # a reference prefix, an email prefix: 130 cases each
        response = agent_client.get("/desk/", {"q": term})
        first = [row.reference for row in response.context["rows"]]
        cursor = response.context["page"].next_cursor
        assert len(first) == 50 and cursor, term
        second = listed(agent_client, q=term, after=cursor)
        assert len(second) == 50 and not set(first) & set(second), term
