"""Create the demo accounts for `make run`: a customer, an agent and an editor.

Steps:
1. Make sure the Agents and Editors groups exist.
2. Create each account once, with a random password, its email already verified.
3. Keep the passwords in var/demo-accounts.txt (never in the repository) and print them.
4. Give the demo customer three cases to look at (a draft, one under review, one done),
   once, when the guidance (carriers) has been loaded.
5. For the agent and the editor, while they have no two-factor yet, print a fresh
   enrolment link (staff enrol only through an invitation; see staff_invites).
Running it again changes nothing and prints the same credentials (and new links, the
earlier ones no longer working).
"""

import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ACCOUNTS = [
    # (email, first name, language, group or None)
    ("customer@lineout.localhost", "Casey", "en", None),
    ("agent@lineout.localhost", "Avery", "en", "Agents"),
    ("editor@lineout.localhost", "Eden", "zh-hans", "Editors"),
]


class Command(BaseCommand):
    help = "Create the demo customer, agent and editor (idempotent) and print their passwords."

    def handle(self, *args, **options):
        credentials_file = Path(settings.VAR_DIR) / "demo-accounts.txt"
        known = {}
        if credentials_file.exists():
            for line in credentials_file.read_text().splitlines():
                email, _, password = line.partition(" ")
                known[email] = password
        User = get_user_model()
        with transaction.atomic():
            for email, first_name, language, group_name in DEMO_ACCOUNTS:
                user = User.objects.filter(email=email).first()
                if user is None or email not in known:
                    password = known.get(email) or secrets.token_urlsafe(12)
                    if user is None:
                        user = User.objects.create_user(
                            email=email, password=password, first_name=first_name,
                            language=language, is_staff=group_name is not None,
                        )
                    else:
                        user.set_password(password)
                        user.save(update_fields=["password"])
                    known[email] = password
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                if group_name:
                    group, _ = Group.objects.get_or_create(name=group_name)
                    user.groups.add(group)
        self.seed_cases(User)
        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        credentials_file.write_text("".join(f"{e} {p}\n" for e, p in known.items()))
        credentials_file.chmod(0o600)
        self.stdout.write("Demo accounts (staff first open their link to set up two-factor):")
        for email, _first, _lang, group_name in DEMO_ACCOUNTS:
            role = group_name or "Customer"
            self.stdout.write(f"  {role:<9} {email:<30} password: {known[email]}")
            if group_name:
                self.write_enrolment_link(User.objects.get(email=email))

    def write_enrolment_link(self, user) -> None:
        from allauth.mfa.utils import is_mfa_enabled

        from staff_invites import services

        if is_mfa_enabled(user):
            return
        _invitation, link = services.invite(user=user, send_email=False)
        self.stdout.write(f"            two-factor setup (works once): {link}")

    def seed_cases(self, User) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from cases import services
        from cases.models import Case
        from cases.uploads import clean_upload
        from content.models import Carrier, ChecklistItem

        customer = User.objects.get(email=DEMO_ACCOUNTS[0][0])
        agent = User.objects.get(email=DEMO_ACCOUNTS[1][0])
        carrier = Carrier.objects.filter(slug="t-mobile").first()
        if carrier is None or customer.cases.exists():
            return
        answers = {item.key: True for item in ChecklistItem.objects.for_carrier(carrier)}
        demo_pdf = _demo_pdf()

        def new_case(phone: str, **fields) -> Case:
            case = services.open_case(owner=customer, case=Case(
                carrier=carrier, phone_number=phone, checklist_answers=answers, **fields))
            services.add_document(case=case, by=customer, kind="id_scan",
                                  clean=clean_upload(SimpleUploadedFile("id.pdf", demo_pdf)),
                                  original_name="id-scan.pdf")
            return case

        new_case("+12025550101", line_type="postpaid", reason="Second line no longer needed")
        reviewing = new_case("+12025550102", line_type="postpaid", billing_cycle_day=12)
        reviewing.submit(by=customer)
        reviewing.start_verification(by=agent)
        done = new_case("+12025550103", line_type="prepaid", prepaid_balance="12.50")
        done.submit(by=customer)
        done.start_verification(by=agent)
        done.complete(by=agent)


def _demo_pdf() -> bytes:
    """A real one-page PDF (uploads are opened and rewritten, so a stub would be refused)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 200))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 14 Tf 20 100 Td (Demo ID scan) Tj ET")
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()
