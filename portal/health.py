"""/healthz: 200 when the database and the broker answer, 503 naming the part that does not.

``/healthz?live`` only shows the process answers (a liveness probe).
"""

from __future__ import annotations

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=2)
        if conn.transport.driver_type == "redis":
            # A round trip on the transport, not just a TCP connect.
            conn.default_channel.client.ping()


CHECKS = {"database": check_database, "broker": check_broker}


@never_cache
@require_GET
def healthz(request):
    if "live" in request.GET:
        # Liveness: this process answers HTTP. No dependency is checked, so an outage of
        # PostgreSQL or Redis never gets healthy web processes restarted (readiness, the
        # plain /healthz, takes them out of rotation instead).
        return JsonResponse({"status": "alive"})
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means the part is down
            logger.warning("healthz: %s is down: %s", name, error)
            results[name] = "down"
        else:
            results[name] = "ok"
    down = [name for name, result in results.items() if result != "ok"]
    body = {"status": "ok" if not down else "down", "checks": results}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
