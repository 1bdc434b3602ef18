"""Log output: readable lines by default, one JSON object per line with KIZUNA_LOG_JSON=1.

Everything logs through the standard library; structlog only formats, so library logs
(uvicorn, tortoise) come out in the same shape with their `extra` fields (request_id …).
"""

import logging

import structlog

RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


def _extras(_: object, __: str, event: dict) -> dict:
    record: logging.LogRecord | None = event.get("_record")
    if record is not None:
        for key, value in record.__dict__.items():
            if key not in RESERVED and not key.startswith("_"):
                event.setdefault(key, value)
    return event


def configure(*, json: bool, level: int = logging.INFO) -> None:
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        processors=[
            _extras,
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        foreign_pre_chain=[structlog.stdlib.add_log_level, structlog.stdlib.add_logger_name],
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
