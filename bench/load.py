"""The load generator: a fixed number of concurrent keep-alive connections for a fixed time.

Two clients. `raw` (the default) writes prepared HTTP/1.1 requests on asyncio streams: about
0.1 ms of CPU per request here. `httpx` is the ordinary client, but it spends about 1 ms of
CPU per request on a 2-core machine, so it cannot drive more than ~800 req/s and the fast
baselines would measure the client, not the server (the `client CPU` column shows it).
"""

import asyncio
import contextlib
import json
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx

Send = Callable[[], Awaitable[tuple[int, bytes]]]


class BadResponse(RuntimeError):
    """A measured request failed: the numbers would be meaningless, so the run stops."""


@dataclass(frozen=True)
class Target:
    name: str
    label: str  # for tables
    server: str  # which server answers it
    method: str
    path: str
    body: bytes | None = None
    token: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json"} if self.body is not None else {}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        return headers

    def raw_request(self, host: str, port: int) -> bytes:
        body = self.body or b""
        lines = [f"{self.method} {self.path} HTTP/1.1", f"host: {host}:{port}"]
        lines += [f"{name}: {value}" for name, value in self.headers().items()]
        if self.body is not None:
            lines.append(f"content-length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def graphql_body(query: str) -> bytes:
    return json.dumps({"query": query}).encode()


class RawConnection:
    """One keep-alive HTTP/1.1 connection that sends one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> "RawConnection":
        return cls(*await asyncio.open_connection(host, port, limit=1 << 22))

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])  # "HTTP/1.1 200 OK"
        headers = head.lower()
        if b"transfer-encoding: chunked" in headers:
            return status, await self._chunked()
        length = int(headers.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
        return status, await self.reader.readexactly(length)

    async def _chunked(self) -> bytes:
        parts = []
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size + 2))
        await self.reader.readuntil(b"\r\n")  # no trailers from uvicorn
        return b"".join(part[:-2] for part in parts)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


@contextlib.asynccontextmanager
async def connections(
    client: str, host: str, port: int, target: Target, concurrency: int
) -> AsyncIterator[list[Send]]:
    """One `send` per worker, every connection already open, so timing starts warm."""
    if client == "raw":
        request = target.raw_request(host, port)
        opened = [await RawConnection.open(host, port) for _ in range(concurrency)]
        try:
            yield [lambda c=c: c.exchange(request) for c in opened]
        finally:
            for connection in opened:
                await connection.close()
        return
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    base_url = f"http://{host}:{port}"
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0) as http:
        headers = target.headers()

        async def send() -> tuple[int, bytes]:
            response = await http.request(
                target.method, target.path, content=target.body, headers=headers
            )
            return response.status_code, response.content

        await asyncio.gather(*(send() for _ in range(concurrency)))  # open the pool
        yield [send] * concurrency


@dataclass(frozen=True)
class Sample:
    """One timed stretch against one target."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    server_cpu_ms: float | None  # server CPU per request
    client_cpu_share: float  # of one core, for the whole load generator

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def check(target: Target, status: int, body: bytes) -> None:
    # A substring test first: parsing every 60 kB page would cost the load generator more
    # than some servers spend answering.
    if status == 200 and b'"errors"' not in body:
        return
    try:
        errors = json.loads(body).get("errors")
    except ValueError:
        errors = "not JSON"
    if status != 200 or errors:
        raise BadResponse(f"{target.name}: HTTP {status}, errors: {errors!r}\n{body[:2000]!r}")


async def run(
    senders: list[Send],
    target: Target,
    *,
    seconds: float | None = None,
    requests: int | None = None,
    server_cpu: Callable[[], float | None] = lambda: None,
) -> Sample:
    """Each sender sends back to back until the time or the request count is used up."""
    latencies: list[float] = []
    stop_at = time.perf_counter() + (seconds if seconds is not None else 3600.0)
    budget = requests if requests is not None else 1 << 62

    async def worker(send: Send) -> None:
        nonlocal budget
        while budget > 0 and time.perf_counter() < stop_at:
            budget -= 1
            started = time.perf_counter()
            status, body = await send()
            latencies.append(time.perf_counter() - started)
            check(target, status, body)

    cpu_before, server_before = time.process_time(), server_cpu()
    started = time.perf_counter()
    await asyncio.gather(*(worker(send) for send in senders))
    elapsed = time.perf_counter() - started
    cpu, server_after = time.process_time() - cpu_before, server_cpu()
    server_ms = None
    if server_before is not None and server_after is not None:
        server_ms = (server_after - server_before) * 1000 / len(latencies)
    return Sample(
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        server_cpu_ms=server_ms,
        client_cpu_share=cpu / elapsed,
    )


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: an observed latency, never an interpolation."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median_of(samples: list[Sample]) -> dict[str, float | None]:
    """Per-round medians: one noisy round (a GC pause, a neighbour) does not move them."""

    def med(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    return {
        "rps": med([s.rps for s in samples]),
        "p50_ms": med([s.p50_ms for s in samples]),
        "p99_ms": med([s.p99_ms for s in samples]),
        "server_cpu_ms": med([s.server_cpu_ms for s in samples]),
        "client_cpu_share": med([s.client_cpu_share for s in samples]),
        "requests": sum(s.requests for s in samples),
    }
