"""Pages of "Your data" (download, deletion) and sign-in methods, and two thin wrappers of
allauth's views: the code confirmation says why an old code failed, and passkey sign-in
keeps the page the visitor was going to."""

from __future__ import annotations

import json

from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.account.models import Login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import confirm_login_code as allauth_confirm_login_code
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal import flows as webauthn_flows
from allauth.mfa.webauthn.views import LoginWebAuthnView as AllauthLoginWebAuthnView
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import deletion
from .export import export_customer_data
from .forms import DeleteAccountForm


def _is_staff(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


@login_required
@require_GET
def data_page(request):
    return _render_data_page(request, DeleteAccountForm(user=request.user))


def _render_data_page(request, form, *, status: int = 200):
    return render(request, "accounts_data/data.html",
                  {"form": form, "staff": _is_staff(request.user)}, status=status)


@login_required
@require_GET
def export_json(request):
    """Everything held about the signed-in customer, as a download."""
    data = export_customer_data(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    day = timezone.now().date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="lineout-data-{day}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete_account(request):
    """Delete the signed-in customer's account: only just after they confirmed who they
    are (allauth's re-authentication) and typed the confirmation."""
    user = request.user
    if _is_staff(user):
        messages.error(request, _("Staff accounts are closed by an administrator, not here. "
                                  "Nothing was deleted."))
        return redirect("accounts_data:index")
    if is_reauthentication_required(request, app="allauth.account"):
        messages.error(request, _("To delete your account, first confirm it is you. "
                                  "Nothing was deleted."))
        query = urlencode({REDIRECT_FIELD_NAME: reverse("accounts_data:index")})
        return HttpResponseRedirect(f"{reverse('account_reauthenticate')}?{query}")
    form = DeleteAccountForm(request.POST, user=user)
    if not form.is_valid():
        return _render_data_page(request, form, status=400)
    deletion.delete_account(user)
    logout(request)
    messages.success(request, _("Your account is deleted, and your documents with it. "
                                "Thank you for using Lineout."))
    return redirect("home")


@login_required
@require_GET
def sign_in_methods(request):
    """Passkeys and the authenticator app with when each was last used, and the links
    to add or remove them (allauth asks who you are again before either)."""
    authenticators = list(Authenticator.objects.filter(user=request.user)
                          .exclude(type=Authenticator.Type.RECOVERY_CODES)
                          .order_by("created_at"))
    return render(request, "accounts_data/sign_in_methods.html", {
        "passkeys": [a for a in authenticators if a.type == Authenticator.Type.WEBAUTHN],
        "totp": next((a for a in authenticators if a.type == Authenticator.Type.TOTP), None),
    })


# --- allauth, adapted --------------------------------------------------------------------



@never_cache
def confirm_login_code(request):
    """allauth's code confirmation. When the code it waits for has expired, or there is
    none (it was used), allauth only sends the visitor back to ask for one: say why."""
    if request.method == "POST" and not request.user.is_authenticated \
            and not _code_still_valid(request):
        messages.error(request, _("That sign-in code has expired or was already used. "
                                  "Ask for a new one; you are not signed in."))
    return allauth_confirm_login_code(request)


def _code_still_valid(request) -> bool:
    stage = LoginStageController.enter(request, LoginByCodeStage.key)
    return stage is not None and LoginCodeVerificationProcess(stage).is_valid()


class LoginWebAuthnView(AllauthLoginWebAuthnView):
    """Passkey sign-in that lands on the page the visitor was going to (allauth's drops
    ``next``), and says plainly when the passkey is not one of an account here."""

    def form_valid(self, form) -> HttpResponse:
        authenticator = form.cleaned_data["credential"]
        login = Login(user=authenticator.user,
                      redirect_url=get_next_redirect_url(self.request, REDIRECT_FIELD_NAME))
        return webauthn_flows.perform_passwordless_login(self.request, authenticator, login)

    def form_invalid(self, form) -> HttpResponse:
        messages.error(self.request, _("That passkey did not sign you in: it is not one "
                                       "registered to an account here. Try another way."))
        url = reverse("account_login")
        next_url = get_next_redirect_url(self.request, REDIRECT_FIELD_NAME)
        if next_url:
            url += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        return HttpResponseRedirect(url)


login_webauthn = LoginWebAuthnView.as_view()
