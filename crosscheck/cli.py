"""The ``crosscheck`` command (DESIGN §5).

Exit codes: 0 = done (no error findings), 1 = error findings, 2 = usage error,
unreadable input or an output that cannot be written. Each such problem gets
one line on stderr, never a traceback (1 is only ever "error findings"); with
several files the others are still processed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from crosscheck import config
from crosscheck.errors import CrosscheckError
from crosscheck.messages import say

if TYPE_CHECKING:
    from crosscheck.baseline import Baseline
    from crosscheck.project import ProjectConfig, Settings
    from crosscheck.types import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
# Failed documents named when a batch refuses to write its baseline (errors.csv has them all).
BASELINE_REFUSED_SHOWN = 5


def _write_output(text: str, out: str | None, *, end_line: bool = True) -> None:
    """Write to ``out`` atomically (``outputs.write_atomic``), or to stdout (ending
    the last line unless ``end_line`` is off)."""
    if out is None:
        if end_line and text and not text.endswith("\n"):
            text += "\n"
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:  # `> /dev/full`, a full disk: one line, exit 2
            from crosscheck.errors import OutputError
            from crosscheck.messages import os_error_reason

            _silence_stdout()  # what stdout still holds would fail again at exit
            raise OutputError(
                say("cannot_write", "zh", path="标准输出", reason=os_error_reason(error, "zh")),
                say("cannot_write", "en", path="stdout", reason=os_error_reason(error, "en")),
            ) from error
        return
    from crosscheck.outputs import write_atomic

    write_atomic(out, text, streams=True)  # -o /dev/stdout, /dev/null: written to, never replaced


def _report_error(path: str, error: CrosscheckError, lang: str) -> None:
    from crosscheck.ingest.files import display_path
    from crosscheck.report.terminal import escape_controls

    message = escape_controls(error.message(lang))
    shown = display_path(path)  # a file name's control characters, escaped
    if shown in message:  # the reader already named the file
        line = say("error_line_bare", lang, message=message)
    else:
        line = say("error_line", lang, path=shown, message=message)
    sys.stderr.write(line + "\n")


def _for_each_file(
    paths: Sequence[str], lang: str, work: Callable[[str], str]
) -> tuple[list[str], int]:
    """Run ``work`` per file; unreadable files are reported and give exit code 2."""
    outputs: list[str] = []
    status = EXIT_OK
    for path in paths:
        try:
            outputs.append(work(path))
        except CrosscheckError as error:
            _report_error(path, error, lang)
            status = EXIT_BAD_INPUT
    return outputs, status


@contextlib.contextmanager
def _time_limit(seconds: float, path: str, lang: str) -> Iterator[None]:
    """End the process with one line on stderr and exit 2 if the block runs past ``seconds``.

    A watchdog thread, not a signal or an exception: a reader stuck in C code (PDFium
    runs with the GIL released) never returns to the interpreter where a signal
    handler or an exception would run, while the thread still gets its turn and ends
    the process from outside the stuck call. Nothing has been written to stdout or
    to ``-o`` by then (outputs are written once every file is done). 0 = no limit.
    """
    if not seconds:
        yield
        return
    import threading

    from crosscheck.ingest.files import display_path

    def expire() -> None:
        message = say("batch_timeout", lang, seconds=f"{seconds:g}")
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(
                say("error_line", lang, path=display_path(path), message=message) + "\n"
            )
            sys.stderr.flush()
        os._exit(EXIT_BAD_INPUT)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _write_outputs(outputs: Sequence[str], args: argparse.Namespace) -> None:
    """Every file's output, in the order given; several CSVs share one header line."""
    if not outputs:
        return
    if args.format == "csv" and len(outputs) > 1:
        outputs = [outputs[0], *(o.split("\n", 1)[1] for o in outputs[1:])]
    _write_output("\n".join(o.rstrip("\n") for o in outputs) + "\n", args.output)


def cmd_text(args: argparse.Namespace) -> int:
    from crosscheck.ingest import load

    outputs, status = _for_each_file(args.files, args.lang, lambda p: load(p).text)
    if outputs:
        # The text exactly as offsets index it: no trailing newline is added.
        _write_output("".join(outputs), args.output, end_line=False)
    return status


def cmd_extract(args: argparse.Namespace) -> int:
    from crosscheck.pipeline import mentions
    from crosscheck.report import quantities as render

    def table(document, found):  # type: ignore[no-untyped-def]
        from crosscheck.report.terminal import quantities_table

        return quantities_table(document, found, args.lang)

    return _render_each_file(
        args, mentions, {"csv": render.to_csv, "json": render.to_json, "table": table}
    )


def _render_each_file(
    args: argparse.Namespace,
    build: Callable[[object], object],
    render: dict[str, Callable[[object, object], str]],
) -> int:
    """Load each file, ``build`` what is shown from it, render it in ``args.format``
    (several JSON objects are written one a line), and write all outputs."""
    from crosscheck.ingest import load

    projects = _projects(args)  # every project file checked before any file is read

    def one(path: str) -> str:
        document = load(path)
        project = projects[path]
        # A project's tolerances (how 约/近 are read) hold here as in `check`.
        with config.using_tolerances(project.tolerances if project else None):
            built = build(document)
        rendered = render[args.format](document, built)
        if args.format == "json" and len(args.files) > 1:
            return rendered.replace("\n", "")
        return rendered

    outputs, status = _for_each_file(args.files, args.lang, one)
    _write_outputs(outputs, args)
    return status


def cmd_tables(args: argparse.Namespace) -> int:
    from crosscheck.report import tables as render
    from crosscheck.segment import segment
    from crosscheck.tables import parse_tables

    return _render_each_file(
        args,
        lambda document: parse_tables(segment(document)),
        {
            "csv": render.to_csv,
            "json": render.to_json,
            "text": lambda document, parsed: render.to_text(document, parsed, args.lang),
        },
    )


def cmd_align(args: argparse.Namespace) -> int:
    from crosscheck.pipeline import run_check
    from crosscheck.report import links as render

    return _render_each_file(
        args,
        lambda document: run_check(document, ignore=("CC",)).aligned,  # no rules: links only
        {
            form: (lambda document, aligned, to=to: to(document, aligned, args.lang))
            for form, to in (
                ("csv", render.to_csv),
                ("json", render.to_json),
                ("text", render.to_text),
            )
        },
    )


def _codes(value: str | None) -> tuple[str, ...] | None:
    """``--select``/``--ignore`` as rule selectors; an unknown one is a :class:`UsageError`."""
    from crosscheck.rules.base import rule_selectors

    return (rule_selectors(value.split(",")) or None) if value else None


def _projects(args: argparse.Namespace) -> dict[str, ProjectConfig | None]:
    """Each file's crosscheck.toml (``--config``, or the nearest one above it; none with
    ``--no-config``), each read once. Every one is checked here, before any report is
    read: a bad one is one line and exit 2."""
    from crosscheck.project import ProjectFiles

    files = ProjectFiles(args.config, read=not args.no_config)
    return {file: files.of(file) for file in args.files}


def _check_settings(args: argparse.Namespace) -> dict[str, Settings]:
    """Each file's :class:`~crosscheck.project.Settings`: its crosscheck.toml under the
    command line's flags, all checked before any report is read."""
    from crosscheck.project import settings_from

    select, ignore = _codes(args.select), _codes(args.ignore)
    chosen = {}
    for file, project in _projects(args).items():
        chosen[file] = settings_from(
            project,
            select=select,
            ignore=ignore,
            baseline=args.baseline,
            use_baseline=not args.no_baseline,
            fail_on=args.fail_on,
        )
    return chosen


def _read_baselines(settings: dict[str, Settings], write_to: Path | None) -> dict[Path, Baseline]:
    """Every baseline the files use, read once. A missing one is an error, except the one
    this run writes (a project that names its baseline before the first is written)."""
    from crosscheck.baseline import BaselineFiles

    files = BaselineFiles(write_to)
    return {s.baseline: files.get(s.baseline) for s in settings.values() if s.baseline}


def cmd_check(args: argparse.Namespace) -> int:
    import time
    from dataclasses import replace

    from crosscheck.baseline import split
    from crosscheck.ingest import load
    from crosscheck.pipeline import run_with
    from crosscheck.project import fails
    from crosscheck.report import findings as render

    if args.timeout < 0:
        sys.stderr.write(say("error_line_bare", args.lang, message="--timeout >= 0") + "\n")
        return EXIT_BAD_INPUT
    if args.write_baseline:
        from crosscheck.outputs import check_target, refuse_writing_over_inputs

        check_target(args.write_baseline)  # a folder in its place: said before any work
        refuse_writing_over_inputs(args.write_baseline, args.files)
    settings = _check_settings(args)  # every flag and project file checked before any file is read
    write_to = Path(args.write_baseline) if args.write_baseline else None
    baselines = _read_baselines(settings, write_to)
    worst = EXIT_OK
    reports: list[tuple[object, object]] = []
    # every finding of each report (before the baseline split), for --write-baseline
    recorded: list[tuple[str, Sequence[Finding]]] = []

    def one(path: str) -> str:
        nonlocal worst
        chosen = settings[path]
        started = time.perf_counter()
        with _time_limit(args.timeout, path, args.lang):
            document = load(path)
            result = run_with(document, chosen)
        stats = {
            "chars": len(document.text),
            "mentions": len(result.mentions),
            "tables": len(result.tables),
            "seconds": round(time.perf_counter() - started, 3),
        }
        recorded.append((path, result.findings))
        baseline = baselines.get(chosen.baseline) if chosen.baseline else None
        note = summary = None
        if baseline is not None:
            parts = split(result.findings, baseline.known_for(path))
            result = replace(result, findings=parts.new)
            shown = _display(str(chosen.baseline))
            note = say(
                "baseline_note",
                args.lang,
                path=shown,
                known=len(parts.known),
                fixed=parts.fixed_count,
            )
            summary = parts.summary(chosen.baseline)
        if fails(result.findings, chosen.fail_on):
            worst = EXIT_FINDINGS
        reports.append((document, result))
        if args.format == "json":
            return render.to_json(
                document,
                result.findings,
                stats,
                args.lang,
                one_line=len(args.files) > 1,
                baseline=summary,
            )
        if args.format == "csv":
            return render.to_csv(document, result.findings, args.lang)
        if args.format in ("xlsx", "html"):
            return ""
        return render.to_text(document, result.findings, args.lang, note=note)

    from crosscheck.report import export

    if args.format in ("xlsx", "html") and not args.output:
        sys.stderr.write(say("needs_output", args.lang, format=args.format) + "\n")
        return EXIT_BAD_INPUT
    if args.format == "xlsx":
        export.require_openpyxl()  # a missing extra is said before any file is checked
    outputs, status = _for_each_file(args.files, args.lang, one)
    if args.format in ("xlsx", "html"):
        if args.format == "xlsx":
            export.write_xlsx([(d, r.findings) for d, r in reports], args.output, args.lang)
        else:
            export.write_html(reports, args.output, args.lang)
    else:
        _write_outputs(outputs, args)
    if write_to is not None:
        if status == EXIT_BAD_INPUT:  # a baseline records a complete run, or nothing
            sys.stderr.write(
                say("baseline_not_written", args.lang, path=_display(str(write_to))) + "\n"
            )
            return EXIT_BAD_INPUT
        _write_baseline(write_to, recorded, args.lang)
        return EXIT_OK  # every finding of this run is now a known one
    return max(status, worst) if status == EXIT_BAD_INPUT else worst


def _write_baseline(
    target: Path, recorded: Sequence[tuple[str, Sequence[Finding]]], lang: str
) -> None:
    from crosscheck.baseline import baseline_text
    from crosscheck.outputs import write_atomic

    write_atomic(target, baseline_text(recorded, target, _version(), lang))
    count = sum(len(findings) for _, findings in recorded)
    sys.stderr.write(
        say("baseline_written", lang, count=count, files=len(recorded), path=_display(str(target)))
        + "\n"
    )


def _display(path: str) -> str:
    from crosscheck.ingest.files import display_path

    return display_path(path)


def cmd_batch(args: argparse.Namespace) -> int:
    """Many documents into OUTDIR, each with its own project settings; exit 0 = ok, 1 = findings
    at a document's --fail-on (new ones, with a baseline), 2 = a document failed."""
    from crosscheck.batch import CheckOptions, ProjectOptions, default_jobs, run_batch
    from crosscheck.batch.view import BatchView

    if args.jobs is not None and args.jobs < 1:
        sys.stderr.write(say("error_line_bare", args.lang, message="--jobs >= 1") + "\n")
        return EXIT_BAD_INPUT
    options = CheckOptions(lang=args.lang, select=_codes(args.select), ignore=_codes(args.ignore))
    project = ProjectOptions(
        config=args.config,
        read_config=not args.no_config,
        baseline=args.baseline,
        read_baseline=not args.no_baseline,
        write_baseline=args.write_baseline,
        fail_on=args.fail_on,
    )
    view = BatchView(args.lang, jobs=args.jobs or default_jobs(), engine=args.engine, out=args.out)
    try:
        if args.parquet:
            from crosscheck.batch.parquet import require_pyarrow

            require_pyarrow()
        if args.write_baseline:
            from crosscheck.outputs import check_target

            check_target(args.write_baseline)  # a folder in its place: said before any work
        run = run_batch(
            args.inputs,
            args.out,
            options=options,
            project=project,
            jobs=args.jobs,
            engine=args.engine,
            scheduler=args.scheduler,
            resume=args.resume,
            retry_errors=args.retry_errors,
            timeout=args.timeout or None,
            parquet=args.parquet,
            progress=view.advance,
            on_start=view.start,
        )
    except CrosscheckError as error:
        view.stop()
        sys.stderr.write(say("error_line_bare", args.lang, message=error.message(args.lang)) + "\n")
        return EXIT_BAD_INPUT
    finally:
        view.stop()
    view.summary(run, args.out)
    if run.baseline_refused:  # a baseline records a complete run, or nothing
        failed = ", ".join(_display(rel) for rel in run.failed_files[:BASELINE_REFUSED_SHOWN])
        if len(run.failed_files) > BASELINE_REFUSED_SHOWN:
            failed += " …"
        sys.stderr.write(
            say(
                "batch_baseline_not_written",
                args.lang,
                path=_display(args.write_baseline),
                failed=len(run.failed_files),
                files=failed,
                errors=os.path.join(args.out, "errors.csv"),
            )
            + "\n"
        )
    return run.exit_code()


def cmd_serve(args: argparse.Namespace) -> int:
    """The self-check page on a local address until Ctrl-C (crosscheck/web/)."""
    from crosscheck.web.server import serve
    from crosscheck.web.settings import WebSettings

    if args.max_size <= 0 or args.timeout <= 0:
        message = "--max-size > 0, --timeout > 0"
        sys.stderr.write(say("error_line_bare", args.lang, message=message) + "\n")
        return EXIT_BAD_INPUT
    settings = WebSettings(
        host=args.host,
        port=args.port,
        max_bytes=int(args.max_size * 1024 * 1024),
        timeout=args.timeout,
        jobs=args.jobs or 0,
        lang=args.lang,
    )
    return serve(settings, open_browser=args.open)


def cmd_rules(args: argparse.Namespace) -> int:
    from crosscheck.rules import RULES

    if args.code:
        code = args.code.upper()
        if code not in RULES:
            sys.stderr.write(say("unknown_rule", args.lang, code=args.code) + "\n")
            return EXIT_BAD_INPUT
        r = RULES[code]
        lines = [
            f"{r.code} {r.name} ({r.severity})  {r.title}",
            "",
            r.doc,
            "",
            "zh: " + r.zh,
            "en: " + r.en,
            "",
        ]
        for example in r.examples:
            mark = "flag" if example.flags else "ok  "
            quotes = f"  -> {', '.join(example.quotes)}" if example.quotes else ""
            lines.append(f"{mark}: {example.text.replace(chr(10), '⏎')}{quotes}")
        _write_output("\n".join(lines) + "\n", None)
        return EXIT_OK
    lines = [say("rules_title", args.lang, count=len(RULES))]
    for r in sorted(RULES.values(), key=lambda r: r.code):
        summary = r.title if args.lang == "zh" else r.doc.split("\n", 1)[0]
        lines.append(f"{r.code}  {r.name:<22} {r.severity:<8} {summary}")
    _write_output("\n".join(lines) + "\n", None)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crosscheck",
        description="核对预算绩效报告：找出正文与表格之间相互矛盾的数字。",
    )
    parser.add_argument("--version", action="version", version=f"crosscheck {_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang", choices=("zh", "en"), default=config.DEFAULT_LANG, help="消息语言（默认 zh）"
    )
    common.add_argument("-o", "--output", help="写入文件而不是标准输出（原子写入）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rule_choice = argparse.ArgumentParser(add_help=False)
    rule_choice.add_argument(
        "--select", help="只运行这些规则（代码或前缀，逗号分隔，如 CC1,CC201）"
    )
    rule_choice.add_argument("--ignore", help="不运行这些规则（代码或前缀，逗号分隔）")

    # --baseline, --no-baseline, --write-baseline, --fail-on: check and batch alike.
    findings_over_time = argparse.ArgumentParser(add_help=False)
    known = findings_over_time.add_mutually_exclusive_group()
    known.add_argument(
        "--baseline",
        metavar="FILE",
        help="基线文件：其中记录的已知问题不再列出、不影响退出码，只报告新问题和已修复的数量",
    )
    known.add_argument(
        "--no-baseline", action="store_true", help="不使用 crosscheck.toml 中指定的基线"
    )
    findings_over_time.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="把本次发现的全部问题记入基线文件（可读的 JSON，便于审阅和比对）；写入后退出码为 0",
    )
    findings_over_time.add_argument(
        "--fail-on",
        choices=config.FAIL_ON_CHOICES,
        help="何时以退出码 1 结束：error = 有错误级问题（默认），warning = 有错误或警告，"
        "never = 从不（运行失败仍为 2）",
    )

    project_choice = argparse.ArgumentParser(add_help=False)
    project_files = project_choice.add_mutually_exclusive_group()
    project_files.add_argument(
        "--config",
        metavar="FILE",
        help="使用这个项目配置文件（默认：从报告所在目录向上查找 crosscheck.toml）",
    )
    project_files.add_argument(
        "--no-config", action="store_true", help="不读取任何 crosscheck.toml，只用命令行参数"
    )

    def file_command(name, summary, description, run, formats=(), parents=()):  # type: ignore[no-untyped-def]
        command = commands.add_parser(
            name, parents=[common, *parents], help=summary, description=description
        )
        command.add_argument("files", nargs="+", metavar="FILE")
        if formats:
            command.add_argument("--format", choices=formats, default=formats[0])
        command.set_defaults(run=run)
        return command

    file_command("text", "输出偏移量所指向的文本", "输出偏移量所指向的文本", cmd_text)
    file_command(
        "extract",
        "列出文中的金额、百分比、数量和分值",
        "列出文中的金额、百分比、数量和分值（JSON 格式见 crosscheck/quantities@1）",
        cmd_extract,
        ("json", "csv", "table"),
        parents=(project_choice,),
    )
    file_command(
        "tables",
        "列出报告中的表格（表头、行标签、单位、版式）",
        "列出报告中的表格：对齐的网格、表头、行标签、单位和版式（JSON 见 crosscheck/tables@1）",
        cmd_tables,
        ("text", "json", "csv"),
        parents=(project_choice,),
    )
    file_command(
        "align",
        "列出同一事实的各处数字及其对齐理由（一致与不一致）",
        "列出报告中陈述同一事实（同一对象、指标、口径、期间）的各处数字，"
        "每条链接给出一致情况、置信度和理由（JSON 见 crosscheck/links@1）",
        cmd_align,
        ("text", "json", "csv"),
        parents=(project_choice,),
    )
    check = file_command(
        "check",
        "核对报告：找出正文与表格、正文与正文之间相互矛盾的数字",
        "核对报告并列出每一处前后矛盾（JSON 见 crosscheck/report@1）。"
        "项目设置读自报告所在目录或其上级目录中最近的 crosscheck.toml（到仓库根目录为止），"
        "命令行参数优先。退出码：0 = 无错误，1 = 有错误级问题（见 --fail-on），"
        "2 = 文件无法读取、输出无法写入或用法错误",
        cmd_check,
        ("text", "json", "csv", "xlsx", "html"),
        parents=(rule_choice, project_choice, findings_over_time),
    )
    check.add_argument(
        "--timeout",
        type=float,
        default=config.CHECK_TIMEOUT,
        metavar="SECONDS",
        help=f"单个文件的时限，超时以退出码 2 结束（默认 {config.CHECK_TIMEOUT:g} 秒，0 = 不限）",
    )

    batch = commands.add_parser(
        "batch",
        parents=[rule_choice, project_choice, findings_over_time],
        help="批量核对目录中的所有报告，逐个写出报告并汇总（可续跑）",
        description="批量核对：递归查找 DIR 或 GLOB 下所有支持的文件，每个文件写出 "
        "OUTDIR/reports/<相对路径>.json（crosscheck/report@1），最后写出 summary.xlsx、"
        "summary.csv、findings.csv、errors.csv 和 skipped.csv（未处理的非报告文件）。"
        "每个文件按 check 的方式读取自己的 crosscheck.toml 和基线，命令行参数优先。"
        "退出码：0 = 无错误，1 = 有错误级问题（见 --fail-on；有基线时只计新问题），"
        "2 = 有文件无法核对（其余文件照常完成）、输出无法写入或用法错误",
    )
    batch.add_argument("inputs", nargs="+", metavar="DIR|GLOB")
    batch.add_argument("-o", "--out", required=True, metavar="OUTDIR", help="输出目录")
    batch.add_argument("--jobs", "-j", type=int, help="工作进程数（默认：全部 CPU 核）")
    batch.add_argument("--resume", action="store_true", help="续跑：跳过内容未变且已核对过的文件")
    batch.add_argument("--retry-errors", action="store_true", help="续跑时重新核对上次失败的文件")
    batch.add_argument("--engine", choices=("process", "dask"), default="process")
    batch.add_argument("--scheduler", metavar="ADDRESS", help="Dask 调度器地址（默认：本机集群）")
    batch.add_argument(
        "--timeout",
        type=float,
        default=config.DOCUMENT_TIMEOUT,
        metavar="SECONDS",
        help=f"单个文件的时限（默认 {config.DOCUMENT_TIMEOUT:g} 秒，0 = 不限）",
    )
    batch.add_argument(
        "--parquet", action="store_true", help="另写 quantities/cells/findings.parquet"
    )
    batch.add_argument(
        "--lang", choices=("zh", "en"), default=config.DEFAULT_LANG, help="消息语言（默认 zh）"
    )
    batch.set_defaults(run=cmd_batch)

    serve = commands.add_parser(
        "serve",
        help="启动本机自查网页：拖入报告，矛盾之处在文中标出",
        description=f"启动本机自查网页（需要 {config.install_hint('web')}）：在浏览器中拖入或粘贴报告，"
        "每处前后矛盾在文档中按严重程度标出，可下载 xlsx/json/html 报告。默认只在本机 127.0.0.1 上监听",
    )
    serve.add_argument(
        "--host", default=config.WEB_HOST, help=f"监听地址（默认 {config.WEB_HOST}）"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=config.WEB_PORT,
        help=f"端口（默认 {config.WEB_PORT}，0 = 任选）",
    )
    serve.add_argument("--open", action="store_true", help="启动后在浏览器中打开页面")
    serve.add_argument(
        "--max-size",
        type=float,
        default=config.WEB_MAX_UPLOAD_BYTES / 1024 / 1024,
        metavar="MB",
        help=f"上传文件大小上限（默认 {config.WEB_MAX_UPLOAD_BYTES // 1024 // 1024} MB）",
    )
    serve.add_argument(
        "--timeout",
        type=float,
        default=config.WEB_TIMEOUT,
        metavar="SECONDS",
        help=f"单个文件的核对时限（默认 {config.WEB_TIMEOUT:g} 秒）",
    )
    serve.add_argument("--jobs", "-j", type=int, help="同时核对的文件数（默认：全部 CPU 核）")
    serve.add_argument(
        "--lang", choices=("zh", "en"), default=config.DEFAULT_LANG, help="页面语言（默认 zh）"
    )
    serve.set_defaults(run=cmd_serve)

    rules = commands.add_parser("rules", parents=[common], help="规则目录，或一条规则的说明和示例")
    rules.add_argument("code", nargs="?", metavar="CODE")
    rules.set_defaults(run=cmd_rules)
    return parser


def _version() -> str:
    return config.installed_version()


def _silence_stdout() -> None:
    """Point stdout at /dev/null (its reader left, or its disk is full)."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    # Reports are Chinese: write UTF-8 whatever the locale says.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "output", None):
            from crosscheck.outputs import check_target, refuse_writing_over_inputs

            check_target(args.output)  # `-o somefolder`: say so before any work
            # `check report.txt -o report.txt` would replace the report by its findings
            refuse_writing_over_inputs(args.output, getattr(args, "files", ()), "-o")
        return int(args.run(args))
    except CrosscheckError as error:
        # A usage error (an unknown rule code…) or an output that cannot be written:
        # one line, exit 2, never a traceback (1 would read as "error findings").
        sys.stderr.write(say("error_line_bare", args.lang, message=error.message(args.lang)) + "\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `crosscheck extract … | head`: the reader left; that is not an error of ours.
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        # Any other file-system failure (stdout on a full disk, an output folder that
        # cannot be created…): one line and exit 2 as well.
        from crosscheck.ingest.files import display_path
        from crosscheck.messages import os_error_reason

        shown = os_error_reason(error, args.lang)
        if error.filename:
            shown = f"{display_path(error.filename)}: {shown}"
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        _silence_stdout()  # what stdout still holds would fail again at exit
        sys.stderr.write(say("error_line_bare", args.lang, message=shown) + "\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write(say("interrupted", args.lang) + "\n")
        return 130
    except Exception as error:
        # A bug of ours must never read as a result: not exit 0 (clean) nor 1 (error
        # findings), and not a traceback on a clerk's screen, but one line and exit 2.
        detail = " ".join(str(error).split())[:200]
        sys.stderr.write(
            say("internal_error", args.lang, kind=type(error).__name__, detail=detail) + "\n"
        )
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
