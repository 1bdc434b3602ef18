"""`POST /webhooks/hris/{provider}/{organization slug}`: an HR system reports a departure.

Answers JSON. 200 `{"outcome": "offboarding_started" | "already_started", "leaveDate"}` when
off-boarding started (or already stood), 200 `{"ignored": reason}` for an event that is not a
departure or a person already gone; refusals are `{"error": {"code", "message"}}`: 401 for a
missing or wrong signature, 400 for a body that is not the provider's event, 413 for one
over 256 KiB, 404 for an unknown provider or an organization without this connection, 422
for an unknown employee or a refused departure, 429 past the per-address limit (with
`Retry-After`). Event ids make it idempotent (domain.hris.inbound).
"""

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain.common import clock
from domain.hris.error_codes import INBOUND_MESSAGES, InboundErrorCode
from domain.hris.inbound import ReportedDeparture, receive_departure
from domain.hris.models import HrisProvider
from domain.hris.services import secret_of
from domain.identity import throttle
from domain.organizations.models import Organization
from integrations.hris import HrisError, HrisErrorCode, Ignored, verify_and_parse

# Per client address, as the OAuth endpoints: room for a bulk of departures, none for guessing.
PER_ADDRESS = throttle.Limit(
    "hris:address", 300, window=timedelta(minutes=1), block=timedelta(minutes=1)
)
STATUS = {
    HrisErrorCode.UNKNOWN_PROVIDER: 404,
    HrisErrorCode.MISSING_SIGNATURE: 401,
    HrisErrorCode.BAD_SIGNATURE: 401,
    HrisErrorCode.STALE_EVENT: 401,
    HrisErrorCode.MALFORMED_PAYLOAD: 400,
    HrisErrorCode.BODY_TOO_LARGE: 413,
}


def _refused(status: int, code: str, message: str, **headers: str) -> Response:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers or None)


def _unconnected() -> Response:
    code = InboundErrorCode.NO_CONNECTION
    return _refused(404, code.value, INBOUND_MESSAGES[code])


async def receive(request: Request) -> Response:
    address = "" if request.client is None else request.client.host
    if (wait := await throttle.record_attempt(PER_ADDRESS, address)) is not None:
        code = InboundErrorCode.RATE_LIMITED
        return _refused(429, code.value, INBOUND_MESSAGES[code], **{"Retry-After": str(wait)})
    try:
        provider = HrisProvider(request.path_params["provider"].lower())
    except ValueError:
        error = HrisError(HrisErrorCode.UNKNOWN_PROVIDER)
        return _refused(404, error.code.value, error.message)
    organization = await Organization.get_or_none(slug=request.path_params["slug"][:63])
    if organization is None:
        return _unconnected()
    secret = await secret_of(organization.id, provider)
    if secret is None:
        return _unconnected()
    body = await request.body()
    try:
        found = verify_and_parse(provider.value, request.headers, body, secret, now=clock.now())
    except HrisError as refused:
        return _refused(STATUS[refused.code], refused.code.value, refused.message)
    if isinstance(found, Ignored):
        return JSONResponse({"ignored": found.reason})
    outcome = await receive_departure(
        organization,
        ReportedDeparture(
            provider=provider,
            event_id=found.event_id,
            employee_number=found.employee_number,
            email=found.email,
            provider_employee_id=found.provider_employee_id,
            left_on=found.left_on,
            occurred_at=found.occurred_at,
        ),
    )
    return JSONResponse(outcome.body, status_code=outcome.status)


def hris_routes() -> list[Route]:
    return [Route("/webhooks/hris/{provider}/{slug}", receive, methods=["POST"])]
