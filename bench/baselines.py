"""The baseline ASGI apps that Kizuna is measured against, served by uvicorn with --factory.

- `starlette_app`: one JSON endpoint; the floor of Starlette + uvicorn.
- `hello_app`: strawberry answering `{ hello }` with Kizuna's parser and validation caches;
  the floor of a GraphQL request.
- `memory_app`: strawberry answering the 100-alumni page from plain dataclasses loaded once
  at startup; what the page costs without a database, auth or permission checks.
"""

import os
from contextlib import asynccontextmanager
from datetime import date
from uuid import UUID

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

from bench.queries import PAGE_SIZE

# Same cache sizes as schema.schema.build_schema.
CACHES = [lambda: ParserCache(maxsize=256), lambda: ValidationCache(maxsize=256)]


def starlette_app() -> Starlette:
    async def status(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/", status)])


@strawberry.type
class HelloQuery:
    @strawberry.field
    def hello(self) -> str:
        return "world"


def hello_app() -> GraphQL:
    return GraphQL(strawberry.Schema(query=HelloQuery, extensions=CACHES), graphql_ide=None)


# The page's shape with plain attributes: strawberry's default resolvers read them directly.
@strawberry.type
class Department:
    name: str


@strawberry.type
class AlumniProfile:
    current_company: str
    skills: list[str]
    tags: list[str] | None


@strawberry.type
class EmploymentPeriod:
    hire_date: date | None
    leave_date: date | None
    title: str | None
    department: Department | None


@strawberry.type
class Person:
    id: strawberry.ID
    name: str
    name_kana: str
    departments: list[Department]
    alumni_profile: AlumniProfile | None
    employments: list[EmploymentPeriod] | None


@strawberry.type
class Edge:
    node: Person


@strawberry.type
class PersonConnection:
    edges: list[Edge]


EDGES: list[Edge] = []  # filled once by memory_app's startup


@strawberry.type
class MemoryQuery:
    @strawberry.field
    def alumni(self, first: int = 20) -> PersonConnection:
        return PersonConnection(edges=EDGES[:first])


def memory_app() -> Starlette:
    """Configured by BENCH_DATABASE_URL and BENCH_ORGANIZATION_ID (the runner sets both)."""
    database_url = os.environ["BENCH_DATABASE_URL"]
    organization_id = UUID(os.environ["BENCH_ORGANIZATION_ID"])

    @asynccontextmanager
    async def lifespan(app: Starlette):
        EDGES[:] = await load_page(database_url, organization_id)
        yield

    schema = strawberry.Schema(query=MemoryQuery, extensions=CACHES)
    graphql = GraphQL(schema, graphql_ide=None)
    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])], lifespan=lifespan)


async def load_page(database_url: str, organization_id: UUID) -> list[Edge]:
    """The first page hr sees, read once with the same domain query and orderings Kizuna uses
    (the runner checks that both answers are identical before measuring)."""
    from domain.accounts.models import Role
    from domain.people.access import Viewer
    from domain.people.models import AlumniLabel, LabelKind
    from domain.people.models import EmploymentPeriod as PeriodModel
    from domain.people.queries import AlumniFilter, AlumniOrder, alumni_page
    from kizuna import db
    from resolvers import ids

    await db.init(database_url)
    try:
        viewer = Viewer(organization_id=organization_id, role=Role.HR, person_id=None)
        profiles, _ = await alumni_page(
            viewer, AlumniFilter(), AlumniOrder.NAME_KANA, False, PAGE_SIZE, None
        )
        person_ids = [profile.person_id for profile in profiles]
        periods = (
            await PeriodModel.filter(person_id__in=person_ids)
            .select_related("department")
            .order_by("hire_date", "id")
        )
        labels = await AlumniLabel.filter(person_id__in=person_ids).order_by("position", "value")
    finally:
        await db.close()

    employments: dict[UUID, list[EmploymentPeriod]] = {key: [] for key in person_ids}
    departments: dict[UUID, dict[UUID, Department]] = {key: {} for key in person_ids}
    for period in periods:
        department = None if period.department is None else Department(name=period.department.name)
        employments[period.person_id].append(
            EmploymentPeriod(
                hire_date=period.hire_date,
                leave_date=period.leave_date,
                title=period.title,
                department=department,
            )
        )
        if department is not None:
            departments[period.person_id].setdefault(period.department_id, department)
    skills: dict[UUID, list[str]] = {key: [] for key in person_ids}
    tags: dict[UUID, list[str]] = {key: [] for key in person_ids}
    for label in labels:
        (skills if label.kind == LabelKind.SKILL else tags)[label.person_id].append(label.value)
    return [
        Edge(
            node=Person(
                id=strawberry.ID(ids.encode("Person", profile.person_id)),
                name=profile.person.name,
                name_kana=profile.person.name_kana,
                departments=list(departments[profile.person_id].values()),
                alumni_profile=AlumniProfile(
                    current_company=profile.current_company,
                    skills=skills[profile.person_id],
                    tags=tags[profile.person_id],
                ),
                employments=employments[profile.person_id],
            )
        )
        for profile in profiles
    ]
