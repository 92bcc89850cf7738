"""Throttling: per token for API clients, per user for browser sessions, per address otherwise.

A fixed window per client (`rate` requests per second / minute / hour / day), counted in the
cache: one atomic increment per request (one round trip to Redis in production), whatever the
rate. DRF's own throttle keeps the timestamp of every request of the window instead, read and
written back whole on every request, which grows with the rate. A fixed window lets a client
send up to twice its rate across a window boundary; the rate is a guard, not an invoice.

The rates are settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from the environment), read
on every request, so that a changed setting takes effect.

The throttle is a guard, not a gate: when its counter's store (Redis) refuses, hangs past its
timeout (WZSCI_REDIS_TIMEOUT) or fails otherwise, the request goes through unthrottled, the
outage is logged once as a warning, and the counter is not asked again for
WZSCI_THROTTLE_RETRY_SECONDS — so an outage of Redis costs the API its rate limit, never a 500
nor a worker held on every request (`counter_health`).
"""

from __future__ import annotations

import logging
import time
from time import monotonic  # not through `time`: the throttling tests replace `time` with a fake

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from indicators.api.auth.fastcache import count_in_window
from indicators.models import ApiToken

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
logger = logging.getLogger(__name__)


class CounterHealth:
    """Whether the counter's store answers, as this process last found it."""

    def __init__(self):
        self.down_until: float | None = None  # monotonic time of the next try; None: up

    def reset(self) -> None:
        self.down_until = None

    def resting(self) -> bool:
        """The store failed lately: let requests through without asking it."""
        return self.down_until is not None and monotonic() < self.down_until

    def failed(self, exc: Exception) -> None:
        retry = settings.WZSCI_THROTTLE_RETRY_SECONDS
        if self.down_until is None:
            logger.warning(
                "API throttle: the rate counter's cache is unavailable (%s: %s); requests pass "
                "unthrottled, next try in %s s",
                type(exc).__name__,
                exc,
                retry,
            )
        self.down_until = monotonic() + retry

    def answered(self) -> None:
        if self.down_until is not None:
            self.down_until = None
            logger.info("API throttle: the rate counter's cache answers again; throttling resumes")


counter_health = CounterHealth()


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    if not rate:
        return None
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


class FixedWindowThrottle(BaseThrottle):
    scope = ""

    def ident(self, request) -> str | None:
        """Whom this throttle counts, or None when it does not apply to the request."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        parsed = parse_rate(api_settings.DEFAULT_THROTTLE_RATES.get(self.scope))
        ident = self.ident(request) if parsed else None
        if ident is None:
            return True
        allowed, duration = parsed
        if counter_health.resting():
            return True
        now = time.time()
        window = int(now // duration)
        try:
            count = count_in_window(f"throttle:{self.scope}:{ident}:{window}", duration + 1)
        except Exception as exc:  # any failure of the store: fail open, never a 500
            counter_health.failed(exc)
            return True
        counter_health.answered()
        self.wait_seconds = (window + 1) * duration - now
        return count <= allowed

    def wait(self) -> float | None:
        return getattr(self, "wait_seconds", None)


class TokenRateThrottle(FixedWindowThrottle):
    """One budget per token: a busy client cannot starve the others."""

    scope = "token"

    def ident(self, request):
        return str(request.auth.pk) if isinstance(request.auth, ApiToken) else None


class SessionUserRateThrottle(FixedWindowThrottle):
    scope = "user"

    def ident(self, request):
        if isinstance(request.auth, ApiToken) or not request.user.is_authenticated:
            return None
        return str(request.user.pk)


class AnonymousRateThrottle(FixedWindowThrottle):
    scope = "anon"

    def ident(self, request):
        if request.user.is_authenticated:
            return None
        return SimpleRateThrottle.get_ident(self, request)
