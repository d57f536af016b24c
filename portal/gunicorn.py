"""gunicorn's settings for the image and the compose stack (``gunicorn -c python:portal.gunicorn``).

Each gunicorn worker is its own process with its own metrics; prometheus-client's
multiprocess mode lets any worker answer /metrics for all of them, through files in
PROMETHEUS_MULTIPROC_DIR that this config empties at start and tidies as workers exit.
The access log is off: portal.logs logs each request once, with its request id.
"""

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = None
# A slow client cannot hold a sync worker past this; uploads are 10 MB at most.
timeout = 60

os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR",
                      os.path.join(tempfile.gettempdir(), "lineout-prometheus"))


def on_starting(server):
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(path, ignore_errors=True)  # counts from a previous run are not ours
    os.makedirs(path, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
