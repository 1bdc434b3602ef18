"""CPU per 100-alumni page, in this one process: Kizuna's app and the in-memory baseline
called as ASGI apps directly, several clients in flight, no HTTP server and no load
generator. For finding where the page's time goes (`--profile` prints a cProfile of Kizuna's
pages); `bench.run` remains the measurement of record.

    .venv/bin/python -m bench.page_cpu [--batches 20] [--concurrency 8] [--profile]
"""

import argparse
import asyncio
import cProfile
import gc
import json
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

import strawberry
from strawberry.asgi import GraphQL

from bench import baselines
from bench.prepare import prepare
from bench.queries import PAGE_QUERY
from kizuna import db
from kizuna.app import GC_YOUNG_THRESHOLD, create_app
from kizuna.settings import Settings

SECRET = "page-cpu-" + "x" * 40
App = Callable[..., Any]
PAGES_PER_BATCH = 64


async def call(app: App, body: bytes, token: str | None) -> dict[str, Any]:
    """One POST /graphql through the app, as a server would hand it over."""
    headers = [(b"content-type", b"application/json"), (b"host", b"bench")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = False
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    answer = json.loads(b"".join(chunks))
    if answer.get("errors"):
        raise RuntimeError(answer["errors"])
    return answer


async def cpu_per_page(app: App, token: str | None, concurrency: int, pages: int) -> float:
    """CPU milliseconds per page while `concurrency` clients each ask for page after page,
    as keep-alive connections do: requests start and end at different times."""
    body = json.dumps({"query": PAGE_QUERY}).encode()

    async def client() -> None:
        for _ in range(pages // concurrency):
            await call(app, body, token)

    start = time.process_time()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return (time.process_time() - start) * 1000 / (pages // concurrency * concurrency)


async def main(batches: int, concurrency: int, profile: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="kizuna-page-cpu-") as folder:
        await measure(f"sqlite://{Path(folder) / 'bench.sqlite3'}", batches, concurrency, profile)


async def measure(url: str, batches: int, concurrency: int, profile: bool) -> None:
    prepared = await prepare(url, SECRET)
    baselines.EDGES[:] = await baselines.load_page(url, prepared.organization_id)
    memory = GraphQL(
        strawberry.Schema(query=baselines.MemoryQuery, extensions=baselines.CACHES),
        graphql_ide=None,
    )
    settings = Settings(environment="development", database_url=url, secret_key=SECRET)
    kizuna = create_app(settings, manage_database=False)
    await db.init(url)
    try:
        body = json.dumps({"query": PAGE_QUERY}).encode()
        mine = await call(kizuna, body, prepared.hr_token)
        theirs = await call(memory, body, None)
        if mine != theirs:
            raise RuntimeError("Kizuna and the in-memory baseline answer differently")
        # As the server does after startup (kizuna.app).
        gc.collect()
        gc.freeze()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        # Batches alternate between the two apps, so that a busy neighbour slows both alike.
        mine_ms, theirs_ms = [], []
        for _ in range(batches):
            theirs_ms.append(await cpu_per_page(memory, None, concurrency, PAGES_PER_BATCH))
            mine_ms.append(
                await cpu_per_page(kizuna, prepared.hr_token, concurrency, PAGES_PER_BATCH)
            )
        for name, series in (("in memory", theirs_ms), ("Kizuna", mine_ms)):
            print(f"{name:>9}: median {median(series):6.2f} ms, lowest {min(series):6.2f} ms")
        print(f"ratio of medians {median(mine_ms) / median(theirs_ms):.2f}")
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(batches):
                await cpu_per_page(kizuna, prepared.hr_token, concurrency, PAGES_PER_BATCH)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    finally:
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.batches, arguments.concurrency, arguments.profile))
