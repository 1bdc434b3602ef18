from typing import Any

from domain.roster import RosterFileError
from domain.roster.importing import Action, ImportSummary, RowOutcome, import_roster
from domain.roster.parser_process import parsed_roster
from resolvers.context import Context
from resolvers.mutations import FieldError

# Rows reported one by one; rejected and warned rows are always reported.
MAX_REPORTED_ROWS = 10_000


class Report:
    """Collects the outcomes a client needs to see, up to the limit."""

    def __init__(self) -> None:
        self.rows: list[RowOutcome] = []
        self.truncated = False

    def add(self, outcome: RowOutcome) -> None:
        notable = outcome.action is Action.REJECT or outcome.warnings
        if notable or len(self.rows) < MAX_REPORTED_ROWS:
            self.rows.append(outcome)
        else:
            self.truncated = True


async def roster_import(
    context: Context, data: Any
) -> tuple[tuple[ImportSummary, Report] | None, list[FieldError]]:
    principal = context.require_member()
    mapping = {column.header: column.field and column.field.value for column in data.columns}
    report = Report()
    try:
        with parsed_roster(data.file.file, data.file.filename or "", mapping) as roster:
            summary = await import_roster(
                principal.organization,
                context.actor,
                roster,
                dry_run=data.dry_run,
                skip_rejected=data.skip_rejected,
                on_row=report.add,
            )
    except RosterFileError as refused:
        return None, [FieldError("file", refused.code, refused.message)]
    return (summary, report), []
