from typing import Any

from domain.people.models import Person, RehireEligibility
from domain.people.services import EmploymentDraft, PersonDraft, ProfileDraft, create_person
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.people.mutations.ids import department_and_manager


async def person_create(context: Context, data: Any) -> tuple[Person | None, list[FieldError]]:
    principal = context.require_member()
    employment = data.employment
    department_id, manager_id, errors = department_and_manager(employment)
    if errors:
        return None, errors
    profile = None
    if data.alumni_profile is not None:
        given = data.alumni_profile
        profile = ProfileDraft(
            current_company=given.current_company,
            current_title=given.current_title,
            location=given.location,
            skills=list(given.skills),
            tags=list(given.tags),
            rehire_eligibility=RehireEligibility(given.rehire_eligibility),
            rehire_note=given.rehire_note,
            note=given.note,
            directory_listed=given.directory_listed,
        )
    return await run(
        create_person(
            principal.organization,
            context.actor,
            PersonDraft(
                name=data.name,
                name_kana=data.name_kana,
                personal_email=data.personal_email,
                work_email=data.work_email,
                phone=data.phone,
            ),
            EmploymentDraft(
                hire_date=employment.hire_date,
                leave_date=employment.leave_date,
                department_id=department_id,
                title=employment.title,
                manager_id=manager_id,
                employee_number=employment.employee_number,
            ),
            profile,
        )
    )
