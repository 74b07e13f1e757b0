"""No process of a batch outlives the process that started it (issue 13: ``kill -9`` of the parent).

The process engine has three kinds of process: the caller (the CLI, the web
server, a script calling ``crosscheck.frames``), the fork server it starts, and
the workers the fork server forks. A worker keeps the fork server alive (it
holds the server's "alive" pipe), so after a ``kill -9`` of the caller alone a
busy worker would go on with its document, and a hung one forever, beside the
server. Two guards, one in the kernel and one in Python:

* Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` in the fork server (tied to the
  caller) and in each worker (tied to the fork server): the kernel kills the
  chain when the caller dies, even in the middle of a C call that holds the GIL.
  The signal fires when the parent *thread* exits, so the server is tied only
  when the caller's main thread starts it (it lives as long as the process).
* Everywhere: a watcher thread in each worker ends it when the caller's end of
  its pipe hangs up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

# Set by the caller while it starts the fork server: the pid the server must not outlive.
PARENT_ENV = "CROSSCHECK_BATCH_PARENT"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> bool:
    """On Linux, have the kernel kill this process when the thread that forked it exits."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):
        return False


def tie_server_to_caller() -> None:
    """In the fork server, as it starts: die with the caller when the caller asked for it."""
    expected = os.environ.pop(PARENT_ENV, "")
    if not expected.isdigit():
        return
    die_with_parent()
    if os.getppid() != int(expected):  # the caller died before the guard was set
        os._exit(0)


@contextlib.contextmanager
def tied_server_start() -> Iterator[None]:
    """Around starting the fork server: tie it to this process if this is the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    os.environ[PARENT_ENV] = str(os.getpid())
    try:
        yield
    finally:
        os.environ.pop(PARENT_ENV, None)


def exit_when_hung_up(fd: int) -> None:
    """Start a daemon thread that ends this process when the other end of ``fd`` is gone."""
    import select

    if not hasattr(select, "poll"):
        return
    # Only hang-ups are asked for (not POLLIN: a new task must not wake the watcher).
    hangup = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)
    poller = select.poll()
    poller.register(fd, hangup & ~(select.POLLHUP | select.POLLERR | select.POLLNVAL))

    def watch() -> None:
        while True:
            for _fd, events in poller.poll():
                if events & hangup:
                    os._exit(0)

    threading.Thread(target=watch, name="crosscheck-parent-watch", daemon=True).start()
