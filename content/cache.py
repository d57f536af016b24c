"""Per-language caching of public content, cleared at once by any edit.

Rendered fragments are stored under a key that includes a content version. Saving or
deleting any content row bumps the version (signals in apps.py), so the next request in
either language renders fresh text; old entries simply expire.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.utils import translation

logger = logging.getLogger(__name__)

VERSION_KEY = "content:version"
FRAGMENT_TIMEOUT = 60 * 60 * 6


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY) or 0
    return version


def bump_version(**_signal_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was flushed): start a new one
        cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001 - an edit must be saved even if the cache is broken
        logger.exception("content cache: could not clear cached pages")


_MISSING = {"missing": True}


def cached_fragment(name: str, render: Callable[[], dict | None]) -> dict | None:
    """``render()`` once per content version and language. It returns the page's parts
    (a dict of strings) or ``None`` for a page that does not exist, which is cached too."""
    key = f"content:{current_version()}:{translation.get_language()}:{name}"
    cached = cache.get(key)
    if cached is not None:
        return None if cached == _MISSING else cached
    parts = render()
    cache.set(key, parts if parts is not None else _MISSING, FRAGMENT_TIMEOUT)
    return parts
