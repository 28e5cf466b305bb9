"""429 and 503 are sent again after Retry-After (or a doubling back-off); then the error."""

from __future__ import annotations

import datetime as dt
import time

import httpx
import pytest

from prisoner_counts import ApiError, Client, RetryTransport
from prisoner_counts._transport import retry_after


class Sleeps:
    """Records every wait; sleeps for real only when asked to."""

    def __init__(self, real: bool = False) -> None:
        self.waits: list[float] = []
        self.real = real

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.real:
            time.sleep(seconds)


def test_a_rate_limited_client_waits_as_the_service_says(shipped_url, start_server, recorder):
    limited = start_server(shipped_url, RATELIMIT_ENABLED=True, RATELIMIT_ANONYMOUS="2 per second")
    sleeps = Sleeps(real=True)
    client = Client(limited.base, transport=recorder, sleep=sleeps)
    revisions = [client.revision() for _ in range(4)]
    assert len(set(revisions)) == 1
    assert 429 in recorder.statuses and recorder.statuses[-1] in (200, 304)
    limited_answers = recorder.statuses.count(429)
    assert len(sleeps.waits) == limited_answers
    assert all(0 < wait <= 1 for wait in sleeps.waits), sleeps.waits  # Retry-After: 1


def answers(*statuses: tuple[int, dict[str, str]]) -> httpx.MockTransport:
    """A fake network that answers with these statuses in turn (the last one from then on)."""
    queue = list(statuses)

    def handler(request: httpx.Request) -> httpx.Response:
        status, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        if status >= 400:
            body = {"type": "about:blank", "title": "Busy", "status": status, "detail": "later"}
            return httpx.Response(status, headers=headers, json=body)
        return httpx.Response(200, headers={"X-Dataset-Revision": "7"}, json={"data": []})

    return httpx.MockTransport(handler)


def test_503_with_an_http_date_then_success():
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    sleeps = Sleeps()
    client = Client(
        "http://service.test",
        transport=answers((503, {"Retry-After": later}), (200, {})),
        sleep=sleeps,
    )
    assert client.revision() == 7
    assert len(sleeps.waits) == 1 and 25 < sleeps.waits[0] <= 30


def test_without_retry_after_the_wait_doubles_then_the_error_is_raised():
    sleeps = Sleeps()
    client = Client("http://service.test", retries=3, transport=answers((503, {})), sleep=sleeps)
    with pytest.raises(ApiError) as error:
        client.revision()
    assert sleeps.waits == [0.5, 1.0, 2.0]
    assert (error.value.status, error.value.title, error.value.detail) == (503, "Busy", "later")


def test_no_wait_is_longer_than_the_cap():
    sleeps = Sleeps()
    network = answers((429, {"Retry-After": "3600"}), (200, {}))
    transport = RetryTransport(network, max_wait=60, sleep=sleeps)
    response = transport.handle_request(httpx.Request("GET", "http://service.test/v1/tags"))
    assert (response.status_code, sleeps.waits) == (200, [60])


def test_other_errors_are_not_retried():
    sleeps = Sleeps()
    client = Client("http://service.test", transport=answers((404, {})), sleep=sleeps)
    with pytest.raises(ApiError) as error:
        client.series()
    assert error.value.status == 404 and sleeps.waits == []


def test_retry_after_reads_seconds_and_dates():
    now = dt.datetime(2026, 12, 2, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Wed, 02 Dec 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("Wed, 02 Dec 2026 11:00:00 GMT", now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None
