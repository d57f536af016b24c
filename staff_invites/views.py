"""The invitation link (GET shows, POST accepts), the page that says to ask for one, and the
way on once the authenticator is set up."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from cases.workflow import is_agent

from . import grants, services
from .forms import ChoosePasswordForm, ConfirmPasswordForm

_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
def accept_invitation(request, token: str):
    """GET shows the invitation; only the POST uses it up, signs the person in (with the
    password they chose or confirmed) and lets this session add an authenticator."""
    try:
        invitation = services.open_invitation(token)
        services.check_visitor(invitation, request.user)
    except services.InvitationRefused as refusal:
        return render(request, "staff_invites/refused.html", {"message": refusal.message},
                      status=refusal.status)
    user = invitation.user
    signed_in = request.user.is_authenticated
    form = None
    if not signed_in:
        form_class = ConfirmPasswordForm if user.has_usable_password() else ChoosePasswordForm
        form = form_class(user, request.POST if request.method == "POST" else None,
                          request=request)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.accept(invitation=invitation,
                            new_password=form.new_password if form else None)
        except services.InvitationRefused as refusal:
            return render(request, "staff_invites/refused.html",
                          {"message": refusal.message}, status=refusal.status)
        if not signed_in:
            login(request, user, backend=_MODEL_BACKEND)
            # They have just proven the password: allauth need not ask for it again
            # before showing the authenticator's secret.
            record_authentication(request, user, method="password", reauthenticated=True)
        grants.grant_enrolment(request, user)
        return redirect("mfa_activate_totp")
    return render(request, "staff_invites/accept.html",
                  {"invitation": invitation, "form": form, "invitee": user})


@login_required
def enrolment_required(request):
    """A staff account without two-factor lands here until it follows an invitation."""
    if not grants.needs_invited_enrolment(request.user):
        return redirect("mfa_index")
    if grants.has_enrolment_grant(request):
        return redirect("mfa_activate_totp")
    return render_enrolment_required(request, status=200)


@login_required
def continue_to_work(request):
    """The way on from the recovery-codes page, where set-up ends: agents to the desk,
    other staff (editors) to the admin, customers back to their settings."""
    if is_agent(request.user):
        return redirect("desk:queue")
    if request.user.is_staff:
        return redirect("admin:index")
    return redirect("preferences")


def render_enrolment_required(request, *, status: int):
    return render(request, "staff_invites/enrolment_required.html", status=status)
