"""A batch run cannot be turned against its user (issue 13 §3): writes stay inside --out,
links neither loop nor lead out, pipes and devices are never read, and no process outlives
a killed parent."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosscheck.batch import discover
from crosscheck.batch.model import SKIP_LINK_OUTSIDE, SKIP_NOT_REGULAR
from crosscheck.batch.output import safe_relative
from crosscheck.cli import main

from .conftest import REPO, SEEDS

posix_only = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and /proc are POSIX")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
# A short invented report (one contradiction, so that the report has content).
SHORT_REPORT = (
    "东坪县林业局2031年度部门整体支出绩效自评报告\n\n"
    "本年度支出合计120万元，其中基本支出80万元，项目支出30万元。\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["batch", *argv, "--lang", "en", "--jobs", "1"])
    out, err = capsys.readouterr()
    return code, out, err


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def skipped_rows(out: Path) -> dict[str, str]:
    with open(out / "skipped.csv", encoding="utf-8-sig") as stream:
        return {row["file"]: row["reason"] for row in csv.DictReader(stream)}


# --- writes stay inside --out ------------------------------------------------------------


def test_a_glob_that_climbs_with_dotdot_writes_its_reports_inside_out(
    tmp_path, capsys, monkeypatch
) -> None:
    (tmp_path / "docs" / "a" / "x").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "report.txt").write_text(SHORT_REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = files_under(tmp_path)
    code, _, err = run(capsys, "docs/a/*/../../../elsewhere/*.txt", "--out", "out")
    assert code in (0, 1), err
    written = files_under(tmp_path) - before
    assert written and all(name.startswith("out/") for name in written), written
    assert "out/reports/elsewhere/report.txt.json" in written
    assert not (tmp_path / "elsewhere" / "report.txt.json").exists()


def test_relative_paths_never_climb_out_of_the_common_root(tmp_path) -> None:
    (tmp_path / "docs" / "a" / "x").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "r.txt").write_text(SHORT_REPORT, encoding="utf-8")
    (tmp_path / "docs" / "a" / "x" / "s.txt").write_text(SHORT_REPORT, encoding="utf-8")
    found = discover(
        [str(tmp_path / "docs/a/*/../../../other/*.txt"), str(tmp_path / "docs/a/*/*.txt")]
    )
    assert sorted(t.rel for t in found.tasks) == ["docs/a/x/s.txt", "other/r.txt"]


@pytest.mark.parametrize(
    ("rel", "safe"),
    [
        ("../../elsewhere/r.txt", "%2E%2E/%2E%2E/elsewhere/r.txt"),
        ("/etc/cron.d/r", "etc/cron.d/r"),
        ("a/./b//c.txt", "a/b/c.txt"),
        ("..", "%2E%2E"),
        ("", "%2E"),
        # traps: ordinary names, dots inside a name, stay as they are
        ("sub/2031年报告.txt", "sub/2031年报告.txt"),
        ("a..b/..c.txt", "a..b/..c.txt"),
        ("...", "..."),
    ],
)
def test_safe_relative_keeps_every_report_path_below_reports(rel, safe) -> None:
    assert safe_relative(rel) == safe
    root = Path("/out/reports")
    assert os.path.normpath(root / safe).startswith(str(root) + os.sep)


@posix_only
def test_a_link_inside_out_cannot_carry_a_report_out(tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "r.txt").write_text(SHORT_REPORT, encoding="utf-8")
    victim = tmp_path / "victim"
    victim.mkdir()
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "sub").symlink_to(victim)
    code, _, err = run(capsys, str(folder), "--out", str(out))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err and "outside" in err
    assert list(victim.iterdir()) == []


# --- links -------------------------------------------------------------------------------


def _with_loops(root: Path, links: int) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "top.txt").write_text(SHORT_REPORT, encoding="utf-8")
    (root / "sub" / "deep.txt").write_text(SHORT_REPORT, encoding="utf-8")
    for index in range(links):
        (root / f"loop{index}").symlink_to(".")
    return root


@posix_only
@pytest.mark.parametrize("links", [1, 2])
def test_doublestar_globs_do_not_follow_linked_directories_nor_loop(tmp_path, links) -> None:
    root = _with_loops(tmp_path / "in", links)
    started = time.monotonic()
    for inputs in ([str(root / "**" / "*.txt")], [str(root)], [str(root / "*" / "*.txt")]):
        found = discover(inputs)
        assert time.monotonic() - started < 10
        real = [os.path.realpath(t.path) for t in found.tasks]
        assert len(real) == len(set(real)), "a file reached through a link is checked once"
    assert {t.rel for t in discover([str(root / "**" / "*.txt")]).tasks} == {
        "top.txt",
        "sub/deep.txt",
    }


@posix_only
def test_one_file_reached_by_two_inputs_and_a_link_is_one_task(tmp_path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "r.txt").write_text(SHORT_REPORT, encoding="utf-8")
    (root / "alias.txt").symlink_to(root / "r.txt")
    found = discover([str(root), str(root / "*.txt"), str(root / "r.txt")])
    assert [t.rel for t in found.tasks] == ["r.txt"]  # the name without a link is kept


@posix_only
def test_a_link_out_of_the_roots_is_skipped_and_said_so(tmp_path, capsys) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(SHORT_REPORT, encoding="utf-8")
    (outside / "dir").mkdir()
    (outside / "dir" / "more.txt").write_text(SHORT_REPORT, encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    (root / "own.txt").write_text(SHORT_REPORT, encoding="utf-8")
    (root / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "leakdir").symlink_to(outside / "dir")
    for inputs in ([str(root)], [str(root / "**" / "*.txt")], [str(root / "*" / "*.txt")]):
        found = discover(inputs)
        assert "leakdir/more.txt" not in {t.rel for t in found.tasks}
        assert "leak.txt" not in {t.rel for t in found.tasks}
    found = discover([str(root)])
    assert [t.rel for t in found.tasks] == ["own.txt"]
    assert [(t.rel, t.skip) for t in found.skipped] == [("leak.txt", SKIP_LINK_OUTSIDE)]
    out = tmp_path / "out"
    code, _, err = run(capsys, str(root), "--out", str(out))
    assert code in (0, 1), err
    assert "out of the input folders" in skipped_rows(out)["leak.txt"]
    # trap: a file named on the command line is read wherever its link leads (it was asked for)
    assert [t.rel for t in discover([str(root / "leak.txt")]).tasks] == ["leak.txt"]


@posix_only
def test_a_link_inside_the_roots_is_kept(tmp_path) -> None:
    """Trap: a link to a file of the same folder tree is no leak (its target is checked once)."""
    root = tmp_path / "in"
    (root / "2031").mkdir(parents=True)
    (root / "2031" / "r.txt").write_text(SHORT_REPORT, encoding="utf-8")
    (root / "latest.txt").symlink_to(root / "2031" / "r.txt")
    (root / "only-link.txt").symlink_to(root / "2031" / "r.txt")
    assert [t.rel for t in discover([str(root)]).tasks] == ["2031/r.txt"]
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "r.txt").symlink_to(root / "2031" / "r.txt")
    found = discover([str(linked), str(root)])
    assert [t.rel for t in found.tasks] == ["in/2031/r.txt"]


# --- pipes and devices -------------------------------------------------------------------


@posix_only
def test_a_named_pipe_is_never_opened_to_be_hashed(tmp_path) -> None:
    from crosscheck.batch.document import failed_outcome, sha256_of
    from crosscheck.batch.model import Task

    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)
    started = time.monotonic()
    with pytest.raises(OSError, match="not a regular file"):
        sha256_of(str(pipe))
    outcome = failed_outcome(Task(str(pipe), "report.txt"), "Timeout", "timed out")
    assert outcome.sha256 == "" and time.monotonic() - started < 2
    regular = tmp_path / "r.txt"
    regular.write_text(SHORT_REPORT, encoding="utf-8")
    assert len(sha256_of(str(regular))) == 64  # trap: a regular file is hashed


@posix_only
def test_pipes_and_devices_in_the_input_do_not_hang_the_run(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SHORT_REPORT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "device.txt").symlink_to(os.devnull)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    named_pipe = tmp_path / "named.txt"
    os.mkfifo(named_pipe)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "crosscheck", "batch", str(folder), str(named_pipe)]
    started = time.monotonic()
    done = subprocess.run(
        [*command, "--out", str(out), "--lang", "en", "--jobs", "2", "--timeout", "3"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - started < 60
    assert done.returncode == 2, done.stderr  # the named pipe given by name fails
    skipped = skipped_rows(out)
    assert set(skipped) == {"in/pipe.txt", "in/dangling.txt", "in/device.txt"}
    assert "not a regular file" in skipped["in/pipe.txt"]
    assert (out / "reports" / "in" / "good.txt.json").exists()
    with open(out / "errors.csv", encoding="utf-8-sig") as stream:
        (error,) = list(csv.DictReader(stream))
    assert error["file"] == "named.txt" and "not a regular file" in error["message"]


@posix_only
def test_the_skip_reasons_are_told_apart(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    found = discover([str(folder)])
    assert {(t.rel, t.skip) for t in found.skipped} == {
        ("pipe.txt", SKIP_NOT_REGULAR),
        ("picture.png", "batch_skip_format"),
    }


# --- no process outlives a killed parent ---------------------------------------------------


def _session(sid: int) -> list[int]:
    """The live processes of session ``sid`` (the batch and everything it started)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            members.append(int(entry))
    return members


@linux_only
def test_kill_9_of_the_parent_alone_leaves_no_worker_nor_fork_server(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEEDS[4].read_text(encoding="utf-8")
    for index in range(3):  # each takes tens of seconds: the workers are busy when it lands
        (folder / f"slow{index}.txt").write_text("\n\n".join([text] * 200), encoding="utf-8")
    command = [sys.executable, "-m", "crosscheck", "batch", str(folder)]
    process = subprocess.Popen(
        [*command, "--out", str(tmp_path / "out"), "--jobs", "2", "--timeout", "600"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its session id is its pid: every descendant is found by it
    )
    try:
        deadline = time.monotonic() + 90
        # the parent, the resource tracker, the fork server and two workers
        while len(_session(process.pid)) < 5:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.5)  # the workers have their documents
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 5
        while _session(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session(process.pid) == []
    finally:
        for pid in _session(process.pid):  # only what this test started
            os.kill(pid, signal.SIGKILL)


@posix_only
def test_a_worker_ends_when_its_pipe_to_the_parent_hangs_up() -> None:
    """The watcher (the guard where the kernel's one is missing): a busy process exits when
    the other end of its connection closes, and not when data arrives on it (trap)."""
    parent_end, child_end = socket.socketpair()
    script = (
        "import socket, sys, time\n"
        "from crosscheck.batch.guard import exit_when_hung_up\n"
        "exit_when_hung_up(int(sys.argv[1]))\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(child_end.fileno())],
        pass_fds=[child_end.fileno()],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    child_end.close()
    try:
        time.sleep(1.0)
        parent_end.sendall(b"a task")
        time.sleep(0.5)
        assert child.poll() is None  # data is no hang-up
        parent_end.close()
        assert child.wait(timeout=5) == 0
    finally:
        if child.poll() is None:
            child.kill()
