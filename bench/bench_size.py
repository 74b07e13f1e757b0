"""How `crosscheck check` grows with the size of one document: time and peak memory.

    python bench/bench_size.py [--sizes 0.5 1 2 5] [--mode varied|one|line|both] [--json]

Builds report text of each size (MiB of UTF-8) and checks it in a fresh subprocess, one at
a time: the child starts, warms up on a small report (so that loading jieba, spaCy and the
lexicons is not timed), then times ``crosscheck.check(path=FILE)``. Prints that time, the
child's whole wall time, its peak RSS (``os.wait4``'s rusage of that child alone) and the
ratios of time and memory to the smallest size.
A stage that is linear in the document's length keeps the time ratio near the size
ratio; the issue's target is 4 MiB ≤ 12× the time of 0.5 MiB.

Modes:

- ``varied``: the five seed reports of corpus/ in turn, each copy with its numbers changed
  (amounts and rates scaled by a factor of the copy, years kept), so that the copies'
  facts are many different values rather than one group stated a thousand times;
- ``one``: the first seed report repeated unchanged: every fact is stated once per copy;
- ``line``: the ``varied`` text with every line break made a space, as a web page saved as
  text holds a whole report in one line: one paragraph, every stage's per-paragraph work
  on one very long paragraph (a backward search to a paragraph's start per quantity was
  quadratic there).

The texts are written to a temporary folder and removed afterwards. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
MIB = 1024 * 1024
# A number to vary: not a year (2021年) and not part of a longer run of digits.
_NUMBER = regex.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9]|\s*年)")


def _varied(text: str, copy: int) -> str:
    """The text with each number scaled by (1 + copy/100), written with its decimals."""
    factor = Decimal(100 + copy % 97) / 100

    def scale(match: regex.Match[str]) -> str:
        value = Decimal(match.group())
        places = -value.as_tuple().exponent if "." in match.group() else 0
        return str((value * factor).quantize(Decimal(1).scaleb(-places)))

    return _NUMBER.sub(scale, text)


def build_text(size_mib: float, mode: str) -> str:
    """Report text of at least ``size_mib`` MiB of UTF-8, copies separated by blank lines."""
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    target = int(size_mib * MIB)
    parts: list[str] = []
    size = copy = 0
    while size < target:
        seed = seeds[copy % len(seeds)] if mode != "one" else seeds[0]
        part = _varied(seed, copy) if mode != "one" else seed
        parts.append(part)
        size += len(part.encode("utf-8")) + 2
        copy += 1
    text = "\n\n".join(parts)
    return text.replace("\n", " ") if mode == "line" else text


# The child: start-up and a warm-up on a small report (jieba, spaCy, the compiled pattern
# and the lexicons loaded) are not timed; then crosscheck.check(path=…) once. It prints
# the seconds of that call and its number of findings.
_CHILD = """
import sys, time
import crosscheck
crosscheck.check(path=sys.argv[2])
started = time.perf_counter()
report = crosscheck.check(path=sys.argv[1])
print(time.perf_counter() - started, len(report.findings))
"""
# The warm-up report: its subjects are written two ways, so it loads jieba and spaCy.
WARM_UP = ROOT / "corpus" / "synthetic" / "05_minzheng.txt"


def run_check(path: Path, code: Path = ROOT) -> tuple[float, float, float, int]:
    """(seconds of check after start-up, seconds of the whole child, peak RSS in MiB, findings)
    of one child process checking ``path`` with the crosscheck of the folder ``code``."""
    command = [sys.executable, "-c", _CHILD, str(path), str(WARM_UP)]
    started = time.perf_counter()
    # output to files, not pipes: a pipe that fills up would block the child
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        env = {**os.environ, "PYTHONPATH": str(code)}
        child = subprocess.Popen(command, stdout=out, stderr=errors, cwd=code, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
        out.seek(0)
        errors.seek(0)
        if child.returncode != 0:
            sys.exit(errors.read().decode("utf-8", "replace"))
        seconds, findings = out.read().decode().split()
    # ru_maxrss is KiB on Linux
    return float(seconds), wall, usage.ru_maxrss / 1024, int(findings)


def measure(sizes: list[float], mode: str, code: Path = ROOT) -> list[dict[str, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"{mode}_{size}.txt"
            text = build_text(size, mode)
            path.write_text(text, encoding="utf-8")
            seconds, wall, peak, findings = run_check(path, code)
            rows.append(
                {
                    "mode": mode,
                    "mib": size,
                    "chars": len(text),
                    "findings": findings,
                    "seconds": round(seconds, 2),
                    "wall": round(wall, 2),
                    "peak_mib": round(peak, 1),
                }
            )
            print(f"  {mode} {size} MiB: {seconds:.1f} s, {peak:.0f} MiB", file=sys.stderr)
    base = rows[0]
    for row in rows:
        row["time_ratio"] = round(row["seconds"] / base["seconds"], 1)
        row["memory_ratio"] = round(row["peak_mib"] / base["peak_mib"], 1)
        row["size_ratio"] = round(row["mib"] / base["mib"], 1)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 5])
    parser.add_argument("--mode", choices=("varied", "one", "line", "both"), default="both")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="a checkout whose crosscheck the children import (to compare with another version)",
    )
    args = parser.parse_args()
    modes = ("varied", "one") if args.mode == "both" else (args.mode,)
    rows = [row for mode in modes for row in measure(args.sizes, mode, args.code.resolve())]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print(
        "| mode | MiB | chars | findings | check s | with start-up s | peak MiB | size × | time × | memory × |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['mode']} | {r['mib']} | {r['chars']:,} | {r['findings']} | {r['seconds']} | "
            f"{r['wall']} | {r['peak_mib']} | {r['size_ratio']} | {r['time_ratio']} | "
            f"{r['memory_ratio']} |"
        )


if __name__ == "__main__":
    main()
