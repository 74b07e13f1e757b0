"""The FastAPI app of the self-check page.

    GET  /                              the page (?lang=en for English)
    GET  /static/<name>                 its script and styles (a fixed list of files)
    GET  /api/precheck?name=&size=      whether an upload of that name and size is taken
    POST /api/check?name=&lang=         the report of the file sent as the request body
    GET  /api/report/<token>/<format>   a result's download: xlsx, json or html

An upload is refused by its suffix or its size before its body is read; its body is
written into a fresh temporary folder (removed when the check is done) while it is
counted against the cap. Each check runs in a worker process of its own with a timeout
(``web.worker``). Errors are JSON ``{"error": {"kind", "message"}}`` with a one-line
message in the page's language.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import AsyncIterator
from importlib import resources
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from crosscheck.batch.pool import start_server
from crosscheck.errors import CrosscheckError
from crosscheck.ingest import refusal
from crosscheck.messages import say
from crosscheck.report.html import asset
from crosscheck.web.page import page_html
from crosscheck.web.results import Result, ResultStore
from crosscheck.web.settings import WebSettings
from crosscheck.web.uploads import UploadTooLarge, safe_name, save_stream, too_large
from crosscheck.web.worker import Checker

# Every response: scripts, styles and pictures only from this server (no CDN, no inline
# script), never framed by another site, never sniffed as another type.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The files under /static/: name -> (where it is, media type). Nothing else is served.
STATIC = {
    "report.css": ("report", "text/css; charset=utf-8"),
    "report.js": ("report", "text/javascript; charset=utf-8"),
    "app.css": ("web", "text/css; charset=utf-8"),
    "app.js": ("web", "text/javascript; charset=utf-8"),
    "icon.svg": ("web", "image/svg+xml"),
}
DOWNLOADS = {
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
# HTTP status of a failed check, by its outcome's error type (others: 422, unreadable).
FAILURE_STATUS = {"Timeout": 504, "WorkerCrashed": 500, "WorkersCannotStart": 500}


def _static(name: str) -> str:
    where, _ = STATIC[name]
    if where == "report":
        return asset(name)
    return resources.files("crosscheck.web").joinpath("static", name).read_text("utf-8")


def _error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"kind": kind, "message": message}}, status_code=status)


def _attachment(name: str, suffix: str, lang: str) -> str:
    """A Content-Disposition naming the download after the upload (RFC 6266 / 5987)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    full = f"{stem}-{say('web_download_suffix', lang)}.{suffix}"
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in full)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(full)}"


# The names a browser uses for this machine's loopback address.
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def allowed_hosts(bound: str) -> frozenset[str] | None:
    """The Host header names taken by a server bound to ``bound``: the loopback names when
    it listens on loopback; None (any) when it was told to listen on a network address."""
    if bound in LOOPBACK_NAMES or bound.startswith("127."):
        return LOOPBACK_NAMES | {bound}
    return None


def host_of(header: str) -> str:
    """The name in a Host header, without its port (``[::1]:8765`` -> ``::1``)."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    checker = Checker(timeout=settings.timeout, jobs=settings.jobs)
    store = ResultStore(max_items=settings.results_kept, max_bytes=settings.results_max_bytes)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The fork server preloads the pipeline now, while nobody waits for a report.
        start_server()
        yield

    # No /docs or /redoc: their pages load scripts from a CDN.
    app = FastAPI(
        title="crosscheck", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.store = store

    def language(lang: str | None) -> str:
        return lang if lang in ("zh", "en") else settings.lang

    hosts = allowed_hosts(settings.host)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        if hosts is not None and host_of(request.headers.get("host", "")) not in hosts:
            # A page elsewhere that made its own name point at 127.0.0.1 (DNS rebinding)
            # does not get to use the server.
            return Response("Host not allowed", status_code=400, media_type="text/plain")
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if request.url.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/", response_class=HTMLResponse)
    def page(lang: str | None = None) -> HTMLResponse:
        return HTMLResponse(page_html(language(lang), settings.max_bytes))

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response(status_code=404)
        return Response(_static(name), media_type=STATIC[name][1])

    def refused(name: str, size: int | None, lang: str) -> JSONResponse | None:
        """Why an upload of ``name`` and ``size`` bytes is not taken, before reading it."""
        unreadable = refusal(name)
        if unreadable is not None:
            return _error(415, "unsupported", unreadable.message(lang))
        if size is not None and size > settings.max_bytes:
            return _error(413, "too-large", too_large(size, settings.max_bytes).message(lang))
        return None

    @app.get("/api/precheck")
    def precheck(name: str = "", size: int | None = None, lang: str | None = None) -> Response:
        lang = language(lang)
        return refused(safe_name(name, name), size, lang) or JSONResponse({"ok": True})

    @app.post("/api/check")
    async def check(request: Request, name: str = "", lang: str | None = None) -> Response:
        lang = language(lang)
        name = safe_name(name, say("web_paste_name", lang))
        declared = request.headers.get("content-length")
        size = int(declared) if declared and declared.isdigit() else None
        early = refused(name, size, lang)
        if early is not None:
            return early
        with tempfile.TemporaryDirectory(prefix="crosscheck-upload-") as folder:
            path = f"{folder}/{name}"
            try:
                await save_stream(request.stream(), path, settings.max_bytes)
            except UploadTooLarge as error:
                return _error(413, "too-large", error.message(lang))
            try:
                outcome = await run_in_threadpool(checker.check, path, name, lang)
            except CrosscheckError as error:  # no worker could start
                return _error(500, type(error).__name__, error.message(lang))
        if outcome.failed or outcome.report is None or outcome.page is None:
            status = FAILURE_STATUS.get(outcome.error_type, 422)
            return _error(status, outcome.error_type or "failed", outcome.error)
        report = json.loads(outcome.report)
        token = store.put(
            Result(name, lang, outcome.report, tuple(map(tuple, outcome.findings)), outcome.page)
        )
        counts = {s: outcome.row.get(f"{s}_findings", 0) for s in ("error", "warning", "info")}
        return JSONResponse(
            {
                "token": token,
                "name": name,
                "counts": {"total": len(report["findings"]), **counts},
                "html": outcome.page.html,
                "report": report,
            }
        )

    @app.get("/api/report/{token}/{form}")
    def download(token: str, form: str, lang: str | None = None) -> Response:
        lang = language(lang)
        if form not in DOWNLOADS:
            return _error(404, "no-format", say("web_bad_format", lang, format=form))
        result = store.get(token)
        if result is None:
            return _error(404, "expired", say("web_expired", lang, count=settings.results_kept))
        if form == "json":
            body: str | bytes = result.report
        elif form == "html":
            from crosscheck.report.html import render_page

            body = render_page([result.section], result.lang, title=result.name)
        else:
            from crosscheck.report.export import findings_xlsx

            try:
                body = findings_xlsx(result.rows, result.lang)
            except CrosscheckError as error:  # the xlsx extra is not installed
                return _error(501, "missing-extra", error.message(lang))
        return Response(
            body,
            media_type=DOWNLOADS[form],
            headers={"Content-Disposition": _attachment(result.name, form, result.lang)},
        )

    return app
