"""Field permissions, declared on fields and printed into their descriptions."""

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from auth.scopes import AppAccess, FieldScope
from domain.accounts.models import Role
from domain.people.access import Access
from resolvers.context import Context, bind_context, current_context
from resolvers.errors import Forbidden

CALLER, ACCESS, SOURCE = "caller", "access", "source"
DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF


class Permission:
    """A rule that can describe who passes it, for the schema and the snapshot map.
    `check` raises Unauthenticated or Forbidden for a caller who does not pass."""

    audience = ""
    # What the answer depends on besides the caller, so that a request can remember a pass:
    # CALLER (nothing else), ACCESS (the source's access level) or SOURCE (the object itself,
    # never remembered). A listed page reads the same few guards thousands of times.
    depends_on = SOURCE

    def check(self, source: Any, context: Context) -> None:
        raise NotImplementedError

    @property
    def rule(self) -> str:
        return type(self).__name__


class Anyone(Permission):
    """Signing in itself: callers without a token are expected."""

    depends_on = CALLER
    audience = "anyone, signed in or not"

    def check(self, source: Any, context: Context) -> None:
        return None


class SignedIn(Permission):
    depends_on = CALLER
    audience = "any signed-in member of the organization"

    def check(self, source: Any, context: Context) -> None:
        context.require_member()


class RoleIn(Permission):
    depends_on = CALLER

    def __init__(self, *roles: Role) -> None:
        self.roles = roles
        self.audience = "roles " + ", ".join(role.value for role in roles)

    @property
    def rule(self) -> str:
        return "RoleIn(" + ",".join(role.value for role in self.roles) + ")"

    def check(self, source: Any, context: Context) -> None:
        context.require_role(*self.roles)


class PersonDirectory(Permission):
    """Anyone who can see the person at all: reaching the object already checked it."""

    depends_on = CALLER
    audience = (
        "anyone who can see this person: hr, executives, the person, their manager, "
        "and every member for directory-listed alumni"
    )

    def check(self, source: Any, context: Context) -> None:
        return None


class PersonFull(Permission):
    depends_on = ACCESS
    audience = "hr, executives, the person themself, and their current or former manager"

    def check(self, source: Any, context: Context) -> None:
        if source.access is not Access.FULL:
            raise Forbidden("Only hr, executives, the person and their manager can read this.")


class OffboardingVisible(Permission):
    """Reaching the off-boarding (a list, node or person field) already checked it."""

    depends_on = CALLER
    audience = "hr, executives, and the manager of the employment period that ends"

    def check(self, source: Any, context: Context) -> None:
        return None


class PersonOffboarding(Permission):
    depends_on = ACCESS
    audience = "hr, executives, and the person's manager (never the person themself)"

    def check(self, source: Any, context: Context) -> None:
        role = context.require_member().role
        if role in (Role.HR, Role.EXECUTIVE):
            return
        if role == Role.MANAGER and source.access is Access.FULL:
            return
        raise Forbidden("Only hr, executives and the person's manager can read this.")


class PersonConsent(Permission):
    """A person's consents are theirs and hr's business, not their manager's: a manager
    who sees a former report in full still does not see what they agreed to."""

    audience = "hr, executives and the person themself (not their manager)"

    def check(self, source: Any, context: Context) -> None:
        viewer = context.viewer
        if viewer.sees_everyone:
            return
        if viewer.person_id is not None and source.model.id == viewer.person_id:
            return
        raise Forbidden("Only hr, executives and the person themself can read consents.")


class PersonTimeline(Permission):
    """A person's timeline, and the organization's remarks about them, are for the staff who
    keep in touch, not for the person."""

    audience = "hr, executives, and the person's current or former manager"

    def check(self, source: Any, context: Context) -> None:
        viewer = context.viewer
        # The source is a Person, or an AlumniProfile (its note): either way, whose it is.
        person_id = getattr(source.model, "person_id", None) or source.model.id
        if source.access is not Access.FULL or (
            not viewer.sees_everyone and person_id == viewer.person_id
        ):
            raise Forbidden("Only hr, executives and the person's manager can read this.")


class PersonDataExporters(Permission):
    """The person is an argument, so the resolver checks it (domain.privacy.services)."""

    depends_on = CALLER
    audience = "hr and executives for anyone in the organization; every other member for themself"

    def check(self, source: Any, context: Context) -> None:
        context.require_member()


class Guard(BasePermission):
    """A field's rule for roles and its scope for app tokens, checked in that order."""

    def __init__(self, permission: Permission, scope: FieldScope) -> None:
        self.permission = permission
        self.scope = scope

    @property
    def rule(self) -> str:
        return self.permission.rule

    def pass_key(self, source: Any) -> Any:
        """What a remembered pass is filed under; None when a pass is not remembered."""
        depends_on = self.permission.depends_on
        if depends_on == CALLER:
            return self
        if depends_on == ACCESS:
            return (self, source.access)
        return None

    def check(self, source: Any, context: Context) -> None:
        key = self.pass_key(source)
        if key is not None and key in context.passed_guards:
            return
        self.permission.check(source, context)
        if context.principal.authenticated:
            context.require_scope(self.scope)
        if key is not None:
            context.passed_guards.add(key)

    def has_permission(self, source: Any, info: strawberry.Info[Context], **kwargs: Any) -> bool:
        self.check(source, info.context)
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


def guard_of(field: StrawberryField) -> Guard | None:
    """The guard declared on a field, a resolver's or an attribute's."""
    for extension in field.extensions:
        if isinstance(extension, PermissionExtension):
            [guard] = extension.permissions
            return guard
    return getattr(field, "guard", None)


def guarded_type(cls: type | None = None, **options: Any) -> Any:
    """`strawberry.type`, whose guarded fields that are plain methods of the object (sync, no
    `info`, no arguments) become attributes, read by a function that checks the guard, then
    calls the method. Strawberry's resolver path (info object, argument parsing, extension
    chain) costs several times the check itself, and most fields of a listed page are such
    fields: `resolve_guarded_attributes` has graphql-core call the read directly. In Python
    the attribute is a property doing the same. Declarations, descriptions and the
    permission snapshot stay the same."""

    def wrap(cls: type) -> type:
        strawberry.type(cls, **options)
        for field in cls.__strawberry_definition__.fields:
            resolver = field.base_resolver
            guard = guard_of(field)
            if (
                guard is None
                or resolver is None
                or resolver.is_async
                or resolver.arguments
                or resolver.info_parameter is not None
            ):
                continue
            read = _guarded_read(guard, resolver.wrapped_func)
            field.python_name = resolver.name
            field.type_annotation = resolver.type_annotation
            field._base_resolver = None
            field.extensions = []
            field.guard = guard  # type: ignore[attr-defined]
            field.guarded_read = read  # type: ignore[attr-defined]
            setattr(
                cls,
                resolver.name,
                property(
                    lambda source, read=read: read(source, CURRENT_REQUEST),
                    doc=resolver.wrapped_func.__doc__,
                ),
            )
        return cls

    return wrap if cls is None else wrap(cls)


def resolve_guarded_attributes(schema: strawberry.Schema) -> None:
    """Has graphql-core call each guarded attribute's read itself (see `guarded_type`):
    strawberry's resolver for an attribute would only read it."""
    name_of = schema.config.name_converter.get_graphql_name
    for graphql_type in schema._schema.type_map.values():
        definition = (getattr(graphql_type, "extensions", None) or {}).get(DEFINITION)
        for field in getattr(definition, "fields", ()):
            read = getattr(field, "guarded_read", None)
            if read is not None:
                graphql_field = graphql_type.fields[name_of(field)]
                # Only strawberry's plain attribute read is replaced: anything more (field
                # extensions, exception handlers) would be lost.
                assert getattr(graphql_field.resolve, "_is_default", False), field.name
                graphql_field.resolve = read


class BindContext(SchemaExtension):
    """Makes the request's context readable by fields that get no `info`."""

    def on_execute(self) -> Iterator[None]:
        bind_context(self.execution_context.context)
        yield


class _CurrentRequest:
    """What a read takes of graphql-core's `info`, for a read from Python code."""

    @property
    def context(self) -> Context:
        return current_context()


CURRENT_REQUEST = _CurrentRequest()


def _guarded_read(guard: Guard, method: Any) -> Any:
    """`read(source, info)`: the method's value once the guard passes, a graphql-core
    resolver. The remembered-pass lookup is inlined for the two common kinds: a page reads
    thousands."""
    depends_on = guard.permission.depends_on

    def read(source: Any, info: GraphQLResolveInfo) -> Any:
        guard.check(source, info.context)
        return method(source)

    def read_by_caller(source: Any, info: GraphQLResolveInfo) -> Any:
        context = info.context
        if guard not in context.passed_guards:
            guard.check(source, context)
        return method(source)

    def read_by_access(source: Any, info: GraphQLResolveInfo) -> Any:
        context = info.context
        if (guard, source.access) not in context.passed_guards:
            guard.check(source, context)
        return method(source)

    if depends_on == CALLER:
        return read_by_caller
    if depends_on == ACCESS:
        return read_by_access
    return read


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
HR_OR_MANAGER = RoleIn(Role.HR, Role.MANAGER)
# hr for anyone in the organization; an alumnus for themself (checked by the service).
CONSENT_RECORDERS = RoleIn(Role.HR, Role.ALUMNUS)
ANYONE = Anyone()
SIGNED_IN = SignedIn()
PERSON_DIRECTORY = PersonDirectory()
PERSON_FULL = PersonFull()
OFFBOARDING_VISIBLE = OffboardingVisible()
PERSON_OFFBOARDING = PersonOffboarding()
PERSON_CONSENT = PersonConsent()
PERSON_TIMELINE = PersonTimeline()
PERSON_DATA_EXPORTERS = PersonDataExporters()
