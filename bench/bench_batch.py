"""Benchmark of `crosscheck batch`: throughput with 1 and 2 workers, memory, resume.

    python bench/bench_batch.py [--docs 2000] [--keep DIR] [--json]

- corpus: --docs documents made from the seed reports (corpus/0*.txt) in a
  temporary directory, 100 to a subfolder; each copy is lightly varied (place
  names swapped, a share of the two-decimal amounts changed in the last digit,
  a numbered title line) so that no two documents are the same text and no
  cache is flattered;
- throughput: wall time of `python -m crosscheck batch CORPUS --out OUT --jobs N`
  (start-up, discovery and the summaries included), documents/s and chars/s,
  for --jobs 1 and --jobs 2;
- memory: peak RSS of the parent and of the largest worker, sampled every
  0.2 s with psutil (the workers are children of the fork server); "flat"
  compares the parent's peak over the last quarter of the run with its peak
  over the first quarter;
- resume: wall time of `--resume` on the finished --jobs 2 run (nothing is
  checked again: the inputs are hashed and compared with the journal).

- yardsticks, timed in the same run so that the figures compare across machines and
  loads (the ratios are what the README reports): "in process", `crosscheck.check`
  over the first --sample documents in one process (no batch machinery), against
  which --jobs 1 and --jobs 2 are given as ratios of documents/s; "resume floor",
  a fresh interpreter that imports crosscheck.batch, hashes every input and reads
  the journal's bytes (the least a resume must do), against which --resume is given.

Targets (printed, never asserted): 2 jobs ≥ 1.8× one job; memory flat;
a resumed finished run of 2,000 documents under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
PLACES = ("岳麓区", "北塔区", "宁乡市", "罗江区", "邵阳市", "长沙市", "德阳市")
NEW_PLACES = (
    "青山县", "临溪县", "金田县", "云澄市", "石岭县", "枫林县", "沅丰县", "江北区",
    "河西区", "桃源县", "松溪县", "白沙市", "梅岭区", "清河县", "望城区", "柳州市",
)  # fmt: skip
TWO_DECIMALS = regex.compile(r"(?<![\d.])(\d+\.\d)(\d)(?![\d.])")
SAMPLE_SECONDS = 0.2
TARGET_SPEEDUP = 1.8
TARGET_RESUME_SECONDS = 5.0
PER_FOLDER = 100


def _last_digit_changer(rng: random.Random):
    """A substitution that changes the last digit of three in ten two-decimal numbers."""

    def change(match: regex.Match[str]) -> str:
        keep = rng.random() >= 0.3
        return match.group(1) + (match.group(2) if keep else str(rng.randrange(10)))

    return change


def make_corpus(directory: Path, documents: int) -> None:
    """Write ``documents`` varied copies of the seeds, ``PER_FOLDER`` to a subfolder."""
    texts = [seed.read_text(encoding="utf-8") for seed in SEEDS]
    for index in range(documents):
        rng = random.Random(index)
        text = texts[index % len(texts)]
        for place in PLACES:
            text = text.replace(place, rng.choice(NEW_PLACES))
        text = TWO_DECIMALS.sub(_last_digit_changer(rng), text)
        text = f"第{index + 1}号 绩效自评报告\n" + text
        folder = directory / f"part{index // PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:05d}_{SEEDS[index % len(SEEDS)].stem[:3]}.txt").write_text(
            text, encoding="utf-8"
        )


class TreeMemory(threading.Thread):
    """Peak RSS of a process and of the largest of its fork server's children (the workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, int, int]] = []  # (monotonic, parent rss, worker rss)
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.is_set():
            try:
                parent = self.process.memory_info().rss
                workers = 0
                for child in self.process.children(recursive=True):
                    if child.ppid() != self.process.pid:  # forked by the fork server
                        workers = max(workers, child.memory_info().rss)
                self.samples.append((time.monotonic(), parent, workers))
            except psutil.Error:
                pass  # a worker ended between the listing and the reading
            self.stopped.wait(SAMPLE_SECONDS)


@dataclass
class Run:
    """One timed `crosscheck batch` subprocess."""

    seconds: float
    stdout: str = ""
    documents: int = 0
    chars: int = 0
    findings: int = 0
    parent_peak_mib: float | None = None
    worker_peak_mib: float | None = None
    parent_quarters_mib: tuple[float, float] | None = None  # peak in the first / last quarter
    worker_quarters_mib: tuple[float, float] | None = None

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds


def _quarters(values: list[int]) -> tuple[float, float] | None:
    if not values:
        return None
    quarter = max(1, len(values) // 4)
    return max(values[:quarter]) / 2**20, max(values[-quarter:]) / 2**20


def run_batch(corpus: Path, out: Path, *extra: str) -> Run:
    command = [sys.executable, "-m", "crosscheck", "batch", str(corpus), "--out", str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--lang", "en", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        monitor: TreeMemory | None = TreeMemory(process.pid)
        monitor.start()
    except ImportError:
        monitor = None
    # The plain progress line "[N/N] …" marks the end of the checking; what follows
    # is the summaries (a short import of openpyxl), left out of the flatness measure.
    lines, checked_at = [], None
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.decode("utf-8")
        lines.append(line)
        if checked_at is None and regex.match(r"\[(\d+)/\1\]", line):
            checked_at = time.monotonic()
    stderr = process.stderr.read() if process.stderr else b""
    process.wait()
    run = Run(seconds=time.perf_counter() - started, stdout="".join(lines))
    if monitor is not None:
        monitor.stopped.set()
        monitor.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({process.returncode}):\n{stderr.decode()}")
    if monitor is not None and monitor.samples:
        during = [s for s in monitor.samples if checked_at is None or s[0] <= checked_at]
        parents = [s[1] for s in during]
        workers = [s[2] for s in during if s[2]]
        run.parent_peak_mib = max(s[1] for s in monitor.samples) / 2**20
        run.worker_peak_mib = max(s[2] for s in monitor.samples) / 2**20
        run.parent_quarters_mib = _quarters(parents)
        run.worker_quarters_mib = _quarters(workers)
    with open(out / "summary.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    run.documents = len(rows)
    run.chars = sum(int(r["chars"] or 0) for r in rows)
    run.findings = sum(int(r["findings"] or 0) for r in rows)
    return run


IN_PROCESS = """
import sys, time
from pathlib import Path
import crosscheck
paths = sorted(Path(sys.argv[1]).rglob("*.txt"))[: int(sys.argv[2])]
crosscheck.check(path=paths[0])  # warm: lexicons, jieba
started = time.perf_counter()
for path in paths:
    crosscheck.check(path=path)
print(len(paths) / (time.perf_counter() - started))
"""
RESUME_FLOOR = """
import hashlib, sys
from pathlib import Path
import crosscheck.batch
for path in sorted(Path(sys.argv[1]).rglob("*.txt")):
    hashlib.sha256(path.read_bytes()).hexdigest()
Path(sys.argv[2], "index.jsonl").read_bytes()
"""


def in_process_rate(corpus: Path, sample: int) -> float:
    """Documents/s of `crosscheck.check` in one warmed-up process, over ``sample`` documents."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(corpus), str(sample)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip())


def resume_floor(corpus: Path, out: Path) -> float:
    """Seconds of the least a resume does: start, import, hash the inputs, read the journal."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", RESUME_FLOOR, str(corpus), str(out)], check=True)
    return time.perf_counter() - started


def _flat(quarters: tuple[float, float] | None) -> bool:
    """The peak of the last quarter within 10 % (+8 MiB of noise) of the first quarter's."""
    return quarters is None or quarters[1] <= quarters[0] * 1.10 + 8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="build the corpus and outputs here and keep them")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--sample", type=int, default=100, help="documents the in-process yardstick checks"
    )
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="crosscheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = work / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(corpus, args.docs)
        runs: dict[int, Run] = {}
        for jobs in (1, 2):
            out = work / f"out{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            runs[jobs] = run_batch(corpus, out, "--jobs", str(jobs))
        resumed = run_batch(corpus, work / "out2", "--jobs", "2", "--resume")
        floor = min(resume_floor(corpus, work / "out2") for _ in range(3))
        rate = in_process_rate(corpus, args.sample)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    one, two = runs[1], runs[2]
    speedup = two.docs_per_s / one.docs_per_s
    rechecked_nothing = f"0 to check, {args.docs} already" in resumed.stdout
    flat = _flat(two.parent_quarters_mib) and _flat(two.worker_quarters_mib)
    if args.json:
        payload = {
            "jobs1": {**asdict(one), "stdout": None},
            "jobs2": {**asdict(two), "stdout": None},
            "speedup": speedup,
            "resume_seconds": resumed.seconds,
            "resume_rechecked_nothing": rechecked_nothing,
            "in_process_docs_per_s": rate,
            "jobs1_vs_in_process": one.docs_per_s / rate,
            "jobs2_vs_in_process": two.docs_per_s / rate,
            "resume_floor_seconds": floor,
            "resume_vs_floor": resumed.seconds / floor,
        }
        print(json.dumps(payload, indent=1))
        return
    mark = {True: "PASS", False: "MISS"}
    print(f"corpus: {one.documents} documents, {one.chars:,} chars (varied seeds)")
    for name, run in (("--jobs 1", one), ("--jobs 2", two)):
        print(
            f"{name}: {run.seconds:6.1f} s  {run.docs_per_s:6.1f} docs/s  "
            f"{run.chars_per_s / 1e6:5.3f} M chars/s  findings {run.findings}"
        )
    print(
        f"in process (crosscheck.check, {args.sample} documents): {rate:.1f} docs/s; "
        f"--jobs 1 {one.docs_per_s / rate:.2f}x, --jobs 2 {two.docs_per_s / rate:.2f}x of it"
    )
    print(f"speed-up, 2 jobs / 1 job: {speedup:.2f}x (target >= {TARGET_SPEEDUP}x: "
          f"{mark[speedup >= TARGET_SPEEDUP]})")  # fmt: skip
    if two.parent_peak_mib is None:
        print("memory: install psutil to sample the RSS of the parent and the workers")
    else:
        for name, run in (("--jobs 1", one), ("--jobs 2", two)):
            print(
                f"peak RSS {name}: parent {run.parent_peak_mib:.0f} MiB, "
                f"largest worker {run.worker_peak_mib:.0f} MiB"
            )
        p, w = two.parent_quarters_mib or (0, 0), two.worker_quarters_mib or (0, 0)
        print(
            f"--jobs 2 peak RSS, first / last quarter of the run: parent {p[0]:.0f} / {p[1]:.0f} "
            f"MiB, worker {w[0]:.0f} / {w[1]:.0f} MiB (target flat: {mark[flat]})"
        )
    print(
        f"--resume of the finished run: {resumed.seconds:.2f} s, nothing checked again: "
        f"{rechecked_nothing} (target < {TARGET_RESUME_SECONDS:g} s: "
        f"{mark[resumed.seconds < TARGET_RESUME_SECONDS and rechecked_nothing]}); "
        f"{resumed.seconds / floor:.2f}x the floor ({floor:.2f} s: start, import, hash the "
        "inputs, read the journal)"
    )


if __name__ == "__main__":
    main()
