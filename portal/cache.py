"""A Redis cache that keeps working while Redis is down, by falling back to the database.

allauth keeps its rate-limit counters in the cache, so every process must share it, and a
Redis outage must not turn a sign-in into an error page. While Redis answers, it is used;
when a call fails, the same call goes to the database cache (shared by every process too).
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, skip Redis for this long instead of paying a connect timeout per call.
RETRY_REDIS_AFTER_SECONDS = 10.0
_MISSING = object()


class RedisWithDatabaseFallbackCache(BaseCache):
    _METRICS_LABEL = "redis_with_database_fallback"

    def __init__(self, server, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK_ALIAS", "database")
        self._redis = RedisCache(server, {**params, "OPTIONS": options})
        self._redis_down_until = 0.0

    @property
    def _fallback(self) -> BaseCache:
        return caches[self._fallback_alias]

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(self._redis, method)(*args, **kwargs)
            except RedisError as error:
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_SECONDS
                logger.warning("cache: Redis unavailable, using the database cache: %s", error)
        return getattr(self._fallback, method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        # django-prometheus's cache counters, for /metrics.
        django_cache_get_total.labels(backend=self._METRICS_LABEL).inc()
        value = self._call("get", key, _MISSING, version)
        if value is _MISSING:
            django_cache_misses_total.labels(backend=self._METRICS_LABEL).inc()
            return default
        django_cache_hits_total.labels(backend=self._METRICS_LABEL).inc()
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._redis_down_until = 0.0
        self._fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)
