"""`python -m bench.run`: Kizuna and its baselines, measured side by side in one run.

1. A temporary SQLite database is migrated and seeded, and an hr token minted.
2. Four uvicorn processes start on free loopback ports: bare Starlette, bare strawberry,
   `kizuna serve`, and strawberry serving the alumni page from memory.
3. After a warm-up, rounds go over every target in turn (alternating direction), so that
   machine noise lands on all of them alike; each figure is the median over rounds.
4. Results go to bench/results/latest.json and the table in bench/README.md.
"""

import argparse
import asyncio
import contextlib
import dataclasses
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import load, report, servers
from bench.load import Sample, Target, graphql_body
from bench.prepare import Prepared, prepare
from bench.queries import HELLO_QUERY, PAGE_QUERY, PAGE_SIZE, VIEWER_QUERY


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", type=int, default=8, help="clients in flight (8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all targets (3)")
    parser.add_argument("--seconds", type=float, default=5.0, help="per target per round (5)")
    parser.add_argument("--warmup", type=float, default=2.0, help="per target, once (2)")
    parser.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="load generator (raw); httpx is CPU-bound near 800 req/s, see bench/load.py",
    )
    parser.add_argument(
        "--no-readme", action="store_true", help="leave bench/README.md alone (JSON only)"
    )
    return parser.parse_args(argv)


def targets(token: str) -> list[Target]:
    page = graphql_body(PAGE_QUERY)
    return [
        Target("starlette", "bare Starlette JSON", "starlette", "GET", "/"),
        Target(
            "hello", "bare strawberry `{ hello }`", "hello", "POST", "/", graphql_body(HELLO_QUERY)
        ),
        Target(
            "viewer",
            "Kizuna `viewer` (hr token)",
            "kizuna",
            "POST",
            "/graphql",
            graphql_body(VIEWER_QUERY),
            token,
        ),
        Target(
            "page", "Kizuna 100-alumni page (hr token)", "kizuna", "POST", "/graphql", page, token
        ),
        Target(
            "memory_page", "in-memory strawberry, same page", "memory", "POST", "/graphql", page
        ),
    ]


def start_servers(
    stack: contextlib.ExitStack, logs: Path, prepared: Prepared, secret: str
) -> dict[str, servers.Server]:
    uvicorn = servers.uvicorn_command
    kizuna_env = {
        "DATABASE_URL": prepared.database_url,
        "KIZUNA_SECRET_KEY": secret,
        "KIZUNA_ENV": "development",
        "KIZUNA_ACCESS_LOG": "false",  # the baselines log no requests either
    }
    memory_env = {
        "BENCH_DATABASE_URL": prepared.database_url,
        "BENCH_ORGANIZATION_ID": str(prepared.organization_id),
    }
    plan = [
        ("starlette", uvicorn("bench.baselines:starlette_app"), {}),
        ("hello", uvicorn("bench.baselines:hello_app"), {}),
        ("kizuna", servers.kizuna_command(), kizuna_env),
        ("memory", uvicorn("bench.baselines:memory_app"), memory_env),
    ]
    return {name: servers.start(stack, name, cmd, env, logs) for name, cmd, env in plan}


async def same_page(page: Target, memory: Target, running: dict[str, servers.Server]) -> int:
    """The baseline is only fair if it answers exactly what Kizuna answers."""
    answers = []
    async with httpx.AsyncClient(timeout=30.0) as client:
        for target in (page, memory):
            url = running[target.server].base_url + target.path
            response = await client.post(url, content=target.body, headers=target.headers())
            load.check(target, response.status_code, response.content)
            answers.append(response.json()["data"])
    edges = len(answers[0]["alumni"]["edges"])
    if answers[0] != answers[1]:
        raise load.BadResponse("the in-memory page differs from Kizuna's page")
    if edges != PAGE_SIZE:
        raise load.BadResponse(f"the page has {edges} alumni, not {PAGE_SIZE}: seed more")
    return edges


async def stretch(
    target: Target, server: servers.Server, args: argparse.Namespace, seconds: float
) -> Sample:
    """Fresh connections for each stretch: uvicorn closes keep-alive connections idle for
    5 s, which they are while the other targets run."""
    async with load.connections(
        args.client, servers.HOST, server.port, target, args.concurrency
    ) as senders:
        return await load.run(senders, target, seconds=seconds, server_cpu=server.cpu_seconds)


async def measure(
    plan: list[Target], running: dict[str, servers.Server], args: argparse.Namespace
) -> dict[str, list[Sample]]:
    await servers.wait_ready(list(running.values()))
    by_name = {target.name: target for target in plan}
    edges = await same_page(by_name["page"], by_name["memory_page"], running)
    print(f"  both servers answer the same page of {edges} alumni", flush=True)
    print(f"Warming up ({args.warmup:g} s per target), then {args.rounds} rounds…", flush=True)
    for target in plan:
        await stretch(target, running[target.server], args, args.warmup)
    samples: dict[str, list[Sample]] = {target.name: [] for target in plan}
    for number in range(args.rounds):
        # Alternate the direction, so that no target always runs right after the heaviest.
        for target in plan if number % 2 == 0 else plan[::-1]:
            sample = await stretch(target, running[target.server], args, args.seconds)
            samples[target.name].append(sample)
            print(
                f"  round {number + 1}  {target.name:<12} {sample.rps:8.0f} req/s  "
                f"p50 {sample.p50_ms:7.2f} ms  p99 {sample.p99_ms:7.2f} ms",
                flush=True,
            )
    return samples


def assemble(
    args: argparse.Namespace,
    plan: list[Target],
    prepared: Prepared,
    samples: dict[str, list[Sample]],
    seconds: float,
) -> tuple[dict, list[report.Goal]]:
    medians = {target.name: load.median_of(samples[target.name]) for target in plan}
    goals = report.goals(medians, prepared.statements)
    results = {
        "machine": report.machine(),
        "config": {
            "client": args.client,
            "concurrency": args.concurrency,
            "rounds": args.rounds,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "page_size": PAGE_SIZE,
            "run_seconds": round(seconds, 1),
        },
        "seeded_with": prepared.seeded_with,
        "targets": {
            target.name: {
                "label": target.label,
                "server": target.server,
                "median": medians[target.name],
                "rounds": [{**dataclasses.asdict(s), "rps": s.rps} for s in samples[target.name]],
            }
            for target in plan
        },
        "statements": {
            name: {"count": len(sql), "sql": sql} for name, sql in prepared.statements.items()
        },
        "goals": [goal.row() for goal in goals],
    }
    return results, goals


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwind like Ctrl-C, so that every server is stopped


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    # Also when started in the background, where shells set SIGINT to be ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    secret = secrets.token_urlsafe(32)
    began = time.monotonic()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kizuna-bench-")))
        print("Preparing the database (migrate, seed, outbox, SQL counts)…", flush=True)
        prepared = asyncio.run(prepare(f"sqlite://{workdir / 'bench.sqlite3'}", secret))
        print(f"  seeded with {prepared.seeded_with}", flush=True)
        print("Starting servers…", flush=True)
        running = start_servers(stack, workdir, prepared, secret)
        plan = targets(prepared.hr_token)
        try:
            samples = asyncio.run(measure(plan, running, args))
        except (load.BadResponse, RuntimeError, httpx.HTTPError) as failure:
            for server in running.values():
                print(
                    f"--- {server.name} log (last lines) ---\n{server.log_tail()}", file=sys.stderr
                )
            print(f"bench: FAILED: {failure}", file=sys.stderr)
            return 1
    results, goals = assemble(args, plan, prepared, samples, time.monotonic() - began)
    path = report.write_json(results)
    text = report.table(results, goals)
    print("\n" + text + "\n")
    print(f"Wrote {path.relative_to(report.BENCH.parent)}", end="")
    if not args.no_readme and report.update_readme(text):
        print(" and the table in bench/README.md", end="")
    print(f" ({results['config']['run_seconds']:.0f} s).")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("bench: interrupted; servers stopped.", file=sys.stderr)
        sys.exit(130)
