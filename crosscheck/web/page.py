"""The page's HTML: a drop zone and a paste box, where the report appears after an upload.

Its words come from crosscheck/messages.py in the page's language; what its script needs
to say (checking…, the errors) is handed over as a JSON block, never as code. The script
and the styles are files served by the app (no CDN: the page works offline).
"""

from __future__ import annotations

import html
import json

from crosscheck.ingest import READERS
from crosscheck.ingest.files import format_size
from crosscheck.messages import say, template

# What the script says, by message key (crosscheck/messages.py).
_SCRIPT_MESSAGES = ("web_checking", "web_failed", "web_network", "web_paste_empty")


def _t(key: str, lang: str, **fields: object) -> str:
    return html.escape(say(key, lang, **fields))


def page_html(lang: str, max_bytes: int) -> str:
    suffixes = " ".join(READERS)
    other = "en" if lang == "zh" else "zh"
    config = {
        "lang": lang,
        "maxBytes": max_bytes,
        "pasteName": say("web_paste_name", lang),
        "messages": {key: template(key, lang) for key in _SCRIPT_MESSAGES},
    }
    # JSON inside <script>: "<" escaped, so no "</script>" can end the block early.
    config_json = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    downloads = " ".join(
        f'<a class="cc-dl" data-format="{f}" href="#">{_t(f"web_download_{f}", lang)}</a>'
        for f in ("xlsx", "json", "html")
    )
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_t("web_title", lang)}</title>
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/report.css"><link rel="stylesheet" href="/static/app.css">
</head><body class="cc-app">
<header class="cc-bar"><h1>{_t("web_title", lang)}</h1>
<p class="cc-tagline">{_t("web_tagline", lang)}</p>
<a class="cc-lang" href="/?lang={other}" hreflang="{other}">{_t("web_other_lang", lang)}</a></header>
<main>
<section id="cc-upload" class="cc-upload">
<div id="cc-drop" class="cc-drop" tabindex="0" role="button" aria-describedby="cc-formats">
<p class="cc-drop-big">{_t("web_drop", lang)}</p>
<p><label class="cc-pick" for="cc-file">{_t("web_pick", lang)}</label>
<input type="file" id="cc-file" accept="{html.escape(",".join(READERS))}"></p>
<p id="cc-formats" class="cc-hint">{_t("web_formats", lang, suffixes=suffixes, limit=format_size(max_bytes))}</p>
</div>
<div class="cc-paste"><label for="cc-text">{_t("web_paste_label", lang)}</label>
<textarea id="cc-text" rows="5" spellcheck="false"></textarea>
<button type="button" id="cc-paste-go">{_t("web_paste_button", lang)}</button></div>
</section>
<div id="cc-status" class="cc-status" role="status" aria-live="polite"></div>
<div id="cc-error" class="cc-error" role="alert" hidden></div>
<div id="cc-downloads" class="cc-downloads" hidden><span>{_t("web_download", lang)}</span> {downloads}
<button type="button" id="cc-again">{_t("web_again", lang)}</button></div>
<div id="cc-result"></div>
</main>
<script type="application/json" id="cc-config">{config_json}</script>
<script src="/static/report.js"></script><script src="/static/app.js"></script>
</body></html>
"""
