"""`python -m bench.roster_import`: importing a large roster, against parsing it alone.

Writes a roster CSV of N rows (100,000 by default; values shaped like HR's samples: 和暦 and
western dates, full-width spaces, consent words, skills), then runs, each in a fresh process
on the same file, side by side in one run: parsing it alone (read_table + parse_roster over
every row) and importing it into a new migrated SQLite database (import_roster, a real run).
It does the same for a file a tenth of the size, so that memory growth shows: each process
reports its peak resident memory. Results go to bench/results/roster_import.json and the
table in bench/README.md. Goal: import time at most 3x the parse time on SQLite, and peak
memory that does not grow with the file.
"""

import argparse
import asyncio
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HEADER = [
    "社員番号", "氏名", "フリガナ", "メールアドレス", "電話番号", "入社日", "退職日", "最終所属",
    "最終役職", "退職理由", "現在の勤務先", "スキル", "コミュニティ参加同意", "再雇用可否", "備考",
]  # fmt: skip
FAMILY = [("高橋", "タカハシ"), ("山田", "ヤマダ"), ("小林", "コバヤシ"), ("伊藤", "イトウ")]
GIVEN = [("結衣", "ユイ"), ("陽菜", "ヒナ"), ("蓮", "レン"), ("湊", "ミナト"), ("葵", "アオイ")]
DEPARTMENTS = ["経理部", "マーケティング部", "店舗運営部", "開発部", "営業部", "人事部"]
REASONS = ["キャリアアップ", "人間関係", "体調", "家庭の事情", "独立・起業", "留学", "転居"]
SKILLS = ["Python、データ分析、英語", "営業、マネジメント", "", "接客", "簿記2級・英語"]
CONSENT = ["はい", "いいえ", "○", "×", "同意", "yes", "no", ""]
REHIRE = ["可", "要相談", "不可"]
RESULTS = Path(__file__).parent / "results" / "roster_import.json"


def write_roster(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        out = csv.writer(file)
        out.writerow(HEADER)
        for n in range(rows):
            family, family_kana = FAMILY[n % len(FAMILY)]
            given, given_kana = GIVEN[n % len(GIVEN)]
            year = 2000 + n % 20
            hired = f"{year}-04-01" if n % 3 else f"平成{year - 1988}年4月1日"
            left = f"{year + 3}/{n % 12 + 1}/{n % 28 + 1}" if n % 2 else f"{year + 3}年3月31日"
            out.writerow(
                [
                    f"B{n:07d}", f"{family}\u3000{given}", f"{family_kana} {given_kana}",
                    f"alumnus{n}@example.jp", f"090-{1000 + n % 9000:04d}-{n // 9000 % 10000:04d}",
                    hired, left, DEPARTMENTS[n % len(DEPARTMENTS)], "エンジニア",
                    REASONS[n % len(REASONS)], "株式会社サンプル商事", SKILLS[n % len(SKILLS)],
                    CONSENT[n % len(CONSENT)], REHIRE[n % len(REHIRE)], "",
                ]
            )  # fmt: skip


def parse_only(path: Path) -> int:
    from domain.roster import parse_roster, read_table

    with read_table(path, path.name) as table:
        return sum(1 for _ in parse_roster(table))


async def import_into_new_database(path: Path, directory: Path) -> int:
    from domain.common.actors import Actor
    from domain.organizations.services import create_organization
    from domain.roster.importing import Action, import_roster
    from domain.roster.parser_process import parsed_roster
    from kizuna import db

    url = f"sqlite://{directory}/import.sqlite3"
    await db.migrate(url)
    await db.close()
    await db.init(url)
    try:
        organization = await create_organization("株式会社ベンチ", "bench")
        started = time.perf_counter()
        # As the CLI and the API import: parsed in a child process (its start included).
        with parsed_roster(path, path.name) as roster:
            summary = await import_roster(
                organization, Actor.system("bench"), roster, dry_run=False
            )
        assert summary.applied and summary.counts[Action.REJECT] == 0, summary
        return summary.counts[Action.CREATE], time.perf_counter() - started
    finally:
        await db.close()


class ParserWatch(threading.Thread):
    """The peak resident memory and the CPU time of an import's parsing process, read from
    /proc every 0.2 s while it runs (it is a child of the fork server, not of this process,
    so getrusage misses it; its last 0.2 s may be missed)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb: dict[int, float] = {}
        self.cpu_seconds: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            for pid, fields in _grandchildren(os.getpid()).items():
                self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), _peak_mb(pid))
                # utime and stime, in clock ticks (fields 14 and 15 of /proc/pid/stat).
                ticks = int(fields[11]) + int(fields[12])
                self.cpu_seconds[pid] = ticks / os.sysconf("SC_CLK_TCK")


def _grandchildren(pid: int) -> dict[int, list[str]]:
    """The /proc/…/stat fields after the command name (which may hold spaces), by pid."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            stats[int(stat.parent.name)] = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    children = {child for child, fields in stats.items() if int(fields[1]) == pid}
    return {child: fields for child, fields in stats.items() if int(fields[1]) in children}


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def child(mode: str, path: Path) -> None:
    """Runs one measurement and prints {"rows", "seconds", "cpu_seconds", "peak_rss_mb"} as
    JSON, and for an import "parser_cpu_seconds" and "parser_peak_rss_mb" too."""
    import domain.roster.importing  # noqa: F401 - loaded before the clock starts, in both modes

    result = {}
    cpu = time.process_time()
    if mode == "parse":
        started = time.perf_counter()
        rows = parse_only(path)
        seconds = time.perf_counter() - started
    else:
        watch = ParserWatch()
        watch.start()
        with tempfile.TemporaryDirectory() as directory:
            rows, seconds = asyncio.run(import_into_new_database(path, Path(directory)))
        watch.done.set()
        watch.join()
        result["parser_cpu_seconds"] = round(sum(watch.cpu_seconds.values()), 1)
        result["parser_peak_rss_mb"] = round(max(watch.peak_mb.values(), default=0.0), 1)
    cpu = time.process_time() - cpu  # an import's includes its database setup
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "rows": rows, "seconds": seconds, "cpu_seconds": round(cpu, 1),
        "peak_rss_mb": round(peak, 1), **result,
    }  # fmt: skip
    print(json.dumps(result))


def measure(mode: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.roster_import", "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


START, END = "<!-- roster-import:start -->", "<!-- roster-import:end -->"


def summarise(runs: dict[str, list[dict]], sizes: dict[int, int], rows: int) -> tuple[dict, list]:
    from bench import report

    medians = {
        name: {
            "seconds": statistics.median(run["seconds"] for run in measured),
            "peak_rss_mb": max(run["peak_rss_mb"] for run in measured),
            "cpu_seconds": statistics.median(run["cpu_seconds"] for run in measured),
            "parser_cpu_seconds": statistics.median(
                run.get("parser_cpu_seconds", 0) for run in measured
            ),
            "parser_peak_rss_mb": max(run.get("parser_peak_rss_mb", 0) for run in measured),
        }
        for name, measured in runs.items()
    }
    small = rows // 10
    time_ratio = medians[f"import {rows}"]["seconds"] / medians[f"parse {rows}"]["seconds"]
    growth = medians[f"import {rows}"]["peak_rss_mb"] - medians[f"import {small}"]["peak_rss_mb"]
    goals = [
        report.Goal(f"import ÷ parse time, {rows:,} rows (SQLite)", time_ratio, 3.0, False),
        report.Goal(
            f"import peak memory growth, {small:,} → {rows:,} rows (MB)", growth, None, False, 1
        ),
    ]
    results = {
        "machine": report.machine(),
        "sizes_bytes": sizes,
        "runs": runs,
        "medians": medians,
        "goals": [goal.row() for goal in goals],
    }
    return results, goals


def table(results: dict, goals: list) -> str:
    lines = [
        "| run | seconds | rows/s | CPU s | peak memory MB | its parsing process: CPU s, MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, median in results["medians"].items():
        rows, parser = int(name.split()[1]), median["parser_peak_rss_mb"]
        parsing = f"{median['parser_cpu_seconds']:.1f}, {parser:.0f}" if parser else "—"
        lines.append(
            f"| {name} rows | {median['seconds']:.1f} | {rows / median['seconds']:,.0f} "
            f"| {median['cpu_seconds']:.1f} | {median['peak_rss_mb']:.0f} | {parsing} |"
        )
    lines += ["", "| goal | value | target | |", "| --- | ---: | ---: | --- |"]
    for goal in goals:
        lines.append(f"| {goal.name} | {goal.value_text} | {goal.target_text} | {goal.verdict} |")
    info, rounds = results["machine"], len(next(iter(results["runs"].values())))
    lines += [
        "",
        f"{info['date']}, {info['cpu_count']} CPUs, {info['python']}; medians of {rounds} "
        "runs, each in a fresh process; peak memory is the highest of the runs.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.roster_import", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the large file")
    parser.add_argument("--rounds", type=int, default=2, help="measurements of each (2)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    from bench import report

    with tempfile.TemporaryDirectory() as directory:
        files = {}
        for rows in (args.rows // 10, args.rows):
            files[rows] = Path(directory) / f"roster-{rows}.csv"
            write_roster(files[rows], rows)
        runs: dict[str, list[dict]] = {}
        for _ in range(args.rounds):  # interleaved, so that machine noise hits all alike
            for rows, path in files.items():
                for mode in ("parse", "import"):
                    runs.setdefault(f"{mode} {rows}", []).append(measure(mode, path))
                    print(f"{mode} {rows}: {runs[f'{mode} {rows}'][-1]}", flush=True)
        sizes = {rows: path.stat().st_size for rows, path in files.items()}
    results, goals = summarise(runs, sizes, args.rows)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    text = table(results, goals)
    report.update_readme(text, START, END)
    print(text)


if __name__ == "__main__":
    main()
