import re

from domain.organizations.models import Organization

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


async def create_organization(
    name: str, slug: str, *, time_zone: str = "Asia/Tokyo", currency: str = "JPY"
) -> Organization:
    if not SLUG.match(slug):
        raise ValueError(f"invalid organization slug {slug!r}")
    return await Organization.create(name=name, slug=slug, time_zone=time_zone, currency=currency)
