"""Every file crosscheck writes goes through here: complete or not at all, one mode, one-line errors.

``atomic_file(target)`` writes into a temporary file beside ``target`` and
renames it into place only when everything was written, so a reader (or a
``--resume`` after a kill) sees the old file or the new one, never half of one;
on any failure the temporary file is removed. ``check -o``, ``extract``,
``tables``, ``align`` and ``text -o``, the xlsx and html exports and every file
of a batch run (reports, summaries, journals, Parquet) use it.

Mode: every output is created with ``FILE_MODE`` (0644, rw-r--r--) masked by the
process umask, as ``open()`` would create it: 0644 under the usual umask 022,
0600 for a user whose umask (077) asks for private files. The kernel applies
the umask at creation, so it is never read or changed here (``os.umask`` is
process-wide and not thread-safe).

A failure to write (``-o`` naming a folder, no permission, a full disk) becomes
:class:`~crosscheck.errors.OutputError`: one line naming the file, exit code 2.

A target that exists and is no regular file (``-o /dev/stdout``, ``/dev/null``, a named
pipe) is never renamed over: that would put a regular file in place of the device node
(as root, ``-o /dev/null`` would replace /dev/null for every program). Where the user
named it (``atomic_file(…, streams=True)``: the ``-o`` of a command) a character device
or a pipe is written to directly, where "complete or not at all" cannot hold and the
stream's own errors (``/dev/full``) are the one-line error; anywhere else (a batch run's
files) such a target is refused.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from crosscheck.errors import OutputError

FILE_MODE = 0o644
TEMP_SUFFIX = ".tmp"  # temporary files are ".<name>.<random>.tmp" beside their target


def check_target(target: str | os.PathLike[str]) -> None:
    """:class:`OutputError` when ``target`` is a directory (``-o`` naming a folder) or
    lies under a file (``-o report.txt/out.json``)."""
    if os.path.isdir(target):
        raise output_error(target, _os_error(errno.EISDIR, target))
    for parent in Path(target).parents:
        if parent.exists():
            if not parent.is_dir():
                raise output_error(target, _os_error(errno.ENOTDIR, target))
            return


def refuse_writing_over_inputs(
    target: str | os.PathLike[str],
    files: Iterable[str | os.PathLike[str]],
    option: str = "--write-baseline",
) -> None:
    """An output (``-o``, ``--write-baseline``) naming one of the reports read would
    overwrite it: a :class:`~crosscheck.errors.UsageError`, said before any work."""
    from crosscheck.errors import UsageError
    from crosscheck.ingest.files import display_path
    from crosscheck.messages import say

    for file in files:
        if os.path.abspath(file) == os.path.abspath(target) or (
            os.path.exists(file) and os.path.exists(target) and os.path.samefile(file, target)
        ):
            shown = display_path(os.fspath(target))
            raise UsageError(
                say("output_over_input", "zh", option=option, path=shown),
                say("output_over_input", "en", option=option, path=shown),
            )


def _os_error(code: int, target: str | os.PathLike[str]) -> OSError:
    return OSError(code, os.strerror(code), os.fspath(target))


def _is_stream(target: str | os.PathLike[str]) -> bool | None:
    """True for an existing character device or pipe (links followed), False for
    another file that is not regular (a socket, a block device), None otherwise
    (a regular file, or nothing there yet)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _not_regular(target: str | os.PathLike[str]) -> OutputError:
    from crosscheck.ingest.files import display_path
    from crosscheck.messages import say

    shown = display_path(target)
    return OutputError(
        say("cannot_write", "zh", path=shown, reason=say("output_not_regular", "zh")),
        say("cannot_write", "en", path=shown, reason=say("output_not_regular", "en")),
    )


class AtomicFile:
    """A temporary file beside ``target``: :meth:`commit` renames it into place,
    :meth:`discard` removes it. For writers that cannot sit in one ``with`` block
    (a Parquet file filled row group by row group); otherwise use :func:`atomic_file`.

    ``streams``: a character device or pipe at ``target`` is written to directly
    (the ``-o`` a user named: /dev/stdout, /dev/null); without it, refused."""

    def __init__(
        self, target: str | os.PathLike[str], mode: str = "w", *, streams: bool = False
    ) -> None:
        self.target = Path(target)
        self.temp: Path | None = None
        with as_output_error(self.target):
            check_target(self.target)
            stream_target = _is_stream(self.target)
            if stream_target is not None and not (streams and stream_target):
                raise _not_regular(self.target)
            if stream_target:
                fd = os.open(self.target, os.O_WRONLY)  # no temporary file: nothing to rename
            else:
                self.target.parent.mkdir(parents=True, exist_ok=True)
                fd = self._create_temp()
            if "b" in mode:
                stream = os.fdopen(fd, mode)
            else:
                stream = os.fdopen(fd, mode, encoding="utf-8", newline="")
        self.stream: IO = _NamedFailures(stream, self.target)  # type: ignore[assignment]

    def _create_temp(self) -> int:
        while True:
            temp = self.target.with_name(f".{self.target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            except FileExistsError:
                continue
            self.temp = temp
            return fd

    def commit(self) -> None:
        """Close the temporary file and rename it to ``target``."""
        try:
            with as_output_error(self.target):
                self.stream.close()  # a device's own failure (/dev/full) surfaces here
                if self.temp is not None:
                    os.replace(self.temp, self.target)
        except BaseException:
            self.discard()
            raise
        self.temp = None

    def discard(self) -> None:
        """Drop what was written (the target keeps its old content, or stays absent)."""
        with contextlib.suppress(OSError):  # a full disk fails the flush again: drop it anyway
            self.stream.close()
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
            self.temp = None


class _NamedFailures:
    """A temporary file's stream whose failing write or flush (a full disk) is an
    :class:`OutputError` naming the output it was for, not whichever output's block
    the error happens to cross on its way up."""

    def __init__(self, stream: IO, target: Path) -> None:
        self._stream = stream
        self._target = target

    def write(self, data: str | bytes) -> int:
        with as_output_error(self._target):
            return self._stream.write(data)  # type: ignore[arg-type]

    def flush(self) -> None:
        with as_output_error(self._target):
            self._stream.flush()

    def __getattr__(self, name: str) -> object:  # seek, tell, close… for zip and Parquet writers
        return getattr(self._stream, name)


@contextmanager
def atomic_file(
    target: str | os.PathLike[str], mode: str = "w", *, streams: bool = False
) -> Iterator[IO]:
    """A stream whose content appears at ``target`` complete or not at all.

    Text modes write UTF-8 with newlines as given. Any exception inside the
    block removes the temporary file; a write to the stream that fails is
    :class:`OutputError` naming ``target``. ``streams``: see :class:`AtomicFile`.
    """
    handle = AtomicFile(target, mode, streams=streams)
    try:
        yield handle.stream
    except BaseException:
        handle.discard()
        raise
    handle.commit()


def write_atomic(
    target: str | os.PathLike[str], data: str | bytes, *, streams: bool = False
) -> None:
    """Write ``data`` (text as UTF-8) to ``target`` with :func:`atomic_file`."""
    mode = "wb" if isinstance(data, bytes) else "w"
    with atomic_file(target, mode, streams=streams) as stream:
        stream.write(data)


def save_workbook(
    workbook: object, target: str | os.PathLike[str], *, streams: bool = False
) -> None:
    """An openpyxl workbook saved to ``target`` with :func:`atomic_file`.

    When the save fails (a full disk), openpyxl leaves its zip archive open; the
    archive's finaliser would try to write again and print "Exception ignored"
    with a traceback after our one-line error. It is finalised here, quietly.
    """
    with atomic_file(target, "wb", streams=streams) as stream:
        try:
            # zipfile also flushes and seeks past the stream's named write (a device fails there)
            with as_output_error(target):
                workbook.save(stream)  # type: ignore[attr-defined]
        except BaseException as error:
            with quiet_finalisers():
                drop_tracebacks(error)  # the frames of the save, and its archive, go
            raise


def drop_tracebacks(error: BaseException) -> None:
    """Free the frames an error's tracebacks (and those of its causes) hold on to."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        pending += [current.__cause__, current.__context__]


@contextmanager
def quiet_finalisers() -> Iterator[None]:
    """Finalisers of what is dropped inside the block run silently (then a collection).

    For writers given up half-way (an openpyxl workbook whose sheets are open
    generators, a zip archive): their finalisers fail on the abandoned stream and
    would print "Exception ignored … Traceback" after the one-line error.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
        gc.collect()
    finally:
        sys.unraisablehook = hook


class Appender:
    """A file appended to line by line (``O_APPEND``, created with ``FILE_MODE``): a batch
    run's journals. Each :meth:`write` goes on until every byte is written; a failure is
    :class:`OutputError` naming the file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        with as_output_error(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, FILE_MODE)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        with as_output_error(self.path):
            while view:
                view = view[os.write(self.fd, view) :]

    def close(self) -> None:
        os.close(self.fd)


@contextmanager
def as_output_error(target: str | os.PathLike[str]) -> Iterator[None]:
    """An ``OSError`` inside the block becomes :class:`OutputError` naming ``target``."""
    try:
        yield
    except OutputError:
        raise
    except OSError as error:
        raise output_error(target, error) from error


def output_error(target: str | os.PathLike[str], error: OSError) -> OutputError:
    """The one-line error for an output that could not be written."""
    from crosscheck.ingest.files import display_path
    from crosscheck.messages import os_error_reason, say

    shown = display_path(target)
    return OutputError(
        say("cannot_write", "zh", path=shown, reason=os_error_reason(error, "zh")),
        say("cannot_write", "en", path=shown, reason=os_error_reason(error, "en")),
    )
