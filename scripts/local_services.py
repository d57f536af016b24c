"""Print DATABASE_URL and REDIS_URL for local services that answer, unless already set.

`make test` uses this so tests run on real PostgreSQL and Redis whenever this machine has
them (CI always does), and on the embedded default otherwise.
"""

import os
import socket


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> None:
    found = []
    if not os.environ.get("DATABASE_URL") and _listening("127.0.0.1", 5432):
        found.append("DATABASE_URL=postgres://postgres@127.0.0.1:5432/lineout")
    if not os.environ.get("REDIS_URL") and _listening("127.0.0.1", 6379):
        found.append("REDIS_URL=redis://127.0.0.1:6379/0")
    print(" ".join(found))


if __name__ == "__main__":
    main()
