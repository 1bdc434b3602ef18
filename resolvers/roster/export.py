"""The alumni roster as a file HR can open: `GET /export/alumni.xlsx` and `/export/alumni.csv`.

The same people and fields the caller sees through the API: hr and executives everything;
managers their former reports in full and directory-listed alumni's directory fields; a
field the caller may not read is an empty cell. 退職理由 (the exit interview of the last
departure) is for hr and executives in a first-party session only, as the interview is;
備考 (the profile's note) also for the person's manager, never for the person. The headers
are the ones the import reads, so an exported file imports back unchanged. Rows are read a
page at a time.
"""

import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterator

import openpyxl
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from auth.scopes import Scope
from domain.accounts.models import Role
from domain.common.paging import MAX_PAGE_SIZE, Position, keyset_page
from domain.people.access import Access, Viewer, access_to, managed_among
from domain.people.models import RehireEligibility
from domain.people.page_rows import PeriodRow, labels_of, periods_of
from domain.people.queries import TIE_BREAKERS, AlumniFilter, AlumniOrder, alumni
from domain.roster.leave_reasons import leave_reason_texts
from resolvers.context import Context
from resolvers.errors import ApiError

PAGE = MAX_PAGE_SIZE
COLUMNS = (
    "社員番号", "氏名", "フリガナ", "メールアドレス", "電話番号", "入社日", "退職日", "最終所属",
    "最終役職", "退職理由", "現在の勤務先", "スキル", "再雇用可否", "備考",
)  # fmt: skip
# What a directory viewer may read: name, kana, departments, current company, skills.
DIRECTORY = {"氏名", "フリガナ", "最終所属", "現在の勤務先", "スキル"}
REHIRE_WORDS = {
    RehireEligibility.ELIGIBLE: "可",
    RehireEligibility.CONDITIONAL: "要相談",
    RehireEligibility.NOT_ELIGIBLE: "不可",
}
EXPORTERS = (Role.HR, Role.EXECUTIVE, Role.MANAGER)


async def alumni_rows(viewer: Viewer, *, interviews: bool) -> AsyncIterator[list[str]]:
    """One list of cells per alumnus the viewer may see, by kana. `interviews`: whether the
    caller may read exit interviews at all (a first-party session, as for the field)."""
    after = None
    while True:
        profiles, more = await keyset_page(
            alumni(viewer, AlumniFilter()).select_related("person"),
            sort_field=AlumniOrder.NAME_KANA.value,
            key_field=TIE_BREAKERS[AlumniOrder.NAME_KANA],
            descending=False,
            first=PAGE,
            after=after,
        )
        ids = [profile.person_id for profile in profiles]
        managed = await managed_among(viewer, ids)
        periods = await periods_of(viewer.organization_id, ids)
        labels = await labels_of(viewer.organization_id, ids)
        departures = {person_id: _last_departure(periods[person_id]) for person_id in ids}
        reasons = (
            await leave_reason_texts([period.id for period in departures.values() if period])
            if interviews and viewer.sees_everyone
            else {}
        )
        for profile in profiles:
            person = profile.person
            access = access_to(
                viewer,
                person,
                directory_listed=profile.directory_listed,
                managed=person.id in managed,
            )
            history = periods[person.id]
            last = history[-1] if history else None
            departure = departures[person.id]
            # As the note's own field: the staff who see the person in full, not the person.
            remarks = access is Access.FULL and (
                viewer.sees_everyone or person.id != viewer.person_id
            )
            cells = {
                "社員番号": last and last.employee_number,
                "氏名": person.name,
                "フリガナ": person.name_kana,
                "メールアドレス": person.personal_email,
                "電話番号": person.phone,
                "入社日": history[0].hire_date.isoformat() if history else None,
                "退職日": profile.departed_on.isoformat(),
                "最終所属": last and last.department and last.department.name,
                "最終役職": last and last.title,
                "退職理由": departure and reasons.get(departure.id),
                "現在の勤務先": profile.current_company,
                "スキル": "、".join(labels[person.id].skills),
                "再雇用可否": REHIRE_WORDS.get(profile.rehire_eligibility),
                "備考": profile.note if remarks else None,
            }
            yield [
                (cells[column] or "") if access is Access.FULL or column in DIRECTORY else ""
                for column in COLUMNS
            ]
        if not more:
            return
        after = Position(profiles[-1].person.name_kana, profiles[-1].person_id)


def _last_departure(history: list[PeriodRow]) -> PeriodRow | None:
    """The period whose off-boarding holds the 退職理由: the last one ended, as the import
    finds it (domain.roster.planning)."""
    ended = [period for period in history if period.leave_date]
    return max(ended, key=lambda period: (period.leave_date, period.hire_date), default=None)


async def _csv(rows: AsyncIterator[list[str]]) -> AsyncIterator[bytes]:
    """UTF-8 with a BOM, which Excel needs to read Japanese text from a CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    async for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue().encode()


async def _xlsx(rows: AsyncIterator[list[str]]) -> Iterator[bytes]:
    """A write-only workbook (constant memory), spooled to a temporary file, then sent."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("退職者名簿")
    sheet.append(COLUMNS)
    async for row in rows:
        sheet.append(row)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the generator that sends it
    workbook.save(spool)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(64 * 1024):
                yield chunk

    return chunks()


async def export_alumni(request: Request, file_format: str) -> Response:
    context = Context.of_request(request)
    try:
        context.require_role(*EXPORTERS)
        context.require_scope(Scope.ALUMNI_READ)
    except ApiError as refused:
        status = 401 if refused.code == "UNAUTHENTICATED" else 403
        return JSONResponse({"error": {"code": refused.code, "message": refused.message}}, status)
    rows = alumni_rows(context.viewer, interviews=context.principal.scopes is None)
    if file_format == "csv":
        return StreamingResponse(
            _csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="alumni.csv"'},
        )
    return StreamingResponse(
        await _xlsx(rows),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="alumni.xlsx"'},
    )


async def export_csv(request: Request) -> Response:
    return await export_alumni(request, "csv")


async def export_xlsx(request: Request) -> Response:
    return await export_alumni(request, "xlsx")


export_routes = [
    Route("/export/alumni.csv", export_csv, methods=["GET"]),
    Route("/export/alumni.xlsx", export_xlsx, methods=["GET"]),
]
