"""The clerk's self-check page (``crosscheck serve``): drop a report, see its contradictions
highlighted in place (DESIGN §3, the optional ``web`` extra: FastAPI and uvicorn).

    settings.py  WebSettings: where it listens, the upload cap, the timeout
    uploads.py   an upload's name made safe; its bytes into a temporary folder, under the cap
    worker.py    each check in its own worker process with a timeout (batch's process engine)
    results.py   the last results, kept for their downloads (xlsx, json, html)
    page.py      the page's HTML (its words from crosscheck/messages.py)
    app.py       the FastAPI app: the page, its assets, /api/precheck, /api/check, /api/report
    server.py    binds the address, prints it, runs uvicorn (and opens the browser)

The report itself is drawn by crosscheck/report/html.py, the renderer of
``crosscheck check --format html``: the page shows the same section, and its script
and style are the same files (crosscheck/report/assets/).
"""
