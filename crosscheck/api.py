"""The Python API for corpus scripts: one report (:func:`check`), many as DataFrames (:func:`frames`).

::

    import crosscheck

    report = crosscheck.check("corpus/000_0b8a2aad63db18d1.txt")   # or check(text="…")
    report.findings                      # Finding objects, with evidence spans
    report.to_frame()                    # one row per finding, evidence in columns
    report.links_frame()                 # one row per link between facts stating one fact
    report.indicators_frame()            # one row per 绩效指标 row of its tables

    f = crosscheck.frames(paths, jobs=4)  # the batch engine, in parallel
    f.quantities, f.cells, f.links, f.findings, f.errors   # pandas DataFrames

Values stay exact: ``value``/``low``/``high`` are decimal strings; use
``pd.to_numeric`` when floats are good enough for the analysis.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosscheck.config import DOCUMENT_TIMEOUT
from crosscheck.types import Document, Finding, Mention, ParsedTable

if TYPE_CHECKING:
    import pandas as pd

    from crosscheck.align.links import FactGroup
    from crosscheck.baseline import Known
    from crosscheck.project import ProjectConfig

__all__ = ["Frames", "Report", "check", "frames"]

ERROR_COLUMNS = ("file", "error_type", "message")


@dataclass(frozen=True, slots=True, eq=False)
class Report:
    """One checked document: what it says (mentions, tables) and what contradicts (findings)."""

    document: Document
    mentions: tuple[Mention, ...]
    tables: tuple[ParsedTable, ...]
    findings: tuple[Finding, ...]
    lang: str = "zh"
    aligned: tuple[FactGroup, ...] = ()  # the facts stated more than once, with their links
    # With a baseline: the findings it knows (left out of ``findings``) and its entries
    # that were not found again (fixed; ``count`` copies each).
    known: tuple[Finding, ...] = ()
    fixed: tuple[Known, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: file, rule, name, severity, message and the evidence columns.

        The columns are those of ``crosscheck check --format csv``.
        """
        import pandas as pd

        from crosscheck.report.findings import CSV_COLUMNS, csv_rows

        return pd.DataFrame(
            csv_rows(self.document, self.findings, self.lang), columns=list(CSV_COLUMNS)
        )

    def links_frame(self) -> pd.DataFrame:
        """One row per link (agreeing or not): the columns of ``crosscheck align --format csv``."""
        import pandas as pd

        from crosscheck.report.links import LINK_COLUMNS, link_records

        return pd.DataFrame(
            link_records(self.document, self.aligned, self.lang), columns=list(LINK_COLUMNS)
        )

    def indicators_frame(self) -> pd.DataFrame:
        """One row per 绩效指标 row of the document's tables: name, levels, target (with its
        bound), actual, 分值, 得分, unit, note and offsets (``tables --format json``)."""
        import pandas as pd

        from crosscheck.report.tables import INDICATOR_COLUMNS, indicator_record

        return pd.DataFrame(
            [indicator_record(i) for t in self.tables for i in t.indicators],
            columns=list(INDICATOR_COLUMNS),
        )

    def to_dict(self) -> dict[str, object]:
        """The ``crosscheck/report@1`` record (what ``check --format json`` writes, without stats)."""
        from crosscheck.report.findings import report_record

        return report_record(self.document, self.findings, {}, self.lang)


def check(
    source: Document | str | os.PathLike[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    text: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    lang: str = "zh",
    config: str | os.PathLike[str] | ProjectConfig | None = None,
    baseline: str | os.PathLike[str] | None = None,
) -> Report:
    """Check one report: a path, a :class:`Document`, or the report text itself.

    ``check(path=…)`` and ``check(text=…)`` say which one it is. A positional
    string is a file when one exists there; one that looks like a path
    (``"reports/typo.txt"``) but names no file raises
    :class:`~crosscheck.errors.MissingFileError` (a ``FileNotFoundError``),
    never checks the name as report text; any other string is report text.

    ``config`` is a crosscheck.toml (its path, or :func:`crosscheck.project.load_config`'s
    result): its rules, severities, tolerances and baseline apply, and ``select``/``ignore``/
    ``baseline`` given here win over it. No project file is looked for unless given (a
    script says what it runs with; ``crosscheck.project.find_config(path)`` finds the one
    the command would use). With a baseline, ``findings`` holds the new findings only,
    ``known`` the others and ``fixed`` the baseline's entries not found again.

    Raises :class:`~crosscheck.errors.CrosscheckError` when the file cannot be read, and
    its :class:`~crosscheck.errors.UsageError` for an unknown rule code in ``select``/``ignore``
    or anything wrong in ``config`` or ``baseline`` (:class:`~crosscheck.errors.ConfigError`).
    """
    from crosscheck.baseline import read_baseline, split
    from crosscheck.pipeline import as_document, run_with
    from crosscheck.project import ProjectConfig, load_config, settings_from
    from crosscheck.rules.base import rule_selectors

    project = config if isinstance(config, ProjectConfig) or config is None else load_config(config)
    settings = settings_from(
        project,
        select=(rule_selectors(select) or None) if select is not None else None,
        ignore=(rule_selectors(ignore) or None) if ignore is not None else None,
        baseline=baseline,
    )
    known_findings = read_baseline(settings.baseline) if settings.baseline else None
    document = as_document(source, path=path, text=text)
    result = run_with(document, settings)
    findings, known, fixed = result.findings, (), ()
    if known_findings is not None:
        parts = split(findings, known_findings.known_for(document.path))
        findings, known, fixed = parts.new, parts.known, parts.fixed
    return Report(
        document, result.mentions, result.tables, findings, lang, result.aligned, known, fixed
    )


@dataclass(frozen=True, slots=True)
class Frames:
    """Many documents as DataFrames; ``errors`` lists the documents that could not be read."""

    quantities: pd.DataFrame  # "file" + the columns of `crosscheck extract --format csv`
    cells: pd.DataFrame  # "file" + the columns of `crosscheck tables --format csv`
    links: pd.DataFrame  # "file" + the columns of `crosscheck align --format csv`
    findings: pd.DataFrame  # the columns of `crosscheck check --format csv`
    errors: pd.DataFrame  # file, error_type, message


def frames(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    lang: str = "zh",
    engine: str = "process",
    scheduler: str | None = None,
    timeout: float | None = DOCUMENT_TIMEOUT,
) -> Frames:
    """Check every path in parallel (the ``crosscheck batch`` engine) and gather DataFrames.

    ``jobs`` worker processes (default: all cores; ``jobs=1`` checks in this
    process, without a timeout). ``engine="dask"`` runs on a Dask cluster
    (``scheduler`` address, or a local one). A document over ``timeout`` seconds
    is given up. Rows are in the order of ``paths``; ``file`` is each path as given.
    A document that fails is a row of ``errors``, never an exception; an unknown
    rule code in ``select``/``ignore`` raises :class:`~crosscheck.errors.UsageError`.
    """
    import pandas as pd

    from crosscheck.batch import CheckOptions, Task, check_document, outcomes
    from crosscheck.report.findings import CSV_COLUMNS
    from crosscheck.report.links import LINK_COLUMNS
    from crosscheck.report.quantities import COLUMNS
    from crosscheck.report.tables import CELL_COLUMNS
    from crosscheck.rules.base import rule_selectors

    tasks = [Task(path=os.fspath(p), rel=os.fspath(p)) for p in paths]
    options = CheckOptions(  # an unknown rule code raises here, before any worker starts
        lang=lang,
        select=rule_selectors(select) or None,
        ignore=rule_selectors(ignore) or None,
        frames=True,
    )
    if jobs == 1 and engine == "process":
        stream = (check_document(task, options) for task in tasks)
    else:
        stream = outcomes(
            tasks, options, jobs=jobs, engine=engine, scheduler=scheduler, timeout=timeout
        )
    order = {task.rel: index for index, task in enumerate(tasks)}
    results = sorted(stream, key=lambda outcome: order[outcome.rel])
    quantities = [[o.rel, *row] for o in results if o.quantities for row in o.quantities]
    cells = [[o.rel, *row] for o in results if o.cells for row in o.cells]
    links = [[o.rel, *row] for o in results if o.links for row in o.links]
    findings = [row for o in results for row in o.findings]
    errors = [[o.rel, o.error_type, o.error] for o in results if o.failed]
    return Frames(
        quantities=pd.DataFrame(quantities, columns=["file", *COLUMNS]),
        cells=pd.DataFrame(cells, columns=["file", *CELL_COLUMNS]),
        links=pd.DataFrame(links, columns=["file", *LINK_COLUMNS]),
        findings=pd.DataFrame(findings, columns=list(CSV_COLUMNS)),
        errors=pd.DataFrame(errors, columns=list(ERROR_COLUMNS)),
    )
