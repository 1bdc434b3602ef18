"""A listed page walks indexes and stops after the page: SQLite never sorts the organization.

The plans are SQLite's (its planner needs no statistics to pick these indexes); the same
indexes exist on PostgreSQL, whose choice depends on its statistics.
"""

import logging

from tortoise import connections

from domain.accounts.models import Role
from domain.people.access import Viewer
from domain.people.page_rows import labels_of, periods_of
from domain.people.queries import AlumniFilter, AlumniOrder, alumni_page
from tests.conftest import POSTGRES
from tests.factories import make_alumnus, make_department, make_org

if not POSTGRES:

    class _Statements(logging.Handler):
        def __init__(self) -> None:
            super().__init__(level=logging.DEBUG)
            self.seen: list[tuple[str, list]] = []

        def emit(self, record: logging.LogRecord) -> None:
            if isinstance(record.args, tuple) and len(record.args) == 2:
                query, values = record.args
                if str(query).startswith("SELECT"):
                    self.seen.append((query, list(values or ())))

    async def _plans_of(read) -> list[list[str]]:
        """The query plan of each SELECT that `read()` runs."""
        logger = logging.getLogger("tortoise.db_client")
        statements, level = _Statements(), logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(statements)
        try:
            await read()
        finally:
            logger.removeHandler(statements)
            logger.setLevel(level)
        client = connections.get("default")
        plans = []
        for query, values in statements.seen:
            _, rows = await client.execute_query(f"EXPLAIN QUERY PLAN {query}", values)
            plans.append([row["detail"] for row in rows])
        return plans

    async def _index(table: str, *leading: str) -> str:
        """The name of the table's index whose columns begin with `leading`, and go on."""
        client = connections.get("default")
        _, indexes = await client.execute_query(f"PRAGMA index_list('{table}')")
        for index in indexes:
            _, columns = await client.execute_query(f"PRAGMA index_info('{index['name']}')")
            names = tuple(column["name"] for column in columns)
            if names[: len(leading)] == leading and len(names) > len(leading):
                return index["name"]
        raise AssertionError(f"no index on {table} begins with {leading}")

    async def _hr_and_alumni():
        org = await make_org()
        department = await make_department(org)
        people = [
            await make_alumnus(org, skills=["Go"], tags=["要フォロー"], department_id=department.id)
            for _ in range(3)
        ]
        return Viewer(organization_id=org.id, role=Role.HR, person_id=None), people

    async def test_the_alumni_page_walks_an_index_in_either_common_order(database_url):
        viewer, _ = await _hr_and_alumni()
        for order, index in (
            (AlumniOrder.NAME_KANA, await _index("person", "organization_id", "status")),
            (
                AlumniOrder.DEPARTED_ON,
                await _index("alumni_profile", "organization_id", "departed_on"),
            ),
        ):
            [plan] = await _plans_of(
                lambda order=order: alumni_page(viewer, AlumniFilter(), order, False, 100, None)
            )
            assert not [step for step in plan if "TEMP B-TREE" in step], (order, plan)
            assert f"USING INDEX {index} " in plan[0], (order, plan)

    async def test_a_pages_periods_and_labels_are_read_in_order_from_indexes(database_url):
        viewer, people = await _hr_and_alumni()
        ids = [person.id for person in people]
        plans = await _plans_of(lambda: periods_of(viewer.organization_id, ids))
        plans += await _plans_of(lambda: labels_of(viewer.organization_id, ids))
        assert [plan[0].split(" USING ")[0] for plan in plans] == [
            "SEARCH p",
            "SEARCH alumni_label",
        ]
        for plan in plans:
            assert "(organization_id=? AND person_id=?)" in plan[0], plan
            assert not [step for step in plan if "TEMP B-TREE" in step], plan
