"""The app served over real HTTP on loopback, inside the test's own event loop (so that it
shares the test's database connection)."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import uvicorn

from kizuna.app import create_app
from kizuna.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[str]:
    """The base URL of the running app; settings.public_url is set to it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(replace(settings, public_url=base), manage_database=False)
    async with serve_app(app, port) as url:
        yield url


@asynccontextmanager
async def serve_app(app: object, port: int) -> AsyncIterator[str]:
    """Any ASGI app on loopback, for as long as the block runs."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises what stopped it
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
