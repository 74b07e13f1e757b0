"""Mutation harness over any folder of reports (crosscheck/mutation.py is the library).

    python bench/mutate.py DIR_OR_FILES... [--seed N] [--per-doc K] [--jobs N] [--budget S]
                           [--signs seed|+|-|both] [--json] [--show-found]

For every document: the values it states twice (narrative↔table, narrative↔narrative,
more than one sentence apart, ≥ 3 significant digits, no year/date/文号/phone number),
up to K mutations (a digit swap and ±7 % of one occurrence per value, in a seeded
order), each re-checked; a mutation is found when an error or warning finding's
evidence covers the changed numeral. Printed: per document the sites, mutations,
found, and every miss with both contexts and the keys `check` gave them; every
finding on the unchanged document (candidate false alarms, for a human to judge);
then recall overall and per mutation kind and findings per 10 documents.
Inputs are directories (walked), files or globs, as for `crosscheck batch`;
.docx/.xlsx/.html/.pdf are mutated on their text view (see the module docstring).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from crosscheck.batch import discover
from crosscheck.mutation import (
    DEFAULT_BUDGET,
    DEFAULT_PER_DOC,
    DEFAULT_SEED,
    DocumentResult,
    HarnessResult,
    Options,
    Outcome,
    run,
    to_json,
)


def _ratio(found: int, total: int) -> str:
    return f"{found / total:.2f} ({found}/{total})" if total else "— (0/0)"


def _outcome_lines(o: Outcome) -> list[str]:
    head = f"    {o.status:<6} {o.kind:<4} {o.before} -> {o.after}"
    if o.rules:
        head += f"  by {','.join(o.rules)}"
    if o.info_rules:
        head += f"  (info: {','.join(o.info_rules)})"
    if o.preflagged:
        head += "  [already flagged before the change]"
    if o.why:
        head += f"  why: {o.why}"
    lines = [head]
    for label, s in (("changed", o.target), ("partner", o.partner)):
        key = f"  key: {s.key}" if s.key else "  key: (no fact)"
        lines.append(f"        {label} line {s.line:<5} {s.role:<9} {s.context}{key}")
    return lines


def _document_lines(d: DocumentResult, show_found: bool) -> list[str]:
    if d.error:
        return [f"{d.path}: could not be read: {d.error}"]
    judged = [o for o in d.outcomes if o.status != "unread"]
    found = sum(o.status == "found" for o in judged)
    head = (
        f"{d.path} ({d.source_kind}{', text view re-read' if d.reread else ''}): "
        f"sites {d.sites}, mutations {len(judged)}, found {found}, missed {len(judged) - found}"
    )
    unread = len(d.outcomes) - len(judged)
    if unread:
        head += f", not read back {unread}"
    if d.not_run:
        head += f", not run (time budget) {d.not_run}"
    lines = [head + f"  [{d.seconds:.1f} s]"]
    if d.reread:
        mark = "  ** tables differ **" if d.tables_original != d.tables_reread else ""
        lines.append(f"  tables: original {d.tables_original}, re-read {d.tables_reread}{mark}")
    for o in d.outcomes:
        if show_found or o.status != "found":
            lines.extend(_outcome_lines(o))
    lines.append(f"  findings on the unchanged document: {len(d.findings)}")
    for f in d.findings:
        where = "; ".join(f"line {line} 【{text}】" for _, _, line, text in f.evidence)
        lines.append(f"    {f.rule} {f.severity:<7} {f.message}  ({where})")
    return lines


def render_text(result: HarnessResult, show_found: bool = False) -> str:
    lines: list[str] = []
    for d in result.documents:
        lines.extend(_document_lines(d, show_found))
        lines.append("")
    s = result.summary
    o = result.options
    lines.append(f"summary (seed {o.seed}, per document {o.per_doc or 'all'}, ±7 %: {o.signs})")
    lines.append(
        f"  documents {s.documents} (could not be read {s.failed}), sites {s.sites}, "
        f"mutations {s.mutations} (not read back {s.unread}, not run {s.not_run})"
    )
    if s.reread:
        lines.append(
            f"  re-read text views {s.reread}, of which {s.tables_differ} segment into"
            " another number of tables than the file"
        )
    lines.append(f"  recall {_ratio(s.found, s.mutations)}")
    for kind, (found, total) in s.by_kind.items():
        lines.append(f"    {kind:<5} {_ratio(found, total)}")
    lines.append(f"  recall where no finding covered the value before: {_ratio(*s.fresh)}")
    if s.found_by_rule:
        by_rule = ", ".join(f"{r} {n}" for r, n in s.found_by_rule.items())
        lines.append(f"  found by: {by_rule}")
    if s.missed_by_why:
        lines.append("  missed, by how the two statements were keyed:")
        lines.extend(f"    {n:>4}  {why}" for why, n in s.missed_by_why.items())
    counts = s.findings_by_severity
    per_10 = {k: s.per_10_documents(k) for k in ("error", "warning")}
    lines.append(
        "  findings on the unchanged documents per 10 documents: "
        + ", ".join(
            f"{k} {v:.1f} ({counts.get(k, 0)})" if v is not None else f"{k} —"
            for k, v in per_10.items()
        )
        + f"; info {counts.get('info', 0)} in all"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="directories, files or globs")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--per-doc",
        type=int,
        default=DEFAULT_PER_DOC,
        help=f"mutations per document (default {DEFAULT_PER_DOC}; 0 = every site)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help=f"seconds per document (default {DEFAULT_BUDGET:g}); later mutations are not run",
    )
    parser.add_argument(
        "--signs",
        choices=("seed", "+", "-", "both"),
        default="seed",
        help="the ±7 %% mutation: sign from the seed (default), always +, always -, or both",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--show-found", action="store_true", help="list found mutations too")
    args = parser.parse_args(argv)
    inputs = discover(args.inputs)
    if not inputs.tasks:
        print("no supported document among the inputs", file=sys.stderr)
        return 2
    options = Options(seed=args.seed, per_doc=args.per_doc, budget=args.budget, signs=args.signs)
    result = run([t.path for t in inputs.tasks], options, jobs=args.jobs)
    if args.json:
        print(json.dumps(to_json(result), ensure_ascii=False))
    else:
        print(render_text(result, args.show_found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
