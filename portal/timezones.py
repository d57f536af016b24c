"""The time zones customers choose from: IANA's canonical zones, never the aliases.

zoneinfo knows ~600 names, a third of them backward-compatible aliases (Africa/Asmera,
US/Eastern, Etc/GMT+5). The menu lists zone.tab instead: one row per zone a country uses,
which is what people pick from. Aliases still load and validate, so an account that stored
one keeps working and is shown under its canonical name (tzdata.zi's links say which).
Both files come from the pinned ``tzdata`` package, so every machine shows the same list.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from functools import cache
from importlib import resources

from django.utils.translation import gettext_lazy as _

# zone.tab's first path parts, named for the menu's groups in the reader's language.
REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


@dataclass(frozen=True)
class Zone:
    name: str  # e.g. "America/Argentina/Buenos_Aires"
    country: str  # ISO 3166 code from zone.tab, e.g. "AR"

    @property
    def region(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def place(self) -> str:
        """What follows the region, readable: "Argentina / Buenos Aires"."""
        return self.name.split("/", 1)[1].replace("_", " ").replace("/", " / ")


def _data_file(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@cache
def canonical_zones() -> tuple[Zone, ...]:
    """zone.tab's zones that this Python can load, sorted by region and place."""
    available = zoneinfo.available_timezones()
    zones = []
    for line in _data_file("zone.tab").splitlines():
        if not line or line.startswith("#"):
            continue
        country, _coordinates, name, *_comment = line.split("\t")
        if name in available:
            zones.append(Zone(name=name, country=country))
    return tuple(sorted(zones, key=lambda zone: (zone.region, zone.place)))


@cache
def _zones_by_name() -> dict[str, Zone]:
    return {zone.name: zone for zone in canonical_zones()}


@cache
def _links() -> dict[str, str]:
    """Every alias and the zone it points to, from tzdata.zi's "L target alias" lines."""
    links = {}
    for line in _data_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            _marker, target, alias = line.split()
            links[alias] = target
    return links


def canonical_name(name: str) -> str | None:
    """The menu's name for ``name`` (itself, or the zone an alias points to), or None
    when neither is in the menu (Etc/GMT+5, UTC, a typo)."""
    links = _links()
    for _hop in range(4):  # a link may point at another link; zic allows short chains
        if name in _zones_by_name():
            return name
        if name not in links:
            return None
        name = links[name]
    return None


def utc_offset_minutes(name: str, at: datetime | None = None) -> int:
    at = at or datetime.now(dt_timezone.utc)
    offset = at.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def format_offset(minutes: int) -> str:
    """"UTC+08:00", "UTC−03:30" (a true minus sign, as typeset)."""
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def menu_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The menu grouped by region: [(region label, [(name, "Place (UTC+hh:mm)"), ...]), ...]."""
    now = datetime.now(dt_timezone.utc)
    groups: dict[str, list[tuple[str, str]]] = {}
    for zone in canonical_zones():
        offset = format_offset(utc_offset_minutes(zone.name, now))
        groups.setdefault(zone.region, []).append((zone.name, f"{zone.place} ({offset})"))
    return [(REGIONS.get(region, region), options) for region, options in groups.items()]


def option_attributes(name: str) -> dict[str, str]:
    """What the page's script needs to find zones like the browser's: country and offset."""
    zone = _zones_by_name().get(name)
    if zone is None:
        return {}
    return {"data-country": zone.country, "data-offset": str(utc_offset_minutes(name))}
