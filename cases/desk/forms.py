"""The desk's forms: one per move that takes more than a click, plus notes and assignment."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ..forms import MessageForm
from ..workflow import AGENTS_GROUP


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class QuestionForm(forms.Form):
    message = forms.CharField(
        label=_("Question for the customer (they see it)"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the question for the customer.")},
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection (the customer sees it)"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the customer the reason for the rejection.")},
    )


class AgentMessageForm(MessageForm):
    """The agent writes to the customer (emailed to them) or, ticked, an internal note."""

    field_order = ["message", "internal", "files"]
    internal = forms.BooleanField(
        label=_("Internal note: only agents see it, nobody is emailed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = _("Message to the customer, or internal note")


class CompleteForm(forms.Form):
    """Completing closes the case for good: the page asks for confirmation and records what
    the carrier gave (both optional)."""

    carrier_confirmation_number = forms.CharField(
        label=_("Carrier's confirmation number"), max_length=64, required=False,
        help_text=_("As the carrier gave it, if it did. Printed on the customer's confirmation."),
    )
    line_closed_on = forms.DateField(
        label=_("Date the cancellation takes effect"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("If the carrier named one: it may be ahead (T-Mobile's take effect at the "
                    "end of the current bill cycle). Printed on the customer's confirmation."),
    )


class AssignForm(forms.Form):
    """Pick another agent. The list is read once (a model choice field reads it again each
    time it renders or validates)."""

    agent = forms.TypedChoiceField(label=_("Assign to"), coerce=int)

    def __init__(self, *args, exclude=(), **kwargs):
        """``exclude``: the case's own customer (an agent can be one), its current agent."""
        super().__init__(*args, **kwargs)
        agents = get_user_model().objects.filter(
            is_active=True, is_staff=True, groups__name=AGENTS_GROUP).order_by("email")
        agents = agents.exclude(pk__in=[pk for pk in exclude if pk is not None])
        self.agents = {agent.pk: agent for agent in agents.only("pk", "email")}
        self.fields["agent"].choices = [(pk, agent.email) for pk, agent in self.agents.items()]

    def clean_agent(self):
        return self.agents[self.cleaned_data["agent"]]
