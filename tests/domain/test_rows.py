"""Lazy rows and written page reads give exactly what the models give, on either database."""

from datetime import date

import pytest

from domain.common.rows import lazy_rows, placeholders
from domain.people.models import AlumniProfile, EmploymentPeriod, Person
from domain.people.page_rows import PersonLabels, labels_of, periods_of
from tests.factories import make_alumnus, make_department, make_org


@pytest.fixture
async def org(database_url: str):
    org = await make_org()
    department = await make_department(org, "営業部")
    first = await make_alumnus(
        org,
        name="遅延 一郎",
        skills=["Go", "SQL"],
        tags=["要フォロー"],
        department_id=department.id,
    )
    await make_alumnus(org, name="遅延 二郎", skills=[], tags=[])
    await AlumniProfile.filter(person_id=first.id).update(note="旧姓は佐藤")
    return org


def _columns(model) -> list[str]:
    return sorted(model._meta.fields_db_projection)


async def test_lazy_rows_read_every_column_and_property_as_the_model_does(org) -> None:
    query = AlumniProfile.filter(organization_id=org.id).order_by("person_id")
    models = await query.select_related("person")
    rows = await lazy_rows(query, related=("person",))
    assert len(rows) == len(models) == 2
    for row, model in zip(rows, models, strict=True):
        for name in _columns(AlumniProfile):
            assert getattr(row, name) == getattr(model, name), name
            assert type(getattr(row, name)) is type(getattr(model, name)), name
        for name in _columns(Person):
            assert getattr(row.person, name) == getattr(model.person, name), name
        assert (row.created_by, row.updated_by) == (model.created_by, model.updated_by)
        assert row.person.created_by == model.person.created_by
    with pytest.raises(AttributeError):
        _ = rows[0].no_such_column


async def test_a_relation_without_a_row_reads_as_none(org) -> None:
    query = EmploymentPeriod.filter(organization_id=org.id)
    models = {m.id: m.department for m in await query.select_related("department")}
    rows = {row.id: row.department for row in await lazy_rows(query, related=("department",))}
    assert sorted(d is None for d in models.values()) == [False, True]
    assert {key: d is None for key, d in rows.items()} == {
        key: d is None for key, d in models.items()
    }
    [listed] = [d for d in rows.values() if d is not None]
    assert listed.name == "営業部"


async def test_written_page_reads_match_the_models(org) -> None:
    person_ids = [p.id for p in await Person.filter(organization_id=org.id).order_by("id")]
    periods = await periods_of(org.id, person_ids)
    labels = await labels_of(org.id, person_ids)
    assert set(periods) == set(labels) == set(person_ids)
    for person_id in person_ids:
        models = await EmploymentPeriod.filter(person_id=person_id).select_related("department")
        [row] = periods[person_id]
        [model] = models
        assert row.id == model.id and row.person_id == person_id
        assert (row.hire_date, row.leave_date) == (model.hire_date, model.leave_date)
        assert isinstance(row.hire_date, date)
        assert (row.title, row.employee_number, row.manager_id) == (
            model.title,
            model.employee_number,
            model.manager_id,
        )
        department = model.department
        assert row.department == (None if department is None else (department.id, department.name))
    assert sorted(labels.values(), key=lambda found: len(found.skills)) == [
        PersonLabels(skills=[], tags=[]),
        PersonLabels(skills=["Go", "SQL"], tags=["要フォロー"]),
    ]
    assert await periods_of(org.id, []) == {} and await labels_of(org.id, []) == {}


async def test_placeholders_follow_the_database(database_url: str) -> None:
    expected = "$2, $3, $4" if database_url.startswith("postgres") else "?, ?, ?"
    assert placeholders(Person, 3, start=2) == expected
