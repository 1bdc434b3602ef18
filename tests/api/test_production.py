"""Production: no introspection, no GraphiQL, no "Did you mean …?" hints; and a configuration
that is unsafe or malformed refuses to start."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from auth.tokens import operator_token
from domain.accounts.models import Role
from kizuna.app import create_app
from kizuna.settings import DEFAULT_SECRET, Settings, SettingsError
from tests.factories import make_employee, make_member, make_org

SECRET_KEY = "production-secret-key-0123456789-abcdefghij"  # 43 characters
assert len(SECRET_KEY) >= 40


async def _serve(environment: str, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(environment=environment, database_url=database_url, secret_key=SECRET_KEY)
    settings.validate()
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://kizuna.example") as http:
        yield http


@pytest.fixture
async def production(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async for http in _serve("production", database_url):
        yield http


@pytest.fixture
async def development(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async for http in _serve("development", database_url):
        yield http


@pytest.fixture
async def token(database_url: str) -> str:
    """An hr member's token, signed with the production key (both apps here share it)."""
    org = await make_org("acme")
    membership, _ = await make_member(org, Role.HR, await make_employee(org))
    return await operator_token(SECRET_KEY, membership, minutes=30)


async def ask(
    http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def messages(body: dict[str, Any]) -> list[str]:
    return [error["message"] for error in body["errors"]]


# --- introspection ------------------------------------------------------------------------


async def test_introspection_is_refused_in_production(production, development, token):
    query = "{ __schema { types { name } } }"
    refused = await ask(production, token, query)
    assert refused["data"] is None
    assert messages(refused) == [
        "GraphQL introspection has been disabled, but the requested query contained the "
        "field '__schema'.",
        "GraphQL introspection has been disabled, but the requested query contained the "
        "field 'types'.",
    ]
    by_name = await ask(production, token, '{ __type(name: "Person") { fields { name } } }')
    assert by_name["data"] is None
    assert messages(by_name)[0] == (
        "GraphQL introspection has been disabled, but the requested query contained the "
        "field '__type'."
    )

    answered = await ask(development, token, query)
    assert "errors" not in answered
    assert {"Person", "Department", "Query", "Mutation"} <= {
        t["name"] for t in answered["data"]["__schema"]["types"]
    }


async def test_typename_still_answers_in_production(production, token):
    """`__typename` is not introspection: clients (Apollo, Relay) add it to every selection."""
    assert await ask(production, token, "{ __typename viewer { role } }") == {
        "data": {"__typename": "Query", "viewer": {"role": "HR"}}
    }


# --- "Did you mean …?" ----------------------------------------------------------------------

TYPOS = {
    "a misspelled field": (
        "{ alumni { totalCont } }",
        None,
        "Cannot query field 'totalCont' on type 'PersonConnection'.",
        " Did you mean 'totalCount'?",
    ),
    "a misspelled root field": (
        "{ viewr { role } }",
        None,
        "Cannot query field 'viewr' on type 'Query'.",
        " Did you mean 'viewer'?",
    ),
    "a misspelled argument": (
        "{ alumni(frist: 10) { totalCount } }",
        None,
        "Unknown argument 'frist' on field 'Query.alumni'.",
        " Did you mean 'first'?",
    ),
    "a misspelled type": (
        "{ alumni { edges { node { ... on Departmen { name } } } } }",
        None,
        "Unknown type 'Departmen'.",
        " Did you mean 'Department'?",
    ),
    "a misspelled enum value": (
        "{ alumni(orderBy: {field: NAME_KAN}) { totalCount } }",
        None,
        "Value 'NAME_KAN' does not exist in 'AlumniOrderField' enum.",
        " Did you mean the enum value 'NAME_KANA'?",
    ),
    "a misspelled enum value in a variable": (
        "query($order: AlumniOrderInput) { alumni(orderBy: $order) { totalCount } }",
        {"order": {"field": "NAME_KAN"}},
        "Variable '$order' has invalid value at .field: "
        "Value 'NAME_KAN' does not exist in 'AlumniOrderField' enum.",
        " Did you mean the enum value 'NAME_KANA'?",
    ),
    "a misspelled input field": (
        '{ alumni(filter: {serch: "x"}) { totalCount } }',
        None,
        "Expected value of type 'AlumniFilterInput' not to include unknown field 'serch'. "
        'Found: { serch: "x" }.',
        " Did you mean 'search'?",
    ),
}


@pytest.mark.parametrize(("query", "variables", "message", "hint"), TYPOS.values(), ids=TYPOS)
async def test_no_did_you_mean_in_production(
    production, development, token, query, variables, message, hint
):
    refused = await ask(production, token, query, variables)
    assert refused["data"] is None
    assert messages(refused) == [message]
    assert "Did you mean" not in str(refused)

    helped = await ask(development, token, query, variables)
    assert helped["data"] is None
    [helpful] = messages(helped)
    assert hint in helpful
    assert helpful.replace(hint, "") == message


# --- GraphiQL --------------------------------------------------------------------------------


async def test_graphiql_only_outside_production(production, development):
    browser = {"Accept": "text/html,application/xhtml+xml"}
    page = await development.get("/graphql", headers=browser)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Strawberry GraphiQL</title>" in page.text

    none = await production.get("/graphql", headers=browser)
    assert none.status_code == 404
    assert none.headers["content-type"] == "application/json"
    assert none.json() == {"errors": [{"message": "Not Found"}]}
    assert "graphiql" not in none.text.lower()


async def test_queries_over_get_still_work_in_production(production):
    answered = await production.get("/graphql", params={"query": "{ __typename }"})
    assert answered.status_code == 200
    assert answered.json() == {"data": {"__typename": "Query"}}


# --- Settings.from_env -----------------------------------------------------------------------

GOOD_KEY = "k" * 32
REFUSED = {
    "production without a secret key": (
        {"KIZUNA_ENV": "production"},
        "KIZUNA_SECRET_KEY must be set in production.",
    ),
    "production with the development key": (
        {"KIZUNA_ENV": "production", "KIZUNA_SECRET_KEY": DEFAULT_SECRET},
        "KIZUNA_SECRET_KEY must be set in production.",
    ),
    "production with a 31-character key": (
        {"KIZUNA_ENV": "production", "KIZUNA_SECRET_KEY": "k" * 31},
        "KIZUNA_SECRET_KEY must be at least 32 characters.",
    ),
    "production with an empty key": (
        {"KIZUNA_ENV": "production", "KIZUNA_SECRET_KEY": ""},
        "KIZUNA_SECRET_KEY must be at least 32 characters.",
    ),
    "an unknown environment": (
        {"KIZUNA_ENV": "staging"},
        "KIZUNA_ENV must be development, test or production.",
    ),
    "an environment in capitals": (
        {"KIZUNA_ENV": "Production", "KIZUNA_SECRET_KEY": GOOD_KEY},
        "KIZUNA_ENV must be development, test or production.",
    ),
    "a MySQL database": (
        {"DATABASE_URL": "mysql://root@localhost:3306/kizuna"},
        "DATABASE_URL must start with sqlite:// or postgres://.",
    ),
    "a MySQL database in production": (
        {
            "KIZUNA_ENV": "production",
            "KIZUNA_SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": "mysql://root@localhost:3306/kizuna",
        },
        "DATABASE_URL must start with sqlite:// or postgres://.",
    ),
    "a token lifetime that is not a number": (
        {"KIZUNA_ACCESS_TOKEN_MINUTES": "sixty"},
        "KIZUNA_ACCESS_TOKEN_MINUTES must be a whole number.",
    ),
    "a principal cache longer than five minutes": (
        {"KIZUNA_PRINCIPAL_CACHE_SECONDS": "301"},
        "KIZUNA_PRINCIPAL_CACHE_SECONDS must be between 0 and 300.",
    ),
    "a negative principal cache": (
        {"KIZUNA_PRINCIPAL_CACHE_SECONDS": "-1"},
        "KIZUNA_PRINCIPAL_CACHE_SECONDS must be between 0 and 300.",
    ),
    "an SMTP URL of another scheme": (
        {"KIZUNA_SMTP_URL": "http://mail.example:25"},
        "KIZUNA_SMTP_URL must look like smtp://user:password@host:port.",
    ),
    "an SMTP URL without a host": (
        {"KIZUNA_SMTP_URL": "smtp://"},
        "KIZUNA_SMTP_URL must look like smtp://user:password@host:port.",
    ),
    "an SMTP URL with a port that is not a number": (
        {"KIZUNA_SMTP_URL": "smtp://mail.example:twenty-five"},
        "KIZUNA_SMTP_URL has a port that is not a number.",
    ),
    "a sign-in link URL without its token": (
        {"KIZUNA_MAGIC_LINK_URL": "https://alumni.example/sign-in"},
        "KIZUNA_MAGIC_LINK_URL must contain {token}.",
    ),
    "an access-log switch that is not a yes or no": (
        {"KIZUNA_ACCESS_LOG": "sometimes"},
        "KIZUNA_ACCESS_LOG must be true or false (1/0, yes/no, on/off).",
    ),
}


@pytest.mark.parametrize(("env", "message"), REFUSED.values(), ids=REFUSED)
def test_settings_refuse_an_unsafe_or_malformed_environment(env, message):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    assert str(refused.value) == message


def test_settings_accept_production_with_postgresql_url():
    settings = Settings.from_env(
        {
            "KIZUNA_ENV": "production",
            "KIZUNA_SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": "postgresql://kizuna:pw@db.internal:5432/kizuna",
        }
    )
    assert settings.production
    assert settings.secret_key == GOOD_KEY
    assert settings.database_url == "postgres://kizuna:pw@db.internal:5432/kizuna"
    assert not settings.runs_worker_in_process  # PostgreSQL runs separate workers


def test_settings_default_to_development():
    settings = Settings.from_env({})
    assert settings.environment == "development"
    assert not settings.production
    assert settings.secret_key == DEFAULT_SECRET
    assert settings.principal_cache_seconds == 5
    assert settings.access_log is True


def test_settings_read_switches():
    settings = Settings.from_env(
        {
            "KIZUNA_ACCESS_LOG": "off",
            "KIZUNA_LOG_JSON": "yes",
            "KIZUNA_IN_PROCESS_WORKER": "0",
            "KIZUNA_PRINCIPAL_CACHE_SECONDS": "0",
        }
    )
    assert (settings.access_log, settings.log_json, settings.in_process_worker) == (
        False,
        True,
        False,
    )
    assert settings.principal_cache_seconds == 0
