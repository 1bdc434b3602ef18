from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.offboarding.models import OffboardingSource
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_person_erasure')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AlumniProfile',
            name='note',
            field=fields.CharField(default='', max_length=2000),
        ),
        ops.AlterField(
            model_name='Offboarding',
            name='source',
            field=fields.CharEnumField(description='HR: hr\nMANAGER: manager\nHRIS: hris\nIMPORT: import', enum_type=OffboardingSource, max_length=16),
        ),
    ]
