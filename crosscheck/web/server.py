"""``crosscheck serve``: bind the address, say it, serve the page until Ctrl-C.

The socket is bound here, before uvicorn starts, so that an address in use is one clear
line (exit 2) and ``--port 0`` prints the port the system chose.
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser

from crosscheck.errors import CrosscheckError
from crosscheck.messages import os_error_reason, say
from crosscheck.web.settings import WebSettings


def require_web() -> None:
    """A one-line :class:`CrosscheckError` unless the web extra (FastAPI, uvicorn) is installed."""
    for module in ("fastapi", "uvicorn"):
        try:
            __import__(module)
        except ImportError as error:
            raise CrosscheckError(
                say("web_needs_extra", "zh", module=module),
                say("web_needs_extra", "en", module=module),
            ) from error


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        fields = {"host": host, "port": port}
        raise CrosscheckError(
            say("web_bind_failed", "zh", reason=os_error_reason(error, "zh"), **fields),
            say("web_bind_failed", "en", reason=os_error_reason(error, "en"), **fields),
        ) from error
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(settings: WebSettings, *, open_browser: bool = False) -> int:
    require_web()
    import uvicorn

    from crosscheck.web.app import create_app

    sock = bind(settings.host, settings.port)
    url = url_of(sock)
    if settings.lang == "en":
        url += "?lang=en"
    sys.stdout.write(say("web_serving", settings.lang, url=url) + "\n")
    sys.stdout.flush()
    config = uvicorn.Config(
        create_app(settings), log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    if open_browser:

        def opener() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=opener, daemon=True).start()
    server.run(sockets=[sock])
    return 0
