import strawberry

from auth.sessions import TokenPair


@strawberry.type(
    description="Tokens of a new session: send `accessToken` as `Authorization: Bearer …`; "
    "exchange `refreshToken` for new tokens with `sessionRefresh` before it lapses (each "
    "refresh token works once)."
)
class SessionTokens:
    access_token: str
    refresh_token: str | None
    expires_in: int = strawberry.field(description="Seconds until the access token expires.")

    @classmethod
    def of(cls, pair: TokenPair) -> "SessionTokens":
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
        )
