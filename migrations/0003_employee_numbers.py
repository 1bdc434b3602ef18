from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_identity_and_access')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EmployeeNumber',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('number', fields.CharField(max_length=32)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'employee_number', 'app': 'models', 'unique_together': (('organization', 'number'),), 'pk_attr': 'id', 'table_description': 'An employee number belongs to one person of the organization, whatever the period: a'},
            bases=['Model'],
        ),
    ]
