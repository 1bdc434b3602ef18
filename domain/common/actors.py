"""Who or what caused a change: every write names its actor."""

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    USER = "user"
    API_CLIENT = "api_client"
    IMPORT = "import"
    WEBHOOK = "webhook"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str | None = None

    @classmethod
    def user(cls, user_id: object) -> "Actor":
        return cls(ActorKind.USER, str(user_id))

    @classmethod
    def system(cls, name: str) -> "Actor":
        return cls(ActorKind.SYSTEM, name)

    @property
    def label(self) -> str:
        """`kind:id` (or the kind alone), as the API shows who made a change."""
        return self.kind.value if self.id is None else f"{self.kind.value}:{self.id}"
