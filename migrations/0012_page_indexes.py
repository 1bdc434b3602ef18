from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_rehire_applications')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='AlumniLabel',
            index=Index(fields=['organization_id', 'person_id', 'position', 'value']),
        ),
        ops.AddIndex(
            model_name='AlumniProfile',
            index=Index(fields=['organization_id', 'departed_on', 'person_id']),
        ),
        ops.AddIndex(
            model_name='EmploymentPeriod',
            index=Index(fields=['organization_id', 'person_id', 'hire_date', 'id']),
        ),
        ops.AddIndex(
            model_name='Person',
            index=Index(fields=['organization_id', 'status', 'name_kana', 'id']),
        ),
    ]
