"""Throughput, memory and cold-start benchmark of crosscheck's quantity extraction.

Run from the repository root with the package installed::

    python bench/bench_extract.py [--mb 5] [--repeat 3] [--json] [--profile]

What it measures (see bench/README.md):

* a text of at least ``--mb`` MiB (UTF-8) made of the corpus reports, repeated,
  separated by blank lines;
* ``find_quantities(text)`` and ``mentions(document_from_text(text))``:
  best of ``--repeat`` runs, on one core, after a warm-up on one small report
  (so compiling the pattern and loading the lexicons are not timed);
* peak RSS (``ru_maxrss``) of each measurement, each in a fresh subprocess,
  and the tracemalloc peak of one ``find_quantities`` call;
* cold start of ``python -m crosscheck extract FILE`` and ``import crosscheck``;
* jionlp's ``extract_money`` on the same text, when jionlp is installed.

Targets (printed as PASS/MISS, never asserted): extraction at least
2,000,000 chars/s on one core, and at least 4x jionlp's money-only throughput.
Needs no network. The workers re-run this file with the hidden ``--worker``
flag and hand back one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
COLD_FILE = "corpus/000_0b8a2aad63db18d1.txt"
MIB = 1024 * 1024

TARGET_CHARS_PER_S = 2_000_000
TARGET_VS_JIONLP = 4.0
# jionlp on the whole text only when that is expected to take at most this long.
JIONLP_FULL_TEXT_MAX_S = 60.0
JIONLP_PREFIX_CHARS = 500_000  # >= 500 KB of UTF-8 whatever the script
COLD_REPEAT = 5
RESULT_MARK = "@@bench-result@@ "


# --------------------------------------------------------------------------- text


def corpus_texts() -> list[str]:
    """The seed reports as crosscheck reads them (same decoding as the CLI)."""
    from crosscheck.ingest import load

    paths = sorted(CORPUS.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no corpus/*.txt under {REPO}: run from the repository")
    return [load(p).text.rstrip("\r\n") for p in paths]


def build_text(mb: float) -> str:
    """The corpus repeated until the UTF-8 size is at least ``mb`` MiB; blank line between reports."""
    return build_text_and_count(mb)[0]


def build_text_and_count(mb: float) -> tuple[str, int]:
    """:func:`build_text` and how many reports it holds."""
    texts = corpus_texts()
    sizes = [len(t.encode("utf-8")) for t in texts]
    want = int(mb * MIB)
    parts: list[str] = []
    size = 0
    i = 0
    while size < want:
        parts.append(texts[i % len(texts)])
        size += sizes[i % len(texts)] + 2
        i += 1
    return "\n\n".join(parts) + "\n", len(parts)


def warmup_text() -> str:
    return corpus_texts()[0]


def prefix_of(text: str, chars: int) -> str:
    """At least ``chars`` characters of ``text``, cut at the next blank line (a report boundary)."""
    cut = text.find("\n\n", chars)
    return text if cut < 0 else text[:cut]


# ------------------------------------------------------------------------ workers


def pin_one_core() -> int | None:
    """Run on one CPU, so that 'single core' is literally true; the CPU used, if pinning works."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return None
    return cpu


def max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / MIB if sys.platform == "darwin" else rss / 1024


def best_of(repeat: int, call: Callable[[], Any]) -> tuple[float, list[float], Any]:
    """Best wall time of ``repeat`` calls; the result of the last call is returned, the others freed."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        result = None  # free the previous result before the next run
        gc.collect()
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times), times, result


def worker_extract(args: argparse.Namespace) -> dict[str, Any]:
    from crosscheck.extractor import find_quantities

    text = build_text(args.mb)
    find_quantities(warmup_text())  # compile the pattern, load the lexicons
    rss_before = max_rss_mib()
    best, times, found = best_of(args.repeat, lambda: find_quantities(text))
    rss_peak = max_rss_mib()
    kinds: dict[str, int] = {}
    for item in found:
        kinds[item.quantity.kind] = kinds.get(item.quantity.kind, 0) + 1
    n_found = len(found)
    del found
    out: dict[str, Any] = {
        "chars": len(text),
        "seconds": best,
        "all_seconds": times,
        "chars_per_s": len(text) / best,
        "quantities": n_found,
        "by_kind": dict(sorted(kinds.items())),
        "rss_before_mib": rss_before,
        "rss_peak_mib": rss_peak,
    }
    if not args.no_tracemalloc:
        import tracemalloc

        gc.collect()
        tracemalloc.start()
        start = time.perf_counter()
        found = find_quantities(text)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del found
        out["tracemalloc_peak_mib"] = peak / MIB
        out["tracemalloc_seconds"] = seconds
    return out


def worker_pipeline(args: argparse.Namespace) -> dict[str, Any]:
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import mentions

    text = build_text(args.mb)
    mentions(document_from_text(warmup_text()))
    rss_before = max_rss_mib()
    best, times, result = best_of(args.repeat, lambda: mentions(document_from_text(text)))
    rss_peak = max_rss_mib()
    n_mentions = len(result)
    del result
    out: dict[str, Any] = {
        "chars": len(text),
        "seconds": best,
        "all_seconds": times,
        "chars_per_s": len(text) / best,
        "mentions": n_mentions,
        "rss_before_mib": rss_before,
        "rss_peak_mib": rss_peak,
    }
    # One more run, stage by stage (internal API: skipped if it has moved).
    try:
        from crosscheck.extractor import find_quantities
        from crosscheck.extractor.mentions import found_to_mentions
        from crosscheck.segment import segment
    except ImportError:
        return out
    gc.collect()
    t0 = time.perf_counter()
    document = document_from_text(text)
    t1 = time.perf_counter()
    segmented = segment(document)
    t2 = time.perf_counter()
    found = find_quantities(document.text)
    t3 = time.perf_counter()
    found_to_mentions(segmented, found)
    t4 = time.perf_counter()
    out["stages_seconds"] = {
        "document_from_text": t1 - t0,
        "segment": t2 - t1,
        "find_quantities": t3 - t2,
        "found_to_mentions": t4 - t3,
    }
    return out


def worker_jionlp(args: argparse.Namespace) -> dict[str, Any]:
    try:
        import jionlp
    except ImportError as error:
        return {"available": False, "error": f"{type(error).__name__}: {error}"}
    extract_money = jionlp.ner.extract_money

    text = build_text(args.mb)
    prefix = prefix_of(text, JIONLP_PREFIX_CHARS)
    extract_money(warmup_text())  # builds its patterns lazily
    rss_before = max_rss_mib()

    gc.collect()
    start = time.perf_counter()
    prefix_money = extract_money(prefix)
    prefix_seconds = time.perf_counter() - start
    estimate_full = len(text) * prefix_seconds / len(prefix)

    if estimate_full <= JIONLP_FULL_TEXT_MAX_S:
        scope, timed = "full", text
        # Best of --repeat, but keep the whole jionlp part within ~2 minutes.
        repeat = max(
            1, min(args.repeat, int(2 * JIONLP_FULL_TEXT_MAX_S // max(estimate_full, 1e-9)))
        )
        best, times, money = best_of(repeat, lambda: extract_money(text))
        n_full: int | None = len(money)
        del money
    else:
        scope, timed = "prefix", prefix
        _, more_times, _ = best_of(max(0, args.repeat - 1), lambda: extract_money(prefix))
        times = [prefix_seconds, *more_times]
        best = min(times)
        n_full = None
    rss_peak = max_rss_mib()

    # crosscheck is imported only after jionlp's RSS is read.
    from crosscheck.extractor import find_quantities

    # jionlp slices text[i:] once per candidate, so its time grows with the square of
    # the text length: also compare per report, the unit the tools are run on.
    reports = corpus_texts()
    reports = reports * -(-JIONLP_PREFIX_CHARS // sum(len(t) for t in reports))
    per_report_chars = sum(len(t) for t in reports)
    find_quantities(warmup_text())
    jio_best, _, _ = best_of(args.repeat, lambda: [extract_money(t) for t in reports])
    cc_best, _, _ = best_of(args.repeat, lambda: [find_quantities(t) for t in reports])

    # What each finds on the prefix.
    found = find_quantities(prefix)
    amounts = [f for f in found if f.quantity.kind == "amount"]
    cc_spans = {(f.span.start, f.span.end) for f in amounts}
    jio_spans = {(m["offset"][0], m["offset"][1]) for m in prefix_money}
    return {
        "available": True,
        "version": getattr(jionlp, "__version__", None),
        "scope": scope,
        "timed_chars": len(timed),
        "seconds": best,
        "all_seconds": times,
        "chars_per_s": len(timed) / best,
        "estimated_full_seconds": len(text) / (len(timed) / best),
        "money_full_text": n_full,
        "rss_before_mib": rss_before,
        "rss_peak_mib": rss_peak,
        "prefix_seconds": prefix_seconds,
        "prefix_chars_per_s": len(prefix) / prefix_seconds,
        "per_report": {
            "reports": len(reports),
            "chars": per_report_chars,
            "jionlp_chars_per_s": per_report_chars / jio_best,
            "crosscheck_chars_per_s": per_report_chars / cc_best,
            "speedup": jio_best / cc_best,
        },
        "prefix_chars": len(prefix),
        "prefix_bytes": len(prefix.encode("utf-8")),
        "prefix_jionlp_money": len(prefix_money),
        "prefix_crosscheck_amounts": len(amounts),
        "prefix_crosscheck_all": len(found),
        "prefix_same_span": len(cc_spans & jio_spans),
    }


WORKERS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "extract": worker_extract,
    "pipeline": worker_pipeline,
    "jionlp": worker_jionlp,
}


def run_worker(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and read back its JSON line."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        name,
        "--mb",
        str(args.mb),
        "--repeat",
        str(args.repeat),
    ]
    if args.no_tracemalloc:
        command.append("--no-tracemalloc")
    log(f"  running {name} ...")
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK) :])
            result["worker_wall_seconds"] = time.perf_counter() - start
            return result
    raise SystemExit(
        f"worker {name} failed (exit {proc.returncode}):\n{proc.stderr[-3000:] or proc.stdout[-3000:]}"
    )


# --------------------------------------------------------------------- cold start


def cold_start() -> dict[str, Any]:
    commands = {
        "python_startup": [sys.executable, "-c", "pass"],
        "import_crosscheck": [sys.executable, "-c", "import crosscheck"],
        "cli_extract": [sys.executable, "-m", "crosscheck", "extract", COLD_FILE],
    }
    out: dict[str, Any] = {}
    for name, command in commands.items():
        times = []
        for _ in range(COLD_REPEAT):
            start = time.perf_counter()
            proc = subprocess.run(
                command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
            )
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr.decode()[-2000:]}")
        out[name] = {"seconds": min(times), "all_seconds": times}
    return out


# ------------------------------------------------------------------------ profile


def profile(mb: float, top: int = 15) -> None:
    """cProfile of find_quantities on about ``mb`` MiB, top functions by own time."""
    import cProfile
    import pstats

    from crosscheck.extractor import find_quantities

    text = build_text(mb)
    find_quantities(warmup_text())
    profiler = cProfile.Profile()
    profiler.enable()
    find_quantities(text)
    profiler.disable()
    print(f"cProfile of find_quantities on {len(text):,} chars, top {top} by tottime:")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


# ------------------------------------------------------------------------ summary


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def summary(r: dict[str, Any]) -> str:
    t, ex, pl, jl, cold = r["text"], r["extract"], r["pipeline"], r["jionlp"], r["cold_start"]
    lines = [
        f"crosscheck bench — Python {r['python']}, {r['machine']}, "
        f"{'pinned to CPU ' + str(r['cpu']) if r['cpu'] is not None else 'one process'}, "
        f"best of {r['repeat']}",
        f"text: {t['chars']:,} chars, {t['bytes']:,} bytes UTF-8 ({t['bytes'] / MIB:.2f} MiB), "
        f"{t['reports']} reports from corpus/ repeated",
        "timings exclude a warm-up on one small report (pattern compile, lexicon load)",
        "",
        f"{'measurement':<34}{'time s':>9}{'chars/s':>13}{'found':>9}{'peak RSS':>11}{'target':>16}",
        f"{'find_quantities(text)':<34}{ex['seconds']:>9.3f}{ex['chars_per_s']:>13,.0f}"
        f"{ex['quantities']:>9,}{ex['rss_peak_mib']:>8.0f} MiB"
        f"{'≥2,000,000 ' + verdict(ex['chars_per_s'] >= TARGET_CHARS_PER_S):>16}",
        f"{'mentions(document_from_text(text))':<34}{pl['seconds']:>9.3f}{pl['chars_per_s']:>13,.0f}"
        f"{pl['mentions']:>9,}{pl['rss_peak_mib']:>8.0f} MiB",
    ]
    if jl.get("available"):
        label = "jionlp.ner.extract_money" + (" (prefix)" if jl["scope"] == "prefix" else "")
        found = jl["money_full_text"] if jl["money_full_text"] is not None else "-"
        ratio = r["speedup_vs_jionlp"]
        lines.append(
            f"{label:<34}{jl['seconds']:>9.3f}{jl['chars_per_s']:>13,.0f}{found:>9,}"
            f"{jl['rss_peak_mib']:>8.0f} MiB"
        )
    lines.append("")
    lines.append(f"by kind: {', '.join(f'{k} {v:,}' for k, v in ex['by_kind'].items())}")
    lines.append(
        f"memory: RSS {ex['rss_before_mib']:.0f} MiB before extraction -> {ex['rss_peak_mib']:.0f} MiB peak"
        f" (+{ex['rss_peak_mib'] - ex['rss_before_mib']:.0f}); pipeline {pl['rss_before_mib']:.0f} -> "
        f"{pl['rss_peak_mib']:.0f} MiB (+{pl['rss_peak_mib'] - pl['rss_before_mib']:.0f})"
        + (
            f"; tracemalloc peak of one find_quantities call {ex['tracemalloc_peak_mib']:.1f} MiB"
            if "tracemalloc_peak_mib" in ex
            else ""
        )
    )
    stages = pl.get("stages_seconds")
    if stages:
        lines.append(
            "pipeline stages (one run): " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items())
        )
    lines.append(
        f"cold start (best of {COLD_REPEAT}): python -c pass {cold['python_startup']['seconds']:.3f}s, "
        f"import crosscheck {cold['import_crosscheck']['seconds']:.3f}s, "
        f"crosscheck extract {COLD_FILE.split('/')[-1]} {cold['cli_extract']['seconds']:.3f}s"
    )
    lines.append("")
    if jl.get("available"):
        how = (
            "whole text"
            if jl["scope"] == "full"
            else f"a {jl['prefix_chars']:,}-char prefix only (whole text estimated at "
            f"{jl['estimated_full_seconds']:.0f}s), rate extrapolated"
        )
        lines.append(f"jionlp {jl['version']} timed on {how}")
        lines.append(
            f"crosscheck / jionlp throughput: {ratio:.2f}x  (target ≥{TARGET_VS_JIONLP:g}x: "
            f"{verdict(ratio >= TARGET_VS_JIONLP)}); jionlp finds money only, crosscheck "
            "amounts+percentages+pp+counts+scores+measures"
        )
        per = jl["per_report"]
        lines.append(
            f"per report instead ({per['reports']} corpus reports, {per['chars']:,} chars, one call each): "
            f"jionlp {per['jionlp_chars_per_s']:,.0f} chars/s, crosscheck {per['crosscheck_chars_per_s']:,.0f}"
            f" -> {per['speedup']:.2f}x ({verdict(per['speedup'] >= TARGET_VS_JIONLP)}); jionlp is "
            f"quadratic in text length ({jl['prefix_chars_per_s']:,.0f} chars/s on the prefix), "
            "so the whole-text ratio flatters crosscheck"
        )
        lines.append(
            f"on the {jl['prefix_chars']:,}-char ({jl['prefix_bytes']:,} B) prefix: jionlp "
            f"{jl['prefix_jionlp_money']:,} money, crosscheck {jl['prefix_crosscheck_amounts']:,} "
            f"amounts ({jl['prefix_crosscheck_all']:,} quantities in all); "
            f"{jl['prefix_same_span']:,} identical spans"
        )
    else:
        lines.append(
            "jionlp comparison skipped: jionlp is not installed "
            f"({jl.get('error', '')}). Install it with `pip install jionlp` "
            "or `pip install -e '.[bench]'`."
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark crosscheck's extraction (throughput, memory, cold start, vs jionlp)."
    )
    parser.add_argument(
        "--mb", type=float, default=5.0, help="text size in MiB of UTF-8 (default 5)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs, best kept (default 3)")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the table"
    )
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="skip the tracemalloc run (saves one extraction)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="only print a cProfile of find_quantities on --mb MiB (use e.g. --mb 1)",
    )
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mb <= 0 or args.repeat < 1:
        parser.error("--mb must be > 0 and --repeat >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        pin_one_core()
        result = WORKERS[args.worker](args)
        print(RESULT_MARK + json.dumps(result), flush=True)
        return 0
    if args.profile:
        profile(args.mb)
        return 0

    log(f"building a {args.mb:g} MiB text ...")
    text, reports = build_text_and_count(args.mb)
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
        "cpu": min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "repeat": args.repeat,
        "text": {"chars": len(text), "bytes": len(text.encode("utf-8")), "reports": reports},
        "targets": {"chars_per_s": TARGET_CHARS_PER_S, "vs_jionlp": TARGET_VS_JIONLP},
    }
    del text
    for name in ("extract", "pipeline", "jionlp"):
        results[name] = run_worker(name, args)
    log("  cold start ...")
    results["cold_start"] = cold_start()
    ex, jl = results["extract"], results["jionlp"]
    results["speedup_vs_jionlp"] = (
        ex["chars_per_s"] / jl["chars_per_s"] if jl.get("available") else None
    )
    results["pass"] = {
        "chars_per_s": ex["chars_per_s"] >= TARGET_CHARS_PER_S,
        "vs_jionlp": (
            results["speedup_vs_jionlp"] >= TARGET_VS_JIONLP if jl.get("available") else None
        ),
        "vs_jionlp_per_report": (
            jl["per_report"]["speedup"] >= TARGET_VS_JIONLP if jl.get("available") else None
        ),
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
