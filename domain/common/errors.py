"""Expected failures of a domain service, carried to the API as payload errors."""

from enum import StrEnum


class DomainError(Exception):
    """A rule refused the change; nothing was written."""

    def __init__(self, code: StrEnum, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class DomainErrors(Exception):
    """Several independent problems found while validating one input."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
