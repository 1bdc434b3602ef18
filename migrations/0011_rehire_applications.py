from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from domain.common.actors import ActorKind
from domain.rehire.models import RehireStage, ReturnTitle, SalaryBasis, TenureRule
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_jobs_and_referrals')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RehirePolicy',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('salary_basis', fields.CharEnumField(description='PREVIOUS_SALARY: previous_salary\nPREVIOUS_GRADE_PLUS_EXPERIENCE: previous_grade_plus_experience\nNEW_EVALUATION: new_evaluation', enum_type=SalaryBasis, max_length=40)),
                ('salary_note', fields.CharField(default='', max_length=2000)),
                ('title_basis', fields.CharEnumField(description='PREVIOUS_TITLE: previous_title\nOPENING_TITLE: opening_title\nEVALUATED: evaluated', enum_type=ReturnTitle, max_length=24)),
                ('title_note', fields.CharField(default='', max_length=2000)),
                ('tenure_rule', fields.CharEnumField(description='RESET: reset\nCARRIED_OVER: carried_over\nCARRIED_OVER_WITHIN_YEARS: carried_over_within_years', enum_type=TenureRule, max_length=32)),
                ('tenure_within_years', fields.SmallIntField(null=True)),
                ('skipped_steps', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'rehire_policy', 'app': 'models', 'unique_together': (('organization', 'version'),), 'pk_attr': 'id', 'table_description': "One version of an organization's rehire policy. Rows are only ever added."},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='RehireApplication',
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
                ('applicant', fields.ForeignKeyField('models.Person', source_field='applicant_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('policy', fields.ForeignKeyField('models.RehirePolicy', source_field='policy_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('motivation', fields.CharField(max_length=2000)),
                ('desired_start_on', fields.DateField(null=True)),
                ('current_situation', fields.CharField(default='', max_length=2000)),
                ('stage', fields.CharEnumField(default=RehireStage.APPLIED, description='APPLIED: applied\nSCREENING: screening\nAPTITUDE_TEST: aptitude_test\nFIRST_INTERVIEW: first_interview\nFINAL_INTERVIEW: final_interview\nOFFER: offer\nHIRED: hired\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=RehireStage, max_length=24)),
                ('stage_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('open_marker', fields.BooleanField(null=True, default=True)),
                ('ineligible_confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ineligible_confirmed_by', fields.CharField(default='', max_length=80)),
                ('start_date', fields.DateField(null=True)),
                ('employment_period', fields.ForeignKeyField('models.EmploymentPeriod', source_field='employment_period_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'rehire_application', 'app': 'models', 'unique_together': (('opening', 'applicant', 'open_marker'),), 'indexes': [Index(fields=['organization_id', 'created_at']), Index(fields=['applicant_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='RehireStageChange',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('application', fields.ForeignKeyField('models.RehireApplication', source_field='application_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('from_stage', fields.CharEnumField(null=True, description='APPLIED: applied\nSCREENING: screening\nAPTITUDE_TEST: aptitude_test\nFIRST_INTERVIEW: first_interview\nFINAL_INTERVIEW: final_interview\nOFFER: offer\nHIRED: hired\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=RehireStage, max_length=24)),
                ('to_stage', fields.CharEnumField(description='APPLIED: applied\nSCREENING: screening\nAPTITUDE_TEST: aptitude_test\nFIRST_INTERVIEW: first_interview\nFINAL_INTERVIEW: final_interview\nOFFER: offer\nHIRED: hired\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=RehireStage, max_length=24)),
                ('position', fields.SmallIntField()),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changed_by', fields.CharField(max_length=80)),
            ],
            options={'table': 'rehire_stage_change', 'app': 'models', 'unique_together': (('application', 'position'),), 'pk_attr': 'id', 'table_description': 'One transition of an application: the history, never changed.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='EmploymentPeriod',
            name='tenure_counted_from',
            field=fields.DateField(null=True),
        ),
    ]
