import strawberry

from auth.scopes import Scope
from domain.roster.importing import Action, ImportSummary, RowOutcome
from domain.roster.rows import RowProblem
from resolvers import ids
from resolvers.roster.mutations.roster_import import Report, roster_import
from schema.accounts.types import Info
from schema.common.permissions import HR, guarded_mutation
from schema.roster.inputs import RosterImportInput
from schema.roster.types import (
    RosterImportError,
    RosterImportPayload,
    RosterImportReport,
    RosterRowOutcome,
    RosterRowProblem,
)


def _problem(problem: RowProblem) -> RosterRowProblem:
    return RosterRowProblem(
        line=problem.line, column=problem.column, code=problem.code, message=problem.message
    )


def _outcome(outcome: RowOutcome, dry_run: bool) -> RosterRowOutcome:
    created_nothing = dry_run and outcome.action is Action.CREATE
    person_id = None if outcome.person_id is None or created_nothing else outcome.person_id
    return RosterRowOutcome(
        line=outcome.line,
        action=outcome.action,
        person_id=None if person_id is None else strawberry.ID(ids.encode("Person", person_id)),
        changed_fields=list(outcome.changed),
        problems=[_problem(p) for p in outcome.problems],
        warnings=[_problem(p) for p in outcome.warnings],
    )


def _report(summary: ImportSummary, report: Report) -> RosterImportReport:
    counts = summary.counts
    return RosterImportReport(
        dry_run=summary.dry_run,
        applied=summary.applied,
        created=counts[Action.CREATE],
        updated=counts[Action.UPDATE],
        unchanged=counts[Action.UNCHANGED],
        rejected=counts[Action.REJECT],
        departments_created=summary.departments_created,
        exit_interviews=summary.exit_interviews,
        header_line=summary.header_line,
        ignored_columns=list(summary.ignored_columns),
        rows=[_outcome(outcome, summary.dry_run) for outcome in report.rows],
        rows_truncated=report.truncated,
    )


@strawberry.type
class RosterMutation:
    @guarded_mutation(
        HR,
        Scope.ALUMNI_WRITE,
        "Import HR's alumni roster: people are matched on employee number or email, then "
        "created, updated or left as they are. All or nothing: while any row is rejected "
        "nothing is written, unless `skipRejected`. Importing the same file again changes "
        "nothing.",
    )
    async def roster_import(self, info: Info, input: RosterImportInput) -> RosterImportPayload:
        result, errors = await roster_import(info.context, input)
        return RosterImportPayload(
            report=None if result is None else _report(*result),
            errors=[
                RosterImportError(field=e.field, code=e.code, message=e.message) for e in errors
            ],
        )
