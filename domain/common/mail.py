"""A mail to one person, as the domain hands it to whatever sends mail (integrations/mail).

The domain decides who gets what and when; it never talks SMTP itself.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    to: str
    subject: str
    body: str
    # Stable for one message to one person (e.g. a delivery id): its Message-ID is made of
    # it, so that a mail sent again would be recognisably the same mail.
    key: str


SendMail = Callable[[OutgoingMail], Awaitable[None]]
