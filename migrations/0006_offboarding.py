from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from domain.common.actors import ActorKind
from domain.hris.models import HrisProvider, InboundEventStatus
from domain.offboarding.models import ExitReason, OffboardingSource
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_newsletters')]

    initial = False

    operations = [
        ops.CreateModel(
            name='HrisConnection',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('provider', fields.CharEnumField(description='SMARTHR: smarthr\nHIBOB: hibob\nGUSTO: gusto', enum_type=HrisProvider, max_length=16)),
                ('signing_secret', fields.CharField(max_length=500)),
            ],
            options={'table': 'hris_connection', 'app': 'models', 'unique_together': (('organization', 'provider'),), 'pk_attr': 'id', 'table_description': 'The secret an HRIS signs (or, for SmartHR, sends) with its webhooks. Checking an HMAC'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='HrisEmployeeId',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('provider', fields.CharEnumField(description='SMARTHR: smarthr\nHIBOB: hibob\nGUSTO: gusto', enum_type=HrisProvider, max_length=16)),
                ('employee_id', fields.CharField(max_length=100)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'hris_employee_id', 'app': 'models', 'unique_together': (('organization', 'provider', 'employee_id'), ('person', 'provider')), 'pk_attr': 'id', 'table_description': 'The id an HRIS knows a person by (HiBob and Gusto report departures by it alone).'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='Offboarding',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('employment_period', fields.ForeignKeyField('models.EmploymentPeriod', source_field='employment_period_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('leave_date', fields.DateField()),
                ('source', fields.CharEnumField(description='HR: hr\nMANAGER: manager\nHRIS: hris', enum_type=OffboardingSource, max_length=16)),
                ('standing_period_id', fields.UUIDField(null=True, unique=True)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancelled_by', fields.CharField(null=True, max_length=80)),
                ('positive_message_sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('positive_message_recorded_by', fields.CharField(null=True, max_length=80)),
                ('positive_message_sender', fields.ForeignKeyField('models.Person', source_field='positive_message_sender_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('community_invitation_sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('community_invitation_recorded_by', fields.CharField(null=True, max_length=80)),
                ('consent_asked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('consent_asked_recorded_by', fields.CharField(null=True, max_length=80)),
            ],
            options={'table': 'offboarding', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'leave_date'])], 'pk_attr': 'id', 'table_description': 'One departure being off-boarded. `created_by` is who started it, `source` how.'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='ExitInterview',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('offboarding', fields.OneToOneField('models.Offboarding', source_field='offboarding_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('primary_reason', fields.CharEnumField(description='CAREER_GROWTH: career_growth\nPAY: pay\nRELATIONSHIPS: relationships\nEVALUATION: evaluation\nFAMILY: family\nRELOCATION: relocation\nHEALTH: health\nSTARTING_A_BUSINESS: starting_a_business\nSTUDY: study\nOTHER: other', enum_type=ExitReason, max_length=32)),
                ('free_text', fields.TextField(default='', unique=False)),
                ('come_back_likelihood', fields.SmallIntField(null=True)),
                ('feedback_escalated', fields.BooleanField(default=False)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('recorded_by', fields.CharField(max_length=80)),
            ],
            options={'table': 'exit_interview', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The exit interview of one off-boarding. Recording it again replaces the answers.'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='ExitInterviewReason',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('interview', fields.ForeignKeyField('models.ExitInterview', source_field='interview_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharEnumField(description='CAREER_GROWTH: career_growth\nPAY: pay\nRELATIONSHIPS: relationships\nEVALUATION: evaluation\nFAMILY: family\nRELOCATION: relocation\nHEALTH: health\nSTARTING_A_BUSINESS: starting_a_business\nSTUDY: study\nOTHER: other', enum_type=ExitReason, max_length=32)),
            ],
            options={'table': 'exit_interview_reason', 'app': 'models', 'unique_together': (('interview', 'reason'),), 'pk_attr': 'id', 'table_description': 'One reason given in an exit interview: a row each, so that analytics count in SQL.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InboundWebhookEvent',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('provider', fields.CharEnumField(description='SMARTHR: smarthr\nHIBOB: hibob\nGUSTO: gusto', enum_type=HrisProvider, max_length=16)),
                ('event_id', fields.CharField(max_length=200)),
                ('status', fields.CharEnumField(description='PROCESSED: processed\nFAILED: failed', enum_type=InboundEventStatus, max_length=16)),
                ('response_status', fields.SmallIntField()),
                ('response_body', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('offboarding', fields.ForeignKeyField('models.Offboarding', source_field='offboarding_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('attempts', fields.IntField(default=1)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('processed_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'inbound_webhook_event', 'app': 'models', 'unique_together': (('organization', 'provider', 'event_id'),), 'pk_attr': 'id', 'table_description': 'A departure event received from an HRIS, keyed by its event id, with the answer.'},
            bases=['Model'],
        ),
    ]
