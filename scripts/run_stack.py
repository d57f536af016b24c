"""Run the web server, a Celery worker and Celery beat together in the foreground.

`make run` execs this. Ctrl-C (or SIGTERM) stops all three; if one of them exits on its
own, the others are stopped too, so nothing is left running in the background.
"""

import os
import signal
import subprocess
import sys
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
# Links in emails (written by the web server and the worker alike) point where the web
# server listens, unless SITE_URL says otherwise (a proxy in front).
os.environ.setdefault("SITE_URL", f"http://{HOST}:{PORT}")
BIN = os.path.dirname(sys.executable)

COMMANDS = {
    "web": [sys.executable, "manage.py", "runserver", f"{HOST}:{PORT}"],
    "worker": [os.path.join(BIN, "celery"), "-A", "portal", "worker", "--loglevel=INFO",
               "--concurrency=2"],
    "beat": [os.path.join(BIN, "celery"), "-A", "portal", "beat", "--loglevel=INFO"],
}


def main() -> int:
    children = {
        name: subprocess.Popen(command, start_new_session=True)
        for name, command in COMMANDS.items()
    }
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping and all(child.poll() is None for child in children.values()):
        time.sleep(0.5)

    # SIGTERM to each main process first: Celery finishes its current task (warm shutdown).
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 15
    for child in children.values():
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            pass
    # Then sweep anything left in each group (runserver's autoreloader child, pool workers).
    for child in children.values():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    print("Lineout stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
