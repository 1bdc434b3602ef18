from tortoise import migrations
from tortoise.migrations import operations as ops

# On SQLite, 0009's AlterField of Offboarding.source rebuilt the table, and Tortoise does not
# recreate a rebuilt table's indexes. These are the ones the models declare, by the names
# Tortoise gives them; on PostgreSQL they were never lost, and IF NOT EXISTS leaves them.
class Migration(migrations.Migration):
    dependencies = [('models', '0012_page_indexes')]

    initial = False

    operations = [
        ops.RunSQL(
            [
                'CREATE INDEX IF NOT EXISTS "idx_offboarding_organiz_9245d7" ON "offboarding" ("organization_id")',
                'CREATE INDEX IF NOT EXISTS "idx_offboarding_person__dab42b" ON "offboarding" ("person_id")',
                'CREATE INDEX IF NOT EXISTS "idx_offboarding_organiz_147920" ON "offboarding" ("organization_id", "leave_date")',
            ]
        ),
    ]
