"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

import asyncio
from email import message_from_bytes, policy
from email.message import EmailMessage


class Inbox:
    """What the SMTP server received. `refusing` answers every message with a permanent
    failure; `delay` makes each message take that long to be accepted."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusing = False
        self.delay = 0.0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)  # the server's own loop, in its own thread
        if self.refusing:
            return "554 Transaction failed: refused for the test"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"
