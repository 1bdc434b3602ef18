from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from domain.common.actors import ActorKind
from domain.identity.models import SignInMethod
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_create_core_tables')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MagicLink',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('requested_from', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'magic_link', 'app': 'models', 'pk_attr': 'id', 'table_description': "A one-time sign-in link sent to an alumnus's personal email."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OAuthApp',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('client_id', fields.CharField(unique=True, max_length=64)),
                ('secret_hash', fields.CharField(null=True, max_length=64)),
                ('redirect_uris', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oauth_app', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A partner app registered by hr or an executive, limited to the scopes granted here.'},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='AuthorizationCode',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('app', fields.ForeignKeyField('models.OAuthApp', source_field='app_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('redirect_uri', fields.CharField(max_length=2000)),
                ('scope', fields.CharField(max_length=1000)),
                ('code_challenge', fields.CharField(max_length=128)),
                ('code_challenge_method', fields.CharField(max_length=8)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'authorization_code', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An authorization code: one exchange, a few minutes, bound to its PKCE challenge.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('app', fields.ForeignKeyField('models.OAuthApp', source_field='app_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('scope', fields.CharField(null=True, max_length=1000)),
                ('method', fields.CharEnumField(description='PASSWORD: password\nMAGIC_LINK: magic_link\nOIDC: oidc\nAUTHORIZATION_CODE: authorization_code\nCLIENT_CREDENTIALS: client_credentials\nOPERATOR: operator', enum_type=SignInMethod, max_length=24)),
                ('client_address', fields.CharField(default='', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_reason', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'auth_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One sign-in or one app authorization, and the family of its refresh tokens.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefreshToken',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('models.Session', source_field='session_id', db_constraint=True, to_field='id', related_name='refresh_tokens', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'refresh_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A refresh token: used once, then replaced. Presenting a used one revokes its session.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInProvider',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('created_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('created_by_id', fields.CharField(null=True, max_length=64)),
                ('updated_by_kind', fields.CharEnumField(description='USER: user\nAPI_CLIENT: api_client\nIMPORT: import\nWEBHOOK: webhook\nSYSTEM: system', enum_type=ActorKind, max_length=16)),
                ('updated_by_id', fields.CharField(null=True, max_length=64)),
                ('organization', fields.OneToOneField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('issuer', fields.CharField(max_length=500)),
                ('client_id', fields.CharField(max_length=200)),
                ('client_secret', fields.CharField(max_length=500)),
                ('enabled', fields.BooleanField(default=True)),
            ],
            options={'table': 'sign_in_provider', 'app': 'models', 'pk_attr': 'id', 'table_description': "The organization's OpenID Connect provider for staff sign-in."},
            bases=['TrackedModel'],
        ),
        ops.CreateModel(
            name='Throttle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=200)),
                ('window_started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'throttle', 'app': 'models', 'pk_attr': 'key', 'table_description': 'Attempts against one key (an account, a client address) in the current window.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Organization',
            name='cors_origins',
            field=fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='User',
            name='password_changed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='password_hash',
            field=fields.CharField(null=True, max_length=200),
        ),
    ]
