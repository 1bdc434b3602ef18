"""Results: the goals, bench/results/latest.json, the README table and the console summary."""

import json
import os
import platform
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results" / "latest.json"
README = BENCH / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
# Above this share of a core, the load generator itself may be what limits req/s.
CLIENT_BOUND = 0.9


@dataclass(frozen=True)
class Goal:
    name: str
    value: float | None
    target: float | None  # None: reported, no target
    higher_is_better: bool = True
    digits: int = 2

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def row(self) -> dict[str, Any]:
        return {"goal": self.name, "value": self.value, "target": self.target_text, "met": self.met}

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "—"
        return ("≥ " if self.higher_is_better else "≤ ") + f"{self.target:g}"

    @property
    def value_text(self) -> str:
        return "n/a" if self.value is None else f"{self.value:.{self.digits}f}"

    @property
    def verdict(self) -> str:
        return {True: "met", False: "**not met**", None: "—"}[self.met]


def goals(medians: dict[str, dict], statements: dict[str, list[str]]) -> list[Goal]:
    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or not b else a / b

    return [
        Goal(
            "Kizuna viewer req/s ÷ bare strawberry `{ hello }` req/s",
            ratio(medians["viewer"]["rps"], medians["hello"]["rps"]),
            0.5,
        ),
        Goal(
            "Kizuna 100-alumni page p50 ÷ in-memory strawberry page p50",
            ratio(medians["page"]["p50_ms"], medians["memory_page"]["p50_ms"]),
            2.0,
            higher_is_better=False,
        ),
        Goal(
            "SQL statements per 100-alumni page (incl. token → membership)",
            len(statements["page"]),
            4,
            higher_is_better=False,
            digits=0,
        ),
        Goal(
            "SQL statements per viewer query (incl. token → membership)",
            len(statements["viewer"]),
            None,
            digits=0,
        ),
    ]


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_json(results: dict[str, Any]) -> Path:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return RESULTS


def table(results: dict[str, Any], goals: list[Goal]) -> str:
    config, info = results["config"], results["machine"]
    lines = [
        "| target | req/s | p50 ms | p99 ms | server CPU ms/req | client CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for target in results["targets"].values():
        m = target["median"]
        server = "n/a" if m["server_cpu_ms"] is None else f"{m['server_cpu_ms']:.2f}"
        flag = " ⚠" if m["client_cpu_share"] > CLIENT_BOUND else ""
        lines.append(
            f"| {target['label']} | {m['rps']:.0f} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} "
            f"| {server} | {m['client_cpu_share']:.0%}{flag} |"
        )
    lines += ["", "| goal | value | target | |", "| --- | ---: | ---: | --- |"]
    for goal in goals:
        lines.append(f"| {goal.name} | {goal.value_text} | {goal.target_text} | {goal.verdict} |")
    lines += [
        "",
        f"{info['date']}, {info['cpu_count']} CPUs, {info['implementation']} {info['python']}, "
        f"{config['client']} client, {config['concurrency']} connections, medians of "
        f"{config['rounds']} rounds × {config['seconds']:g} s per target; "
        f"data: {results['seeded_with']}. "
        "⚠ = the load generator used over 90% of a core, so that req/s is a lower bound.",
    ]
    return "\n".join(lines)


def update_readme(text: str, start: str = START, end: str = END) -> bool:
    """Replace what is between the markers; False if the README has no markers."""
    if not README.exists():
        return False
    readme = README.read_text()
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(readme):
        return False
    README.write_text(pattern.sub(lambda _: f"{start}\n{text}\n{end}", readme))
    return True
