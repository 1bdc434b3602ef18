"""Opaque secrets (refresh tokens, magic links, codes, app secrets): random, stored as digests.

They carry 256 random bits, so a plain SHA-256 is enough to store them: unlike passwords,
they cannot be guessed from a dictionary. Digests are compared by database lookup only.
"""

import hashlib
import secrets


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
