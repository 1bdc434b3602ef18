"""The committed migrations describe exactly the models, and the server refuses an
unmigrated database."""

import pytest
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from kizuna import db


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
        "models.0011_rehire_applications, models.0012_page_indexes). "
        "Run `kizuna migrate` first."
    )
