"""A long fuzzing campaign against `crosscheck check` (issue 13 §2); not run in CI.

    python bench/fuzz_campaign.py [--count 10000] [--jobs 2] [--seed 1] [--timeout 30]
                                  [--memory-mb 4096] [--keep DIR] [--minutes M] [--json]

Inputs: pieces of the corpus reports (corpus/**/*.txt) written in all five formats
(txt; docx with python-docx, xlsx with openpyxl, html by hand, pdf with tests/pdfgen.py,
as the tests build them), then mutated:

- **byte-level**, any format: flipped, inserted, deleted, duplicated or truncated bytes;
- **structure-level**: txt and html text spiked with what the parsers care about (long
  numbers, 万万万…, 个百分点 runs, CR-only line ends, markup, control characters, deep
  nesting, huge spans); docx/xlsx: an XML member mutated, dropped or duplicated and the
  archive rebuilt, entry flags or compression methods patched; pdf: content-stream
  operators, numbers and object references mutated, the xref table damaged;
- **hostile files**, every one of tests/hostile.py (zip bombs, lying sizes, strong
  encryption flags, a whole-sheet merge, a huge string, bzip2 claims, odd relationship
  parts, nested tables, a long <pre>, self-referencing PDFs, a flate bomb, dense pages),
  each run once at the start.

Each input is checked in its own process (`python -m crosscheck check FILE --format …`)
with a wall-clock limit (--timeout, default 30 s: a run past it is killed and counted)
and an address-space limit (RLIMIT_AS, --memory-mb: a safety net for the machine; the
figure reported is the process's peak resident memory, from wait4).

Printed: inputs run, per format and in all: exits 0/1/2, tracebacks (a Python traceback
on stderr), internal errors (the CLI's last-resort "内部错误" line: a bug of ours, caught),
other exit codes (killed by a signal or the memory limit), runs over the time limit, runs
over 1 GiB of peak memory, the largest peak and the slowest run, and every failing input
(kept under --keep, with its stderr's last line).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402  (the builders the tests use)

FORMATS = ("txt", "docx", "xlsx", "html", "pdf")
OUTPUT_FORMATS = ("text", "json", "csv")
GIB = 1024**3
# Pieces of this many characters: whole reports are slow to check, pieces find as much.
PIECE_CHARS = (20, 4000)
WHOLE_REPORT_SHARE = 0.05
# What the text parsers care about: numbers, units, structure words, separators.
ALPHABET = "0123456789.%万亿元人次，。；：\t\n\n （）其中合计占比得分分值总分一二三、|-~约以上余—"
SPIKES = (
    "万" * 5000,
    "亿万" * 3000,
    "个百分点" * 2000,
    "9" * 20000 + "万元",
    "0." + "3" * 5000 + "%",
    "1e308",
    "2.2e-16%",
    "123," * 20000,
    "：" * 5000,
    "[/x][bold]",
    "\x1b[2J\x07\x00\x7f\u202e",
    "\r".join(["全年支出100万元"] * 500),
    "合计\t" + "\t".join(["1"] * 3000),
    "占全年支出0万元的10%",
    "|" * 20000,
)
HTML_SPIKES = (
    "<table>" * 300,
    "<td colspan=999999 rowspan=0>",
    "<pre>" + "1\n" * 20000 + "</pre>",
    "<div style='display:none'>",
    "<![CDATA[",
    "<!--",
    "&#0;&#xFFFFFF;&amp",
    "<meta charset='gb18030'>",
    "<script>",
)


@dataclass(frozen=True, slots=True)
class Run:
    name: str
    fmt: str
    kind: str  # seed | byte | structure | hostile
    exit: int | None  # None: killed at the time limit
    seconds: float
    peak_mb: float
    traceback: bool
    internal: bool
    last_line: str


# --- seeds -----------------------------------------------------------------------------------


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("**/*.txt"))]


def piece(rng: random.Random, texts: list[str]) -> str:
    text = rng.choice(texts)
    if rng.random() < WHOLE_REPORT_SHARE:
        return text
    start = rng.randrange(len(text))
    return text[start : start + rng.randint(*PIECE_CHARS)] or text[:200]


def lines_and_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """Paragraph lines, and the tab-separated lines as table rows."""
    lines = [line for line in text.split("\n") if line.strip()]
    rows = [line.split("\t") for line in lines if "\t" in line]
    return [line for line in lines if "\t" not in line], rows


def to_docx(text: str) -> bytes:
    from docx import Document

    paragraphs, rows = lines_and_rows(text)
    document = Document()
    for line in paragraphs:
        document.add_paragraph(_xml_safe(line))
    if rows:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=0, cols=width)
        for row in rows[:200]:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = _xml_safe(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    paragraphs, rows = lines_and_rows(text)
    workbook = Workbook()
    sheet = workbook.active
    for line in paragraphs[:3]:
        sheet.append([_xml_safe(line)])
    for row in rows[:500] or [[line] for line in paragraphs[3:200]]:
        sheet.append([_cell_value(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_html(text: str) -> bytes:
    from html import escape

    paragraphs, rows = lines_and_rows(text)
    body = "".join(f"<p>{escape(line)}</p>" for line in paragraphs)
    table = "".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows
    )
    return (
        f"<html><head><meta charset='utf-8'></head><body>{body}<table>{table}</table></body></html>"
    ).encode()


def to_pdf(text: str) -> bytes:
    from tests.pdfgen import Report

    paragraphs, rows = lines_and_rows(text)
    report = Report()
    for line in paragraphs[:80]:
        report.paragraph(_pdf_safe(line))
    if rows:
        width = max(len(r) for r in rows)
        cells = [[_pdf_safe(v)[:12] for v in r] + [""] * (width - len(r)) for r in rows[:60]]
        report.table(cells, widths=[432 / width] * width)
    return report.to_bytes()


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n" or (ord(c) >= 0x20 and c != "\ufffe"))


def _pdf_safe(text: str) -> str:
    # UniGB-UCS2-H covers the BMP; pdfgen writes two bytes a character.
    return "".join(c for c in _xml_safe(text) if ord(c) < 0x10000 and c not in "()\\")


def _cell_value(value: str) -> object:
    try:
        return float(value) if value.strip() and value.strip()[0] in "0123456789-." else value
    except ValueError:
        return _xml_safe(value)


BUILDERS = {
    "txt": lambda text: text.encode("utf-8"),
    "docx": to_docx,
    "xlsx": to_xlsx,
    "html": to_html,
    "pdf": to_pdf,
}


# --- mutations -------------------------------------------------------------------------------


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            out += rng.randbytes(16)
        op = rng.randrange(6)
        at = rng.randrange(len(out))
        if op == 0:  # flip
            out[at] ^= 1 << rng.randrange(8)
        elif op == 1:  # random bytes in
            out[at:at] = rng.randbytes(rng.randint(1, 64))
        elif op == 2:  # delete a range
            del out[at : at + rng.randint(1, 256)]
        elif op == 3:  # duplicate a range
            out[at:at] = out[at : at + rng.randint(1, 4096)]
        elif op == 4:  # interesting byte values
            out[at] = rng.choice((0, 0xFF, 0x7F, 0x80, ord("<"), ord("%"), ord("9")))
        else:  # truncate
            del out[max(1, at) :]
    return bytes(out)


def mutate_text(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 40)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
    text = "".join(chars)
    if rng.random() < 0.5:
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(SPIKES) + text[at:]
    if rng.random() < 0.1:
        text = text.replace("\n", "\r")
    return text


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    op = rng.randrange(5)
    if op == 0:
        return hostile.patch_headers(data, flag_bits=rng.choice((0x1, 0x8, 0x20, 0x40, 0x800)))
    if op == 1:
        return hostile.patch_headers(data, method=rng.choice((0, 1, 9, 12, 14, 93, 99)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    target = rng.choice(names)

    def edit(name: str, body: bytes) -> bytes | None:
        if name != target:
            return body
        if op == 2:
            return None  # a part missing
        if op == 3:
            return mutate_bytes(rng, body)
        # structure: an element duplicated many times, or a tag renamed
        start = body.find(b"<", rng.randrange(len(body) or 1))
        end = body.find(b">", start)
        if start == -1 or end == -1:
            return body
        chunk = body[start : end + 1]
        if chunk.endswith(b"/>") and rng.random() < 0.5:
            return body[:start] + chunk * rng.randint(2, 20000) + body[end + 1 :]
        return body[:start] + b"<zz" + body[start + 1 :]

    return hostile.rezip(data, edit=edit)


def mutate_html(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    at = rng.randrange(len(text) + 1)
    spike = rng.choice(HTML_SPIKES) if rng.random() < 0.7 else rng.choice(SPIKES)
    return (text[:at] + spike + text[at:]).encode("utf-8", "replace")


def mutate_pdf(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    op = rng.randrange(5)
    if op == 0:  # a number somewhere changed (sizes, offsets, lengths, coordinates)
        digits = [i for i in range(len(out)) if 48 <= out[i] <= 57]
        for i in rng.sample(digits, min(len(digits), rng.randint(1, 10))):
            out[i] = rng.choice(b"0123456789")
        return bytes(out)
    if op == 1:  # an object reference pointed elsewhere or at itself
        at = out.find(b" 0 R", rng.randrange(len(out)))
        if at > 0:
            out[at - 1 : at] = str(rng.randint(0, 99)).encode()
        return bytes(out)
    if op == 2:  # the xref table damaged
        at = out.rfind(b"xref")
        if at > 0:
            out[at : at + 40] = rng.randbytes(40)
        return bytes(out)
    if op == 3:  # an operator swapped in a content stream
        ops = (b" Tj", b" TJ", b" Td", b" Tf", b" re", b" cm", b" q", b" Q", b" Do", b" BT")
        at = out.find(rng.choice(ops), rng.randrange(len(out)))
        if at > 0:
            out[at : at + 3] = rng.choice(ops)
        return bytes(out)
    values = (b"1e38", b"-99999999", b"0", b"NaN", b"2147483648", b"6 0 R")
    at = out.find(b"/MediaBox [", rng.randrange(len(out)))
    if at > 0:
        out[at + 11 : at + 12] = rng.choice(values)
    return bytes(out)


STRUCTURE = {
    "txt": lambda rng, data: mutate_text(rng, data.decode("utf-8")).encode("utf-8", "replace"),
    "docx": mutate_zip,
    "xlsx": mutate_zip,
    "html": mutate_html,
    "pdf": mutate_pdf,
}


def make_input(
    rng: random.Random, texts: list[str], index: int, folder: Path
) -> tuple[Path, str, str]:
    fmt = FORMATS[index % len(FORMATS)]
    text = piece(rng, texts)
    if fmt == "txt":
        text = mutate_text(rng, text)  # the text itself mutated before any format
    data = BUILDERS[fmt](text)
    roll = rng.random()
    if roll < 0.1:
        kind = "seed"
    elif roll < 0.45:
        kind, data = "byte", mutate_bytes(rng, data)
    else:
        kind, data = "structure", STRUCTURE[fmt](rng, data)
    path = folder / f"{index:06d}.{fmt}"
    path.write_bytes(data)
    return path, fmt, kind


# --- running ----------------------------------------------------------------------------------


def run_one(path: Path, fmt: str, kind: str, args: argparse.Namespace, output: str) -> Run:
    limit = args.memory_mb * 1024 * 1024

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.setsid()

    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "crosscheck", "check", str(path), "--format", output],
            stdout=out,
            stderr=err,
            preexec_fn=limits,
            cwd=ROOT,
        )
        code: int | None = None
        usage = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > args.timeout:
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        process.returncode = code if code is not None else -9  # reaped by wait4
        seconds = time.monotonic() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    lines = stderr.strip().splitlines()
    return Run(
        name=path.name,
        fmt=fmt,
        kind=kind,
        exit=code,
        seconds=round(seconds, 2),
        peak_mb=round(usage.ru_maxrss / 1024, 1),
        traceback="Traceback (most recent call last)" in stderr,
        internal="内部错误" in stderr or "internal error" in stderr,
        last_line=lines[-1][:300] if lines else "",
    )


def is_failure(run: Run, args: argparse.Namespace) -> bool:
    return (
        run.traceback
        or run.internal
        or run.exit not in (0, 1, 2)
        or run.peak_mb > 1024
        or run.seconds > args.timeout
    )


def summarise(runs: list[Run], args: argparse.Namespace, elapsed: float) -> dict[str, object]:
    def counts(selected: list[Run]) -> dict[str, object]:
        return {
            "inputs": len(selected),
            "exit_0": sum(r.exit == 0 for r in selected),
            "exit_1": sum(r.exit == 1 for r in selected),
            "exit_2": sum(r.exit == 2 for r in selected),
            "tracebacks": sum(r.traceback for r in selected),
            "internal_errors": sum(r.internal for r in selected),
            "other_exits": sum(r.exit not in (0, 1, 2) and r.exit is not None for r in selected),
            "over_time_limit": sum(r.exit is None for r in selected),
            "over_1_gib": sum(r.peak_mb > 1024 for r in selected),
            "peak_mb": max((r.peak_mb for r in selected), default=0),
            "slowest_s": max((r.seconds for r in selected), default=0),
        }

    return {
        "seed": args.seed,
        "timeout_s": args.timeout,
        "memory_limit_mb": args.memory_mb,
        "elapsed_s": round(elapsed),
        "all": counts(runs),
        "by_format": {f: counts([r for r in runs if r.fmt == f]) for f in FORMATS},
        "by_kind": {
            k: counts([r for r in runs if r.kind == k]) for k in sorted({r.kind for r in runs})
        },
        "failures": [asdict(r) for r in runs if is_failure(r, args)],
    }


def print_summary(summary: dict[str, object]) -> None:
    columns = (
        "inputs",
        "exit_0",
        "exit_1",
        "exit_2",
        "tracebacks",
        "internal_errors",
        "other_exits",
        "over_time_limit",
        "over_1_gib",
        "peak_mb",
        "slowest_s",
    )
    print(f"{'':12}" + "".join(f"{c:>16}" for c in columns))
    rows = [("all", summary["all"])]
    rows += [(f, c) for f, c in summary["by_format"].items()]  # type: ignore[union-attr]
    rows += [(f"[{k}]", c) for k, c in summary["by_kind"].items()]  # type: ignore[union-attr]
    for label, row in rows:
        print(f"{label:12}" + "".join(f"{row[c]:>16}" for c in columns))
    print(f"elapsed {summary['elapsed_s']} s; failures: {len(summary['failures'])}")  # type: ignore[arg-type]
    for failure in summary["failures"]:  # type: ignore[union-attr]
        print(
            f"  {failure['name']} [{failure['kind']}] exit={failure['exit']} "
            f"{failure['seconds']} s {failure['peak_mb']} MB: {failure['last_line']}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--count", type=int, default=10_000, help="mutated inputs (hostile ones extra)"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a run may take")
    parser.add_argument("--memory-mb", type=int, default=4096, help="RLIMIT_AS of each run")
    parser.add_argument("--keep", type=Path, help="copy failing inputs here")
    parser.add_argument("--no-hostile", action="store_true", help="skip tests/hostile.py files")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--progress", type=int, default=100, help="a status line every N runs")
    parser.add_argument(
        "--minutes", type=float, help="stop making inputs after this long; the summary still prints"
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    texts = corpus_texts()
    runs: list[Run] = []
    lock = threading.Lock()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="crosscheck-fuzz-") as tmp:
        folder = Path(tmp)

        def job(path: Path, fmt: str, kind: str, output: str) -> None:
            run = run_one(path, fmt, kind, args, output)
            with lock:
                runs.append(run)
                if is_failure(run, args) and args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, args.keep / path.name)
                if len(runs) % args.progress == 0:
                    bad = sum(is_failure(r, args) for r in runs)
                    print(
                        f"[{time.monotonic() - started:7.0f} s] {len(runs)} runs, {bad} failing",
                        file=sys.stderr,
                        flush=True,
                    )
            path.unlink(missing_ok=True)

        with ThreadPoolExecutor(args.jobs) as pool:
            # A bounded queue: inputs are made as fast as they are checked, not all at once.
            slots = threading.Semaphore(args.jobs * 4)

            def submit(path: Path, fmt: str, kind: str, output: str) -> None:
                slots.acquire()
                future = pool.submit(job, path, fmt, kind, output)
                future.add_done_callback(lambda _: slots.release())

            if not args.no_hostile:
                for name, (suffix, _) in hostile.HOSTILE.items():
                    path = Path(hostile.write(folder, name))
                    submit(path, suffix[1:], "hostile", "text")
            for index in range(args.count):
                if args.minutes and time.monotonic() - started > args.minutes * 60:
                    print(f"--minutes reached after {index} inputs", file=sys.stderr)
                    break
                try:
                    path, fmt, kind = make_input(rng, texts, index, folder)
                except Exception as error:  # a builder refusing a mutated piece: skip it
                    print(f"input {index}: not built ({type(error).__name__})", file=sys.stderr)
                    continue
                submit(path, fmt, kind, rng.choice(OUTPUT_FORMATS))
    summary = summarise(runs, args, time.monotonic() - started)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
