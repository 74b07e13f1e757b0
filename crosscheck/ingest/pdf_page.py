"""One PDF page as glyphs and ruling edges, read with pypdfium2 (PDFium).

PDFium parses a page's content stream in C++, about 30 times faster than pdfminer
(bench/bench_pdf.py measures it), and gives what the layout stages need:

- **glyphs**: every character drawn, as a pdfplumber-like dict (``text``, ``x0``,
  ``x1``, ``top``, ``bottom``, ``size``) in points from the top-left corner of
  the page as displayed (its ``/Rotate`` applied). The horizontal extent is
  PDFium's "loose" box (the glyph's advance); the vertical one is the font size
  set on the baseline, as pdfminer does, so that every glyph of a line has the
  same box whatever its shape. Characters PDFium generates itself (the spaces
  and line breaks of its own text extraction) are left out.
- **edges**: the horizontal and vertical segments of every stroked or filled
  path (lines, rectangles, the outlines of table grids), in the same
  coordinates, as the edge dicts that pdfplumber's table finder takes.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["PageContent", "read_page"]

# The share of the font size below the baseline (a CJK font's descent is about an
# eighth of an em): glyph boxes then span the same height as pdfminer's.
DESCENT_SHARE = 0.12
# A path segment whose ends differ by less than this (points) across its direction is
# a horizontal or vertical rule; anything more slanted is not part of a grid.
AXIS_TOLERANCE = 0.1
# The first UTF-16 surrogate code (0xD800-0xDFFF are halves, never characters).
_SURROGATE = 0xD800
# How deep Form XObjects nest before their content is no longer looked into.
MAX_FORM_DEPTH = 8


@dataclass(frozen=True, slots=True)
class PageContent:
    """What one page draws: its size as displayed, its glyphs and its ruling edges."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class _Frame:
    """User space -> the displayed page (points, y downwards), for one page."""

    rotation: int
    x0: float
    y0: float
    width: float  # of the unrotated media box
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.x0, y - self.y0
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        if self.rotation == 270:
            return self.height - y, self.width - x
        return x, self.height - y


def read_page(pdfium: Any, page: Any, number: int, max_chars: int) -> PageContent | int:
    """The glyphs and edges of an open pypdfium2 page; its character count if over ``max_chars``."""
    raw = pdfium.raw
    left, bottom, right, top = page.get_mediabox()
    rotation = page.get_rotation() % 360
    frame = _Frame(rotation, left, bottom, right - left, top - bottom)
    width, height = (
        (frame.height, frame.width) if rotation in (90, 270) else (frame.width, frame.height)
    )
    textpage = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(textpage.raw)
        if count > max_chars:
            return count
        chars = list(_glyphs(raw, textpage.raw, count, frame))
    finally:
        textpage.close()
    edges = list(_edges(raw, page.raw, frame))
    return PageContent(number, float(width), float(height), chars, edges)


def _glyphs(raw: Any, textpage: Any, count: int, frame: _Frame) -> Iterator[dict[str, Any]]:
    is_generated = raw.FPDFText_IsGenerated
    get_unicode = raw.FPDFText_GetUnicode
    get_box = raw.FPDFText_GetLooseCharBox
    get_origin = raw.FPDFText_GetCharOrigin
    get_size = raw.FPDFText_GetFontSize
    get_matrix = raw.FPDFText_GetMatrix
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    previous: dict[str, Any] | None = None
    space = False
    index = 0
    while index < count:
        i = index
        index += 1
        code = get_unicode(textpage, i)
        if is_generated(textpage, i):
            # PDFium reports the space glyphs of the content as spaces of its own, with no
            # usable position: one is put back between its neighbours below. Its line
            # breaks are not glyphs at all.
            space = space or code == 0x20
            continue
        if 0xD800 <= code < 0xDC00 and index < count:
            # A character beyond the BMP comes as two UTF-16 halves, the box on the first.
            low = get_unicode(textpage, index)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                index += 1
        get_box(textpage, i, box)
        get_origin(textpage, i, ox, oy)
        get_matrix(textpage, i, matrix)
        # PDFium's font size is the Tf operand; the text and graphics matrices scale it
        # (a producer may set Tf 720 and scale by 0.05).
        scale = math.hypot(matrix.c, matrix.d) or 1.0
        size = float(get_size(textpage, i)) * scale or 1.0
        # The loose box spans the glyph's advance; on a rotated page that runs along y.
        ax, _ = frame.point(box.left, box.bottom)
        bx, _ = frame.point(box.right, box.top)
        _, base = frame.point(ox.value, oy.value)
        glyph = {
            # A lone UTF-16 half (a damaged font's map) is no character: it cannot be
            # encoded in any output, so it reads as the replacement character.
            "text": chr(code)
            if 0 <= code < 0x110000 and not _SURROGATE <= code < 0xE000
            else "\ufffd",
            "x0": min(ax, bx),
            "x1": max(ax, bx),
            "top": base - (1 - DESCENT_SHARE) * size,
            "bottom": base + DESCENT_SHARE * size,
            "size": size,
        }
        if space and previous is not None:
            yield _space_between(previous, glyph)
        space = False
        previous = glyph
        yield glyph


def _space_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """A space glyph right after ``before``, up to ``after`` when that is on the same line."""
    same_line = abs(after["bottom"] - before["bottom"]) < 0.5 * before["size"]
    end = after["x0"] if same_line and after["x0"] > before["x1"] else before["x1"]
    return dict(before, text=" ", x0=before["x1"], x1=end)


# --- paths ------------------------------------------------------------------------------

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention: p' = p x inner x outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _edges(raw: Any, page: Any, frame: _Frame) -> Iterator[dict[str, Any]]:
    count = raw.FPDFPage_CountObjects(page)
    objects = (raw.FPDFPage_GetObject(page, i) for i in range(count))
    yield from _object_edges(raw, objects, _IDENTITY, frame, 0)


def _object_edges(
    raw: Any, objects: Iterator[Any], outer: _Matrix, frame: _Frame, depth: int
) -> Iterator[dict[str, Any]]:
    get_type = raw.FPDFPageObj_GetType
    matrix = raw.FS_MATRIX()
    for obj in objects:
        kind = get_type(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        if not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        own = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                count = raw.FPDFFormObj_CountObjects(obj)
                inner = (raw.FPDFFormObj_GetObject(obj, i) for i in range(count))
                yield from _object_edges(raw, inner, own, frame, depth + 1)
            continue
        if _is_painted(raw, obj):
            yield from _path_edges(raw, obj, own, frame)


def _is_painted(raw: Any, path: Any) -> bool:
    """A path that is stroked or filled (a clipping path draws nothing)."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(path, fill, stroke):
        return False
    return bool(stroke.value) or fill.value != raw.FPDF_FILLMODE_NONE


def _path_edges(raw: Any, path: Any, matrix: _Matrix, frame: _Frame) -> Iterator[dict[str, Any]]:
    """The straight horizontal and vertical segments of a path, closing segments included."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    here: tuple[float, float] | None = None
    for i in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, i)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_LINETO and here is not None:
            edge = _edge(here, point)
            if edge is not None:
                yield edge
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        here = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            edge = _edge(here, start)
            if edge is not None:
                yield edge
            here = start


def _edge(p: tuple[float, float], q: tuple[float, float]) -> dict[str, Any] | None:
    x0, x1 = sorted((p[0], q[0]))
    top, bottom = sorted((p[1], q[1]))
    if bottom - top <= AXIS_TOLERANCE:
        orientation = "h"
        top = bottom = (top + bottom) / 2
    elif x1 - x0 <= AXIS_TOLERANCE:
        orientation = "v"
        x0 = x1 = (x0 + x1) / 2
    else:
        return None
    return {
        "object_type": "path_edge",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }
