"""In-process probes of the pages (django's test Client against the bench database, with
the same settings gunicorn runs): queries per request, EXPLAIN (ANALYZE) of what the desk
runs, and where one request's time goes."""

from __future__ import annotations

import cProfile
import pstats
import re
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The tables whose sequential scan fails the bench (the others are a few rows each).
BIG_TABLES = ("cases_case", "portal_user")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    visitor: str  # "anonymous", "customer" or "agent": whose cookies
    kind: str     # "public", "customer", "download", "desk view", "search", "desk case",
    #               "metrics", "ceiling"


def client_for(cookies: dict[str, str]):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def drain(response) -> int:
    """The body's length, reading a streamed (file) response to its end."""
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


# --- Which part of a request a query belongs to --------------------------------------------

def query_part(sql: str) -> str:
    """``session``, ``user`` (request.user), ``agent check`` (group, two-factor) or
    ``page``: what the view itself asked for."""
    text = sql.strip()
    if 'FROM "django_session"' in text:
        return "session"
    if re.fullmatch(r'SELECT [^;]* FROM "portal_user" WHERE "portal_user"\."id" = (\d+|%s) '
                    r'LIMIT 21', text, re.S):
        return "user"
    if ("cases_case" not in text
            and ('FROM "auth_group"' in text or 'FROM "mfa_authenticator"' in text)):
        return "agent check"
    return "page"


def count_queries(page: Page, cookies: dict[str, str], timed: int = 10) -> dict:
    """One request: its status, size and every SQL statement, with what each is for; then
    the median time of ``timed`` more, one at a time (no queue: the page's own cost)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cookies)
    client.get(page.path)  # warm: template and translation caches, as a running worker
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
        size = drain(response)
    queries = [q["sql"] for q in captured.captured_queries]
    parts = defaultdict(int)
    for sql in queries:
        parts[query_part(sql)] += 1
    times = []
    for _ in range(timed):
        started = time.perf_counter()
        drain(client.get(page.path))
        times.append(time.perf_counter() - started)
    return {"status": response.status_code, "bytes": size, "queries": len(queries),
            "parts": dict(parts), "sql": queries, "ms": 1000 * statistics.median(times)}


# --- EXPLAIN --------------------------------------------------------------------------------

def explain(sql: str) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of one captured statement (its values are inlined: the
    psycopg backend binds on the client), with the sequential scans it has."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    scans = sorted(set(SEQ_SCAN.findall(plan)))
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    indexes = sorted(set(re.findall(r"(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?"
                                    r"(?:using|on) (\w+)", plan)))
    return {"sql": sql, "plan": plan, "seq_scans": scans,
            "big_seq_scans": [t for t in scans if t in BIG_TABLES],
            "indexes": indexes, "ms": float(execution.group(1)) if execution else None}


def explain_page(probe: dict) -> list[dict]:
    """The plans of a desk page's own queries (not the session's or the sign-in checks)."""
    return [explain(sql) for sql in probe["sql"]
            if query_part(sql) == "page" and sql.lstrip().upper().startswith("SELECT")]


# --- Where a request's time goes --------------------------------------------------------------

class Breakdown:
    """Splits requests' time into queries, templates and the rest, each part exclusive
    (a query run while a template renders counts as a query, not as template time).

    *Queries* is the time inside the ORM's outermost call (``QuerySet._fetch_all`` or
    ``SQLCompiler.execute_sql``: compiling the SQL, the round trip, building the model
    instances) or a raw cursor statement; each is put under the part (session, user,
    agent check, page) of its first statement, and *db* is the round trips alone.
    *Templates* is split by what renders: each template (a page's own template includes
    its layout, base.html, outside the blocks), each ``{% block %}`` and each include.
    *Rest* is everything else: middleware, session decoding, URL resolution, the view's
    own Python, forms, and the test client."""

    def __init__(self) -> None:
        self.queries = defaultdict(float)
        self.db = defaultdict(float)
        self.count = defaultdict(int)
        self.templates = defaultdict(float)  # exclusive, by template or block
        self._frames: list[list] = []        # [kind, name, started, time of children]
        self._orm_part: str | None = None

    # -- the exclusive timer ------------------------------------------------------------

    def _enter(self, kind: str, name: str) -> None:
        self._frames.append([kind, name, time.perf_counter(), 0.0])

    def _leave(self) -> tuple[str, str, float, float]:
        kind, name, started, children = self._frames.pop()
        elapsed = time.perf_counter() - started
        if self._frames:
            self._frames[-1][3] += elapsed
        return kind, name, elapsed, elapsed - children

    def _in_orm(self) -> bool:
        return any(frame[0] == "orm" for frame in self._frames)

    # -- the wrappers -------------------------------------------------------------------

    def execute(self, execute, sql, params, many, context):
        part = query_part(sql)
        raw = not self._in_orm()  # a raw cursor statement (the desk's capped counts)
        if raw:
            self._enter("orm", part)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.db[part] += time.perf_counter() - started
            self.count[part] += 1
            self._orm_part = self._orm_part or part
            if raw:
                _kind, _name, elapsed, _own = self._leave()
                self.queries[part] += elapsed
                self._orm_part = None

    def _orm(self, original):
        breakdown = self

        def timed(*args, **kwargs):
            if breakdown._in_orm():
                return original(*args, **kwargs)
            breakdown._enter("orm", "")
            breakdown._orm_part = None
            try:
                return original(*args, **kwargs)
            finally:
                _kind, _name, elapsed, _own = breakdown._leave()
                breakdown.queries[breakdown._orm_part or "page"] += elapsed
                breakdown._orm_part = None
        return timed

    def _template(self, original, label):
        breakdown = self

        def timed(node, context, *args, **kwargs):
            breakdown._enter("template", label(node))
            try:
                return original(node, context, *args, **kwargs)
            finally:
                _kind, name, _elapsed, own = breakdown._leave()
                breakdown.templates[name] += own
        return timed

    @contextmanager
    def instrumented(self):
        """The wrappers, for the bench's own requests only; restored afterwards."""
        from django.db import connection
        from django.db.models.query import QuerySet
        from django.db.models.sql.compiler import SQLCompiler
        from django.template.base import Template
        from django.template.loader_tags import BlockNode

        patched = [
            (QuerySet, "_fetch_all", self._orm), (SQLCompiler, "execute_sql", self._orm),
            # Every template's render (the page's, and each include's); its layout
            # (``{% extends %}``) renders inside it, its blocks apart.
            (Template, "render", lambda f: self._template(f, lambda t: t.name or "?")),
            (BlockNode, "render", lambda f: self._template(f, lambda b: f"{{% block {b.name} %}}")),
        ]
        originals = [(cls, name, getattr(cls, name)) for cls, name, _wrap in patched]
        for (cls, name, wrap), (_c, _n, original) in zip(patched, originals):
            setattr(cls, name, wrap(original))
        try:
            with connection.execute_wrapper(self.execute):
                yield
        finally:
            for cls, name, original in originals:
                setattr(cls, name, original)


def time_page(page: Page, cookies: dict[str, str], requests: int = 300) -> dict:
    """Mean per-request milliseconds of ``page`` in process, split as in Breakdown, and the
    profile's own time grouped by package."""
    client = client_for(cookies)
    for _ in range(20):
        drain(client.get(page.path))
    breakdown = Breakdown()
    walls = []
    with breakdown.instrumented():
        for _ in range(requests):
            started = time.perf_counter()
            drain(client.get(page.path))
            walls.append(time.perf_counter() - started)
    total = sum(walls)
    ms = 1000 / requests

    def summed(values: dict, sign_in: bool) -> float:
        return sum(v for part, v in values.items() if (part != "page") == sign_in)

    queries = sum(breakdown.queries.values())
    templates = sum(breakdown.templates.values())
    return {
        "requests": requests,
        "median_ms": 1000 * statistics.median(walls),
        "mean_ms": total * ms,
        "sign_in_ms": summed(breakdown.queries, True) * ms,
        "sign_in_db_ms": summed(breakdown.db, True) * ms,
        "sign_in_queries": summed(breakdown.count, True) / requests,
        "page_queries_ms": summed(breakdown.queries, False) * ms,
        "page_db_ms": summed(breakdown.db, False) * ms,
        "page_queries": summed(breakdown.count, False) / requests,
        "template_ms": templates * ms,
        "template_parts_ms": {name: t * ms for name, t in sorted(
            breakdown.templates.items(), key=lambda item: -item[1])},
        "other_ms": (total - queries - templates) * ms,
        "profile": profile_by_package(client, page.path),
    }


def package_of(filename: str) -> str:
    """A profile entry's file as a package: ``django/template``, ``psycopg``, ``cases``…"""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins and C"
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        parts = path.split("site-packages/", 1)[1].split("/")
        if parts[0] == "django" and len(parts) > 2:
            return f"django/{parts[1]}"
        return parts[0].removesuffix(".py")
    if path.startswith(str(ROOT)):
        return "project: " + path[len(str(ROOT)) + 1:].split("/", 1)[0]
    return "python stdlib"


def profile_by_package(client, path: str, requests: int = 100) -> list[tuple[str, float]]:
    """cProfile over ``requests`` requests: the share of own time (tottime) per package,
    largest first (what is slow, not just what calls what)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        drain(client.get(path))
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_package = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_package[package_of(filename)] += tottime
    total = sum(by_package.values()) or 1.0
    return sorted(((name, share / total) for name, share in by_package.items()),
                  key=lambda item: -item[1])[:10]
