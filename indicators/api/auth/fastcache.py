"""The throttle's counter, on the path of every API request, in one round trip.

With Redis (production), Django's RedisCache builds a new client object for every operation and
asks EXISTS before each INCR; on a polled endpoint that is a noticeable share of the request.
Here the count is one Lua script (INCR, and EXPIRE on a window's first request), run through one
client per cache backend (Redis clients are thread-safe and share the backend's connection pool),
under Django's key scheme: the counter reads the same through `django.core.cache`. Any other
backend (the local-memory cache of the embedded set-up, the tests) goes through Django's cache
API unchanged.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def _backend():
    return caches["default"]  # the backend itself (django.core.cache.cache is a proxy)


# One atomic step: count, and start the window's expiry on its first request.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def _redis_counter(backend):
    """A registered script on one client of the backend's pool, or None for other backends."""
    if not isinstance(backend, RedisCache):
        return None
    script = getattr(backend._cache, "_wzsci_count_script", None)
    if script is None:
        script = backend._cache.get_client(write=True).register_script(COUNT_SCRIPT)
        backend._cache._wzsci_count_script = script
    return script


def count_in_window(key: str, seconds: int) -> int:
    """Add one to a counter that lives `seconds` from its creation; return the new count."""
    backend = _backend()
    script = _redis_counter(backend)
    if script is not None:
        return int(script(keys=[backend.make_and_validate_key(key)], args=[seconds]))
    if backend.add(key, 1, seconds):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # expired between add() and incr()
        backend.set(key, 1, seconds)
        return 1
