"""Field permissions, declared on fields and printed into their descriptions."""

from typing import Any

import strawberry
from strawberry.permission import BasePermission, PermissionExtension

from auth.scopes import AppAccess, FieldScope
from domain.accounts.models import Role
from domain.people.access import Access
from resolvers.context import Context
from resolvers.errors import Forbidden


class Permission(BasePermission):
    """A permission that can describe who passes it, for the schema and the snapshot map."""

    audience = ""

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        raise NotImplementedError

    @property
    def rule(self) -> str:
        return type(self).__name__


class Anyone(Permission):
    """Signing in itself: callers without a token are expected."""

    audience = "anyone, signed in or not"

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        return True


class SignedIn(Permission):
    audience = "any signed-in member of the organization"

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        info.context.require_member()
        return True


class RoleIn(Permission):
    def __init__(self, *roles: Role) -> None:
        self.roles = roles
        self.audience = "roles " + ", ".join(role.value for role in roles)

    @property
    def rule(self) -> str:
        return "RoleIn(" + ",".join(role.value for role in self.roles) + ")"

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        info.context.require_role(*self.roles)
        return True


class PersonDirectory(Permission):
    """Anyone who can see the person at all: reaching the object already checked it."""

    audience = (
        "anyone who can see this person: hr, executives, the person, their manager, "
        "and every member for directory-listed alumni"
    )

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        return True


class PersonFull(Permission):
    audience = "hr, executives, the person themself, and their current or former manager"

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        if source.access is not Access.FULL:
            raise Forbidden("Only hr, executives, the person and their manager can read this.")
        return True


class PersonConsent(Permission):
    """A person's consents are theirs and hr's business, not their manager's: a manager
    who sees a former report in full still does not see what they agreed to."""

    audience = "hr, executives and the person themself (not their manager)"

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        viewer = info.context.viewer
        if viewer.sees_everyone:
            return True
        if viewer.person_id is not None and source.model.id == viewer.person_id:
            return True
        raise Forbidden("Only hr, executives and the person themself can read consents.")


class Guard(BasePermission):
    """A field's rule for roles and its scope for app tokens, checked in that order."""

    def __init__(self, permission: Permission, scope: FieldScope) -> None:
        self.permission = permission
        self.scope = scope

    @property
    def rule(self) -> str:
        return self.permission.rule

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        self.permission.has_permission(source, info, **kwargs)
        if info.context.principal.authenticated:
            info.context.require_scope(self.scope)
        return True


def _scope_line(scope: FieldScope) -> str:
    if scope is AppAccess.ANY_TOKEN:
        return "Partner apps: any token."
    if scope is AppAccess.FIRST_PARTY:
        return "Partner apps: never (first-party sessions only)."
    return f"Partner apps: scope `{scope.value}`."


def guarded(permission: Permission, scope: FieldScope, description: str, **kwargs: Any) -> Any:
    """A field whose permission and scope are enforced and documented in the schema."""
    return strawberry.field(
        description=f"{description}\n\nVisible to: {permission.audience}. {_scope_line(scope)}",
        extensions=[
            PermissionExtension(permissions=[Guard(permission, scope)], use_directives=False)
        ],
        **kwargs,
    )


def guarded_mutation(
    permission: Permission, scope: FieldScope, description: str, **kwargs: Any
) -> Any:
    return strawberry.mutation(
        description=f"{description}\n\nAllowed for: {permission.audience}. {_scope_line(scope)}",
        extensions=[
            PermissionExtension(permissions=[Guard(permission, scope)], use_directives=False)
        ],
        **kwargs,
    )


HR_OR_EXECUTIVE = RoleIn(Role.HR, Role.EXECUTIVE)
HR = RoleIn(Role.HR)
STAFF_WHO_MANAGE = RoleIn(Role.HR, Role.EXECUTIVE, Role.MANAGER)
# hr for anyone in the organization; an alumnus for themself (checked by the service).
CONSENT_RECORDERS = RoleIn(Role.HR, Role.ALUMNUS)
ANYONE = Anyone()
SIGNED_IN = SignedIn()
PERSON_DIRECTORY = PersonDirectory()
PERSON_FULL = PersonFull()
PERSON_CONSENT = PersonConsent()
