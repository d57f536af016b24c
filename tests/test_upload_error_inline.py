"""An 11 MB upload is explained at the file field, where the customer is looking on a phone,
never as a banner at the top of the page."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document

from .factories import PDF_BYTES, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, words", [("en", "larger than 10 MB"), ("zh-hans", "10 MB")])
def test_an_11_mb_upload_is_refused_at_the_file_field(client, customer, language, words):
    customer.language = language
    customer.save(update_fields=["language"])
    client.force_login(customer)
    case = CaseFactory(owner=customer)
    huge = SimpleUploadedFile("id.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024))

    response = client.post(reverse("cases:upload", args=[case.reference]),
                           {"kind": "id_scan", "file": huge})

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<p class="error" id="id_file_error">([^<]+)</p>', html)
    assert error and words in error.group(1)
    assert 'class="messages"' not in html
    assert not Document.objects.exists()
