"""Sending email: over SMTP when `KIZUNA_SMTP_URL` is set, otherwise into a local folder.

The folder (`KIZUNA_MAIL_DIR`) keeps one `.eml` file per message, so that a demo or a
development machine without a mail server still shows what would have been sent.
"""

import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from domain.common.mail import OutgoingMail

SMTP_TIMEOUT_SECONDS = 15


class MailSettings(Protocol):
    smtp_url: str | None
    mail_dir: str
    mail_from: str


class MailUrlError(ValueError):
    pass


def check_smtp_url(url: str) -> None:
    """smtp://[user:password@]host[:port][?starttls=true] or smtps://… (implicit TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailUrlError("KIZUNA_SMTP_URL must look like smtp://user:password@host:port.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise MailUrlError("KIZUNA_SMTP_URL has a port that is not a number.") from None


async def send_mail(message: EmailMessage, settings: MailSettings) -> None:
    if "From" not in message:
        message["From"] = settings.mail_from
    if settings.smtp_url:
        await _send_smtp(message, settings.smtp_url)
    else:
        _write_to_folder(message, Path(settings.mail_dir))


def outgoing_message(mail: OutgoingMail, settings: MailSettings) -> EmailMessage:
    """A plain-text message whose Message-ID is made of the mail's key, on the sender's domain."""
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "kizuna.example"
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<{mail.key}@{domain}>"
    message.set_content(mail.body)
    return message


async def send_outgoing(mail: OutgoingMail, settings: MailSettings) -> None:
    await send_mail(outgoing_message(mail, settings), settings)


async def _send_smtp(message: EmailMessage, url: str) -> None:
    parts = urlsplit(url)
    implicit_tls = parts.scheme == "smtps"
    starttls = parse_qs(parts.query).get("starttls", ["false"])[0].lower() in ("1", "true")
    await aiosmtplib.send(
        message,
        hostname=parts.hostname,
        port=parts.port or (465 if implicit_tls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=implicit_tls,
        start_tls=starttls,
        timeout=SMTP_TIMEOUT_SECONDS,
    )


def _write_to_folder(message: EmailMessage, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path
