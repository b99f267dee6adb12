"""Each SCIM client's rate limit: a sliding window kept as two counters, so a
request costs the same however high the limit is (scim/throttle.py)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from scim.throttle import scim_request_allowed

START = 1_800_000_000.0  # the start of a minute (a multiple of 60)


def limit(rate: str):
    return override_settings(ACCOUNT_RATE_LIMITS={"scim": rate, "login": "30/m/ip"})


def allowed_in_a_row(client_id: int, *, now: float, tries: int = 50) -> int:
    count = 0
    for _ in range(tries):
        if not scim_request_allowed(client_id, now=now).allowed:
            break
        count += 1
    return count


@limit("5/m/key")
def test_a_client_gets_its_limit_then_a_retry_time():
    assert allowed_in_a_row(1, now=START + 10) == 5
    refused = scim_request_allowed(1, now=START + 10)
    assert not refused.allowed
    assert refused.retry_after == 50  # the rest of the minute
    # Another client has its own count.
    assert scim_request_allowed(2, now=START + 10).allowed


@limit("10/m/key")
def test_the_window_slides_rather_than_resetting_at_the_minute():
    assert allowed_in_a_row(1, now=START + 59) == 10
    # A second into the next minute the last minute still counts almost whole.
    assert not scim_request_allowed(1, now=START + 60.5).allowed
    # Half-way through it, half of the last minute's eleven requests count (the
    # refused one too) and this minute's refused one: room for three more.
    assert allowed_in_a_row(1, now=START + 90) == 3
    # Two minutes on, the full limit again.
    assert allowed_in_a_row(1, now=START + 180) == 10


@limit("3/m/key")
def test_refused_requests_count_so_a_client_that_keeps_sending_stays_refused():
    assert allowed_in_a_row(1, now=START) == 3
    for second in range(1, 60):
        assert not scim_request_allowed(1, now=START + second).allowed
    # The next minute still carries a full minute of refused requests.
    assert not scim_request_allowed(1, now=START + 61).allowed


@limit("1000000/m/key")
def test_the_state_kept_is_two_counters_whatever_the_limit():
    for _ in range(500):
        assert scim_request_allowed(7, now=START + 1).allowed
    stored = cache.get(f"scim:rate:7:60:{int(START // 60)}")
    assert stored == 500  # a number, not a log of 500 times


@pytest.mark.parametrize("rate", ["", None])
def test_no_limit_configured_allows_everything(rate, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "scim": rate}
    assert allowed_in_a_row(1, now=START) == 50
