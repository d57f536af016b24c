"""The case workflow: every move from every state by every kind of user, preconditions,
status emails, and two agents racing on one case."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils import translation

from cases import emails, workflow
from cases.models import Case, CaseEvent
from cases.reference import ALPHABET
from cases.workflow import MOVES, TransitionNotAllowed
from content.models import EmailCopy
from portal.models import OutboundEmail
from tests.factories import (
    AgentFactory,
    CarrierFactory,
    CaseFactory,
    ChecklistItemFactory,
    DocumentFactory,
    EditorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

State = Case.State

# The workflow as DESIGN.md states it, written out here on purpose: the code's table is
# checked against it instead of being trusted to test itself.
DESIGN_MOVES = {
    "submit": ({"draft"}, "submitted", "owner"),
    "start_verification": ({"submitted"}, "verifying", "agent"),
    "request_info": ({"verifying"}, "needs_info", "agent"),
    "provide_info": ({"needs_info"}, "verifying", "owner"),
    "complete": ({"verifying"}, "done", "agent"),
    "reject": ({"verifying"}, "rejected", "agent"),
    "withdraw": ({"draft", "submitted", "verifying", "needs_info"}, "withdrawn", "owner"),
    "expire": ({"draft"}, "withdrawn", "system"),
}
EMAIL_KEYS = {
    "submit": "case_submitted", "start_verification": "case_verifying",
    "request_info": "case_needs_info", "provide_info": "case_info_provided",
    "complete": "case_done", "reject": "case_rejected", "withdraw": "case_withdrawn",
    "expire": "case_expired",
}
MOVE_ARGUMENTS = {
    "request_info": {"message": "Please upload a bill that shows the account holder's name."},
    "provide_info": {"message": "I uploaded my March bill."},
    "reject": {"reason": "The account belongs to someone else."},
    # Any moment after the draft's last change: the matrix tests who and from where;
    # tests/test_drafts.py tests the clock.
    "expire": {"untouched_since": datetime(9999, 12, 31, tzinfo=UTC)},
}
# "system" is nobody (by=None): the portal itself.
ACTORS = ["owner", "second_customer", "agent", "editor", "system"]
STATES = list(State.values)


@pytest.fixture
def agent(db):
    return AgentFactory(first_name="Avery")


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def carrier(db):
    carrier = CarrierFactory(name="T-Mobile")
    ChecklistItemFactory(key="bills-settled", label="My bills are paid")
    ChecklistItemFactory(key="logins-moved", label="Bank logins moved", carrier=carrier)
    ChecklistItemFactory(key="contacts-saved", label="Contacts backed up", required=False)
    return carrier


@pytest.fixture
def world(customer, second_customer, agent, editor):
    return {"owner": customer, "second_customer": second_customer, "agent": agent,
            "editor": editor, "system": None}


def make_case(owner, carrier, state="draft", **fields) -> Case:
    return CaseFactory(owner=owner, carrier=carrier, state=state, ready_to_submit=True, **fields)


def nothing_written(case: Case, before: dict) -> None:
    assert Case.objects.values().get(pk=case.pk) == before
    assert not CaseEvent.objects.filter(case=case).exists()
    assert not OutboundEmail.objects.exists()


# --- The table --------------------------------------------------------------------------


def test_the_workflow_table_is_the_one_in_the_design():
    table = {name: ({str(s) for s in move.sources}, str(move.target), str(move.who))
             for name, move in MOVES.items()}
    assert table == DESIGN_MOVES
    assert {name: str(move.email) for name, move in MOVES.items()} == EMAIL_KEYS


# --- The whole move matrix: every state × every move × every kind of user ---------------


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("move", list(DESIGN_MOVES))
@pytest.mark.parametrize("state", STATES)
def test_move_matrix(world, carrier, state, move, actor_name):
    sources, target, who = DESIGN_MOVES[move]
    case = make_case(world["owner"], carrier, state)
    actor = world[actor_name]
    before = Case.objects.values().get(pk=case.pk)

    if state in sources and actor_name == who:
        getattr(case, move)(by=actor, **MOVE_ARGUMENTS.get(move, {}))

        assert case.state == target
        case.refresh_from_db()
        assert case.state == target
        event = CaseEvent.objects.get(case=case)
        assert (event.kind, event.from_state, event.to_state, event.actor) == (
            CaseEvent.Kind.TRANSITION, state, target, actor)
        assert event.customer_visible
        email = OutboundEmail.objects.get()
        assert email.kind == f"case/{EMAIL_KEYS[move]}"
        assert email.recipient == world["owner"]
        assert email.to == [world["owner"].email]
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(case, move)(by=actor, **MOVE_ARGUMENTS.get(move, {}))
        assert case.state == state
        nothing_written(case, before)


# --- Each move, as a behaviour ----------------------------------------------------------


def test_customer_can_submit_a_ready_case(customer, carrier):
    case = make_case(customer, carrier)
    case.submit(by=customer)
    assert case.state == State.SUBMITTED
    assert case.submitted_at == case.entered_state_at
    assert case.closed_at is None


def test_agent_cannot_submit_a_customers_case(customer, carrier, agent):
    case = make_case(customer, carrier)
    with pytest.raises(TransitionNotAllowed, match="Only the customer who opened this case"):
        case.submit(by=agent)


def test_second_customer_cannot_withdraw_someone_elses_case(customer, second_customer, carrier):
    case = make_case(customer, carrier, "submitted")
    with pytest.raises(TransitionNotAllowed, match="can withdraw it"):
        case.withdraw(by=second_customer)


def test_agent_can_start_verification_and_becomes_the_cases_agent(customer, carrier, agent):
    case = make_case(customer, carrier, "submitted")
    case.start_verification(by=agent)
    assert case.state == State.VERIFYING
    assert case.assigned_agent == agent
    case.refresh_from_db()
    assert case.assigned_agent == agent


def test_starting_verification_keeps_an_agent_already_assigned(customer, carrier, agent):
    other_agent = AgentFactory()
    case = make_case(customer, carrier, "submitted", assigned_agent=other_agent)
    case.start_verification(by=agent)
    assert case.assigned_agent == other_agent


def test_agent_can_ask_for_information_and_customer_can_answer(customer, carrier, agent):
    case = make_case(customer, carrier, "verifying")
    case.request_info(by=agent, message="  Which address is on the bill?  ")
    assert case.state == State.NEEDS_INFO
    case.provide_info(by=customer, message="12 Harbor Lane")
    assert case.state == State.VERIFYING
    question, answer = CaseEvent.objects.filter(case=case)
    assert (question.message, question.actor) == ("Which address is on the bill?", agent)
    assert (answer.message, answer.actor) == ("12 Harbor Lane", customer)
    assert question.customer_visible and answer.customer_visible


def test_agent_can_complete_a_case_which_gets_a_verification_code(customer, carrier, agent):
    case = make_case(customer, carrier, "verifying")
    case.complete(by=agent)
    assert case.state == State.DONE
    assert case.closed_at == case.entered_state_at
    assert len(case.verification_code) == 10
    assert set(case.verification_code) <= set(ALPHABET)
    assert Case.objects.get(pk=case.pk).verification_code == case.verification_code


def test_completed_cases_get_different_verification_codes(customer, carrier, agent):
    codes = set()
    for _ in range(5):
        case = make_case(customer, carrier, "verifying")
        case.complete(by=agent)
        codes.add(case.verification_code)
    assert len(codes) == 5


def test_agent_can_reject_a_case_with_a_reason(customer, carrier, agent):
    case = make_case(customer, carrier, "verifying")
    case.reject(by=agent, reason="The account belongs to someone else.")
    assert case.state == State.REJECTED
    assert case.rejection_reason == "The account belongs to someone else."
    assert case.closed_at is not None
    assert CaseEvent.objects.get(case=case).message == "The account belongs to someone else."


@pytest.mark.parametrize("state", ["draft", "submitted", "verifying", "needs_info"])
def test_customer_can_withdraw_an_open_case(customer, carrier, state):
    case = make_case(customer, carrier, state)
    case.withdraw(by=customer)
    assert case.state == State.WITHDRAWN
    assert case.closed_at is not None


def test_agent_is_told_why_a_done_case_cannot_be_rejected(customer, carrier, agent):
    case = make_case(customer, carrier, "done")
    with pytest.raises(TransitionNotAllowed) as error:
        case.reject(by=agent, reason="Too late")
    assert error.value.message == "This case is already done, so it cannot be rejected."
    assert str(error.value) == error.value.message


def test_customer_is_told_only_an_agent_can_complete_a_case(customer, carrier):
    case = make_case(customer, carrier, "verifying")
    with pytest.raises(TransitionNotAllowed, match="Only an agent can complete a case."):
        case.complete(by=customer)


def test_superuser_can_act_as_an_agent(customer, carrier):
    admin = UserFactory(is_staff=True, is_superuser=True)
    case = make_case(customer, carrier, "submitted")
    case.start_verification(by=admin)
    assert case.state == State.VERIFYING


def test_a_deactivated_agent_cannot_work_a_case(customer, carrier):
    case = make_case(customer, carrier, "submitted")
    with pytest.raises(TransitionNotAllowed):
        case.start_verification(by=AgentFactory(is_active=False))


def test_staff_outside_the_agents_group_cannot_work_a_case(customer, carrier):
    from tests.factories import StaffFactory

    case = make_case(customer, carrier, "submitted")
    with pytest.raises(TransitionNotAllowed):
        case.start_verification(by=StaffFactory())


def test_agent_cannot_work_their_own_case(carrier, agent):
    case = make_case(agent, carrier, "submitted")
    with pytest.raises(TransitionNotAllowed, match="their own case"):
        case.start_verification(by=agent)
    case.withdraw(by=agent)  # as its customer they still may
    assert case.state == State.WITHDRAWN


def test_a_move_works_on_a_stale_instance_from_the_current_row(customer, carrier, agent):
    case = make_case(customer, carrier, "submitted")
    stale = Case.objects.get(pk=case.pk)
    case.start_verification(by=agent)
    with pytest.raises(TransitionNotAllowed, match="under review, so its review cannot start"):
        stale.start_verification(by=agent)
    stale.complete(by=agent)
    assert stale.state == State.DONE


def test_every_move_calls_the_reminder_hook_with_the_state_it_left(
    customer, carrier, agent, monkeypatch
):
    calls = []
    monkeypatch.setattr(Case, "_on_state_change",
                        lambda self, previous_state: calls.append((previous_state, self.state)))
    case = make_case(customer, carrier)
    case.submit(by=customer)
    case.start_verification(by=agent)
    case.request_info(by=agent, message="?")
    case.provide_info(by=customer, message="!")
    case.complete(by=agent)
    assert calls == [("draft", "submitted"), ("submitted", "verifying"),
                     ("verifying", "needs_info"), ("needs_info", "verifying"),
                     ("verifying", "done")]


def test_a_failure_inside_a_move_writes_nothing(customer, carrier, monkeypatch):
    case = make_case(customer, carrier)
    before = Case.objects.values().get(pk=case.pk)

    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(emails, "queue_status_email", broken)
    with pytest.raises(RuntimeError):
        case.submit(by=customer)
    assert case.state == State.DRAFT
    nothing_written(case, before)


def test_the_move_table_tells_which_moves_a_state_allows():
    assert workflow.allowed_moves("verifying") == ["request_info", "complete", "reject",
                                                   "withdraw"]
    assert workflow.allowed_moves("done") == []


# --- Preconditions ----------------------------------------------------------------------


def test_customer_cannot_submit_with_a_required_item_unticked(customer, carrier):
    case = make_case(customer, carrier)
    Case.objects.filter(pk=case.pk).update(checklist_answers={"bills-settled": True,
                                                              "logins-moved": False})
    with pytest.raises(TransitionNotAllowed, match="Bank logins moved"):
        case.submit(by=customer)
    assert Case.objects.get(pk=case.pk).state == State.DRAFT
    assert not OutboundEmail.objects.exists()


def test_customer_cannot_submit_with_a_missing_answer(customer, carrier):
    case = make_case(customer, carrier)
    Case.objects.filter(pk=case.pk).update(checklist_answers={"logins-moved": True})
    with pytest.raises(TransitionNotAllowed, match="My bills are paid"):
        case.submit(by=customer)


def test_optional_and_other_carriers_items_do_not_block_submitting(customer, carrier):
    ChecklistItemFactory(key="other-carrier-item", carrier=CarrierFactory())
    case = make_case(customer, carrier)
    assert set(case.checklist_answers) == {"bills-settled", "logins-moved"}
    case.submit(by=customer)
    assert case.state == State.SUBMITTED


def test_customer_cannot_submit_without_an_identity_document(customer, carrier):
    case = make_case(customer, carrier)
    case.documents.all().delete()
    with pytest.raises(TransitionNotAllowed, match="Upload an ID scan or a recent bill"):
        case.submit(by=customer)


def test_a_purged_document_does_not_count_for_submitting(customer, carrier):
    case = make_case(customer, carrier)
    from django.utils import timezone

    case.documents.update(purged_at=timezone.now())
    with pytest.raises(TransitionNotAllowed, match="Upload an ID scan or a recent bill"):
        case.submit(by=customer)


def test_an_other_document_does_not_count_but_a_recent_bill_does(customer, carrier):
    case = make_case(customer, carrier)
    case.documents.update(kind="other")
    with pytest.raises(TransitionNotAllowed):
        case.submit(by=customer)
    DocumentFactory(case=case, kind="recent_bill")
    case.submit(by=customer)
    assert case.state == State.SUBMITTED


@pytest.mark.parametrize("blank", ["", "   \n ", None])
def test_agent_cannot_ask_for_information_without_a_question(customer, carrier, agent, blank):
    case = make_case(customer, carrier, "verifying")
    before = Case.objects.values().get(pk=case.pk)
    with pytest.raises(TransitionNotAllowed, match="Write the question"):
        case.request_info(by=agent, message=blank)
    nothing_written(case, before)


@pytest.mark.parametrize("blank", ["", "  "])
def test_customer_cannot_answer_with_nothing(customer, carrier, blank):
    case = make_case(customer, carrier, "needs_info")
    before = Case.objects.values().get(pk=case.pk)
    with pytest.raises(TransitionNotAllowed, match="Write your answer"):
        case.provide_info(by=customer, message=blank)
    nothing_written(case, before)


@pytest.mark.parametrize("blank", ["", "  "])
def test_agent_cannot_reject_without_a_reason(customer, carrier, agent, blank):
    case = make_case(customer, carrier, "verifying")
    before = Case.objects.values().get(pk=case.pk)
    with pytest.raises(TransitionNotAllowed, match="reason for the rejection"):
        case.reject(by=agent, reason=blank)
    nothing_written(case, before)


# --- Notes ------------------------------------------------------------------------------


def test_agent_can_leave_an_internal_note(customer, carrier, agent):
    case = make_case(customer, carrier, "verifying")
    note = case.add_note(by=agent, message=" ID matches the bill. ")
    assert (note.kind, note.message, note.actor, note.customer_visible) == (
        CaseEvent.Kind.NOTE, "ID matches the bill.", agent, False)
    assert (note.from_state, note.to_state) == ("", "")
    assert Case.objects.get(pk=case.pk).state == State.VERIFYING
    assert not OutboundEmail.objects.exists()
    assert not case.events.customer_visible().exists()


def test_agent_can_leave_a_note_the_customer_sees(customer, carrier, agent):
    case = make_case(customer, carrier, "done")
    note = case.add_note(by=agent, message="Your carrier confirmed.", customer_visible=True)
    assert list(case.events.customer_visible()) == [note]


@pytest.mark.parametrize("who", ["owner", "second_customer", "editor"])
def test_only_agents_can_leave_notes(world, carrier, who):
    case = make_case(world["owner"], carrier, "verifying")
    with pytest.raises(TransitionNotAllowed, match="Only an agent"):
        case.add_note(by=world[who], message="Hello")
    assert not case.events.exists()


def test_agent_cannot_leave_an_empty_note(customer, carrier, agent):
    case = make_case(customer, carrier, "verifying")
    with pytest.raises(TransitionNotAllowed):
        case.add_note(by=agent, message="  ")


# --- Status emails ----------------------------------------------------------------------


def test_status_email_without_copy_uses_the_built_in_words(customer, carrier, deliver_outbox,
                                                           settings):
    settings.SITE_URL = "https://lineout.example"
    case = make_case(customer, carrier)
    case.submit(by=customer)
    [message] = deliver_outbox()
    assert message.to == ["casey@example.com"]
    assert message.subject == f"We have your request {case.reference}"
    assert message.body.startswith("Hello Casey,")
    assert "T-Mobile line •••• 0143" in message.body
    assert f"https://lineout.example/cases/{case.reference}/" in message.body
    assert "+12025550143" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    # Marked as followed from an email: signed out, the sign-in page offers a code first.
    assert f'href="https://lineout.example/cases/{case.reference}/?via=email"' in html


def test_status_email_uses_the_editors_copy_when_there_is_one(customer, carrier,
                                                              deliver_outbox):
    EmailCopy.objects.create(
        key="case_submitted", subject_en="Got it: {reference} ({state})",
        body_en="Hi {first_name}, {carrier} {masked_phone} is queued.",
    )
    case = make_case(customer, carrier)
    case.submit(by=customer)
    [message] = deliver_outbox()
    assert message.subject == f"Got it: {case.reference} (Submitted)"
    # The system signs every email with the operator, under the editors' words.
    assert message.body == "Hi Casey, T-Mobile •••• 0143 is queued.\nOperator: Lineout"


def test_status_email_is_in_the_customers_language(carrier, deliver_outbox):
    customer = UserFactory(language="zh-hans", first_name="小明")
    EmailCopy.objects.create(
        key="case_submitted",
        subject_en="Case {reference} submitted", body_en="Hello {first_name}",
        subject_zh_hans="案件 {reference} 已提交", body_zh_hans="{first_name}，您好",
    )
    case = make_case(customer, carrier)
    with translation.override("en"):  # whatever language the request was made in
        case.submit(by=customer)
    [message] = deliver_outbox()
    assert message.subject == f"案件 {case.reference} 已提交"
    assert message.body == "小明，您好\n运营方：Lineout"
    assert '<html lang="zh-hans">' in message.alternatives[0][0]


def test_chinese_customer_gets_english_copy_where_no_chinese_is_written(carrier,
                                                                      deliver_outbox):
    customer = UserFactory(language="zh-hans")
    EmailCopy.objects.create(key="case_withdrawn", subject_en="Withdrawn {reference}",
                             body_en="Stopped.")
    case = make_case(customer, carrier)
    case.withdraw(by=customer)
    [message] = deliver_outbox()
    assert message.subject == f"Withdrawn {case.reference}"


def test_request_for_information_email_carries_the_question_escaped_in_html(
    customer, carrier, agent
):
    case = make_case(customer, carrier, "verifying")
    case.request_info(by=agent, message="Is the <b>account</b> in your name & address?")
    email = OutboundEmail.objects.get()
    assert email.kind == "case/case_needs_info"
    assert "Is the <b>account</b> in your name & address?" in email.body_text
    assert "Is the &lt;b&gt;account&lt;/b&gt; in your name &amp; address?" in email.body_html
    assert "<b>account</b>" not in email.body_html


def test_rejection_email_gives_the_reason(customer, carrier, agent):
    case = make_case(customer, carrier, "verifying")
    case.reject(by=agent, reason="The bill is in another name.")
    assert "The bill is in another name." in OutboundEmail.objects.get().body_text


def test_review_email_says_when_review_should_be_done(customer, carrier, agent, monkeypatch):
    # Wednesday before Thanksgiving, 15:00 in New York: business day 3 is Tuesday Dec 1.
    moment = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    case = make_case(customer, carrier, "submitted")
    case.start_verification(by=agent)
    assert "We expect to finish by Dec. 1, 2026" in OutboundEmail.objects.get().body_text


def test_customer_without_a_first_name_is_greeted_neutrally(carrier):
    customer = UserFactory(first_name="")
    case = make_case(customer, carrier)
    case.submit(by=customer)
    assert OutboundEmail.objects.get().body_text.startswith("Hello there,")


def test_status_email_goes_out_only_when_the_move_commits(customer, carrier,
                                                          django_capture_on_commit_callbacks):
    case = make_case(customer, carrier)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case.submit(by=customer)
    assert len(callbacks) == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.PENDING


def test_status_email_context_fills_every_placeholder(customer, carrier):
    from content.models import EMAIL_PLACEHOLDERS

    case = make_case(customer, carrier, "verifying", prepaid_balance="12.50")
    context = emails.status_context(case, message="m")
    assert set(EMAIL_PLACEHOLDERS) - {"due_date"} <= set(context)
    assert context["balance"] == "$12.50"


def test_a_prepaid_balance_is_shown_in_dollars_in_each_language(customer, carrier):
    case = make_case(customer, carrier, "verifying", prepaid_balance="12.50")
    with translation.override("zh-hans"):
        assert emails.status_context(case)["balance"] == "12.50 美元"
    with translation.override("en"):
        assert emails.status_context(case)["balance"] == "$12.50"


# --- Two agents at once -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_agents_at_once_one_wins_and_the_other_is_told(monkeypatch, tmp_path):
    first, second = AgentFactory(), AgentFactory()
    case = make_case(UserFactory(), CarrierFactory(), "verifying")
    original_hook = Case._on_state_change

    def slow_hook(self, previous_state):
        # Hold the row lock a moment so the other agent is certainly waiting on it.
        time.sleep(0.3)
        original_hook(self, previous_state)

    monkeypatch.setattr(Case, "_on_state_change", slow_hook)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name: str, agent) -> None:
        try:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait()
            if name == "complete":
                mine.complete(by=agent)
            else:
                mine.reject(by=agent, reason="Not the account holder.")
            outcomes[name] = "ok"
        except TransitionNotAllowed as error:
            outcomes[name] = error.message
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=("complete", first)),
               threading.Thread(target=act, args=("reject", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["complete", "reject"]
    assert list(outcomes.values()).count("ok") == 1
    case.refresh_from_db()
    loser = "reject" if case.state == State.DONE else "complete"
    assert outcomes[loser].startswith(f"This case is already {case.get_state_display().lower()}")
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION,
                                    from_state="verifying").count() == 1
    assert OutboundEmail.objects.filter(recipient=case.owner).count() == 1
