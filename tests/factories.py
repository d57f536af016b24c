"""factory_boy factories. Every account is a real user with a verified email address."""

import hashlib

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import Case, Document
from cases.reference import new_verification_code
from cases.workflow import TERMINAL_STATES
from content.models import Carrier, ChecklistItem

DEFAULT_PASSWORD = "quiet-harbor-lantern-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    language = "en"
    timezone = "America/New_York"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """``UserFactory(verified=False)`` leaves the email unconfirmed."""
        user.save()
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True,
                verified=True if extracted is None else bool(extracted),
            )


class StaffFactory(UserFactory):
    is_staff = True


def _member_of(group_name: str):
    @factory.post_generation
    def group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])

    return group


class AgentFactory(StaffFactory):
    """Staff in the Agents group: works the verification queue."""

    email = factory.Sequence(lambda n: f"agent{n}@example.com")
    agents_group = _member_of("Agents")


def with_totp(user):
    """``user`` with an authenticator app (TOTP) set up: two-factor on."""
    TOTP.activate(user, generate_totp_secret())
    return user


class EditorFactory(StaffFactory):
    """Staff in the Editors group: edits the guidance, sees no cases."""

    email = factory.Sequence(lambda n: f"editor{n}@example.com")
    editors_group = _member_of("Editors")


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier

    name = factory.Iterator(["T-Mobile", "Verizon", "AT&T", "Mint Mobile"])
    slug = factory.Sequence(lambda n: f"carrier-{n}")
    country = "US"


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    """A required item for every carrier, unless given ``carrier=`` or ``required=False``."""

    class Meta:
        model = ChecklistItem

    key = factory.Sequence(lambda n: f"item-{n}")
    label = factory.Sequence(lambda n: f"Checklist item {n}")
    required = True
    carrier = None
    order = factory.Sequence(lambda n: n)


def pdf_bytes(text: str = "") -> bytes:
    """A real one-page PDF with ``text`` on its page (uploads are opened and rewritten by
    qpdf, so a PDF must be one); different text, different file."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 300))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 20 150 Td ({text}) Tj ET".encode())
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


# The smallest file the upload checks accept as a PDF.
PDF_BYTES = pdf_bytes()


class CaseFactory(factory.django.DjangoModelFactory):
    """A draft case. ``ready_to_submit=True`` ticks every required checklist item for its
    carrier and attaches an ID scan; ``state="verifying"`` (any state) puts it there
    directly, with the timestamps that state implies. Only tests may set a state this
    way; the application moves cases through cases/workflow.py."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    carrier = factory.SubFactory(CarrierFactory)
    phone_number = "+12025550143"
    line_type = Case.LineType.POSTPAID

    @factory.post_generation
    def ready_to_submit(case, create, extracted, **kwargs):
        if not (create and extracted):
            return
        required = ChecklistItem.objects.for_carrier(case.carrier).filter(required=True)
        ticked = {key: True for key in required.values_list("key", flat=True)}
        case.checklist_answers = {**case.checklist_answers, **ticked}
        case.save(update_fields=["checklist_answers", "updated_at"])
        DocumentFactory(case=case, uploaded_by=case.owner)

    @factory.post_generation
    def state(case, create, extracted, **kwargs):
        if not (create and extracted) or extracted == Case.State.DRAFT:
            return
        now = timezone.now()
        fields = {"state": extracted, "entered_state_at": now, "submitted_at": now}
        if extracted in TERMINAL_STATES:
            fields["closed_at"] = now
        if extracted == Case.State.DONE:
            fields["verification_code"] = new_verification_code()
        if extracted == Case.State.REJECTED:
            fields["rejection_reason"] = "The name on the bill does not match the account."
        # Whose turn it is, as the workflow would have left it.
        side = {Case.State.SUBMITTED: Case.WaitingOn.US, Case.State.VERIFYING: Case.WaitingOn.US,
                Case.State.NEEDS_INFO: Case.WaitingOn.CUSTOMER}.get(extracted,
                                                                    Case.WaitingOn.NOBODY)
        case._wait_on(side, since=now)
        fields.update(waiting_on=case.waiting_on, waiting_since=case.waiting_since,
                      overdue_at=case.overdue_at)
        Case.objects.filter(pk=case.pk).update(**fields)
        for name, value in fields.items():
            setattr(case, name, value)


class DocumentFactory(factory.django.DjangoModelFactory):
    """An ID scan (a tiny PDF) uploaded by the case's owner."""

    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    kind = Document.Kind.ID_SCAN
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="scan.pdf"))
    original_name = "passport-scan.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    uploaded_by = factory.LazyAttribute(lambda document: document.case.owner)
