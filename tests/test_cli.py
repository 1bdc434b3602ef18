"""The `kizuna` command, run as a real process against the test's database."""

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy

import httpx
import pytest

from auth.passwords import verify_password
from auth.tokens import read_access_token
from domain.accounts.models import Role, User
from domain.identity.models import Session
from tests.conftest import SECRET
from tests.factories import make_member, make_org

COMMANDS = ["serve", "demo", "migrate", "worker", "token", "set-password", "import-roster"]


def kizuna(
    *args: str, url: str, timeout: float = 60, given: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kizuna.cli", *args],
        env=environment(url),
        input=given,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "KIZUNA_SECRET_KEY": SECRET}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command, tmp_path):
    args = ["--help"] if command is None else [command, "--help"]
    result = kizuna(*args, url=f"sqlite://{tmp_path}/x.sqlite3")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: kizuna")
    if command is None:
        assert all(name in result.stdout for name in COMMANDS)


def test_serve_refuses_an_unmigrated_database(tmp_path):
    result = kizuna("serve", "--port", str(free_port()), url=f"sqlite://{tmp_path}/new.sqlite3")
    assert result.returncode == 1
    assert "The database is not migrated" in result.stderr
    assert "Run `kizuna migrate` first." in result.stderr


def test_migrate_then_serve_is_accepted(tmp_path):
    url = f"sqlite://{tmp_path}/new.sqlite3"
    migrated = kizuna("migrate", url=url)
    assert (migrated.returncode, migrated.stdout.strip()) == (0, "Migrations applied.")
    again = kizuna("migrate", url=url)  # nothing pending: still fine
    assert again.returncode == 0


async def test_token_for_an_existing_user(database_url):
    org = await make_org("acme")
    other = await make_org("other", "別会社")
    membership, _ = await make_member(org, Role.HR, email="Ops@Acme.example")
    result = kizuna("token", "ops@acme.example", url=database_url)
    assert result.returncode == 0, result.stderr
    claims = read_access_token(SECRET, result.stdout.strip())
    assert (claims.user_id, claims.organization_id) == (membership.user_id, org.id)

    await make_member(other, Role.EMPLOYEE, email="ops@acme.example")
    ambiguous = kizuna("token", "ops@acme.example", url=database_url)
    assert ambiguous.returncode == 1
    assert "belongs to several organizations (acme, other); add --org" in ambiguous.stderr
    chosen = kizuna("token", "ops@acme.example", "--org", "other", url=database_url)
    assert read_access_token(SECRET, chosen.stdout.strip()).organization_id == other.id

    unknown = kizuna("token", "nobody@acme.example", url=database_url)
    assert unknown.returncode == 1
    assert "no user 'nobody@acme.example'" in unknown.stderr


async def test_set_password_checks_the_policy_and_ends_sessions(database_url):
    org = await make_org("acme")
    membership, _ = await make_member(org, Role.HR, email="ops@acme.example")
    weak = kizuna("set-password", "ops@acme.example", url=database_url, given="ops-2026\n")
    assert weak.returncode == 1
    assert weak.stderr.endswith(
        "kizuna: password refused:\n"
        "  - The password must have at least 12 characters.\n"
        "  - The password must not contain the name part of the email address.\n"
    )
    assert (await User.get(id=membership.user_id)).password_hash is None

    unknown = kizuna("set-password", "nobody@acme.example", url=database_url, given="x\n")
    assert unknown.returncode == 1
    assert unknown.stderr.endswith("kizuna: no user 'nobody@acme.example'.\n")

    done = kizuna(
        "set-password", "OPS@acme.example", url=database_url, given="a long and fine password\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Password set for OPS@acme.example; 1 session(s) ended.\n"
    user = await User.get(id=membership.user_id)
    assert await verify_password(user.password_hash, "a long and fine password")
    assert await Session.filter(user_id=user.id, revoked_reason="password_reset").count() == 1


def test_demo_prints_a_working_token_and_curl_line_per_role(database_url, tmp_path):
    port = free_port()
    mail = tmp_path / "mail"
    process = subprocess.Popen(
        [sys.executable, "-m", "kizuna.cli", "demo", "--port", str(port)],
        env={**environment(database_url), "KIZUNA_MAIL_DIR": str(mail)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = read_until(process, "── alumnus", extra_lines=4, timeout=240)
        tokens = dict(re.findall(r"── (\w+) \(.*?\)\n\s+token: (\S+)", printed))
        assert sorted(tokens) == ["alumnus", "employee", "executive", "hr", "manager"]
        assert printed.count(f"curl -s http://127.0.0.1:{port}/graphql") == 5
        wait_for_health(port, timeout=60)
        for role, token in tokens.items():
            response = httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": "{ viewer { role organization { slug } } }"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.json() == {
                "data": {"viewer": {"role": role.upper(), "organization": {"slug": "demo"}}}
            }
        alumni = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ alumni(first: 1) { totalCount } }"},
            headers={"Authorization": f"Bearer {tokens['hr']}"},
        )
        assert alumni.json()["data"]["alumni"]["totalCount"] >= 190
        passwords = re.findall(r"── (\w+) \((\S+)\)\n.*\n\s+password: (\S+)", printed)
        assert [role for role, _, _ in passwords] == ["executive", "hr", "manager", "employee"]
        _, email, password = passwords[1]
        signed_in = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={
                "query": "mutation ($input: SignInInput!) { signIn(input: $input) "
                "{ tokens { accessToken } errors { code } } }",
                "variables": {"input": {"email": email, "password": password}},
            },
        ).json()["data"]["signIn"]
        assert signed_in["errors"] == []
        viewer = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ viewer { role } }"},
            headers={"Authorization": f"Bearer {signed_in['tokens']['accessToken']}"},
        )
        assert viewer.json() == {"data": {"viewer": {"role": "HR"}}}
        [(email, slug, folder)] = re.findall(
            r'sign-in link: magicLinkRequest\(input: \{email: "(\S+)", organization: "(\w+)"\}\); '
            r"the mail is written to (\S+)",
            printed,
        )
        assert (slug, folder) == ("demo", str(mail))
        asked = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={
                "query": "mutation ($e: String!) { magicLinkRequest(input: "
                '{email: $e, organization: "demo"}) { accepted } }',
                "variables": {"e": email},
            },
        )
        assert asked.json() == {"data": {"magicLinkRequest": {"accepted": True}}}
        [letter] = mail.glob("*.eml")
        content = message_from_bytes(letter.read_bytes(), policy=policy.default).get_content()
        assert "http://127.0.0.1:8000/auth/magic-link?token=" in content
    finally:
        process.terminate()
        process.wait(timeout=30)


def read_until(process: subprocess.Popen, marker: str, extra_lines: int, timeout: float) -> str:
    """Lines the process printed up to `marker` (and a few after), read without hanging."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    deadline, seen, remaining = time.monotonic() + timeout, [], None
    while time.monotonic() < deadline and remaining != 0:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if remaining is not None:
            remaining -= 1
        elif line.startswith(marker):
            remaining = extra_lines
    if remaining != 0:
        raise AssertionError("the demo printed no tokens in time:\n" + "".join(seen))
    return "".join(seen)


def wait_for_health(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the demo server did not come up")
