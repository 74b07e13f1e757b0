"""An upload: its name made safe, its bytes written into a folder of ours, under the cap.

The name the browser sends is only ever a label: its last path component, without
control characters, becomes the name of a new file inside a fresh temporary folder
(mode 0700). No path from the client is opened, and the folder goes when the check is done.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator

from crosscheck.errors import InputError
from crosscheck.ingest.files import format_size
from crosscheck.messages import say

# The longest name kept (characters); a longer one keeps its suffix.
MAX_NAME_CHARS = 120
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class UploadTooLarge(InputError):
    """The upload is over the size cap."""


def safe_name(name: str | None, fallback: str) -> str:
    """The file name of an upload: the last component of what the client sent (``/`` and
    ``\\`` both separate), without control characters; ``fallback`` when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _CONTROLS.sub("", base).strip()
    if base in ("", ".", ".."):
        return fallback
    if len(base) > MAX_NAME_CHARS:
        stem, suffix = os.path.splitext(base)
        suffix = suffix if len(suffix) <= 16 else ""
        base = stem[: MAX_NAME_CHARS - len(suffix)] + suffix
    return base


def too_large(size: int | None, limit: int) -> UploadTooLarge:
    if size is None:
        fields = {"limit": format_size(limit)}
        return UploadTooLarge(
            say("web_too_large_stream", "zh", **fields), say("web_too_large_stream", "en", **fields)
        )
    fields = {"size": format_size(size), "limit": format_size(limit)}
    return UploadTooLarge(
        say("web_too_large", "zh", **fields), say("web_too_large", "en", **fields)
    )


async def save_stream(chunks: AsyncIterator[bytes], target: str, limit: int) -> int:
    """Write the body into ``target`` (a new file, owner-only); :class:`UploadTooLarge` as
    soon as it passes ``limit`` bytes (the rest is never read). Returns the size."""
    size = 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise too_large(None, limit)
            stream.write(chunk)
    return size
