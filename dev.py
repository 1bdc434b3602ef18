#!/usr/bin/env python3
"""Quick start with nothing but Python ≥ 3.11 and pip.

    python3 dev.py demo     # install into .venv, seed a demo organization, serve the API
    python3 dev.py test     # install into .venv, run the whole test suite

Anything after the command is passed on (`python3 dev.py test -k alumni`,
`python3 dev.py demo --port 8080`). Installs the pinned versions in requirements.lock,
and again only when that file changes.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_installed() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run under any python3
        sys.exit("Kizuna needs Python 3.11 or newer.")
    if not (BIN / "python").exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing pinned dependencies into .venv …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(LOCK)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(wanted)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test", "install"):
        sys.exit(__doc__)
    command, rest = sys.argv[1], sys.argv[2:]
    ensure_installed()
    os.chdir(ROOT)
    if command == "demo":
        os.execv(BIN / "kizuna", [str(BIN / "kizuna"), "demo", *rest])
    elif command == "test":
        os.execv(BIN / "python", [str(BIN / "python"), "-m", "pytest", *rest])


if __name__ == "__main__":
    main()
