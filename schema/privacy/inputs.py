import strawberry


@strawberry.input(description="The person to erase, and the caller's confirmation.")
class PersonEraseInput:
    person_id: strawberry.ID = strawberry.field(description="An alumnus of the organization.")
    confirm: bool = strawberry.field(
        description="Must be true: erasure cannot be undone (CONFIRMATION_REQUIRED otherwise)."
    )
