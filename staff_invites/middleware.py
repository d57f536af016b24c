"""Keeps staff accounts from adding an authenticator without an invitation.

allauth's own views add authenticators, so the rule is applied in front of them (by URL
name, wherever allauth's URLs are mounted) rather than by editing them.
"""

from __future__ import annotations

from .grants import AUTHENTICATOR_ADDING_VIEWS, may_add_authenticator
from .views import render_enrolment_required


class StaffEnrolmentMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in AUTHENTICATOR_ADDING_VIEWS:
            return None
        if may_add_authenticator(request):
            return None
        return render_enrolment_required(request, status=403)
