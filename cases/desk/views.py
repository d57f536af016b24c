"""The desk's pages. Thin: fetch through a queue or a search, validate a form, call one
workflow move (or service), then redirect back. Agents with two-factor only; for anyone
else the desk does not exist (404), and a visitor who is not signed in is asked to."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo
from functools import wraps

import phonenumbers
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_POST

from modeltranslation.utils import build_localized_fieldname

from content.models import ChecklistItem
from portal.staff_sessions import authenticated_recently

from ..business_days import business_days_between
from ..models import Case, CaseEvent, Document
from ..forms import MAX_FILES_PER_MESSAGE
from ..services import assign_to_agent
from ..upload_guard import takes_files, upload_refusal
from ..views import attach_to_events
from staff_invites.grants import enrolment_url

from ..workflow import (AGENTS_GROUP, OPEN_STATES, State, TransitionNotAllowed, WaitingOn,
                        allowed_moves)
from .chart import bar_chart
from .figures import CarrierFigures, desk_figures
from .forms import (AgentMessageForm, AssignForm, CompleteForm, QuestionForm, RejectForm,
                    SearchForm)
from .queues import COUNT_CAP, VIEWS, capped_counts, page_of, view_named
from .search import search

# What every desk page tells the base layout: the desk link, and the wider page.
DESK_CONTEXT = {"desk": True, "wrap_class": "wrap wrap-wide"}

# Image types a browser shows in an <img> (HEIC and PDF are links).
PREVIEWABLE_TYPES = frozenset({"image/jpeg", "image/png"})


def desk_access(user) -> tuple[bool, bool]:
    """``(is_agent(user), is_mfa_enabled(user))`` read in one query instead of two, as
    every desk request asks both (a test holds the two definitions equal)."""
    if not (user.is_authenticated and user.is_active):
        return False, False
    agent_group = Group.objects.filter(user=OuterRef("pk"), name=AGENTS_GROUP)
    authenticators = Authenticator.objects.filter(user_id=OuterRef("pk"))
    row = get_user_model().objects.filter(pk=user.pk).values_list(
        Exists(agent_group), Exists(authenticators)).first()
    in_group, has_mfa = row or (False, False)
    return bool(user.is_staff and (user.is_superuser or in_group)), bool(has_mfa)


def agent_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        agent, has_mfa = desk_access(user)
        if not agent:
            raise Http404
        if not has_mfa:
            messages.warning(request, _("Agents must turn on two-factor authentication "
                                        "before they can use the desk."))
            return redirect(enrolment_url(request))
        return view(request, *args, **kwargs)
    return wrapped


# --- The queue ---------------------------------------------------------------------------


@dataclass
class Waiting:
    """Whose turn, for how many business days, and whether that is overdue."""

    business_days: int | None
    overdue: bool


def waiting_of(waiting_on: str, since, overdue_at, zone_name: str, country: str,
               now) -> Waiting:
    days = None
    if waiting_on != WaitingOn.NOBODY:
        zone = ZoneInfo(zone_name)
        days = business_days_between(since.astimezone(zone).date(),
                                     now.astimezone(zone).date(), country)
    overdue = waiting_on == WaitingOn.US and overdue_at is not None and overdue_at <= now
    return Waiting(days, overdue)


@dataclass
class Row:
    """One case as the queue shows it, every value ready to print. The queue reads plain
    values (no model instances: fifty rows of four models cost more than the query) and
    does the work here, several times cheaper than in the template."""

    reference: str
    state: str
    url: str
    state_label: str
    waiting: str
    overdue: bool
    email: str
    line: str
    agent_email: str


def _waiting_text(values: dict, days: int | None) -> str:
    if days is not None and values["waiting_on"] == WaitingOn.US:
        return ngettext("on us, %(days)s business day", "on us, %(days)s business days",
                        days) % {"days": days}
    if days is not None:
        return ngettext("on the customer, %(days)s business day",
                        "on the customer, %(days)s business days", days) % {"days": days}
    if values["closed_at"]:
        return _("closed %(date)s") % {"date": _short_date(values["closed_at"])}
    return _("draft since %(date)s") % {"date": _short_date(values["entered_state_at"])}


def _short_date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


QUEUE_COLUMNS = [
    "reference", "state", "waiting_on", "waiting_since", "overdue_at", "closed_at",
    "entered_state_at", "created_at", "phone_last_four",
    # The carrier's name in every language, not its notes: a whole carrier row is 1.6 KB.
    "carrier__country", *(f"carrier__{build_localized_fieldname('name', code)}"
                          for code, _name in settings.LANGUAGES),
    "owner__email", "owner__timezone", "assigned_agent__email",
]


def _rows(page_values: list[dict], now) -> list[Row]:
    url_pattern = reverse("desk:case", args=["LX-0000-0000"])  # one reverse() a page
    name_here = f"carrier__{build_localized_fieldname('name', get_language())}"
    name_default = f"carrier__{build_localized_fieldname('name', settings.LANGUAGE_CODE)}"
    labels = dict(State.choices)
    rows = []
    for values in page_values:
        waiting = waiting_of(values["waiting_on"], values["waiting_since"],
                             values["overdue_at"], values["owner__timezone"],
                             values["carrier__country"], now)
        carrier = values.get(name_here) or values[name_default]
        rows.append(Row(
            reference=values["reference"], state=values["state"],
            url=url_pattern.replace("LX-0000-0000", values["reference"]),
            state_label=str(labels[values["state"]]),
            waiting=_waiting_text(values, waiting.business_days), overdue=waiting.overdue,
            email=values["owner__email"], line=f"{carrier} · •••• {values['phone_last_four']}",
            agent_email=values["assigned_agent__email"] or "—",
        ))
    return rows


@agent_required
def queue(request):
    now = timezone.now()
    form = SearchForm(request.GET)
    term = form.cleaned_data["q"].strip() if form.is_valid() else ""
    everything = Case.objects.all()
    view, found = None, None
    if term:
        found = search(everything, term)
        cases, order = found.cases, found.order
    else:
        view = view_named(request.GET.get("view"))
        cases, order = view.cases(everything, request.user, now), view.order
    page = None
    if cases is not None:
        page = page_of(cases, order, request.GET.get("after"), columns=QUEUE_COLUMNS)
    counts = capped_counts({slug: v.cases(everything, request.user, now)
                            for slug, v in VIEWS.items()})
    return render(request, "desk/queue.html", {
        **DESK_CONTEXT,
        "views": [(v, counts[slug]) for slug, v in VIEWS.items()],
        "count_cap": COUNT_CAP,
        "view": view, "search": found, "form": form, "page": page,
        "rows": _rows(page.rows, now) if page else [],
        # Column names, translated once for all rows (the narrow layout repeats them).
        "labels": {"status": _("Status"), "waiting": _("Waiting"), "overdue": _("Overdue"),
                   "customer": _("Customer"), "line": _("Line"), "agent": _("Agent")},
    })


# --- The figures -------------------------------------------------------------------------


@dataclass
class FiguresRow:
    """One carrier's figures (or all carriers'), every value ready to print."""

    name: str
    total: bool  # the all-carriers row
    open_counts: list[int]  # in the order of the table's columns
    closed_counts: list[int]
    waiting_on_us: int
    overdue: int
    median: str
    p90: str


def _days(duration) -> float:
    return duration.total_seconds() / 86_400


def _days_text(duration) -> str:
    """Calendar days, one decimal: "2.4 days". Not business days: a percentile of
    business days would need every case's calendar, and the database has none."""
    if duration is None:
        return "—"
    return _("%(days)s days") % {"days": formats.number_format(round(_days(duration), 1), 1)}


@agent_required
def figures(request):
    numbers = desk_figures(timezone.now(), overall_name=_("All carriers"))
    open_states = [state for state in State if state in OPEN_STATES]
    closed_states = [state for state in State if state not in OPEN_STATES]

    def row(numbers_of: CarrierFigures, total: bool = False) -> FiguresRow:
        return FiguresRow(
            name=numbers_of.name, total=total,
            open_counts=[numbers_of.states[state] for state in open_states],
            closed_counts=[numbers_of.states[state] for state in closed_states],
            waiting_on_us=numbers_of.waiting_on_us, overdue=numbers_of.overdue,
            median=_days_text(numbers_of.median), p90=_days_text(numbers_of.p90))

    # The chart: the rows with times (a carrier with nothing done in 30 days has none).
    timed = [numbers_of for numbers_of in [numbers.overall, *numbers.carriers]
             if numbers_of.median is not None]
    chart = bar_chart(
        [("median", _("Median")), ("p90", _("90th percentile"))],
        [(numbers_of.name, [(_days(numbers_of.median), _days_text(numbers_of.median)),
                            (_days(numbers_of.p90), _days_text(numbers_of.p90))])
         for numbers_of in timed]) if timed else None
    return render(request, "desk/figures.html", {
        **DESK_CONTEXT,
        "figures_page": True,
        "open_labels": [state.label for state in open_states],
        "closed_labels": [state.label for state in closed_states],
        "rows": [row(numbers.overall, total=True), *map(row, numbers.carriers)],
        "since": numbers.since,
        "chart": chart,
    })


# --- The case page -----------------------------------------------------------------------


def _case_or_404(reference: str, queryset=None) -> Case:
    queryset = queryset if queryset is not None else Case.objects.select_related("carrier",
                                                                                "owner")
    case = queryset.filter(
        reference=reference.upper()).first()
    if case is None:
        raise Http404
    return case


def _page_queryset():
    return Case.objects.with_carrier().select_related("owner", "assigned_agent").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor")
                 .order_by("created_at", "id"), to_attr="timeline"),
        Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")
                 .order_by("uploaded_at", "id"), to_attr="document_list"),
    )


def _international(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _render_case(request, case: Case, *, status: int = 200, **forms):
    now = timezone.now()
    attach_to_events(case.timeline, case.document_list, with_purged=True)
    own_case = case.owner_id == request.user.pk
    moves = set() if own_case else set(allowed_moves(case.state))
    answers = case.checklist_answers or {}
    labels = dict(ChecklistItem.objects.filter(key__in=list(answers))
                  .values_list("key", "label")) if answers else {}
    assignable = case.is_open and not own_case
    # A preview is a document too: after 15 minutes the agent confirms who they are first
    # (the links ask for it; an <img> cannot, so previews wait until then).
    previews_open = authenticated_recently(
        request, within=settings.STAFF_REAUTHENTICATE_DOCUMENTS_AFTER)
    context = {
        **DESK_CONTEXT,
        "case": case,
        "waiting": waiting_of(case.waiting_on, case.waiting_since, case.overdue_at,
                              case.owner.timezone, case.carrier.country, now),
        "own_case": own_case,
        "phone": _international(case.phone_number),
        "checklist": [(labels.get(key, key), ticked) for key, ticked in answers.items()],
        "documents": [
            (document, previews_open and document.content_type in PREVIEWABLE_TYPES
             and not document.purged_at)
            for document in case.document_list
        ],
        "previews_open": previews_open,
        "timeline": case.timeline,
        "expected_by": case.expected_review_end(),
        "moves": moves,
        "question_form": forms.get("question_form") or QuestionForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "message_form": forms.get("message_form") or AgentMessageForm(),
        "assign_form": (forms.get("assign_form") or AssignForm(
            exclude=(case.owner_id, case.assigned_agent_id))) if assignable else None,
        "is_mine": case.assigned_agent_id == request.user.pk,
    }
    return render(request, "desk/case.html", context, status=status)


@agent_required
def case_page(request, reference: str):
    return _render_case(request, _case_or_404(reference, _page_queryset()))


def _act(request, case: Case, action, success: str):
    try:
        action()
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("desk:case", case.reference)


@agent_required
@require_POST
def start_review(request, reference: str):
    case = _case_or_404(reference)
    return _act(request, case, lambda: case.start_verification(by=request.user),
                _("Review of %(reference)s started; the customer was told.")
                % {"reference": case.reference})


@agent_required
@require_POST
def ask(request, reference: str):
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _render_case(request, _case_or_404(reference, _page_queryset()), status=400,
                            question_form=form)
    case = _case_or_404(reference)
    return _act(request, case,
                lambda: case.request_info(by=request.user, message=form.cleaned_data["message"]),
                _("The customer was asked; the case waits for their answer."))


@agent_required
@require_POST
def reject(request, reference: str):
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_case(request, _case_or_404(reference, _page_queryset()), status=400,
                            reject_form=form)
    case = _case_or_404(reference)
    return _act(request, case,
                lambda: case.reject(by=request.user, reason=form.cleaned_data["reason"]),
                _("%(reference)s was rejected; the customer sees the reason.")
                % {"reference": case.reference})


@agent_required
def complete(request, reference: str):
    """GET asks for confirmation (and the carrier's number and date); only POST completes."""
    case = _case_or_404(reference)
    form = CompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _act(request, case, lambda: case.complete(by=request.user, **form.cleaned_data),
                    _("%(reference)s is done; the customer can download the confirmation.")
                    % {"reference": case.reference})
    if case.state != State.VERIFYING or case.owner_id == request.user.pk:
        messages.error(request, _("Only a case under review can be completed, and not by "
                                  "its own customer."))
        return redirect("desk:case", case.reference)
    return render(request, "desk/complete.html", {**DESK_CONTEXT, "case": case, "form": form},
                  status=400 if form.is_bound else 200)


@agent_required
@require_POST
@takes_files(MAX_FILES_PER_MESSAGE)
def message(request, reference: str):
    """The agent's message to the customer, or an internal note, with files."""
    case = _case_or_404(reference, _page_queryset())
    form = AgentMessageForm(request.POST, request.FILES, upload_refusal=upload_refusal(request))
    if not form.is_valid():
        return _render_case(request, case, status=400, message_form=form)
    internal = form.cleaned_data["internal"]
    try:
        case.add_message(by=request.user, text=form.cleaned_data["message"],
                         files=form.cleaned_data["files"], internal=internal)
    except TransitionNotAllowed as error:  # on the form, so the text stays typed
        form.add_error(None, error.message)
        return _render_case(request, case, status=400, message_form=form)
    messages.success(request, _("Internal note added.") if internal
                     else _("Sent to the customer, by email too."))
    return redirect("desk:case", case.reference)


@agent_required
@require_POST
def assign(request, reference: str):
    case = _case_or_404(reference)
    if "agent" in request.POST:
        form = AssignForm(request.POST, exclude=(case.owner_id,))
        if not form.is_valid():
            messages.error(request, _("Choose an agent from the list."))
            return redirect("desk:case", case.reference)
        agent = form.cleaned_data["agent"]
    else:
        agent = request.user  # "Assign to me"
    return _act(request, case, lambda: assign_to_agent(case, agent=agent, by=request.user),
                _("%(reference)s is assigned to %(agent)s.")
                % {"reference": case.reference, "agent": agent.email})
