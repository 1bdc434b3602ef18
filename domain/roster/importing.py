"""Importing a parsed roster: each row is matched to a person and created, updated, left as
it is, or rejected with its reasons.

One call is one transaction, and all-or-nothing: while any row is rejected nothing is
written, unless the caller chose to skip rejected rows. A dry run plans the same way and
writes nothing. Rows are handled in chunks (a few queries per chunk, bulk inserts), so the
work per row is constant and the memory does not grow with the file; each row's outcome goes
to `on_row` as soon as it is known instead of being kept.

The work is split in two: domain.roster.planning reads what Kizuna holds and decides each
row's outcome; domain.roster.writing writes a planned chunk. This module runs the chunks
through both inside one transaction.

Matching: a row is the person whose employee number it gives, or else whose personal or work
email it gives (case-insensitive). An empty cell never erases what Kizuna holds; the
employment history of a person already in Kizuna is not rewritten by an import.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor, ActorKind
from domain.organizations.models import Organization
from domain.people.models import Department
from domain.roster.planning import Action, Planner, RowOutcome
from domain.roster.rows import Roster, RosterRow, RowProblem
from domain.roster.writing import Writer

__all__ = ["CHUNK_ROWS", "Action", "ImportSummary", "RowOutcome", "import_roster"]

CHUNK_ROWS = 500


@dataclass
class ImportSummary:
    dry_run: bool
    skip_rejected: bool
    header_line: int
    ignored_columns: tuple[str, ...]
    counts: dict[Action, int] = field(default_factory=lambda: dict.fromkeys(Action, 0))
    departments_created: list[str] = field(default_factory=list)
    exit_interviews: int = 0  # recorded (or, in a dry run, to record) from 退職理由
    applied: bool = False  # whether the changes were written

    @property
    def refused(self) -> bool:
        """A real run that wrote nothing because rows were rejected and not to be skipped."""
        return not self.dry_run and not self.applied


class _Rejected(Exception):
    """Rolls the transaction back: a row was rejected and skipping was not chosen."""


async def import_roster(
    organization: Organization,
    actor: Actor,
    roster: Roster,
    *,
    dry_run: bool,
    skip_rejected: bool = False,
    on_row: Callable[[RowOutcome], None] | None = None,
) -> ImportSummary:
    """Plans (and unless `dry_run`, applies) every row of `roster`; see the module doc."""
    summary = ImportSummary(
        dry_run=dry_run,
        skip_rejected=skip_rejected,
        header_line=roster.header.line,
        ignored_columns=roster.ignored_columns,
    )
    report = on_row or (lambda outcome: None)
    if dry_run:
        await _run(organization, roster, summary, report, None)
        return summary
    # Imported rows are stamped with this run; the audit row names who ran it.
    run_actor = Actor(ActorKind.IMPORT, str(uuid.uuid4()))
    try:
        async with in_transaction():
            await _run(organization, roster, summary, report, run_actor)
            if summary.counts[Action.REJECT] and not skip_rejected:
                raise _Rejected
            await audit(
                organization.id,
                actor,
                "roster.imported",
                "organization",
                organization.id,
                {
                    "import": run_actor.id,
                    **{action.value: count for action, count in summary.counts.items()},
                    "exit_interviews": summary.exit_interviews,
                },
            )
    except _Rejected:
        summary.departments_created.clear()
        summary.exit_interviews = 0
        return summary
    summary.applied = True
    return summary


async def _run(
    organization: Organization,
    roster: Roster,
    summary: ImportSummary,
    on_row: Callable[[RowOutcome], None],
    actor: Actor | None,
) -> None:
    """Plans each chunk, and writes it as `actor` (None: a dry run, nothing written)."""
    rows = Department.filter(organization_id=organization.id).values_list("name", "id")
    departments: dict[str, Any] = dict(await rows)
    planner = Planner(organization.id, roster.header, departments)
    writer = None if actor is None else Writer(organization, actor, departments)
    summary.departments_created = planner.departments_created
    for chunk in _chunks(_outcomes(roster), CHUNK_ROWS):
        planned = await planner.plan(chunk)
        # Once a row is rejected (and rejected rows are not skipped), the run will be rolled
        # back: the rest is only planned, so that every row is reported.
        if writer and (summary.skip_rejected or not summary.counts[Action.REJECT]):
            await writer.apply(planned)
        for each in planned:
            summary.counts[each.outcome.action] += 1
            summary.exit_interviews += each.records_exit_interview
            on_row(each.outcome)


def _outcomes(roster: Roster) -> Iterator[RosterRow | tuple[RowProblem, ...]]:
    """RosterRows, and each rejected row's problems as one tuple (they come in a run)."""
    pending: list[RowProblem] = []
    for item in roster:
        if pending and (isinstance(item, RosterRow) or item.line != pending[0].line):
            yield tuple(pending)
            pending = []
        if isinstance(item, RosterRow):
            yield item
        else:
            pending.append(item)
    if pending:
        yield tuple(pending)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
