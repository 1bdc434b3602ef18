from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.common.actors import ActorKind
from domain.newsletters.models import DeliveryStatus
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_consent_ledger')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Newsletter',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('subject', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('recipient_count', fields.IntField(default=0)),
            ],
            options={'table': 'newsletter', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='NewsletterDelivery',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('newsletter', fields.ForeignKeyField('models.Newsletter', source_field='newsletter_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: pending\nSENDING: sending\nSENT: sent\nSKIPPED_NO_CONSENT: skipped_no_consent\nSKIPPED_NO_ADDRESS: skipped_no_address\nFAILED: failed', enum_type=DeliveryStatus, max_length=24)),
                ('attempts', fields.IntField(default=0)),
                ('claimed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'newsletter_delivery', 'app': 'models', 'unique_together': (('newsletter', 'person'),), 'indexes': [Index(fields=['newsletter_id', 'status'])], 'pk_attr': 'id', 'table_description': 'One newsletter to one person: at most one mail, whatever retries and workers do.'},
            bases=['Model'],
        ),
    ]
