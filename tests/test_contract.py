"""The contract scripts rely on (issue 13 §1, §3, §5): a failed run never looks clean.

Exit codes: 0 = checked, no error finding; 1 = error findings; 2 = usage error,
unreadable input or an output that could not be written (one line on stderr,
never a traceback).
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import crosscheck
from crosscheck.cli import main

# A finaliser failing after the one-line error ("Exception ignored in: …" and a traceback on
# stderr, from a writer given up half-way) fails the test.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

# A report of our own with one error finding (CC101: 18 + 9 is not 30).
FLAWED = "清河县农业服务中心现有工作人员30人，其中在职人员18人，退休人员9人。\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """The single stderr line of a refused run (and no traceback)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    path = tmp_path / "flawed.txt"
    path.write_text(FLAWED, encoding="utf-8")
    return path


# --- 1. --select / --ignore name known rules --------------------------------------------------


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("selector", ["CC999", "CC9", "XX", "CC1,CC2O1"])
def test_an_unknown_rule_selector_is_a_usage_error(
    capsys, flawed: Path, option: str, selector: str
) -> None:
    code, out, err = run(capsys, "check", str(flawed), option, selector, "--lang", "en")
    assert code == 2
    assert out == ""  # nothing was checked: no "no contradictions found"
    line = one_line_error(err)
    unknown = selector.split(",")[-1]
    assert f"unknown rule code or family: {unknown}" in line


def test_an_unknown_selector_is_named_in_chinese_by_default(capsys, flawed: Path) -> None:
    code, _, err = run(capsys, "check", str(flawed), "--select", "cc999")
    assert code == 2
    assert "未知的规则代码或规则族：CC999" in one_line_error(err)


@pytest.mark.parametrize(
    ("option", "selector", "expected"),
    [
        ("--select", "CC1", 1),
        ("--select", "cc101", 1),
        ("--select", "CC10", 1),  # a prefix of codes
        ("--select", "CC2", 0),
        ("--ignore", "CC1", 0),
        ("--ignore", "CC201,CC3", 1),
    ],
)
def test_known_families_codes_and_prefixes_keep_working(
    capsys, flawed: Path, option: str, selector: str, expected: int
) -> None:
    code, _, err = run(capsys, "check", str(flawed), option, selector)
    assert err == ""
    assert code == expected


def test_batch_refuses_an_unknown_selector_before_writing_anything(
    capsys, flawed: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    code, _, err = run(
        capsys, "batch", str(flawed), "--out", str(out_dir), "--ignore", "CC4,XX", "--lang", "en"
    )
    assert code == 2
    assert "unknown rule code or family: XX" in one_line_error(err)
    assert not out_dir.exists()


def test_the_api_refuses_an_unknown_selector() -> None:
    with pytest.raises(crosscheck.UsageError, match="CC999"):
        crosscheck.check(FLAWED, select=["CC999"])
    with pytest.raises(crosscheck.UsageError) as raised:
        crosscheck.frames([], ignore=["CC9"])
    assert "CC9" in raised.value.message("zh")
    assert [f.rule for f in crosscheck.check(FLAWED, select=["cc1"]).findings] == ["CC101"]
    # one string is a comma-separated list, as on the command line (not its characters)
    assert [f.rule for f in crosscheck.check(FLAWED, select="CC2,CC101").findings] == ["CC101"]
    assert crosscheck.check(FLAWED, ignore="CC1").findings == ()
    with pytest.raises(crosscheck.UsageError, match="CC7"):
        crosscheck.check(FLAWED, select="CC1,CC7")


# --- 2. a file is read by a reader for its suffix, or refused ---------------------------------

RTF = b"{\\rtf1\\ansi\\deff0 " + FLAWED.encode("gbk") + b"}"


@pytest.mark.parametrize("command", ["check", "extract", "tables", "align", "text"])
@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("report.rtf", "不支持的格式：RTF（.rtf）", "unsupported format: RTF (.rtf)"),
        ("report.wps", "不支持的格式：WPS 文字（.wps）", "unsupported format: WPS Writer (.wps)"),
        (
            "report.et",
            "不支持的格式：WPS 表格（.et），请另存为 .xlsx",
            "unsupported format: WPS Spreadsheets (.et); save it as .xlsx",
        ),
        ("report.dat", "不支持的文件类型（.dat）", "unsupported file type (.dat)"),
        ("report", "不支持的文件类型（无后缀）", "unsupported file type (no suffix)"),
    ],
)
def test_every_command_refuses_a_suffix_without_a_reader(
    capsys, tmp_path: Path, command: str, name: str, zh: str, en: str
) -> None:
    path = tmp_path / name
    path.write_bytes(RTF)  # plain ASCII that would "read" as text
    code, out, err = run(capsys, command, str(path))
    assert (code, out) == (2, "")
    assert f"{path}: {zh}" in one_line_error(err)
    code, out, err = run(capsys, command, str(path), "--lang", "en")
    assert (code, out) == (2, "")
    assert f"{path}: {en}" in one_line_error(err)


def test_a_refused_file_does_not_stop_the_other_files(capsys, tmp_path: Path, flawed: Path) -> None:
    rtf = tmp_path / "other.rtf"
    rtf.write_bytes(RTF)
    code, out, err = run(capsys, "check", str(rtf), str(flawed), "--format", "json")
    assert code == 2  # unreadable input outranks the error findings of the other file
    assert "flawed.txt" in out and "CC101" in out
    assert "other.rtf" in one_line_error(err)


def test_the_readable_suffixes_are_decided_in_ingest() -> None:
    from crosscheck.batch import supported_suffixes
    from crosscheck.ingest import READERS, is_document_format, refusal

    assert {".txt", ".md", ".docx", ".xlsx", ".html", ".htm", ".pdf"} <= set(READERS)
    assert supported_suffixes() == frozenset(READERS)
    assert refusal("a/报告.TXT") is None and refusal("a.rtf") is not None
    assert is_document_format("a.wps") and is_document_format("a.PDF")
    assert not is_document_format("scan.png") and not is_document_format("README")


def test_batch_refuses_document_formats_and_lists_the_files_it_skipped(
    capsys, tmp_path: Path, flawed: Path
) -> None:
    import csv

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(flawed.read_bytes())
    (folder / "report.rtf").write_bytes(RTF)
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (folder / "notes").write_bytes(b"no suffix")
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys, "batch", str(folder), "--out", str(out_dir), "--jobs", "1", "--lang", "en"
    )
    # report.rtf is a document that could not be checked: the run is incomplete
    assert code == 2
    assert "report.rtf: InputError: unsupported format: RTF (.rtf)" in err
    assert "2 unsupported files skipped" in out
    listed = out.split("files skipped (", 1)[1].splitlines()[1:3]
    assert [line.strip() for line in listed] == ["notes", "scan.png"]
    assert str(out_dir / "skipped.csv") in out
    with open(out_dir / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        errors = {row["file"]: row["message"] for row in csv.DictReader(stream)}
    assert errors == {"report.rtf": "unsupported format: RTF (.rtf); save it as .docx first"}
    with open(out_dir / "skipped.csv", encoding="utf-8-sig", newline="") as stream:
        skipped = {row["file"]: row["reason"] for row in csv.DictReader(stream)}
    assert set(skipped) == {"notes", "scan.png"}
    assert skipped["scan.png"].startswith("unsupported file type (.png)")
    assert (out_dir / "reports" / "good.txt.json").exists()


def test_batch_refuses_a_file_named_on_the_command_line_whatever_its_suffix(
    capsys, tmp_path: Path, flawed: Path
) -> None:
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    out_dir = str(tmp_path / "o")
    code, out, err = run(
        capsys, "batch", str(flawed), str(picture), "--out", out_dir, "-j", "1", "--lang", "en"
    )
    assert code == 2
    assert "scan.png: InputError: unsupported file type (.png)" in err
    assert "0 unsupported files skipped" in out


# --- 3. the Python API never checks a mistyped path as report text ----------------------------


@pytest.mark.parametrize(
    "source",
    ["reports/typo.txt", "typo.txt", "报告.DOCX", "old/report.rtf", r"C:\reports\typo", "a/b/c"],
)
@pytest.mark.parametrize("function", [crosscheck.check, crosscheck.extract])
def test_a_path_like_string_naming_no_file_raises(function, source: str) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        function(source)
    assert isinstance(raised.value, crosscheck.MissingFileError)
    assert isinstance(raised.value, crosscheck.InputError)  # the CLI's one-line error type
    assert raised.value.filename == source
    assert f"no such file: {source}" in str(raised.value) and "text=" in str(raised.value)
    assert f"文件不存在：{source}" in raised.value.message("zh")


@pytest.mark.parametrize(
    "text",
    [
        FLAWED,
        FLAWED.strip(),  # one line, no newline: still report text
        "项目执行率为75%/80%，低于年初目标。",  # a separator inside prose
        "全年支出合计1234.56",  # ends in a decimal, not a file suffix
    ],
)
def test_report_text_given_positionally_still_works(text: str) -> None:
    report = crosscheck.check(text)
    assert report.document.path == "<string>"
    assert report.document.text == text
    assert crosscheck.extract(text) == crosscheck.extract(text=text)


def test_explicit_path_and_text_keywords(tmp_path: Path, flawed: Path) -> None:
    by_path = crosscheck.check(path=flawed)
    assert by_path.document.path == str(flawed)
    assert [f.rule for f in by_path.findings] == ["CC101"]
    # text= is text even when it names an existing file
    named = crosscheck.check(text=str(flawed))
    assert named.document.text == str(flawed) and named.findings == ()
    assert [f.rule for f in crosscheck.check(text=FLAWED).findings] == ["CC101"]
    assert crosscheck.extract(path=str(flawed)) == crosscheck.extract(text=FLAWED)
    # path= is a file even when it reads like text
    with pytest.raises(FileNotFoundError):
        crosscheck.check(path=str(tmp_path / "现有工作人员30人"))
    # an existing file given positionally is read, as before
    assert crosscheck.check(str(flawed)).document.path == str(flawed)
    assert crosscheck.check(flawed).document.path == str(flawed)


def test_exactly_one_source_is_given() -> None:
    with pytest.raises(TypeError):
        crosscheck.check()
    with pytest.raises(TypeError):
        crosscheck.check(FLAWED, text=FLAWED)
    with pytest.raises(TypeError):
        crosscheck.extract(path="a.txt", text=FLAWED)


# --- 4. an output that cannot be written: one line, exit 2, nothing half-written --------------


class _FullDisk:
    """A stream whose writes fail as on a full disk."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream

    def write(self, data) -> int:  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._stream, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real(*a, **k)))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


OUTPUT_COMMANDS = [
    ("check", "text"),
    ("check", "json"),
    ("check", "csv"),
    ("check", "xlsx"),
    ("check", "html"),
    ("extract", "json"),
    ("tables", "csv"),
    ("align", "json"),
    ("text", None),
]


def _argv(command: str, form: str | None, source: Path, target: Path) -> list[str]:
    argv = [command, str(source), "-o", str(target)]
    return [*argv, "--format", form] if form else argv


@pytest.mark.parametrize(("command", "form"), OUTPUT_COMMANDS)
def test_output_naming_a_folder_is_one_line_and_exit_2(
    capsys, tmp_path: Path, flawed: Path, command: str, form: str | None
) -> None:
    folder = tmp_path / "existing-folder"
    folder.mkdir()
    code, out, err = run(capsys, *_argv(command, form, flawed, folder), "--lang", "en")
    assert (code, out) == (2, "")  # never 1, although the report has an error finding
    assert f"cannot write {folder}: is a directory" in one_line_error(err)
    assert list(folder.iterdir()) == [] and leftovers(tmp_path) == []


@pytest.mark.parametrize(("command", "form"), OUTPUT_COMMANDS)
def test_a_full_disk_is_one_line_and_exit_2_and_keeps_the_old_file(
    capsys, tmp_path: Path, flawed: Path, full_disk: None, command: str, form: str | None
) -> None:
    target = tmp_path / "result.out"
    target.write_bytes(b"the previous result")
    code, _, err = run(capsys, *_argv(command, form, flawed, target))
    assert code == 2
    assert f"无法写入 {target}：磁盘空间不足" in one_line_error(err)
    assert target.read_bytes() == b"the previous result"
    assert leftovers(tmp_path) == []


def test_a_place_that_cannot_be_written_is_one_line_and_exit_2(
    capsys, tmp_path: Path, flawed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def no_permission(path, flags, *args):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT and Path(path).parent == tmp_path / "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args)

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(os, "open", no_permission)
    target = tmp_path / "locked" / "out.json"
    code, _, err = run(capsys, "check", str(flawed), "--format", "json", "-o", str(target))
    assert code == 2
    assert f"无法写入 {target}：没有权限" in one_line_error(err)
    # under a file, not a folder (root may write anywhere, this fails for everyone)
    code, _, err = run(capsys, "extract", str(flawed), "-o", str(flawed / "x.json"), "--lang", "en")
    assert code == 2
    assert f"cannot write {flawed / 'x.json'}: not a directory" in one_line_error(err)
    assert leftovers(tmp_path) == []


def _is_char_device(path: str) -> bool:
    return Path(path).exists() and stat.S_ISCHR(os.stat(path).st_mode)


def _linked_device(tmp_path: Path, device: str) -> Path:
    """A link in ``tmp_path`` to ``device`` (/dev/null, /dev/full): the same target, safe to
    write through; the test is skipped where the device is missing."""
    if not _is_char_device(device):
        pytest.skip(f"needs {device}")
    target = tmp_path / Path(device).name
    target.symlink_to(device)
    return target


@pytest.mark.parametrize(("command", "form"), OUTPUT_COMMANDS)
def test_output_to_a_device_is_written_to_never_replaced(
    capsys, tmp_path: Path, flawed: Path, command: str, form: str | None
) -> None:
    # `-o /dev/null` in a script: a rename over the node would put a regular file in place
    # of /dev/null (for root). A link to it is the same target, and safe to test with.
    target = _linked_device(tmp_path, "/dev/null")
    code, out, err = run(capsys, *_argv(command, form, flawed, target))
    assert code == (1 if command == "check" else 0), err
    assert (out, err) == ("", "")
    assert target.is_symlink() and _is_char_device("/dev/null")
    assert leftovers(tmp_path) == [] and list(Path("/dev").glob(".*.tmp")) == []


@pytest.mark.parametrize(("command", "form"), OUTPUT_COMMANDS)
def test_output_to_a_full_device_is_one_line_and_exit_2(
    capsys, tmp_path: Path, flawed: Path, command: str, form: str | None
) -> None:
    target = _linked_device(tmp_path, "/dev/full")
    code, out, err = run(capsys, *_argv(command, form, flawed, target))
    assert (code, out) == (2, "")
    assert f"无法写入 {target}：磁盘空间不足" in one_line_error(err)
    assert target.is_symlink() and _is_char_device("/dev/full")


def test_output_to_a_named_pipe_is_written_through_it(capsys, tmp_path: Path, flawed: Path) -> None:
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run(capsys, "text", str(flawed), "-o", str(pipe))
    reader.join(10)
    assert (code, err) == (0, "")
    assert received == [FLAWED.encode("utf-8")]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)  # still the pipe


def test_files_of_a_batch_run_are_never_written_through_a_device_or_pipe(tmp_path: Path) -> None:
    from crosscheck.errors import OutputError
    from crosscheck.outputs import write_atomic

    pipe = tmp_path / "summary.csv"
    os.mkfifo(pipe)  # planted where a batch run writes: refused, never opened (no hang)
    with pytest.raises(OutputError) as raised:
        write_atomic(pipe, "file,rule\n")
    assert raised.value.message("en") == f"cannot write {pipe}: not a regular file"
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and leftovers(tmp_path) == []


@pytest.mark.parametrize(("command", "form"), OUTPUT_COMMANDS)
def test_output_naming_an_input_is_refused_before_any_work(
    capsys, tmp_path: Path, flawed: Path, command: str, form: str | None
) -> None:
    other = tmp_path / "other.txt"
    other.write_text(FLAWED, encoding="utf-8")
    linked = tmp_path / "linked.txt"
    os.link(other, linked)
    for target in (flawed, Path(f"{tmp_path}/./flawed.txt"), linked):
        argv = _argv(command, form, other if target == linked else flawed, target)
        code, out, err = run(capsys, *argv, "--lang", "en")
        assert (code, out) == (2, "")
        assert f"-o {target} is one of the reports being checked" in one_line_error(err)
    assert flawed.read_text(encoding="utf-8") == FLAWED == other.read_text(encoding="utf-8")
    # the trap: an output beside the input, of a similar name, is written
    code, _, err = run(capsys, *_argv(command, form, flawed, tmp_path / "flawed.txt.out"))
    assert code in (0, 1) and err == ""
    assert (tmp_path / "flawed.txt.out").stat().st_size > 0


def test_stdout_on_a_full_disk_is_one_line_and_exit_2(flawed: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "crosscheck", "check", str(flawed)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert "无法写入 标准输出：磁盘空间不足" in one_line_error(done.stderr)


def test_xlsx_without_its_extra_is_one_line_and_exit_2_before_any_work(
    capsys, tmp_path: Path, flawed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` fails

    def no_check(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document was checked before the missing extra was said")

    monkeypatch.setattr("crosscheck.pipeline.run_check", no_check)
    target = tmp_path / "out.xlsx"
    code, _, err = run(capsys, "check", str(flawed), "--format", "xlsx", "-o", str(target))
    assert code == 2
    assert "pip install 'crosscheck-cn-budget[xlsx]'" in one_line_error(err)
    assert not target.exists() and leftovers(tmp_path) == []


SUMMARIES = ("summary.csv", "findings.csv", "errors.csv", "summary.xlsx")
PARQUETS = ("quantities.parquet", "cells.parquet", "links.parquet", "findings.parquet")


@pytest.mark.parametrize(
    ("failing", "extra"),
    [
        ("summary.csv", ()),
        ("summary.xlsx", ()),
        ("summary.csv", ("--parquet",)),
        ("summary.xlsx", ("--parquet",)),
        ("findings.parquet", ("--parquet",)),
        ("cells.parquet", ("--parquet",)),
    ],
)
def test_batch_summaries_on_a_full_disk_are_one_line_exit_2_and_keep_the_old_files(
    capsys,
    tmp_path: Path,
    flawed: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: tuple[str, ...],
    failing: str,
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell the files apart")
    if extra:
        pytest.importorskip("pyarrow")
    out_dir = tmp_path / "out"
    argv = ("batch", str(flawed), "--out", str(out_dir), "--jobs", "1", *extra)
    assert run(capsys, *argv)[0] == 1
    outputs = [*SUMMARIES, *(PARQUETS if extra else ())]
    before = {name: (out_dir / name).read_bytes() for name in outputs}
    (out_dir / "index.jsonl").unlink()  # the summaries are then written again
    real = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        stream = real(fd, *args, **kwargs)
        name = os.readlink(f"/proc/self/fd/{fd}")
        return _FullDisk(stream) if f"/.{failing}." in name else stream

    monkeypatch.setattr(os, "fdopen", fdopen)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"{failing}：磁盘空间不足" in one_line_error(err)
    if failing.endswith(".csv"):  # all of the first group fails together
        assert {name: (out_dir / name).read_bytes() for name in outputs} == before
    assert (out_dir / failing).read_bytes() == before[failing]
    assert leftovers(out_dir) == []


def test_batch_journal_on_a_full_disk_is_one_line_naming_it_and_exit_2(
    capsys, tmp_path: Path, flawed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.write

    def full(fd: int, data: bytes) -> int:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # files, not the pipes to the workers
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", full)
    out_dir = tmp_path / "out"
    code, _, err = run(
        capsys, "batch", str(flawed), "--out", str(out_dir), "--jobs", "1", "--lang", "en"
    )
    assert code == 2
    assert f"cannot write {out_dir}" in one_line_error(err)
    assert "no space left on device" in err
    assert leftovers(out_dir) == []


def test_batch_whose_output_folder_cannot_be_made_is_one_line_and_exit_2(
    capsys, flawed: Path
) -> None:
    code, _, err = run(capsys, "batch", str(flawed), "--out", str(flawed / "out"), "--lang", "en")
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1


# --- 5. one atomic writer, one file mode ------------------------------------------------------


def test_one_atomic_writer_serves_every_output() -> None:
    package = Path(crosscheck.__file__).parent
    writers = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        for marker in ("os.replace(", "os.rename(", "mkstemp(", "NamedTemporaryFile(")
        if marker in path.read_text(encoding="utf-8")
    }
    assert writers == {"outputs.py"}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o644), (0o077, 0o600)])
def test_every_output_gets_0644_masked_by_the_umask(
    capsys, tmp_path: Path, flawed: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        for index, (command, form) in enumerate(OUTPUT_COMMANDS):
            target = tmp_path / f"out{index}"
            assert run(capsys, *_argv(command, form, flawed, target))[0] in (0, 1)
        out_dir = tmp_path / "batch"
        assert run(capsys, "batch", str(flawed), "--out", str(out_dir), "--jobs", "1")[0] == 1
    finally:
        os.umask(previous)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != flawed]
    names = {p.name for p in written}
    assert {"summary.csv", "summary.xlsx", "findings.csv", "errors.csv", "skipped.csv"} <= names
    assert {"index.jsonl", "flawed.txt.json", "out3", "out8"} <= names
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(mode) for p in written
    }


# --- 7. terminal views show document text and file names as written, controls escaped ---------

# A report of our own whose text carries a screen-clearing escape, a bell, a bidi override
# and rich markup next to the evidence of its finding.
HOSTILE = (
    "清河县农业服务中心[/x][bold]现有工作人员30人，\x1b[2J其中在职人员18人，"
    "退休人员9人\x07。[red]说明[/red]\u202e\n"
)
HOSTILE_NAME = "[bold]报告[/x]\x1b[31m.txt"  # a folder "[bold]报告[" holding "x]\x1b[31m.txt"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / HOSTILE_NAME
    path.parent.mkdir()
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def assert_no_raw_controls(text: str) -> None:
    raw = [c for c in text if (ord(c) < 0x20 and c != "\n") or c in "\x7f\u202e"]
    assert raw == [], raw


@pytest.mark.parametrize(
    "argv",
    [
        ("check",),
        ("check", "--lang", "en"),
        ("extract", "--format", "table"),
        ("tables",),
        ("align",),
    ],
)
def test_terminal_views_escape_controls_and_print_markup_as_written(
    capsys, hostile: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, argv[0], str(hostile), *argv[1:])
    assert err == ""
    assert code in (0, 1)
    assert_no_raw_controls(out)
    # the file name, markup and all (a long table title may wrap: compare without spaces)
    assert "[bold]报告[/x]\\x1b[31m.txt" in "".join(out.split())


def test_the_check_view_quotes_hostile_evidence_context_verbatim_but_escaped(
    capsys, hostile: Path
) -> None:
    code, out, _ = run(capsys, "check", str(hostile))
    assert code == 1
    assert "CC101" in out
    assert "[/x][bold]现有工作人员【30人】" in out
    assert "\\x1b[2J其中在职人员" in out
    assert "退休人员9人\\x07。" in out or "退休人员【9人】\\x07" in out


def test_a_hostile_table_cell_and_link_text_are_escaped(capsys, tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_text(
        "项目\t[/x]预算数\t执行数\n\n专项\x1b[2J经费\t100\t90\n\n"
        "专项\x1b[2J经费执行数为90万元，执行数为95万元。\n",
        encoding="utf-8",
    )
    for command in ("tables", "align", "extract"):
        argv = [command, str(path)] + (["--format", "table"] if command == "extract" else [])
        code, out, err = run(capsys, *argv)
        assert (code, err) == (0, "")
        assert_no_raw_controls(out)


def test_error_lines_escape_the_file_name(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[2J[/x].txt"
    path.parent.mkdir()
    path.write_bytes(b"")
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (2, "")
    assert "bad\\x1b[2J[/x].txt" in one_line_error(err)
    assert_no_raw_controls(err.rstrip("\n"))


def test_batch_screen_escapes_file_names(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok\x07[").mkdir()
    (folder / "ok\x07[/x].txt").write_text(FLAWED, encoding="utf-8")
    (folder / "empty\x1b[2J.txt").write_bytes(b"")
    (folder / "scan\x1b[2J.png").write_bytes(b"\x89PNG")
    code, out, err = run(capsys, "batch", str(folder), "--out", str(tmp_path / "out"), "-j", "1")
    assert code == 2
    assert_no_raw_controls(out)
    assert_no_raw_controls(err)
    assert "ok\\x07[/x].txt" in out and "scan\\x1b[2J.png" in out
    assert "empty\\x1b[2J.txt" in err


# --- 6. no cell of a CSV or XLSX output starts a formula ----------------------------------------

HYPERLINK_NAME = '=HYPERLINK("evil.example","点此查看").txt'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        # traps: numbers are values, never formulas; text elsewhere is left alone
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("-4.5%", "-4.5%"),
        ("-.5", "-.5"),
        ("执行率=75%", "执行率=75%"),
        ("a@b", "a@b"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_csv_cells_that_would_start_a_formula_get_a_quote(value: object, written: object) -> None:
    from crosscheck.report.cells import csv_cell

    assert csv_cell(value) == written


@pytest.fixture
def hyperlink_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A report whose file name is a formula, in the working directory (so that the
    file column starts with it)."""
    monkeypatch.chdir(tmp_path)
    path = Path(HYPERLINK_NAME)
    path.write_text(FLAWED, encoding="utf-8")
    return path


def read_csv_rows(data: str | bytes) -> list[dict[str, str]]:
    import csv
    import io

    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_check_csv_writes_a_formula_like_file_name_as_text(capsys, hyperlink_report: Path) -> None:
    code, out, _ = run(capsys, "check", HYPERLINK_NAME, "--format", "csv")
    assert code == 1
    (row,) = read_csv_rows(out)
    assert row["file"] == "'" + HYPERLINK_NAME
    assert row["rule"] == "CC101" and row["evidence_1"] == "30人"
    assert not any(v.startswith(("=", "+", "@")) for v in row.values())


def test_check_xlsx_writes_a_formula_like_file_name_as_a_string_cell(
    capsys, hyperlink_report: Path
) -> None:
    from openpyxl import load_workbook

    assert run(capsys, "check", HYPERLINK_NAME, "--format", "xlsx", "-o", "out.xlsx")[0] == 1
    sheet = load_workbook("out.xlsx")["findings"]
    cell = sheet["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK_NAME, "s", True)
    assert sheet["B2"].value == "CC101" and not sheet["B2"].quotePrefix
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_check_xlsx_shows_a_control_character_in_a_file_name(capsys, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "报告\x07.txt"
    path.write_text(FLAWED, encoding="utf-8")
    target = tmp_path / "out.xlsx"
    code, _, err = run(capsys, "check", str(path), "--format", "xlsx", "-o", str(target))
    assert (code, err) == (1, "")  # no IllegalCharacterError
    assert load_workbook(target)["findings"]["A2"].value == str(tmp_path / "报告\\x07.txt")


def test_batch_csv_and_xlsx_write_formula_like_names_and_text_as_text(
    capsys, hyperlink_report: Path
) -> None:
    from openpyxl import load_workbook

    Path("@报告.txt").write_text(FLAWED, encoding="utf-8")
    Path("-备注.txt").write_bytes(b"")  # fails: an errors.csv row
    code, _, _ = run(capsys, "batch", ".", "--out", "out", "--jobs", "1")
    assert code == 2
    summary = {row["file"]: row for row in read_csv_rows(Path("out/summary.csv").read_bytes())}
    assert set(summary) == {"'" + HYPERLINK_NAME, "'@报告.txt", "'-备注.txt"}
    findings = read_csv_rows(Path("out/findings.csv").read_bytes())
    assert sorted(row["file"] for row in findings) == ["'" + HYPERLINK_NAME, "'@报告.txt"]
    errors = read_csv_rows(Path("out/errors.csv").read_bytes())
    assert [row["file"] for row in errors] == ["'-备注.txt"]
    workbook = load_workbook("out/summary.xlsx")
    for sheet in workbook.worksheets:
        names = [c for c in sheet["A"][1:]]
        assert names and all(c.data_type == "s" for c in names)
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert {c.value for c in workbook["documents"]["A"][1:]} == {
        HYPERLINK_NAME,
        "@报告.txt",
        "-备注.txt",
    }


def test_a_table_cell_that_looks_like_a_formula_is_text_in_csv(capsys, tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_text("项目\t金额\n\n=SUM(B2:B3)\t100万元\n\n合计\t100万元\n", encoding="utf-8")
    code, out, _ = run(capsys, "tables", str(path), "--format", "csv")
    assert code == 0
    texts = [row["text"] for row in read_csv_rows(out)]
    assert "'=SUM(B2:B3)" in texts and "=SUM(B2:B3)" not in texts


def test_the_dataframes_keep_values_as_they_are(hyperlink_report: Path) -> None:
    frame = crosscheck.check(path=HYPERLINK_NAME).to_frame()
    assert list(frame["file"]) == [HYPERLINK_NAME]


# --- 8. CSV outputs start with a UTF-8 BOM (Excel shows the Chinese); JSON never does ------------

BOM = "\ufeff".encode()


def test_every_csv_output_starts_with_one_bom_and_json_with_none(
    capsys, tmp_path: Path, flawed: Path
) -> None:
    second = tmp_path / "second.txt"
    second.write_text(FLAWED, encoding="utf-8")
    for command in ("check", "extract", "tables", "align"):
        target = tmp_path / f"{command}.csv"
        argv = [command, str(flawed), str(second), "--format", "csv", "-o", str(target)]
        assert run(capsys, *argv)[0] in (0, 1)
        data = target.read_bytes()
        assert data.startswith(BOM + b"file,") and data.count(BOM) == 1  # one header, one BOM
        _, out, _ = run(capsys, command, str(flawed), "--format", "csv")
        assert out.startswith("\ufefffile,")
        target = tmp_path / f"{command}.json"
        assert run(capsys, command, str(flawed), "--format", "json", "-o", str(target))[0] in (0, 1)
        assert target.read_bytes().startswith(b"{")
    assert run(capsys, "check", str(flawed), str(second), "--format", "json")[1].startswith("{")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FLAWED, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    out_dir = tmp_path / "out"
    for resume in ((), ("--resume", "--retry-errors")):  # errors.csv is appended to, then rebuilt
        assert run(capsys, "batch", str(folder), "--out", str(out_dir), "-j", "1", *resume)[0] == 2
        for name in ("summary.csv", "findings.csv", "errors.csv", "skipped.csv"):
            data = (out_dir / name).read_bytes()
            assert data.startswith(BOM + b"file,") and data.count(BOM) == 1, name
        assert (out_dir / "reports" / "a.txt.json").read_bytes().startswith(b"{")
        assert not (out_dir / "index.jsonl").read_bytes().startswith(BOM)
