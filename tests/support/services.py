"""Is a service reachable? Used to skip (or, under CI, fail) tests that need it."""

from __future__ import annotations

import functools


@functools.cache
def redis_reachable(url: str) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False
