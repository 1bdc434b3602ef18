import strawberry


@strawberry.input(description="Email and password of a staff account.")
class SignInInput:
    email: str
    password: str
    organization: str | None = strawberry.field(
        default=None,
        description="Slug of the organization to act in; required when the account belongs "
        "to several (they are listed in the payload's `organizations`).",
    )


@strawberry.input(description="The refresh token from `signIn` or the last `sessionRefresh`.")
class SessionRefreshInput:
    refresh_token: str


@strawberry.input(description="The current password, and the new one (12–128 characters).")
class PasswordChangeInput:
    current_password: str
    new_password: str


@strawberry.input(description="An alumnus's personal email and their former employer.")
class MagicLinkRequestInput:
    email: str
    organization: str = strawberry.field(description="Slug of the organization.")


@strawberry.input(description="The one-time token from a sign-in link.")
class MagicLinkRedeemInput:
    token: str
