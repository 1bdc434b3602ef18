"""The committed migrations describe exactly the models, and the server refuses an
unmigrated database."""

import sqlite3

import pytest
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from kizuna import db
from tests.conftest import POSTGRES


async def test_migrations_match_the_models(database_url):
    config = db.tortoise_config(database_url)
    writers = await MigrationAutodetector(Tortoise.apps, config["apps"]).changes()
    pending = [op for writer in writers for op in writer.operations]
    assert pending == [], (
        "models changed without a migration: run "
        "`.venv/bin/tortoise -c kizuna.db.TORTOISE_ORM makemigrations --name <what_it_does>`"
    )


async def test_a_migrated_database_has_nothing_pending(database_url):
    assert await db.pending_migrations() == []


async def test_an_empty_database_is_refused_with_a_clear_message(tmp_path):
    await db.init(f"sqlite://{tmp_path}/empty.sqlite3")
    try:
        with pytest.raises(db.UnmigratedDatabase) as refused:
            await db.require_migrated()
    finally:
        await db.close()
    assert str(refused.value) == (
        "The database is not migrated (pending: models.0001_create_core_tables, "
        "models.0002_identity_and_access, models.0003_employee_numbers, "
        "models.0004_consent_ledger, models.0005_newsletters, models.0006_offboarding, "
        "models.0007_keep_in_touch, models.0008_person_erasure, "
        "models.0009_alumni_notes_and_imported_offboardings, models.0010_jobs_and_referrals, "
        "models.0011_rehire_applications, models.0012_page_indexes, "
        "models.0013_restore_offboarding_indexes). "
        "Run `kizuna migrate` first."
    )


if not POSTGRES:

    def _indexes(path: str) -> dict[str, set[tuple[str, ...]]]:
        """Each table's indexes, by the columns they hold."""
        connection = sqlite3.connect(path)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' AND name <> 'tortoise_migrations'"
                )
            ]
            return {
                table: {
                    tuple(info[2] for info in connection.execute(f"PRAGMA index_info('{index}')"))
                    for _, index, *_ in connection.execute(f"PRAGMA index_list('{table}')")
                }
                for table in tables
            }
        finally:
            connection.close()

    async def test_the_migrated_database_has_every_index_the_models_declare(
        template_database, tmp_path
    ):
        # A migration that alters a column rebuilds the table on SQLite, and Tortoise does
        # not recreate its indexes then: unique keys would silently go.
        fresh = tmp_path / "from_models.sqlite3"
        await db.close()
        await Tortoise.init(config=db.tortoise_config(f"sqlite://{fresh}"))
        try:
            await Tortoise.generate_schemas()
        finally:
            await db.close()
        assert _indexes(template_database) == _indexes(str(fresh))
