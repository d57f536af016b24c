"""The time-zone menu: canonical IANA zones only, grouped by region; aliases an account
already stored keep working; a new account starts in the browser's zone."""

from __future__ import annotations

import re
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse

from portal import timezones
from portal.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALIASES = ["Africa/Asmera", "US/Eastern", "Asia/Calcutta", "Europe/Kiev", "Etc/GMT+5",
           "America/Buenos_Aires", "GB", "UTC"]


def menu_values(html: str) -> list[str]:
    select = re.search(r'<select name="timezone".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]+)"', select)


def selected_value(html: str) -> str:
    select = re.search(r'<select name="timezone".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]+)" selected[ >]', select).group(1)


def preferences_data(user: User, **changes) -> dict:
    data = {"first_name": user.first_name, "language": user.language,
            "timezone": user.timezone, "receives_follow_up_reminders": "on",
            "receives_final_bill_reminders": "on"}
    data.update(changes)
    return data


def test_customer_sees_only_canonical_zones_grouped_by_region(client):
    client.force_login(UserFactory())
    html = client.get(reverse("preferences")).content.decode()
    values = menu_values(html)

    assert {"America/New_York", "Asia/Shanghai", "Europe/Amsterdam", "Asia/Kolkata",
            "Africa/Asmara"} <= set(values)
    assert not set(values) & set(ALIASES)
    assert not [value for value in values if value.startswith(("Etc/", "SystemV/", "US/"))]
    # zone.tab's ~420 zones, not zoneinfo's ~600 names.
    assert len(values) == len(set(values)) < 450 < len(zoneinfo.available_timezones())
    assert '<optgroup label="Asia">' in html and '<optgroup label="Americas">' in html
    # Each option says its current offset and carries what the page's script compares.
    assert re.search(r'<option value="Asia/Shanghai" data-country="CN" data-offset="480">'
                     r'Shanghai \(UTC\+08:00\)</option>', html)


def test_every_zone_in_the_menu_is_its_own_canonical_name_and_loads():
    for zone in timezones.canonical_zones():
        assert timezones.canonical_name(zone.name) == zone.name
        zoneinfo.ZoneInfo(zone.name)


@pytest.mark.parametrize("alias, canonical", [
    ("US/Eastern", "America/New_York"), ("Asia/Calcutta", "Asia/Kolkata"),
    ("Africa/Asmera", "Africa/Nairobi"), ("Europe/Kiev", "Europe/Kyiv"),
])
def test_customer_with_a_stored_alias_sees_its_canonical_zone_selected(client, alias,
                                                                       canonical):
    customer = UserFactory(timezone=alias)
    client.force_login(customer)
    html = client.get(reverse("preferences")).content.decode()

    assert selected_value(html) == canonical
    assert alias not in menu_values(html)
    # Saving the form as shown stores the canonical name; times stay the same.
    response = client.post(reverse("preferences"), preferences_data(customer, timezone=canonical))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.timezone == canonical


def test_a_stored_alias_still_validates_when_sent_back(client):
    """A page loaded before the menu changed sends the alias the account holds."""
    customer = UserFactory(timezone="US/Eastern", first_name="Ada")
    client.force_login(customer)

    response = client.post(reverse("preferences"),
                           preferences_data(customer, first_name="Ada Lovelace"))

    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.timezone) == ("Ada Lovelace", "US/Eastern")


def test_a_zone_outside_the_menu_stays_shown_and_kept(client):
    customer = UserFactory(timezone="Etc/GMT+5")
    client.force_login(customer)
    html = client.get(reverse("preferences")).content.decode()
    assert selected_value(html) == "Etc/GMT+5"
    assert client.post(reverse("preferences"), preferences_data(customer)).status_code == 302
    customer.refresh_from_db()
    assert customer.timezone == "Etc/GMT+5"


@pytest.mark.parametrize("sent", ["Africa/Asmera", "Mars/Olympus_Mons", ""])
def test_customer_cannot_choose_an_alias_or_unknown_zone(client, sent):
    customer = UserFactory(timezone="Asia/Shanghai", first_name="Li")
    client.force_login(customer)

    response = client.post(reverse("preferences"),
                           preferences_data(customer, timezone=sent, first_name="Changed"))

    assert response.status_code == 200
    assert response.context["form"].errors["timezone"]
    customer.refresh_from_db()
    assert (customer.first_name, customer.timezone) == ("Li", "Asia/Shanghai")


@pytest.mark.parametrize("sent, stored", [
    ("Asia/Shanghai", "Asia/Shanghai"),
    ("Asia/Calcutta", "Asia/Kolkata"),  # Chromium names some zones by their old alias
    ("Mars/Olympus_Mons", settings.DEFAULT_USER_TIMEZONE),
    ("", settings.DEFAULT_USER_TIMEZONE),
])
def test_new_account_starts_in_the_time_zone_its_browser_sent(client, sent, stored):
    response = client.post(reverse("account_signup"), {
        "email": "zone@example.com", "password1": "amber-forest-kettle-9",
        "password2": "amber-forest-kettle-9", "timezone": sent,
    })

    assert response.status_code == 302
    assert User.objects.get(email="zone@example.com").timezone == stored


def test_region_names_are_translated(client):
    client.force_login(UserFactory(language="zh-hans"))
    html = client.get(reverse("preferences")).content.decode()
    assert '<optgroup label="亚洲">' in html and '<optgroup label="美洲">' in html
