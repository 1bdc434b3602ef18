from uuid import UUID

from resolvers import ids
from resolvers.errors import BadUserInput


def app_key(global_id: str) -> UUID:
    key = ids.decode(global_id, "OAuthApp")
    if key is None:
        raise BadUserInput("Malformed app id.", field="id")
    return key
