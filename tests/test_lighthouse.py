"""Lighthouse (mobile) on the public pages, both languages: 100 for accessibility, best
practices and SEO. Opt-in: Lighthouse is ~185 MB of npm packages and half a minute a page,
so it is not in package.json (`make test` stays lean); point LIGHTHOUSE_PATH at a
`lighthouse` binary (`npm install --prefix /tmp/lh lighthouse`, then
LIGHTHOUSE_PATH=/tmp/lh/node_modules/.bin/lighthouse) to run it. tests/test_meta_and_icons.py
and tests/test_browser_head.py check the same items (description, icons, no console
errors) on every run. Performance is left out: on a shared machine it measures the load."""

from __future__ import annotations

import json
import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from .support.browser import CHROMIUM_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHTHOUSE = os.environ.get("LIGHTHOUSE_PATH", "")
CATEGORIES = ["accessibility", "best-practices", "seo"]
PAGES = ["/", "/guides/before-you-close/", "/carriers/t-mobile/", "/faq/", "/privacy/",
         "/accounts/login/", "/accounts/signup/"]


@pytest.mark.skipif(not (LIGHTHOUSE and Path(LIGHTHOUSE).is_file()),
                    reason="Lighthouse is opt-in: set LIGHTHOUSE_PATH to a lighthouse binary")
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_score_100_in_lighthouse(live_server, tmp_path, language):
    call_command("load_guidance", stdout=StringIO())
    headers = tmp_path / "headers.json"
    headers.write_text(json.dumps({"Accept-Language": language}))
    failures = []
    for path in PAGES:
        report = tmp_path / "report.json"
        subprocess.run(
            [LIGHTHOUSE, live_server.url + path, "--quiet", "--output=json",
             f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
             f"--extra-headers={headers}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            check=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM_PATH})
        result = json.loads(report.read_text())
        for name in CATEGORIES:
            category = result["categories"][name]
            if category["score"] != 1:
                missed = [ref["id"] for ref in category["auditRefs"] if ref["weight"]
                          and result["audits"][ref["id"]]["score"] not in (None, 1)]
                failures.append(f"{path} {name} {category['score']}: {missed}")
    assert not failures, "\n".join(failures)
