"""Server processes: start on free loopback ports, wait until they answer, always stop them."""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
READY_SECONDS = 30.0
STOP_SECONDS = 5.0


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float | None:
        """User + system CPU the server has used so far (Linux /proc), for CPU per request."""
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        """SIGTERM to the whole process group (a graceful uvicorn shutdown), then SIGKILL."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(STOP_SECONDS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the runner dies without cleaning up (even by SIGKILL)."""
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(
    stack: contextlib.ExitStack, name: str, command: list[str], env: dict[str, str], logs: Path
) -> Server:
    """Start `command` (with `{port}` filled in); the stack stops it however the run ends."""
    port = free_port()
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [part.format(port=port) for part in command],
            cwd=ROOT,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            # Its own process group: Ctrl-C reaches only the runner, which stops it in order.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    server = Server(name, process, port, log)
    stack.callback(server.stop)
    return server


def uvicorn_command(app: str) -> list[str]:
    """The baselines: one uvicorn worker, logging only warnings, like a quiet production."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        HOST,
        "--port",
        "{port}",
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def kizuna_command() -> list[str]:
    """`kizuna serve` as installed in this virtualenv."""
    script = Path(sys.executable).with_name("kizuna")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "kizuna.cli"]
    return [*launcher, "serve", "--host", HOST, "--port", "{port}"]


async def wait_ready(servers: list[Server]) -> None:
    """Until each server answers HTTP at all: uvicorn listens only after the app's startup
    (Kizuna's database check, the baseline's data load) has finished. Aborts if a server
    exits or is not up in time."""
    deadline = time.monotonic() + READY_SECONDS
    async with httpx.AsyncClient(timeout=2.0) as client:
        for server in servers:
            while True:
                if server.process.poll() is not None:
                    raise RuntimeError(
                        f"{server.name} exited with {server.process.returncode} before it was "
                        f"ready:\n{server.log_tail()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    await client.get(server.base_url + "/")
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{server.name} not ready after {READY_SECONDS:.0f} s:\n{server.log_tail()}"
                    )
                await asyncio.sleep(0.1)
