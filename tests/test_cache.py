"""The shared cache survives a Redis outage: rate limits keep counting in the database."""

import pytest
from django.core.cache import caches

from portal.cache import RedisWithDatabaseFallbackCache

from .support.smtp import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_with_redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                     "LOCATION": "lineout_cache"},
    }
    dead_redis = f"redis://127.0.0.1:{free_port()}/1"
    return RedisWithDatabaseFallbackCache(dead_redis, {
        "OPTIONS": {"socket_connect_timeout": 0.2, "FALLBACK_ALIAS": "database"},
    })


def test_a_cache_write_while_redis_is_down_lands_in_the_database(cache_with_redis_down):
    cache_with_redis_down.set("attempts", 3, 60)
    assert cache_with_redis_down.get("attempts") == 3
    assert caches["database"].get("attempts") == 3


def test_add_and_incr_keep_their_meaning_in_the_fallback(cache_with_redis_down):
    assert cache_with_redis_down.add("code-used", "y", 30) is True
    assert cache_with_redis_down.add("code-used", "y", 30) is False  # a TOTP code used twice
    cache_with_redis_down.set("count", 1, 60)
    assert cache_with_redis_down.incr("count") == 2


@pytest.mark.redis
def test_a_reachable_redis_is_used_first(settings):
    cache = caches["default"]
    if not isinstance(cache, RedisWithDatabaseFallbackCache):
        pytest.skip("the default cache is not Redis in this configuration")
    cache.set("where", "redis", 60)
    assert cache._redis.get("where") == "redis"
    assert caches["database"].get("where") is None
