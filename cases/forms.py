"""Customer forms: keep-the-number question, the case details, checklist, upload, message."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from content.models import Carrier, ChecklistItem

from .models import Case, Document
from .phone import to_e164
from .upload_guard import FILE_TOO_LARGE, TOO_MANY_FILES
from .uploads import CleanDocument, clean_upload
from .workflow import Attachment


# What the file chooser offers; the bytes decide (cases/uploads.py).
ACCEPTED_TYPES = ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic"


class KeepNumberForm(forms.Form):
    keep_number = forms.TypedChoiceField(
        label=_("Do you want to keep your phone number?"),
        choices=[
            ("no", _("No, I want to close the line and let the number go")),
            ("yes", _("Yes, I want to keep my number with another carrier")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the two answers.")},
    )


class CaseForm(forms.ModelForm):
    """The facts about the line. The portal never asks for passwords, PINs or full account
    numbers, and has no field where one could be typed by mistake."""

    phone_number = forms.CharField(
        label=_("Phone number of the line to close"), max_length=32,
        help_text=_("For example +1 202 555 0143. Only the last four digits are shown on "
                    "your pages and in emails."),
        # A phone's number pad, and the browser's own number to fill in.
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = Case
        fields = ["carrier", "phone_number", "line_type", "reason", "desired_end_date",
                  "billing_cycle_day", "prepaid_balance"]
        widgets = {"desired_end_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "billing_cycle_day": _("The day of the month your bill is issued (1–28). We use "
                                   "it to remind you about the final bill."),
            "prepaid_balance": _("Prepaid only: credit left on the line that you want back, in US "
                                 "dollars."),
        }

    def __init__(self, *args, today: date, **kwargs):
        """``today``: the customer's local date, the earliest end date they can ask for."""
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["carrier"].queryset = Carrier.objects.published()
        self.fields["carrier"].empty_label = None
        self.fields["desired_end_date"].widget.attrs["min"] = today.isoformat()

    def clean_desired_end_date(self) -> date | None:
        desired = self.cleaned_data.get("desired_end_date")
        if desired is not None and desired < self.today:
            raise ValidationError(
                _("The desired end date has already passed. Choose today or a later date."),
                code="past")
        return desired

    def clean(self):
        cleaned = super().clean()
        carrier, raw_phone = cleaned.get("carrier"), cleaned.get("phone_number")
        if raw_phone:
            try:
                cleaned["phone_number"] = to_e164(
                    raw_phone, region=carrier.country if carrier else None
                )
            except ValidationError as error:
                self.add_error("phone_number", error)
        return cleaned


class ChecklistForm(forms.Form):
    """One checkbox per checklist item that applies to the case's carrier."""

    def __init__(self, *args, case: Case, items: list[ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        answers = case.checklist_answers or {}
        for item in items:
            self.fields[item.key] = forms.BooleanField(
                label=item.label, required=False, help_text=item.help,
                initial=bool(answers.get(item.key)),
            )

    def answers(self, *, only: str | None = None) -> dict[str, bool]:
        """Every item's tick; with ``only`` (the page's script saving one tick as it is
        made), just that item's, so the others stay as saved."""
        return {item.key: bool(self.cleaned_data.get(item.key)) for item in self.items
                if only is None or item.key == only}


class RefusedUploadMixin:
    """``upload_refusal``: what upload_guard skipped from this request (a file past 10 MB,
    more files than the form takes, see upload_guard.py). The form is then refused at its
    file field, keeping everything else that was typed."""

    file_field: str
    refusal_messages: dict[str, str]

    def __init__(self, *args, upload_refusal: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_refusal = upload_refusal
        if upload_refusal in self.refusal_messages:
            # Nothing of a refused upload is looked at (the parser may have closed the
            # files it had already read when it skipped one).
            self.files = MultiValueDict()

    def clean(self):
        cleaned = super().clean()
        message = self.refusal_messages.get(self.upload_refusal)
        if message:
            self.errors.pop(self.file_field, None)  # not "required": it came, and was skipped
            self.add_error(self.file_field, message)
        return cleaned


class DocumentForm(RefusedUploadMixin, forms.Form):
    file_field = "file"
    refusal_messages = {
        FILE_TOO_LARGE: _("This file is larger than 10 MB."),
        TOO_MANY_FILES: _("Choose one file at a time."),
    }

    kind = forms.ChoiceField(label=_("What is it?"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or HEIC, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )

    def clean_file(self) -> CleanDocument:
        upload = self.cleaned_data["file"]
        self.original_name = upload.name[:255]
        return clean_upload(upload)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_TYPES}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


MAX_FILES_PER_MESSAGE = 5


class MessageForm(RefusedUploadMixin, forms.Form):
    """A message with its files, in one post: nothing typed is lost to an upload. The
    files go through the document checks; what comes out is ready for add_message."""

    file_field = "files"
    refusal_messages = {
        FILE_TOO_LARGE: _("A file is larger than 10 MB; the message was not sent."),
        TOO_MANY_FILES: _("Attach at most 5 files to one message."),
    }

    message = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        error_messages={"required": _("Write your message before sending it.")},
    )
    files = MultipleFileField(
        label=_("Attach files"), required=False,
        help_text=_("PDF, JPEG, PNG or HEIC, up to 10 MB each, at most 5."),
    )

    def __init__(self, *args, answering: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if answering:
            self.fields["message"].label = _("Your answer")

    def clean_files(self) -> list[Attachment]:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES_PER_MESSAGE:
            raise ValidationError(_("Attach at most 5 files to one message."), code="too_many")
        attachments = []
        for upload in files:
            try:
                attachments.append(Attachment(upload.name[:255], clean_upload(upload)))
            except ValidationError as error:
                raise ValidationError(
                    _("%(name)s: %(error)s") % {"name": upload.name, "error": error.messages[0]},
                    code=error.code) from None
        return attachments
