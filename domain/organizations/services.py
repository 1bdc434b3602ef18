import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.organizations.models import Organization

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


async def create_organization(
    name: str, slug: str, *, time_zone: str = "Asia/Tokyo", currency: str = "JPY"
) -> Organization:
    """Raises ValueError with the reason for a bad or taken slug, time zone or currency."""
    if not SLUG.match(slug):
        raise ValueError(f"invalid organization slug {slug!r}: use a-z, 0-9 and -")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {time_zone!r}") from None
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValueError(f"currency must be an ISO 4217 code like JPY, got {currency!r}")
    if await Organization.exists(slug=slug):
        raise ValueError(f"the slug {slug!r} is taken")
    return await Organization.create(name=name, slug=slug, time_zone=time_zone, currency=currency)
