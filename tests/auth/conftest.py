from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest

from kizuna.app import create_app
from kizuna.settings import Settings


@pytest.fixture
def client_at(
    settings: Settings,
) -> Callable[[str], AbstractAsyncContextManager[httpx.AsyncClient]]:
    """A client whose requests come from the given IP address."""
    app = create_app(settings, manage_database=False)

    @asynccontextmanager
    async def connect(address: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://kizuna.test") as http:
            yield http

    return connect
