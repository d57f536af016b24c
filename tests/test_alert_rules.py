"""The example alert rules name only metrics that /metrics serves, with the thresholds the
README promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from portal import metrics

RULES = Path(__file__).resolve().parent.parent / "deploy" / "prometheus" / "alerts.yml"


def rules() -> dict[str, dict]:
    document = yaml.safe_load(RULES.read_text())
    return {rule["alert"]: rule for group in document["groups"] for rule in group["rules"]}


@pytest.mark.django_db
@pytest.mark.redis
def test_every_metric_an_alert_uses_is_served(settings):
    served = metrics.exposition().decode()
    names = set(re.findall(r"^(?:# TYPE )?([a-z_]+)", served, re.M))
    for name, rule in rules().items():
        used = {word for word in re.findall(r"\b(lineout_[a-z_]+)", rule["expr"])}
        assert used, name
        assert used <= names, (name, used - names)


def test_the_alerts_the_readme_promises_have_their_thresholds():
    found = rules()
    assert found["LineoutOutboxStuck"]["expr"] == "lineout_outbox_oldest_unsent_seconds > 600"
    assert found["LineoutReminderDispatchLagging"]["expr"] == (
        "lineout_reminder_dispatch_lag_seconds > 300")
    assert "[1h]" in found["LineoutPermanentEmailFailure"]["expr"]
    assert 'permanent="true"' in found["LineoutPermanentEmailFailure"]["expr"]
    assert found["LineoutCasesOverdue"]["expr"] == "lineout_cases_overdue > 0"
