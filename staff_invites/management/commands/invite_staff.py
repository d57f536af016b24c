"""Invite a staff member to set up two-factor authentication.

Steps:
1. Find the account by email, or create it with no password (the invitation lets the
   person choose one); make it staff and add the groups given with --group.
2. If it already has two-factor authentication, say so and stop: no invitation is needed.
3. Create the invitation (an earlier unused link for the account stops working) and write
   its email to the outbox. Nothing secret is printed, unless --print-link: then the link
   is printed on this terminal instead of being emailed (the first administrator of a
   fresh install, before email works).
"""

from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import timezone

from portal.models import User
from staff_invites import services


class Command(BaseCommand):
    help = "Invite a staff member (created if missing) to set up two-factor authentication."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--group", action="append", default=[],
                            choices=services.STAFF_GROUPS,
                            help="add the account to this group (repeat for both)")
        parser.add_argument("--language", choices=[code for code, _ in User.Language.choices],
                            help="language of a new account and its email (default en)")
        parser.add_argument("--print-link", action="store_true",
                            help="print the link here instead of emailing it")

    def handle(self, *args, email, group, language, print_link, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        if User.objects.filter(email__iexact=email, is_active=False).exists():
            raise CommandError(f"{email} is deactivated; reactivate it in the admin first.")
        user, created = services.prepare_staff_account(email=email, groups=group,
                                                       language=language)
        self.stdout.write(f"{'Created' if created else 'Found'} staff account {user.email}"
                          + (f" in {', '.join(sorted(group))}" if group else "") + ".")
        if is_mfa_enabled(user):
            self.stdout.write("It already has two-factor authentication: no invitation "
                              "needed.")
            return
        try:
            invitation, link = services.invite(user=user, send_email=not print_link)
        except services.InvitationRefused as refusal:
            raise CommandError(str(refusal.message)) from None
        expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        if print_link:
            self.stdout.write(f"Enrolment link (works once, until {expires}); give it to "
                              f"{user.email} only:\n{link}")
        else:
            self.stdout.write(f"Invitation emailed to {user.email}; the link works once, "
                              f"until {expires}.")
