"""The three workflows of the Pinterest SDK end to end, sync and async, against a fake
Pinterest and a fake storage host (`fake_hosts`: real HTTP servers on two loopback
ports): video upload → Pin, report → rows, bulk request → result. The API's credentials
and default headers must never reach the storage host."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

import pinterest_client
from pinterest_client import AsyncPinterest, Pinterest, WaiterFailureError, WaiterTimeoutError
from pinterest_client.types import AdsAnalyticsGetAsyncResponse, PinMediaSourceVideoID

from .fake_hosts import BULK_RESULT, REPORT_CSV, UPLOAD_FIELDS, State, fake_hosts

TOKEN = "tok-SECRET-workflows-7e1"
TEAM_SECRET = "team-secret-9f2"


@pytest.fixture
def hosts() -> Iterator[tuple[str, State]]:
    with fake_hosts() as found:
        yield found


def _clients(base_url: str) -> tuple[Pinterest, AsyncPinterest, list[float]]:
    slept: list[float] = []
    kwargs = {"access_token": TOKEN, "base_url": base_url, "default_headers": {"X-Team-Secret": TEAM_SECRET}}
    client = Pinterest(**kwargs)  # type: ignore[arg-type]
    aclient = AsyncPinterest(**kwargs)  # type: ignore[arg-type]
    client._sleep = slept.append  # type: ignore[method-assign,assignment]

    async def asleep(seconds: float) -> None:
        slept.append(seconds)

    aclient._sleep = asleep  # type: ignore[method-assign]
    return client, aclient, slept


def _assert_no_credentials_reached_storage(state: State) -> None:
    assert state.storage_requests, "the workflow never reached the storage host"
    for seen in state.storage_requests:
        assert "authorization" not in seen.headers
        assert "x-team-secret" not in seen.headers
        assert not [v for v in seen.headers.values() if TOKEN in v or TEAM_SECRET in v]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in state.api_requests)
    assert all(s.headers["x-team-secret"] == TEAM_SECRET for s in state.api_requests)


def test_video_upload_then_pin_with_its_media_id(hosts: tuple[str, State], tmp_path: Path) -> None:
    base_url, state = hosts
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 600)  # > 2 chunks
    client, _, slept = _clients(base_url)
    progress: list[tuple[int, int]] = []

    media = client.media.upload(video, media_type="video", progress=lambda sent, total: progress.append((sent, total)))
    pin = client.pins.create(
        board_id="7", title="Clip", media_source=PinMediaSourceVideoID(source_type="video_id", media_id=media.media_id)
    )

    assert media.status == "succeeded"
    assert state.uploaded[media.media_id] == video.read_bytes()
    assert state.pins == [{"id": pin.id, "board_id": "7", "title": "Clip", "media_id": media.media_id}]
    form = state.upload_forms[0]
    assert form[-1] == ("file", "clip.mp4")  # storage hosts want the file after the signed fields
    assert dict(form[:-1]) == {**UPLOAD_FIELDS, "key": f"uploads/{media.media_id}"}
    assert progress[-1][0] == progress[-1][1] and len(progress) > 2
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)
    assert slept == [2.0]  # processing, then succeeded
    _assert_no_credentials_reached_storage(state)


def test_async_upload_of_a_file_object_and_of_bytes(hosts: tuple[str, State]) -> None:
    base_url, state = hosts
    _, aclient, _ = _clients(base_url)

    async def run() -> list[str]:
        first = await aclient.media.upload(io.BytesIO(b"video-one"), media_type="video")
        second = await aclient.media.upload(("two.mp4", b"video-two", "video/mp4"), media_type="video")
        await aclient.close()
        return [first.media_id, second.media_id]

    first, second = asyncio.run(run())
    assert (state.uploaded[first], state.uploaded[second]) == (b"video-one", b"video-two")
    assert state.upload_forms[1][-1] == ("file", "two.mp4")
    _assert_no_credentials_reached_storage(state)


def _report_kwargs() -> dict[str, object]:
    return {
        "start_date": "2024-03-01",
        "end_date": "2024-03-31",
        "granularity": "DAY",
        "level": "CAMPAIGN",
        "columns": ["CAMPAIGN_ID", "SPEND_IN_DOLLAR", "TOTAL_IMPRESSION"],
        "report_format": "CSV",
    }


def test_report_created_polled_downloaded_into_rows(hosts: tuple[str, State], tmp_path: Path) -> None:
    base_url, state = hosts
    client, _, slept = _clients(base_url)

    report = client.ad_accounts.reports.create_and_wait("549755885175", **_report_kwargs())  # type: ignore[arg-type]
    download = client.ad_accounts.reports.download_result(report)
    rows = download.rows()
    written = download.write_to(tmp_path / "report.csv")

    assert isinstance(report, AdsAnalyticsGetAsyncResponse) and report.report_status == "FINISHED"
    assert slept == [5.0, 7.5]  # the spec's interval, then backoff 1.5
    assert rows == [
        {"CAMPAIGN_ID": "626736533506", "SPEND_IN_DOLLAR": "12.5", "TOTAL_IMPRESSION": "1000"},
        {"CAMPAIGN_ID": "626736533507", "SPEND_IN_DOLLAR": "3.25", "TOTAL_IMPRESSION": "240"},
    ]
    assert (tmp_path / "report.csv").read_text() == REPORT_CSV and written == len(REPORT_CSV)
    assert b"".join(download.iter_bytes(chunk_size=8)) == REPORT_CSV.encode()
    assert "Signature" not in repr(download)
    polls = [s for s in state.api_requests if s.method == "GET"]
    assert {p.path for p in polls} == {"/v5/ad_accounts/549755885175/reports"}
    _assert_no_credentials_reached_storage(state)


def test_async_report_rows(hosts: tuple[str, State]) -> None:
    base_url, state = hosts
    _, aclient, slept = _clients(base_url)

    async def run() -> list[dict[str, object]]:
        report = await aclient.ad_accounts.reports.create_and_wait("549755885175", **_report_kwargs())  # type: ignore[arg-type]
        rows = await aclient.ad_accounts.reports.download_result(report).rows()
        await aclient.close()
        return rows

    assert [r["CAMPAIGN_ID"] for r in asyncio.run(run())] == ["626736533506", "626736533507"]
    assert slept == [5.0, 7.5]
    _assert_no_credentials_reached_storage(state)


def test_bulk_job_polled_and_result_downloaded(hosts: tuple[str, State], tmp_path: Path) -> None:
    base_url, state = hosts
    client, aclient, _ = _clients(base_url)

    done = client.ad_accounts.bulk.upsert_and_wait("549755885175", create={"campaigns": []})
    result = client.ad_accounts.bulk.download_result(done).json()

    async def run() -> int:
        status = await aclient.ad_accounts.bulk.download_and_wait("549755885175", entity_types=["CAMPAIGN"])
        written = await aclient.ad_accounts.bulk.download_result(status).write_to(tmp_path / "bulk.json")
        await aclient.close()
        return written

    written = asyncio.run(run())
    assert done.status == "SUCCEEDED" and result == BULK_RESULT
    assert (tmp_path / "bulk.json").stat().st_size == written > 0
    _assert_no_credentials_reached_storage(state)


def test_waiter_failure_and_timeout_carry_the_last_answer(hosts: tuple[str, State]) -> None:
    base_url, _ = hosts
    client, _, slept = _clients(base_url)
    with pytest.raises(WaiterTimeoutError) as timed_out:  # never uploaded: stays `registered`
        client.media.wait("5123456789012345678", polling={"interval": 1, "backoff": 2, "max_interval": 4, "timeout": 10})
    assert timed_out.value.status == "registered"
    assert timed_out.value.last_response.media_id == "5123456789012345678"
    assert slept == [1, 2, 4, 3]  # backoff capped at max_interval, the last wait cut to the timeout
    assert isinstance(timed_out.value, pinterest_client.PinterestError)

    rules = client.media.wait.__globals__["_WAIT"]
    failing = type(rules)(**{**{f: getattr(rules, f) for f in rules.__dataclass_fields__}, "failure": frozenset({"registered"})})
    from pinterest_client._waiters import sync_wait

    with pytest.raises(WaiterFailureError) as failed:
        sync_wait(lambda: client.media.get("5123456789012345678"), failing, client._sleep)
    assert failed.value.status == "registered"


def test_a_storage_error_is_raised_with_its_status(hosts: tuple[str, State]) -> None:
    base_url, state = hosts
    client, _, _ = _clients(base_url)
    bad = AdsAnalyticsGetAsyncResponse(report_status="FINISHED", url=f"{state.storage_url}/results/missing.csv?sig=s")
    with pytest.raises(pinterest_client.TransferError) as error:
        client.ad_accounts.reports.download_result(bad).read()
    assert error.value.status_code == 404 and "NoSuchKey" in str(error.value)
    assert "sig=s" not in str(error.value)
