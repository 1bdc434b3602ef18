"""An employee number belongs to one person, even when two are created at the same moment."""

import asyncio
from datetime import date

from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.people.error_codes import PeopleErrorCode
from domain.people.models import EmployeeNumber, EmploymentPeriod, Person
from domain.people.services import EmploymentDraft, PersonDraft, create_person
from tests.factories import make_org

ACTOR = Actor.system("tests")


async def create(org, n: int, number: str) -> Person:
    return await create_person(
        org,
        ACTOR,
        PersonDraft(name=f"同時 {n}号", personal_email=f"p{n}@example.jp"),
        EmploymentDraft(hire_date=date(2020, 4, 1), employee_number=number),
    )


async def test_one_of_five_simultaneous_creations_gets_the_number(database_url):
    org = await make_org()
    results = await asyncio.gather(
        *(create(org, n, "E-777") for n in range(5)), return_exceptions=True
    )
    created = [r for r in results if isinstance(r, Person)]
    refused = [r for r in results if not isinstance(r, Person)]
    assert len(created) == 1
    assert all(
        isinstance(r, DomainError) and r.code is PeopleErrorCode.EMPLOYEE_NUMBER_TAKEN
        for r in refused
    ), refused
    assert await Person.filter(organization_id=org.id).count() == 1
    assert await EmploymentPeriod.filter(employee_number="E-777").count() == 1
    [claimed] = await EmployeeNumber.filter(organization_id=org.id)
    assert (claimed.number, claimed.person_id) == ("E-777", created[0].id)


async def test_the_same_number_in_another_organization_is_free(database_url):
    acme, beta = await make_org("acme"), await make_org("beta")
    await create(acme, 1, "E-1")
    await create(beta, 2, "E-1")
    assert await EmployeeNumber.filter(number="E-1").count() == 2
