"""`make run`'s demo data: the guidance, then the demo accounts and their cases."""

from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import Case, Document


@pytest.mark.django_db
def test_make_runs_demo_cases_are_seeded_with_their_documents(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_guidance", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    cases = Case.objects.filter(owner__email="customer@lineout.localhost")
    assert cases.count() >= 3
    assert {case.state for case in cases} >= {"draft", "verifying"}
    documents = Document.objects.filter(case__in=cases)
    assert documents.count() >= cases.count()
    # The demo ID scan went through the upload checks and was stored.
    for document in documents:
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"

    call_command("seed_demo", stdout=StringIO())  # make run again: nothing new
    assert Case.objects.filter(owner__email="customer@lineout.localhost").count() == cases.count()
