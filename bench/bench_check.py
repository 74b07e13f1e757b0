"""Benchmark of the whole pipeline (`crosscheck check`) and of the table stage.

    python bench/bench_check.py [--repeat 3]

- check throughput: every corpus report checked once per pass (segmentation,
  extraction, tables, keys, all rules), chars/s on one core, best of --repeat
  passes; the first pass runs after a warm-up on a synthetic report, so pattern
  compilation and lexicon loading are excluded but the per-document caches are
  cold for the corpus on the first pass (its number is printed too);
- table stage: parse_tables over the corpus, chars/s of the table text;
- readers: pages/s for a generated docx, xlsx and the committed PDF fixture;
- cold start: wall time of `python -m crosscheck check corpus/000_…txt`, best of 5, and
  of a report that needs jieba and spaCy (loaded once, before the timed passes).
Targets (printed, never asserted): check ≥ 500,000 chars/s per core after start-up,
cold start < 1.5 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("**/*.txt"))
# A report whose subjects written two ways state different values: it loads jieba and spaCy.
WORD_VARIANTS = ROOT / "corpus" / "synthetic" / "05_minzheng.txt"
WARM_UP = (
    "2024年度部门整体支出预算500.00万元，其中基本支出300.00万元，项目支出200.00万元，执行率为98%。"
    "延续三个项目，完成率百分之九十。\n"  # a Chinese numeral: cn2an is loaded at start-up
)


def _check_pass(documents) -> float:
    from crosscheck.pipeline import run_check

    started = time.perf_counter()
    for document in documents:
        run_check(document)
    return time.perf_counter() - started


def _tables_pass(documents) -> tuple[float, int]:
    from crosscheck.segment import segment
    from crosscheck.tables import parse_tables

    segmented = [segment(d) for d in documents]
    chars = sum(len(t.span) for s in segmented for t in s.tables)
    started = time.perf_counter()
    for s in segmented:
        parse_tables(s)
    return time.perf_counter() - started, chars


def _reader_rate(path: Path, pages: int) -> float:
    from crosscheck.ingest import load

    started = time.perf_counter()
    load(path)
    return pages / (time.perf_counter() - started)


def _docx_fixture(directory: Path, pages: int) -> Path:
    from docx import Document

    document = Document()
    for page in range(pages):
        document.add_heading(f"{page + 1}、项目支出情况", level=2)
        for _ in range(12):
            document.add_paragraph(
                "2024年项目支出预算400.55万元，执行率为98.5%，完成救助5044人次。"
            )
        table = document.add_table(rows=6, cols=5)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.text = "合计" if c == 0 else f"{r * 10 + c}.5"
    path = directory / "bench.docx"
    document.save(path)
    return path


def _xlsx_fixture(directory: Path, sheets: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    for s in range(sheets):
        sheet = workbook.active if s == 0 else workbook.create_sheet()
        sheet.title = f"表{s + 1}"
        sheet.append(["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"])
        for r in range(40):
            sheet.append([f"项目{r}", 100.5 + r, 120.25 + r, 110.75 + r, "92%"])
    path = directory / "bench.xlsx"
    workbook.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import crosscheck
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import run_check

    run_check(document_from_text(WARM_UP * 20))
    # jieba and spaCy load on first use, only for a report whose variant subjects disagree
    # (one corpus report does): that is start-up, timed on its own, not per character.
    from crosscheck.align.words import pipeline

    started = time.perf_counter()
    pipeline()
    word_tools_seconds = time.perf_counter() - started
    documents = [crosscheck.load(p) for p in CORPUS]
    chars = sum(len(d.text) for d in documents)
    first = _check_pass(documents)
    best = min(_check_pass(documents) for _ in range(args.repeat))
    table_seconds, table_chars = _tables_pass(documents)

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        docx_rate = _reader_rate(_docx_fixture(directory, 50), 50)
        xlsx_rate = _reader_rate(_xlsx_fixture(directory, 10), 10)
    pdf = ROOT / "tests" / "fixtures" / "pdf" / "report.pdf"
    pdf_rate = _reader_rate(pdf, 2) if pdf.exists() else float("nan")

    def cold_start(path: Path) -> float:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "crosscheck", "check", str(path)],
            capture_output=True,
            check=False,
        )
        return time.perf_counter() - started

    cold = [cold_start(CORPUS[0]) for _ in range(5)]
    cold_words = min(cold_start(WORD_VARIANTS) for _ in range(3))

    rate = chars / best
    print(f"corpus: {len(documents)} reports, {chars:,} chars")
    print(f"check, first pass (cold caches): {chars / first:>12,.0f} chars/s")
    verdict = "PASS" if rate >= 500_000 else "MISS"
    print(
        f"check, best of {args.repeat}:              {rate:>12,.0f} chars/s   target ≥500,000 {verdict}"
    )
    print(
        f"table stage (parse_tables):       {table_chars / table_seconds:>12,.0f} chars of table/s"
    )
    print(
        f"readers: docx {docx_rate:,.0f} pages/s, xlsx {xlsx_rate:,.1f} sheets/s, pdf {pdf_rate:,.1f} pages/s"
    )
    cold_best = min(cold)
    verdict = "PASS" if cold_best < 1.5 else "MISS"
    print(
        f"cold start `crosscheck check {CORPUS[0].name}`: {cold_best:.2f} s   target <1.5 s {verdict}"
    )
    print(
        f"jieba + spaCy load (in process): {word_tools_seconds:.2f} s; cold start of "
        f"{WORD_VARIANTS.name}, which needs them: {cold_words:.2f} s"
    )


if __name__ == "__main__":
    main()
