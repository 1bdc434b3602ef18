"""Counting SQL statements, for tests that pin query counts and for the benchmarks."""

import contextlib
import logging
from collections.abc import Iterator

DB_LOGGER = logging.getLogger("tortoise.db_client")
NOT_STATEMENTS = ("Created connection", "Closed connection")


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(NOT_STATEMENTS):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextlib.contextmanager
def count_statements() -> Iterator[StatementCounter]:
    counter = StatementCounter()
    previous = DB_LOGGER.level
    DB_LOGGER.setLevel(logging.DEBUG)
    DB_LOGGER.addHandler(counter)
    try:
        yield counter
    finally:
        DB_LOGGER.removeHandler(counter)
        DB_LOGGER.setLevel(previous)
