import strawberry
from strawberry.file_uploads import Upload

from schema.roster.types import RosterField


@strawberry.input(description="Read a column as a field, or (field null) ignore it.")
class RosterColumnInput:
    header: str = strawberry.field(description="The column's header as written in the file.")
    field: RosterField | None


@strawberry.input(
    description="An alumni roster: .xlsx, or CSV in UTF-8 (with or without BOM) or Shift_JIS; "
    "at most 50 MB. Sent as a GraphQL multipart request."
)
class RosterImportInput:
    file: Upload
    dry_run: bool = strawberry.field(description="Report each row; write nothing.")
    skip_rejected: bool = strawberry.field(
        default=False,
        description="Import the other rows when some are rejected (they are listed). "
        "Without it, one rejected row means nothing is imported.",
    )
    columns: list[RosterColumnInput] = strawberry.field(
        default_factory=list, description="Header names on top of the built-in Japanese ones."
    )
