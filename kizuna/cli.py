"""The `kizuna` command: serve, demo, migrate, worker, token, set-password, import-roster."""

import argparse
import asyncio
import shlex
import sys
from pathlib import Path

from kizuna import db, logs
from kizuna.settings import Settings, SettingsError

ROLE_ORDER = ("executive", "hr", "manager", "employee", "alumnus")
VIEWER_QUERY = "{ viewer { email role organization { name } } }"


async def _check_migrated(settings: Settings) -> None:
    await db.init(settings.database_url)
    try:
        await db.require_migrated()
    finally:
        await db.close()


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from kizuna.app import create_app

    asyncio.run(_check_migrated(settings))  # refuse clearly before binding the port
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        access_log=settings.access_log,
    )


async def _migrate(settings: Settings) -> None:
    await db.migrate(settings.database_url)
    await db.close()


async def _token(settings: Settings, email: str, slug: str | None, minutes: int) -> str:
    from auth.tokens import operator_token
    from domain.accounts.services import memberships_of

    await db.init(settings.database_url)
    try:
        memberships = await memberships_of(email)
        if slug is not None:
            memberships = [m for m in memberships if m.organization.slug == slug]
        if not memberships:
            where = f" in organization {slug!r}" if slug else ""
            raise SystemExit(f"kizuna: no user {email!r}{where}.")
        if len(memberships) > 1:
            slugs = ", ".join(m.organization.slug for m in memberships)
            raise SystemExit(
                f"kizuna: {email} belongs to several organizations ({slugs}); add --org."
            )
        return await operator_token(settings.secret_key, memberships[0], minutes=minutes)
    finally:
        await db.close()


async def _set_password(settings: Settings, email: str, password: str) -> int:
    """Set the password if the policy allows it and end the user's sessions (how many)."""
    from auth.passwords import set_password
    from auth.sign_in import end_sessions_of
    from domain.accounts.models import User
    from domain.common.actors import Actor
    from domain.common.errors import DomainErrors
    from domain.common.text import normalize_email

    await db.init(settings.database_url)
    try:
        await db.require_migrated()
        user = await User.get_or_none(email=normalize_email(email))
        if user is None:
            raise SystemExit(f"kizuna: no user {email!r}.")
        try:
            actor = Actor.system("kizuna set-password")
            await set_password(user, password, actor)
        except DomainErrors as refused:
            raise SystemExit(
                "kizuna: password refused:\n"
                + "\n".join(f"  - {e.message}" for e in refused.errors)
            ) from None
        # A password reset by an operator usually means the old one is known to someone else.
        return await end_sessions_of(user.id, actor, "password_reset")
    finally:
        await db.close()


def _read_password() -> str:
    """From the terminal without echo, or the first line of piped input."""
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != password:
            sys.exit("kizuna: the passwords differ.")
        return password
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")


async def _seed_demo(settings: Settings, slug: str) -> list[tuple[str, str, str]]:
    """Migrate, seed the demo organization once, and return (role, email, token) per role."""
    from auth.tokens import operator_token
    from domain.accounts.models import Membership
    from domain.organizations.models import Organization
    from kizuna.demo_data import seed_demo

    await db.migrate(settings.database_url)
    await db.close()
    await db.init(settings.database_url)
    try:
        if not await Organization.exists(slug=slug):
            print(f"Seeding the demo organization {slug!r} (about 250 people)…", flush=True)
            await seed_demo(slug)
        memberships = await Membership.filter(organization__slug=slug).select_related("user")
        by_role = {m.role.value: m for m in memberships}
        return [
            (
                role,
                by_role[role].user.email,
                await operator_token(settings.secret_key, by_role[role], minutes=12 * 60),
            )
            for role in ROLE_ORDER
            if role in by_role
        ]
    finally:
        await db.close()


def _print_demo(
    tokens: list[tuple[str, str, str]], host: str, port: int, settings: Settings, slug: str
) -> None:
    from kizuna.demo_data import DEMO_PASSWORD

    url = f"http://{host}:{port}/graphql"
    body = '{"query": "' + VIEWER_QUERY.replace('"', '\\"') + '"}'
    print(f"\nKizuna demo: GraphiQL at {url}")
    print("Act as a role by sending its token (valid 12 hours) as `Authorization: Bearer …`,")
    print("or sign in with `signIn` as a staff role with its email and password.\n")
    for role, email, token in tokens:
        print(f"── {role} ({email})")
        print(f"   token: {token}")
        if role != "alumnus":
            print(f"   password: {DEMO_PASSWORD}")
        else:
            where = (
                "sent over SMTP"
                if settings.smtp_url
                else f"written to {Path(settings.mail_dir).resolve()}"
            )
            print(
                f'   sign-in link: magicLinkRequest(input: {{email: "{email}", '
                f'organization: "{slug}"}}); the mail is {where}'
            )
        print(
            f"   curl -s {url} -H 'Content-Type: application/json' "
            f"-H 'Authorization: Bearer {token}' -d {shlex.quote(body)}\n"
        )


async def _worker(settings: Settings) -> None:
    import signal

    from domain.outbox.runner import run_forever
    from kizuna.worker import build_registry, worker_id

    await db.init(settings.database_url)
    try:
        await db.require_migrated()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        name = worker_id()
        print(f"kizuna worker {name} running; Ctrl-C to stop.", flush=True)
        await run_forever(build_registry(settings), name, stop)
    finally:
        await db.close()


async def _import_roster(
    settings: Settings, path: Path, slug: str | None, mapping: dict, dry_run: bool, skip: bool
) -> bool:
    """Prints each row's outcome and a summary; True when the file imports (or would) cleanly."""
    from domain.common.actors import Actor
    from domain.organizations.models import Organization
    from domain.roster import RosterFileError
    from domain.roster.importing import Action, RowOutcome, import_roster
    from domain.roster.parser_process import parsed_roster

    def show(outcome: RowOutcome) -> None:
        detail = ", ".join(outcome.changed)
        print(f"line {outcome.line}: {outcome.action.value}" + (f" ({detail})" if detail else ""))
        for problem in (*outcome.problems, *outcome.warnings):
            print(f"    {problem.code.value}: {problem.message}")

    await db.init(settings.database_url)
    try:
        await db.require_migrated()
        organizations = Organization.all() if slug is None else Organization.filter(slug=slug)
        found = await organizations.limit(2)
        if len(found) != 1:
            raise SystemExit(
                f"kizuna: no organization {slug!r}." if slug else "kizuna: name one with --org."
            )
        try:
            with parsed_roster(path, path.name, mapping) as roster:
                summary = await import_roster(
                    found[0],
                    Actor.system("kizuna import-roster"),
                    roster,
                    dry_run=dry_run,
                    skip_rejected=skip,
                    on_row=show,
                )
        except RosterFileError as refused:
            raise SystemExit(f"kizuna: {path.name}: {refused.message}") from None
    finally:
        await db.close()
    counts = ", ".join(f"{n} {action.value}" for action, n in summary.counts.items())
    departments = ", ".join(summary.departments_created) or "none"
    interviews = summary.exit_interviews
    print(f"{counts}; exit interviews from 退職理由: {interviews}; new departments: {departments}.")
    if summary.dry_run:
        print("Dry run: nothing was written.")
    elif summary.applied:
        print(
            "Imported." + (" Rejected rows were skipped." if summary.counts[Action.REJECT] else "")
        )
    else:
        print("Nothing was imported: fix the rejected rows, or run again with --skip-rejected.")
    return summary.counts[Action.REJECT] == 0 or (summary.applied and skip)


def _column_mapping(pairs: list[str]) -> dict[str, str | None]:
    """--map '個人アドレス=email' --map '旧姓=' (an empty field ignores the column)."""
    mapping: dict[str, str | None] = {}
    for pair in pairs:
        header, sign, field = pair.partition("=")
        if not sign or not header.strip():
            raise SystemExit(f"kizuna: --map wants HEADER=FIELD, not {pair!r}.")
        mapping[header.strip()] = field.strip() or None
    return mapping


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kizuna",
        description="Kizuna: alumni, referral and rehire CRM as one GraphQL API. "
        "Configured by DATABASE_URL and KIZUNA_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_address(command: argparse.ArgumentParser) -> None:
        command.add_argument("--host", default="127.0.0.1", help="address to listen on")
        command.add_argument("--port", type=int, default=8000, help="port to listen on")

    with_address(commands.add_parser("serve", help="serve the GraphQL API at /graphql"))
    demo = commands.add_parser(
        "demo", help="migrate, seed a demo organization, print a token per role, then serve"
    )
    with_address(demo)
    demo.add_argument("--slug", default="demo", help="slug of the demo organization")
    commands.add_parser("migrate", help="apply pending database migrations")
    commands.add_parser("worker", help="run outbox handlers (one process per worker)")
    token = commands.add_parser("token", help="print a signed access token for an existing user")
    token.add_argument("email", help="the user's sign-in email")
    token.add_argument("--org", dest="slug", help="organization slug, when the user has several")
    token.add_argument("--minutes", type=int, default=None, help="lifetime (default: settings)")
    password = commands.add_parser(
        "set-password",
        help="set a user's password, read from standard input (asked twice on a terminal)",
    )
    password.add_argument("email", help="the user's sign-in email")
    roster = commands.add_parser(
        "import-roster",
        help="import an alumni roster (.xlsx, or CSV in UTF-8 or Shift_JIS); all or nothing",
    )
    roster.add_argument("file", type=Path, help="the roster file")
    roster.add_argument("--org", dest="slug", help="organization slug (needed if several)")
    roster.add_argument("--dry-run", action="store_true", help="report each row, write nothing")
    roster.add_argument(
        "--skip-rejected", action="store_true", help="import the other rows when some are rejected"
    )
    roster.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="read a column as a field (e.g. 個人アドレス=email; HEADER= ignores it)",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as refused:
        sys.exit(f"kizuna: {refused}")
    logs.configure(json=settings.log_json)
    try:
        if args.command == "serve":
            _serve(settings, args.host, args.port)
        elif args.command == "demo":
            tokens = asyncio.run(_seed_demo(settings, args.slug))
            _print_demo(tokens, args.host, args.port, settings, args.slug)
            _serve(settings, args.host, args.port)
        elif args.command == "migrate":
            asyncio.run(_migrate(settings))
            print("Migrations applied.")
        elif args.command == "worker":
            asyncio.run(_worker(settings))
        elif args.command == "token":
            minutes = args.minutes or settings.access_token_minutes
            print(asyncio.run(_token(settings, args.email, args.slug, minutes)))
        elif args.command == "set-password":
            ended = asyncio.run(_set_password(settings, args.email, _read_password()))
            print(f"Password set for {args.email}; {ended} session(s) ended.")
        elif args.command == "import-roster":
            mapping = _column_mapping(args.map)
            if not args.file.is_file():
                sys.exit(f"kizuna: no file {str(args.file)!r}.")
            clean = asyncio.run(
                _import_roster(
                    settings, args.file, args.slug, mapping, args.dry_run, args.skip_rejected
                )
            )
            sys.exit(0 if clean else 1)
    except db.UnmigratedDatabase as refused:
        sys.exit(f"kizuna: {refused}")


if __name__ == "__main__":
    main()
