"""The project's settings (portal/settings.py, production when DEBUG=false) with what the
page bench needs on top, and nothing else changed:

- ROOT_URLCONF adds ``/bench/trivial/`` (bench/site/urls.py), the ceiling: the whole
  middleware stack and a tiny template, no query of its own;
- static files are collected into, and documents stored under, the bench's temporary
  folder, so the checkout's ``staticfiles/`` and ``var/private/`` are never touched;
- the cache keys get a prefix of the run's own (Redis is shared with development), which
  the bench deletes at the end.
"""

import os

from portal.settings import *  # noqa: F403 - an override module: everything, then changes
from portal.settings import BASE_DIR, CACHES, STORAGES, TEMPLATES

ROOT_URLCONF = "bench.site.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "site" / "templates"]

_WORK = os.environ["BENCH_WORK_DIR"]  # made by bench/pages.py, removed after the run
STATIC_ROOT = os.path.join(_WORK, "static")
if STORAGES["documents"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES["documents"] = {**STORAGES["documents"], "OPTIONS": {
        **STORAGES["documents"]["OPTIONS"], "location": os.path.join(_WORK, "private")}}

for _cache in CACHES.values():
    _cache["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"]
