"""The typed per-request context: the principal and the organization-bound dataloaders."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from auth.principal import ANONYMOUS_MESSAGES, Principal
from auth.scopes import AppAccess, FieldScope
from domain.accounts.models import Role
from domain.common import clock
from domain.common.actors import Actor
from domain.people.access import Viewer
from resolvers.consent.dataloaders import ConsentLoaders
from resolvers.errors import Forbidden, Unauthenticated
from resolvers.jobs.dataloaders import JobLoaders
from resolvers.offboarding.dataloaders import OffboardingLoaders
from resolvers.people.dataloaders import PeopleLoaders
from resolvers.rehire.dataloaders import RehireLoaders


class SessionSettings(Protocol):
    """What signing in needs of the settings (kizuna.settings.Settings has it)."""

    secret_key: str
    access_token_minutes: int
    smtp_url: str | None
    mail_dir: str
    mail_from: str
    magic_link_url: str
    public_url: str


@dataclass
class Context:
    principal: Principal
    request_id: str
    request: Any = None
    response: Any = None
    settings: SessionSettings | None = None
    _people: PeopleLoaders | None = field(default=None, repr=False)
    _offboarding: OffboardingLoaders | None = field(default=None, repr=False)
    _consent: ConsentLoaders | None = field(default=None, repr=False)
    _jobs: JobLoaders | None = field(default=None, repr=False)
    _rehire: RehireLoaders | None = field(default=None, repr=False)
    # Guards this request's caller passed (schema.common.permissions.Guard): the caller does
    # not change within a request, so a pass holds for its remaining fields.
    passed_guards: set[Any] = field(default_factory=set, repr=False)

    @classmethod
    def of_request(
        cls, request: Any, response: Any = None, settings: SessionSettings | None = None
    ) -> "Context":
        """The context of an HTTP request, GraphQL or not: the principal the authentication
        middleware found, and the request id the request-id middleware gave it."""
        return cls(
            principal=request.user.principal,
            request_id=request.scope.get("state", {}).get("request_id", ""),
            request=request,
            response=response,
            settings=settings,
        )

    @property
    def client_address(self) -> str:
        """The caller's IP address as the server saw it (behind a proxy: the proxy's, unless
        uvicorn runs with --proxy-headers)."""
        client = getattr(self.request, "client", None)
        return "" if client is None else client.host

    def require_member(self) -> Principal:
        if not self.principal.authenticated:
            raise Unauthenticated(ANONYMOUS_MESSAGES[self.principal.anonymous_reason])
        return self.principal

    def require_role(self, *roles: Role) -> Principal:
        principal = self.require_member()
        if principal.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Forbidden(f"This needs one of the roles: {allowed}.")
        return principal

    def require_scope(self, scope: FieldScope) -> Principal:
        principal = self.require_member()
        if principal.scopes is None or scope is AppAccess.ANY_TOKEN:
            return principal
        if scope is AppAccess.FIRST_PARTY:
            raise Forbidden("Partner apps cannot use this: sign in as a person.")
        if scope not in principal.scopes:
            raise Forbidden(
                f"This needs the scope {scope.value}, which this token was not granted.",
                scope=scope.value,
            )
        return principal

    @property
    def actor(self) -> Actor:
        return self.require_member().actor

    @property
    def viewer(self) -> Viewer:
        return self.require_member().viewer

    @property
    def people(self) -> PeopleLoaders:
        """Dataloaders bound to the caller's organization, created once per request."""
        if self._people is None:
            self._people = PeopleLoaders(self.viewer)
        return self._people

    @property
    def offboarding(self) -> OffboardingLoaders:
        if self._offboarding is None:
            self._offboarding = OffboardingLoaders(self.viewer)
        return self._offboarding

    @property
    def jobs(self) -> JobLoaders:
        """Openings, departments, referral history and rules of the caller's organization."""
        if self._jobs is None:
            self._jobs = JobLoaders(self.viewer.organization_id)
        return self._jobs

    @property
    def rehire(self) -> RehireLoaders:
        """Rehire history and applicants' profiles of the caller's organization."""
        if self._rehire is None:
            self._rehire = RehireLoaders(self.viewer.organization_id)
        return self._rehire

    @property
    def today(self) -> date:
        """Today in the caller's organization's time zone."""
        organization = self.require_member().organization
        assert organization is not None
        return clock.today_in(organization.time_zone)

    @property
    def consent(self) -> ConsentLoaders:
        """Consent loaders bound to the caller's organization, created once per request."""
        if self._consent is None:
            self._consent = ConsentLoaders(self.viewer.organization_id)
        return self._consent


# The context of the request being executed, for fields that read it without an `info`
# argument (attribute fields, see schema.common.permissions.guarded_type). Set by the
# BindContext schema extension when execution starts; each request runs in its own task.
_current: ContextVar[Context] = ContextVar("kizuna_context")


def bind_context(context: Context) -> None:
    _current.set(context)


# The ContextVar's own method, not a function around it: a listed page reads it thousands
# of times, and a Python call each time was a measurable share of the page.
current_context: Callable[[], Context] = _current.get
