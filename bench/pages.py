"""`make bench-pages` (and the second half of `make bench`): how fast the portal's pages
and the agents' desk answer under gunicorn, on PostgreSQL with a realistic amount of data.

Steps:

1. Create the throwaway ``lineout_bench`` database (bench/world.py), migrate, create the
   cache table, load the guidance (``load_guidance``) and collect the static files (into a
   temporary folder: production settings serve hashed files).
2. Seed 10,000 customers, two agents with TOTP in the Agents group, and Casey, a customer
   with five cases; then cases in the state mix of bench/pages_seed.py, with their
   timeline events, documents, reminders and sent outbox emails, by COPY: first 1,000,
   to count each page's queries at 1,000 cases, then the rest up to N (default 100,000).
3. Sign Casey and an agent in by writing their sessions as a sign-in does (the agent's
   with allauth's two-factor record).
4. In process (django's test Client, the same settings): queries per request at 1,000 and
   at N, EXPLAIN (ANALYZE, BUFFERS) of every query the desk's queue views and searches
   run, and a per-request time split (sign-in SQL, page SQL, templates, the rest) with a
   profile by package for ``/cases/`` and Casey's case page.
5. Start gunicorn (2 sync workers, DEBUG off, the bench's WSGI module which adds the
   trivial ``/bench/trivial/`` view as the ceiling) and run wrk against every page, 12 s
   each in three rounds spread over the run (the machine is shared: a burst of other
   work spoils one round, not the page): req/s, p50/p95/p99 of the median round, the
   range of the rounds, and the ratio to the ceiling's median round. gunicorn's access
   log confirms that every response was a 200.
6. Check, report (Markdown table printed for the README; JSON, Markdown and a PNG chart
   under bench/results/), drop the database, delete the run's cache keys from Redis and
   remove the temporary folder.

Checks (exit 1 when one fails): every page answers 200; every desk view and search has
p95 < 150 ms and at least 0.05 × the ceiling's req/s; the desk case page at least 0.05 ×;
no Seq Scan on cases_case or portal_user in any queue or search plan; every HTML page
< 100 KB. Without PostgreSQL it says so and exits 0, like the dispatcher bench.

    python -m bench.pages [--cases 100000] [--seconds 12] [--connections 4]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from .pages_http import WORKERS, Gunicorn, Load, csrf_cookie, fetch, run_wrk, signed_in_session
from .pages_probe import Page, count_queries, explain_page, time_page
from .pages_report import (breakdown_table, draw_chart, markdown_table, plans_table,
                           template_parts_lines, write_json)
from .world import BENCH_DB, database_urls, recreate_database

SMALL = 1_000              # queries are counted here first, then at N
P95_LIMIT_MS = 150         # desk views and searches
MIN_CEILING_SHARE = 0.05   # desk views, searches and the desk case page
MAX_PAGE_KB = 100
WARM_UP_REQUESTS = 10      # per page, before wrk: both workers have rendered it
ROUNDS = 3                 # each page's wrk time is split into rounds spread over the run
WATCHDOG_S = 1_800

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql", "postgis"}


class OutOfTime(Exception):
    pass


def say(line: str = "") -> None:
    print(line, flush=True)


# --- What is measured ---------------------------------------------------------------------

def pages_to_measure(targets: dict) -> list[Page]:
    """Every page of the brief, Casey's and the agent's, with the search terms in each
    shape cases/desk/search.py knows (taken from Casey's cases)."""
    from cases.desk.queues import DEFAULT_VIEW, VIEWS

    reference, phone = targets["case_reference"], targets["phone"]
    national = phone.removeprefix("+1")
    spaced = f"+1 {national[:3]} {national[3:6]} {national[6:]}"
    desk_views = [Page(f"desk: {slug}", "/desk/" if slug == DEFAULT_VIEW else f"/desk/?view={slug}",
                       "agent", "desk view") for slug in VIEWS]
    searches = [
        ("reference", reference), ("reference prefix", reference[:7]),
        ("verification code", targets["verification_code"]), ("phone, +1 and spaces", spaced),
        ("phone, ten digits", national), ("last four digits", phone[-4:]),
        ("email", targets["email"]), ("email prefix", "casey@ex"),
        ("broad email prefix", "casey"),
    ]
    return [
        Page("trivial view (ceiling)", "/bench/trivial/", "anonymous", "ceiling"),
        Page("home", "/", "anonymous", "public"),
        Page("guide", "/guides/before-you-close/", "anonymous", "public"),
        Page("your cases", "/cases/", "customer", "customer"),
        Page("customer case page", f"/cases/{reference}/", "customer", "customer"),
        Page("document download", f"/cases/{reference}/documents/{targets['document_token']}/",
             "customer", "download"),
        *desk_views,
        *[Page(f"search: {shape}", f"/desk/?q={quote(term)}", "agent", "search")
          for shape, term in searches],
        Page("desk case page", f"/desk/{reference}/", "agent", "desk case"),
        # A desk view for the checks: p95, its share of the ceiling, no Seq Scan in its plans.
        Page("desk: figures", "/desk/figures/", "agent", "desk view"),
        # What Prometheus reads every 15 s: the same queries at 1,000 cases as at N.
        Page("metrics scrape", "/metrics", "anonymous", "metrics"),
    ]


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- Phases -------------------------------------------------------------------------------

def prepare_database() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the cache's fallback while Redis is down
    call_command("load_guidance", verbosity=0)
    say(f"migrated {BENCH_DB} and loaded the guidance in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("collectstatic", verbosity=0, interactive=False)
    say(f"collected static files (hashed, compressed) in {time.perf_counter() - started:.1f} s")


def probe_queries(pages: list[Page], cookies: dict[str, dict]) -> dict[str, dict]:
    return {page.name: count_queries(page, cookies[page.visitor]) for page in pages}


def measure_over_http(pages: list[Page], cookies: dict[str, dict], env: dict, work: Path,
                      load: Load) -> dict[str, dict]:
    """wrk against each page on gunicorn, in ROUNDS rounds of ``load.seconds / ROUNDS``
    each, every page (the ceiling too) once per round: a burst of other work on this
    shared machine then spoils one round of a few pages, not a page's only measurement.
    Per page: its median round (by req/s; its latencies are that round's) and the range."""
    rounds: dict[str, list[dict]] = {page.name: [] for page in pages}
    # wrk takes whole seconds.
    share = Load(load.threads, load.connections, max(1, round(load.seconds / ROUNDS)))
    with Gunicorn(env, work) as server:
        say(f"gunicorn on {server.base} ({server.workers} sync workers); wrk -t{load.threads} "
            f"-c{load.connections}, {ROUNDS} rounds of {share.seconds:g} s per page")
        sizes = {}
        for page in pages:
            checks = [fetch(server.base + page.path, cookie_header(cookies[page.visitor]))
                      for _ in range(WARM_UP_REQUESTS)]
            sizes[page.name] = checks
        for round_number in range(1, ROUNDS + 1):
            say(f"round {round_number}:")
            for page in pages:
                offset = server.log_offset()
                data = run_wrk(server.base + page.path, cookie_header(cookies[page.visitor]),
                               share)
                time.sleep(0.2)  # the access log's last lines
                data["statuses"] = server.statuses_since(offset)
                rounds[page.name].append(data)
                say(f"  {page.name:<30} {data['rps']:8,.0f} req/s  p50 {data['p50_us'] / 1000:6.1f}"
                    f"  p95 {data['p95_us'] / 1000:6.1f}  p99 {data['p99_us'] / 1000:6.1f} ms  "
                    f"{data['statuses']}")
    results = {}
    for page in pages:
        ordered = sorted(rounds[page.name], key=lambda r: r["rps"])
        median = dict(ordered[len(ordered) // 2])
        statuses: dict[str, int] = {}
        for data in ordered:
            for status, count in data["statuses"].items():
                statuses[status] = statuses.get(status, 0) + count
        checks = sizes[page.name]
        median.update(
            statuses=statuses, rounds=rounds[page.name],
            rps_range=(ordered[0]["rps"], ordered[-1]["rps"]),
            requests=sum(r["requests"] for r in ordered),
            warm_up_statuses=sorted({status for status, _size, _to in checks}),
            redirect=next((to for _s, _b, to in checks if to), ""),
            bytes_per_page=checks[-1][1])
        results[page.name] = median
    return results


def rows_and_checks(pages, http, small_probe, n_probe, plans) -> tuple[list[dict], dict]:
    ceiling = http[pages[0].name]["rps"]  # its median round
    rows, checks = [], {}
    for page in pages:
        data = http[page.name]
        statuses = data["statuses"]
        row = {
            "name": page.name, "path": page.path, "kind": page.kind, "rps": data["rps"],
            "rps_range": data["rps_range"],
            "p50_ms": data["p50_us"] / 1000, "p95_ms": data["p95_us"] / 1000,
            "p99_ms": data["p99_us"] / 1000, "ratio": data["rps"] / ceiling,
            "alone_ms": n_probe[page.name]["ms"],
            "queries_small": small_probe[page.name]["queries"],
            "queries_n": n_probe[page.name]["queries"],
            "query_parts_n": n_probe[page.name]["parts"],
            "kb": data["bytes_per_page"] / 1024, "requests": data["requests"],
            "statuses": statuses, "wrk_errors": {k: data[k] for k in (
                "connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")},
        }
        failed = []  # short: they fill the table's last column
        if set(statuses) != {"200"} or n_probe[page.name]["status"] != 200:
            failed.append(f"answers {'/'.join(sorted(statuses))} (in process "
                          f"{n_probe[page.name]['status']})")
        if page.kind in ("desk view", "search"):
            if row["p95_ms"] >= P95_LIMIT_MS:
                failed.append(f"p95 ≥ {P95_LIMIT_MS} ms")
            big = sorted({t for plan in plans.get(page.name, []) for t in plan["big_seq_scans"]})
            if big:
                failed.append(f"Seq Scan on {', '.join(big)}")
        if page.kind in ("desk view", "search", "desk case") and row["ratio"] < MIN_CEILING_SHARE:
            failed.append(f"< {MIN_CEILING_SHARE} × ceiling")
        if page.kind == "metrics" and row["queries_small"] != row["queries_n"]:
            failed.append(f"queries {row['queries_small']} → {row['queries_n']}")
        if page.kind != "download" and row["kb"] >= MAX_PAGE_KB:
            failed.append(f"≥ {MAX_PAGE_KB} KB")
        row["ok"], row["failed"] = not failed, failed
        checks[page.name] = failed
        rows.append(row)
    return rows, checks


# --- Main ---------------------------------------------------------------------------------

def run(args, env: dict, work: Path) -> int:
    import logging

    import django

    django.setup()
    # The in-process probes make thousands of requests: their request lines would bury the
    # report (gunicorn's workers still log theirs, as in production, to its error log).
    logging.getLogger("lineout.request").setLevel(logging.WARNING)
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.utils import timezone

    from .pages_audit import seed_problems
    from .pages_people import seed_people
    from .pages_seed import seed_cases

    prepare_database()
    now = timezone.now().replace(microsecond=0)
    rng = random.Random(100_000)
    started = time.perf_counter()
    world = seed_people(now, rng)
    say(f"seeded {len(world.customers):,} customers, 2 agents and Casey in "
        f"{time.perf_counter() - started:.1f} s")
    small = min(args.cases, SMALL)
    seed_lines = [seed_cases(world, small)]
    say("seeded " + seed_lines[-1])

    User = get_user_model()
    csrf = csrf_cookie()
    agent = world.agents[0]
    cookies = {
        "anonymous": {"csrftoken": csrf},
        "customer": {"csrftoken": csrf,
                     "sessionid": signed_in_session(User.objects.get(pk=world.casey.pk),
                                                    with_mfa=False)},
        "agent": {"csrftoken": csrf, "sessionid": signed_in_session(agent, with_mfa=True)},
    }
    pages = pages_to_measure(world.targets)
    small_probe = probe_queries(pages, cookies)
    say(f"queries per page at {small:,} cases: "
        + ", ".join(f"{name} {p['queries']}" for name, p in small_probe.items()))
    if args.cases > small:
        seed_lines.append(seed_cases(world, args.cases - small))
        say("seeded " + seed_lines[-1])
        n_probe = probe_queries(pages, cookies)
    else:
        n_probe = small_probe
    seeded_s = time.perf_counter() - started
    problems = seed_problems()
    say("seeded data checked: " + ("; ".join(problems) or "consistent with the workflow"))
    say(f"{world.cases_seeded:,} cases in all, seeding took {seeded_s:.1f} s; rows: "
        + ", ".join(f"{table} {count:,}" for table, count in world.counts.items()))

    plans = {page.name: explain_page(n_probe[page.name]) for page in pages
             if page.kind in ("desk view", "search")}
    by_name = {page.name: page for page in pages}
    profiles = {name: time_page(by_name[name], cookies[by_name[name].visitor])
                for name in ("trivial view (ceiling)", "your cases", "customer case page",
                             "desk: waiting", "desk case page")}
    say("\n" + breakdown_table(profiles))
    pg_version = connection.pg_version // 10000
    connections.close_all()

    load = Load(connections=args.connections, seconds=args.seconds)
    # The machine is shared: how busy it was around the measurement is part of the result.
    load_before = os.getloadavg()
    http = measure_over_http(pages, cookies, env, work, load)
    load_after = os.getloadavg()
    rows, checks = rows_and_checks(pages, http, small_probe, n_probe, plans)
    checks["seeded data"] = problems

    table = markdown_table(rows, small, args.cases, {
        world.targets["case_reference"]: "<ref>", world.targets["document_token"]: "<token>"})
    per_round = max(1, round(load.seconds / ROUNDS))
    title = (f"Lineout pages on gunicorn ({WORKERS} sync workers), {args.cases:,} cases, "
             f"wrk -c{load.connections}, {ROUNDS} rounds of {per_round} s per page, "
             f"{os.cpu_count()} CPUs")
    failed = {name: why for name, why in checks.items() if why}
    busy = (f"load average {load_before[0]:.1f} before the HTTP runs, {load_after[0]:.1f} "
            f"after (1 min)")
    report = [
        f"# {title}", "", f"PostgreSQL {pg_version}; " + "; ".join(seed_lines) + f"; {busy}",
        "", "req/s and latencies under wrk; *alone ms*: one request at a time in process "
        "(the page's own cost, no queue).", "", table, "",
        "## Query plans (desk views and searches, at N)", "", plans_table(plans), "",
        "## Per request, in process", "", breakdown_table(profiles), "",
        "Template time by part (ms per request, exclusive; a page's own template includes "
        "its layout, base.html, outside the blocks):", "", *template_parts_lines(profiles), "",
        "## Checks", "",
        *([f"- FAILED {name}: {'; '.join(why)}" for name, why in failed.items()]
          or ["- all passed"]),
    ]
    version = code_version()
    report.insert(3, f"Code: commit {version['commit']}"
                     + (f" with {len(version['changed'])} files changed in the checkout"
                        if version["changed"] else "") + ".")
    report.insert(4, "")
    stem = RESULTS / f"pages-{args.cases}"
    write_json(stem.with_suffix(".json"), {
        "title": title, "cases": args.cases, "small": small, "now": now.isoformat(),
        "code": version, "targets": world.targets,
        "seeding": seed_lines, "seeding_seconds": seeded_s, "seed_problems": problems, "rows_seeded": world.counts,
        "load": vars(load), "load_average": {"before": load_before, "after": load_after},
        "rows": rows, "checks": checks, "plans": plans,
        # The statements themselves are in the plans (desk pages); here the counts only.
        "profiles": profiles,
        "queries_small": {name: {k: v for k, v in probe.items() if k != "sql"}
                          for name, probe in small_probe.items()},
        "queries_n": {name: {k: v for k, v in probe.items() if k != "sql"}
                      for name, probe in n_probe.items()},
    })
    stem.with_suffix(".md").write_text("\n".join(report) + "\n")
    draw_chart(stem.with_suffix(".png"), rows, title, MIN_CEILING_SHARE)
    say("\n" + "\n".join(report))
    say(f"\n(results: {stem.relative_to(ROOT)}.json, .md and .png)")
    return 1 if failed else 0


def code_version() -> dict:
    """The commit measured, and the files other work had changed in the checkout then."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "changed": [line[3:] for line in git("status", "--porcelain").splitlines()
                        if not line[3:].startswith("bench/")]}


def bench_environment(url: str, work: Path) -> dict[str, str]:
    """Production settings against the bench database (DEBUG off, a random key, the
    loopback host), plus what bench/site/settings.py reads."""
    return {
        **os.environ, "DATABASE_URL": url, "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench.site.settings", "BENCH_WORK_DIR": str(work),
        "BENCH_CACHE_PREFIX": f"lineout-bench-{os.getpid()}",
        "CELERY_QUEUE": f"lineout-bench-{os.getpid()}",  # nothing is published; to be sure
        # The bench stands in for the proxy: its requests say X-Forwarded-Proto: https.
        "TRUSTED_PROXY_COUNT": "1",
        # Prometheus on the same host: /metrics answers loopback without a token.
        "METRICS_ALLOWED_NETWORKS": "127.0.0.0/8",
    }


def delete_cache_keys(prefix: str) -> None:
    """The run's keys in the shared Redis (content fragments, session-less lookups)."""
    from django.conf import settings

    location = settings.CACHES["default"].get("LOCATION")
    if not str(location).startswith("redis"):
        return
    import redis

    client = redis.Redis.from_url(location, socket_timeout=2)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", 100_000)))
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("BENCH_SECONDS", 12)),
                        help="wrk time per page, split into %d rounds of whole seconds" % ROUNDS)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        say("bench.pages: skipped, it needs PostgreSQL (DATABASE_URL; make bench sets it when "
            "PostgreSQL listens on 127.0.0.1:5432). Nothing was measured.")
        return 0
    if shutil.which("wrk") is None:
        say("bench.pages: wrk is not installed (Debian: apt-get install wrk). Nothing was "
            "measured.")
        return 1
    maintenance_url, bench_url = database_urls(url)
    work = Path(tempfile.mkdtemp(prefix="lineout-bench-pages-"))
    env = bench_environment(bench_url, work)
    os.environ.update(env)

    def out_of_time(signum, frame):
        raise OutOfTime(f"the page benchmark ran over {WATCHDOG_S} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(WATCHDOG_S)
    recreate_database(maintenance_url)
    try:
        return run(args, env, work)
    finally:
        signal.alarm(0)
        try:
            from django.db import connections

            connections.close_all()
            delete_cache_keys(env["BENCH_CACHE_PREFIX"])
        except Exception as error:  # noqa: BLE001 - Django may not be set up; go on cleaning
            say(f"(cleanup: {type(error).__name__}: {error})")
        recreate_database(maintenance_url, create=False)
        shutil.rmtree(work, ignore_errors=True)
        say(f"database {BENCH_DB} dropped")


if __name__ == "__main__":
    sys.exit(main())
