from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.common.actors import ActorKind
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentSource
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_employee_numbers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ConsentRecord',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='COMMUNITY: community\nNEWSLETTER: newsletter\nEVENT_INVITATIONS: event_invitations\nJOB_INFORMATION: job_information\nDIRECTORY_LISTING: directory_listing\nREFERRAL_ASKS: referral_asks', enum_type=ConsentPurpose, max_length=32)),
                ('channel', fields.CharEnumField(null=True, description='EMAIL: email\nPOSTAL_MAIL: postal_mail\nPHONE: phone\nCHAT: chat', enum_type=ConsentChannel, max_length=16)),
                ('decision', fields.CharEnumField(description='GRANTED: granted\nWITHDRAWN: withdrawn', enum_type=ConsentDecision, max_length=16)),
                ('source', fields.CharEnumField(description='OFFBOARDING_FORM: offboarding_form\nIMPORT: import\nSELF_SERVICE: self_service\nHR_ON_PERSONS_WORD: hr_on_persons_word\nHRIS: hris', enum_type=ConsentSource, max_length=32)),
                ('note', fields.CharField(default='', max_length=1000)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('recorded_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('recorded_by_id', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'consent_record', 'app': 'models', 'indexes': [Index(fields=['person_id', 'purpose', 'channel', 'recorded_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
