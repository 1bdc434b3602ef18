from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.common.actors import ActorKind
from domain.jobs.models import EmploymentType, OpeningStatus
from domain.referrals.models import ReferralSource, ReferralStage
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_alumni_notes_and_imported_offboardings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobOpening',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=100)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('description', fields.TextField(default='', unique=False)),
                ('location', fields.CharField(default='', max_length=100)),
                ('employment_type', fields.CharEnumField(description='FULL_TIME: full_time\nPART_TIME: part_time\nCONTRACT: contract\nINTERNSHIP: internship', enum_type=EmploymentType, max_length=16)),
                ('hiring_manager', fields.ForeignKeyField('models.Person', source_field='hiring_manager_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=OpeningStatus.DRAFT, description='DRAFT: draft\nOPEN: open\nPAUSED: paused\nCLOSED: closed', enum_type=OpeningStatus, max_length=16)),
                ('visible_to_alumni', fields.BooleanField(default=False)),
                ('accepting_referrals', fields.BooleanField(default=True)),
                ('status_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'job_opening', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'status', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One position to fill. Referrals and rehire applications point at it.'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='Referral',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('opening', fields.ForeignKeyField('models.JobOpening', source_field='opening_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('referrer', fields.ForeignKeyField('models.Person', source_field='referrer_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('source', fields.CharEnumField(description='EMPLOYEE: employee\nALUMNUS: alumnus', enum_type=ReferralSource, max_length=16)),
                ('candidate_name', fields.CharField(max_length=100)),
                ('candidate_name_kana', fields.CharField(default='', max_length=100)),
                ('candidate_email', fields.CharField(null=True, max_length=254)),
                ('candidate_phone', fields.CharField(null=True, max_length=32)),
                ('relationship', fields.CharField(default='', max_length=200)),
                ('note', fields.CharField(default='', max_length=2000)),
                ('resume_url', fields.CharField(default='', max_length=2000)),
                ('candidate_consented_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('stage', fields.CharEnumField(default=ReferralStage.SUBMITTED, description='SUBMITTED: submitted\nSCREENING: screening\nCASUAL_INTERVIEW: casual_interview\nINTERVIEW: interview\nOFFER: offer\nHIRED: hired\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=ReferralStage, max_length=24)),
                ('stage_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('rejection_reason', fields.CharField(default='', max_length=2000)),
            ],
            options={'table': 'referral', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'created_at']), Index(fields=['organization_id', 'opening_id', 'stage']), Index(fields=['referrer_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='ReferralClaim',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('candidate_key', fields.CharField(max_length=300)),
                ('referral', fields.ForeignKeyField('models.Referral', source_field='referral_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('claimed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'referral_claim', 'app': 'models', 'unique_together': (('organization', 'candidate_key'),), 'pk_attr': 'id', 'table_description': 'The referral that owns a candidate key until `expires_at`. One row per key and'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralSettings',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.OneToOneField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('ownership_days', fields.SmallIntField(default=180)),
                ('expiry_days', fields.SmallIntField(default=90)),
                ('share_rejection_reason', fields.BooleanField(default=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'referral_settings', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The referral rules of an organization. Without a row, the defaults apply.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReferralStageChange',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('referral', fields.ForeignKeyField('models.Referral', source_field='referral_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('from_stage', fields.CharEnumField(null=True, description='SUBMITTED: submitted\nSCREENING: screening\nCASUAL_INTERVIEW: casual_interview\nINTERVIEW: interview\nOFFER: offer\nHIRED: hired\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=ReferralStage, max_length=24)),
                ('to_stage', fields.CharEnumField(description='SUBMITTED: submitted\nSCREENING: screening\nCASUAL_INTERVIEW: casual_interview\nINTERVIEW: interview\nOFFER: offer\nHIRED: hired\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=ReferralStage, max_length=24)),
                ('position', fields.SmallIntField()),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changed_by', fields.CharField(max_length=80)),
            ],
            options={'table': 'referral_stage_change', 'app': 'models', 'unique_together': (('referral', 'position'),), 'pk_attr': 'id', 'table_description': 'One transition of a referral: the history, never changed.'},
            bases=['Model'],
        ),
    ]
