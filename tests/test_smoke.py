import re

from django.core import mail


def test_signup_writes_the_verification_email_to_the_outbox_first(client, db, deliver_outbox):
    from portal.models import OutboundEmail

    response = client.post("/accounts/signup/", {
        "email": "new@example.com", "password1": "plain-meadow-river-9", "password2": "plain-meadow-river-9",
    })
    assert response.status_code == 302
    row = OutboundEmail.objects.get()
    assert row.to == ["new@example.com"] and row.status == "pending"
    sent = deliver_outbox()
    assert len(sent) == 1
    assert re.search(r"/accounts/confirm-email/[^\s]+", sent[0].body)
