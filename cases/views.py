"""Customer pages for cases. Thin: fetch through a QuerySet, validate a form, call one move.

Every case URL carries the reference. A case that is not the visitor's own answers 404
(and the attempt is recorded); a GET never changes anything.
"""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from content.models import PORTING_GUIDE_SLUG
from portal.staff_sessions import authenticated_recently, reauthenticate

from . import services, unsubscribe as unsubscribing
from .confirmation import render_confirmation
from .emails import review_is_late
from .forms import (MAX_FILES_PER_MESSAGE, CaseForm, ChecklistForm, DocumentForm,
                    KeepNumberForm, MessageForm)
from .models import AccessRecord, Case, CaseEvent, Document
from .money import format_money
from .upload_guard import takes_files, upload_refusal
from .workflow import (State, TransitionNotAllowed, UploadLimitReached, bare_label,
                       is_agent)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def own_case_or_404(request, reference: str, queryset=None) -> Case:
    """The visitor's own case, or 404 — recording the attempt when it is someone else's.
    Its owner is the visitor, already loaded: the case does not read them again."""
    queryset = queryset if queryset is not None else Case.objects.all()
    case = queryset.for_customer(request.user).filter(reference=reference.upper()).first()
    if case is not None and not Case.owner.is_cached(case):
        case.owner = request.user
    if case is None:
        other = Case.objects.filter(reference=reference.upper()).only("pk").first()
        services.record_access(action=AccessRecord.Action.ACCESS_REFUSED, actor=request.user,
                               case=other, target=request.path, ip=client_ip(request))
        raise Http404
    return case


@login_required
def case_list(request):
    cases = Case.objects.for_customer(request.user).with_carrier().order_by("-created_at")
    return render(request, "cases/list.html", {"cases": cases})


@login_required
def case_start(request):
    """First ask whether the customer wants to keep the number: porting closes the old line
    by itself, so that answer leads to the porting guide, not to a case."""
    form = KeepNumberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["keep_number"] == "yes":
            return redirect("content:guide", slug=PORTING_GUIDE_SLUG)
        return redirect("cases:create")
    return render(request, "cases/start.html", {"form": form})


def _local_today(user):
    return timezone.now().astimezone(user.zone).date()


@login_required
def case_create(request):
    form = CaseForm(request.POST if request.method == "POST" else None,
                    today=_local_today(request.user))
    if request.method == "POST" and form.is_valid():
        case = services.open_case(owner=request.user, case=form.save(commit=False))
        messages.success(request, _("Your case %(reference)s is open. Work through the "
                                    "checklist and add a document to submit it.")
                         % {"reference": case.reference})
        return redirect(case)
    return render(request, "cases/form.html", {"form": form})


@login_required
def case_edit(request, reference: str):
    """Correct a draft's details; once submitted, the agent works from what was sent."""
    case = own_case_or_404(request, reference)
    if case.state != State.DRAFT:
        messages.error(request, _("The details can only change before the case is submitted."))
        return redirect(case)
    form = CaseForm(request.POST if request.method == "POST" else None,
                    instance=Case.objects.get(pk=case.pk), today=_local_today(request.user))
    if request.method == "POST" and form.is_valid():
        return _after_move(
            request, case,
            lambda: services.update_details(case=case, by=request.user,
                                            changes=form.save(commit=False)),
            _("Details saved."),
        )
    return render(request, "cases/form.html", {"form": form, "case": case})


def _detail_queryset():
    return Case.objects.with_carrier().prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.filter(customer_visible=True)
                 .select_related("actor").order_by("created_at", "id"), to_attr="timeline"),
        Prefetch("documents", queryset=Document.objects.order_by("uploaded_at", "id"),
                 to_attr="document_list"),
    )


def attach_to_events(events, documents, *, with_purged: bool = False) -> None:
    """Give each event its ``attachment_list`` from the case's documents, already read:
    one query fewer than prefetching them per event."""
    by_event: dict[int, list[Document]] = {}
    for document in documents:
        if document.message_id and (with_purged or not document.purged_at):
            by_event.setdefault(document.message_id, []).append(document)
    for event in events:
        event.attachment_list = by_event.get(event.pk, [])


@login_required
def case_detail(request, reference: str):
    case = own_case_or_404(request, reference, _detail_queryset())
    return _render_detail(request, case)


def _render_detail(request, case: Case, *, status: int = 200, **forms):
    attach_to_events(case.timeline, case.document_list)
    items = services.checklist_items_for(case)
    answers = case.checklist_answers or {}
    checklist_form = forms.get("checklist_form") or ChecklistForm(case=case, items=items)
    context = {
        "case": case,
        "checklist_form": checklist_form,
        # Each checkbox with its item, so the page marks the optional ones from the flag.
        "checklist_fields": [(checklist_form[item.key], item) for item in items],
        "document_form": forms.get("document_form") or DocumentForm(),
        "message_form": forms.get("message_form") or MessageForm(
            answering=case.state == State.NEEDS_INFO),
        "items": items,
        "ticked": sum(1 for item in items if answers.get(item.key)),
        # Every required item with whether it is ticked: the page's script shows and hides
        # them as ticks are saved.
        "required_items": [(item, bare_label(item.label), bool(answers.get(item.key)))
                           for item in items if item.required],
        "required_missing": [item for item in items
                             if item.required and not answers.get(item.key)],
        "prepaid_balance": (format_money(case.prepaid_balance, case.carrier.country)
                            if case.prepaid_balance is not None else None),
        "has_identity_document": any(d.kind in Document.IDENTITY_KINDS and not d.purged_at
                                     for d in case.document_list),
        "question": _latest_question(case),
        # An unchanged draft the portal withdrew: its withdrawal has no actor.
        "withdrawn_by_system": case.state == State.WITHDRAWN and any(
            e.to_state == State.WITHDRAWN and e.actor_id is None for e in case.timeline),
        # A date that has passed is never shown as a promise: the page says review is late.
        "expected_by": case.expected_review_end(),
        "review_late": review_is_late(case, timezone.now().astimezone(case.owner.zone).date()),
        "error": forms.get("error"),
    }
    return render(request, "cases/detail.html", context, status=status)


def _latest_question(case: Case) -> CaseEvent | None:
    if case.state != State.NEEDS_INFO:
        return None
    asked = [e for e in case.timeline if e.to_state == State.NEEDS_INFO]
    return asked[-1] if asked else None


def _after_move(request, case: Case, move, success: str):
    try:
        move()
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
        return redirect(case)
    messages.success(request, success)
    return redirect(case)


@login_required
@require_POST
def case_checklist(request, reference: str):
    """The whole checklist (the form's button), or one tick as it is made (the page's
    script posts ``item`` and asks for JSON): then only that item changes."""
    case = own_case_or_404(request, reference)
    items = services.checklist_items_for(case)
    form = ChecklistForm(request.POST, case=case, items=items)
    only = request.POST.get("item")
    if not wants_json(request):
        if not form.is_valid():  # pragma: no cover - checkboxes cannot be invalid
            return redirect(case)
        return _after_move(
            request, case,
            lambda: services.update_checklist(case=case, by=request.user,
                                              answers=form.answers(only=only)),
            _("Checklist saved."),
        )
    if not form.is_valid() or only not in {item.key for item in items}:
        return JsonResponse({"error": _("This checklist item does not exist.")}, status=400)
    try:
        services.update_checklist(case=case, by=request.user, answers=form.answers(only=only))
    except TransitionNotAllowed as error:
        return JsonResponse({"error": error.message}, status=409)
    answers = case.checklist_answers or {}
    done = sum(1 for item in items if answers.get(item.key))
    return JsonResponse({
        "done": done, "total": len(items),
        "progress": _("%(done)s of %(total)s done") % {"done": done, "total": len(items)},
        "missing": [item.key for item in items if item.required and not answers.get(item.key)],
        "status": _("Checklist saved."),
    })


def wants_json(request) -> bool:
    """The page's script asks for JSON; a form posted by the browser asks for HTML."""
    return request.headers.get("Accept", "").split(",")[0].strip() == "application/json"


@login_required
@require_POST
@takes_files(1)
def case_document_upload(request, reference: str):
    case = own_case_or_404(request, reference, _detail_queryset())
    form = DocumentForm(request.POST, request.FILES, upload_refusal=upload_refusal(request))
    if not form.is_valid():
        return _render_detail(request, case, status=400, document_form=form)
    try:
        services.add_document(case=case, by=request.user, kind=form.cleaned_data["kind"],
                              clean=form.cleaned_data["file"],
                              original_name=form.original_name)
    except UploadLimitReached as error:  # at the file field, the kind still chosen
        form.add_error("file", error.message)
        return _render_detail(request, case, status=400, document_form=form)
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
        return redirect(case)
    messages.success(request, _("Document added. Only you and our agents can open it."))
    return redirect(case)


@login_required
@require_POST
def case_submit(request, reference: str):
    case = own_case_or_404(request, reference)
    return _after_move(request, case, lambda: case.submit(by=request.user),
                       _("Submitted. Review usually takes 1–3 business days; we email you "
                         "when it starts."))


@login_required
@require_POST
@takes_files(MAX_FILES_PER_MESSAGE)
def case_message(request, reference: str):
    """The customer writes, with files, in one post. While the agent's question is open
    this is the answer; on a closed case, a follow-up."""
    case = own_case_or_404(request, reference, _detail_queryset())
    form = MessageForm(request.POST, request.FILES, answering=case.state == State.NEEDS_INFO,
                       upload_refusal=upload_refusal(request))
    if not form.is_valid():
        return _render_detail(request, case, status=400, message_form=form)
    answering = case.state == State.NEEDS_INFO
    try:
        case.add_message(by=request.user, text=form.cleaned_data["message"],
                         files=form.cleaned_data["files"])
    except TransitionNotAllowed as error:  # shown on the form, so the text stays typed
        form.add_error("files" if isinstance(error, UploadLimitReached) else None,
                       error.message)
        return _render_detail(request, case, status=400, message_form=form)
    messages.success(request, _("Thank you. Your answer is with the agent and the review "
                                "continues.") if answering
                     else _("Sent. We will answer here and by email."))
    return redirect(case)


@login_required
def case_withdraw(request, reference: str):
    """GET asks for confirmation; only the POST withdraws."""
    case = own_case_or_404(request, reference)
    if request.method == "POST":
        return _after_move(request, case, lambda: case.withdraw(by=request.user),
                           _("Your case is withdrawn. Nothing more will happen with it."))
    return render(request, "cases/withdraw.html", {"case": case})


@login_required
def document_download(request, reference: str, token: str):
    """The only way to a document's bytes: its owner, or an agent (whose view is recorded)."""
    document = (Document.objects.select_related("case")
                .filter(case__reference=reference.upper(), token=token).first())
    # Agents reach documents only with two-factor on, as in the admin they come from.
    viewer_is_agent = is_agent(request.user) and is_mfa_enabled(request.user)
    if document is None or not (viewer_is_agent or document.case.owner_id == request.user.pk):
        services.record_access(action=AccessRecord.Action.ACCESS_REFUSED, actor=request.user,
                               case=document.case if document else None,
                               target=request.path, ip=client_ip(request))
        raise Http404
    if document.purged_at:
        raise Http404
    if viewer_is_agent and not authenticated_recently(
            request, within=settings.STAFF_REAUTHENTICATE_DOCUMENTS_AFTER):
        return reauthenticate(request)  # then back here
    if viewer_is_agent:
        services.record_access(action=AccessRecord.Action.DOCUMENT_VIEWED, actor=request.user,
                               case=document.case, target=f"{document.token} "
                               f"{document.original_name}", ip=client_ip(request))
    inline = viewer_is_agent and document.is_image and request.GET.get("inline") == "1"
    response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                            as_attachment=not inline,
                            filename=_download_name(document))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _download_name(document: Document) -> str:
    extension = document.file.name.rsplit(".", 1)[-1]
    return f"{document.case.reference}-{document.kind}.{extension}"


@login_required
def confirmation_pdf(request, reference: str):
    case = own_case_or_404(request, reference, Case.objects.select_related("carrier", "owner"))
    if case.state != State.DONE:
        raise Http404
    response = HttpResponse(render_confirmation(case), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-confirmation.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response



@csrf_exempt  # RFC 8058: the mail client POSTs with no session; the signed token is the key
def unsubscribe(request, token: str):
    """GET shows what will stop, with a button; POST (the button, or one-click) stops it."""
    from django.contrib.auth import get_user_model

    parsed = unsubscribing.read_token(token)
    user = (get_user_model().objects.filter(pk=parsed[0], is_active=True).first()
            if parsed else None)
    if user is None:
        return render(request, "cases/unsubscribe.html", {"invalid": True}, status=400)
    topic = parsed[1]
    field = unsubscribing.PREFERENCE_OF_TOPIC[topic]
    done = request.method == "POST"
    if done and getattr(user, field):
        setattr(user, field, False)
        user.save(update_fields=[field])
    with translation.override(user.language):
        return render(request, "cases/unsubscribe.html", {
            "topic": topic, "done": done, "language": user.language,
        })
