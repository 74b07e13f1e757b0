"""A small PDF writer for the tests: pages of Chinese text laid out as Word lays out a report.

No dependency: the files are written by hand, in the PDF syntax the readers need.
The text uses the CID font STSong-Light through the predefined CMap UniGB-UCS2-H
(as reportlab's UnicodeCIDFont does): no font file is embedded, so a page is a few
hundred bytes, and every PDF reader maps the codes back to Unicode exactly. CJK
characters are one em wide, ASCII characters half an em (the font's /W).

:class:`Report` flows blocks down pages:

- ``paragraph``: wrapped the way Word wraps Chinese text: a line takes characters
  until the next word does not fit (a CJK character is a word, a run of digits,
  letters and ``.,%`` is one); a mark that never starts a line (``，。；：、`` …) is
  carried over with the character before it. The first line is indented two ems.
- ``heading``, ``line``: one line each (``align`` left, centre or right).
- ``table``: a ruled grid; rows that do not fit go on the next page, under the header
  rows again when ``repeat_header``, under the title and unit lines again when
  ``repeat_caption``.
- running header and page numbers on every page, when asked.

Everything is deterministic: the same calls write the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE_WIDTH = 595.0
PAGE_HEIGHT = 842.0
# The marks that never start a line (禁则), as the reader's lexicon lists them.
NEVER_FIRST = "，。、；：？！）》」』】”’…%％"


def char_width(char: str, size: float) -> float:
    return size / 2 if char.isascii() else size


def text_width(text: str, size: float) -> float:
    return sum(char_width(c, size) for c in text)


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".,%")


def words(text: str) -> list[str]:
    """The unbreakable pieces of ``text``: a CJK character, or a run of digits and letters,
    each with the marks that may not start a line after it."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        j = i + 1
        if _is_word_char(text[i]):
            while j < len(text) and _is_word_char(text[j]):
                j += 1
        while j < len(text) and text[j] in NEVER_FIRST:
            j += 1
        pieces.append(text[i:j])
        i = j
    return pieces


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """``text`` broken into lines of at most ``width`` points (the first ``indent`` less)."""
    lines: list[str] = []
    line = ""
    room = width - indent
    for word in words(text):
        if line and text_width(line + word, size) > room:
            lines.append(line)
            line, room = "", width
        line += word
    if line:
        lines.append(line)
    return lines


@dataclass
class _Page:
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float) -> None:
        """``text`` with its baseline ``size`` below ``top`` (y downwards)."""
        codes = "".join(f"{ord(c):04X}" for c in text)
        y = PAGE_HEIGHT - top - size * 0.88
        self.ops.append(f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{codes}> Tj ET")

    def rule(self, x0: float, top0: float, x1: float, top1: float) -> None:
        y0, y1 = PAGE_HEIGHT - top0, PAGE_HEIGHT - top1
        self.ops.append(f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")


@dataclass
class Report:
    """Blocks flowed down A4 pages; ``save`` writes the PDF."""

    size: float = 12.0
    leading: float = 20.0
    left: float = 72.0
    right: float = 504.0  # the text column's right edge: 36 ems at 12 pt
    top: float = 72.0
    bottom: float = 770.0
    running_header: str | None = None
    page_numbers: bool = False
    pages: list[_Page] = field(default_factory=list)
    y: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    # --- pages ------------------------------------------------------------------------

    def new_page(self) -> None:
        page = _Page()
        self.pages.append(page)
        number = len(self.pages)
        if self.running_header:
            page.text(self.left, 30, self.running_header, 9)
            page.rule(self.left, 44, self.right, 44)
        if self.page_numbers:
            label = f"- {number} -"
            page.text((PAGE_WIDTH - text_width(label, 10.5)) / 2, 800, label, 10.5)
        self.y = self.top

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def lines_left(self) -> int:
        """How many more body lines fit on this page."""
        return int((self.bottom - self.y) // self.leading)

    def skip_to_last_lines(self, count: int) -> None:
        """Move down so that exactly ``count`` body lines remain on this page."""
        self.y = self.bottom - count * self.leading - 1

    def _room_for(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    # --- text ----------------------------------------------------------------------------

    def line(self, text: str, *, align: str = "left", size: float | None = None) -> None:
        size = size or self.size
        self._room_for(self.leading)
        width = text_width(text, size)
        x = {
            "left": self.left,
            "centre": (self.left + self.right - width) / 2,
            "right": self.right - width,
        }[align]
        self.page.text(x, self.y, text, size)
        self.y += max(self.leading, size * 1.5)

    def heading(self, text: str) -> None:
        self.line(text)

    def paragraph(self, text: str, *, indent: float = 2.0) -> None:
        width = self.right - self.left
        for index, line in enumerate(wrap(text, width, self.size, indent * self.size)):
            self._room_for(self.leading)
            x = self.left + (indent * self.size if index == 0 else 0.0)
            self.page.text(x, self.y, line, self.size)
            self.y += self.leading

    # --- tables --------------------------------------------------------------------------

    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        header_rows: int = 1,
        title: str | None = None,
        unit: str | None = None,
        repeat_header: bool = False,
        repeat_caption: bool = False,
        row_height: float = 20.0,
    ) -> None:
        caption = [(title, "centre")] if title else []
        caption += [(unit, "right")] if unit else []
        self._room_for(len(caption) * self.leading + 2 * row_height)
        for text, align in caption:
            self.line(text, align=align)
        drawn: list[tuple[float, Sequence[str]]] = []  # this page's rows and their tops
        for index, row in enumerate(rows):
            if self.y + row_height > self.bottom:
                self._rule_grid(drawn, widths, row_height)
                drawn = []
                self.new_page()
                if repeat_caption:
                    for text, align in caption:
                        self.line(text, align=align)
                if repeat_header and index >= header_rows:
                    for header in rows[:header_rows]:
                        drawn.append((self.y, header))
                        self._row_text(header, widths, row_height)
            drawn.append((self.y, row))
            self._row_text(row, widths, row_height)
        self._rule_grid(drawn, widths, row_height)
        self.y += self.leading / 2

    def _row_text(self, row: Sequence[str], widths: Sequence[float], height: float) -> None:
        x = self.left
        for text, width in zip(row, widths, strict=True):
            if text:
                self.page.text(x + 4, self.y + (height - 9) / 2, text, 9)
            x += width
        self.y += height

    def _rule_grid(
        self, drawn: list[tuple[float, Sequence[str]]], widths: Sequence[float], height: float
    ) -> None:
        if not drawn:
            return
        top, bottom = drawn[0][0], drawn[-1][0] + height
        right = self.left + sum(widths)
        for row_top, _ in drawn:
            self.page.rule(self.left, row_top, right, row_top)
        self.page.rule(self.left, bottom, right, bottom)
        x = self.left
        for width in (0.0, *widths):
            x += width
            self.page.rule(x, top, x, bottom)

    # --- the file ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        objects: list[bytes] = []

        def add(body: str | bytes) -> int:
            objects.append(body.encode("latin-1") if isinstance(body, str) else body)
            return len(objects)

        catalog = add("")  # filled in below, once the page tree's number is known
        font = add("")  # the Type0 font, pointing at the CID font added below
        descriptor = add(
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
            " /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
            " /CapHeight 880 /StemV 93 >>"
        )
        cid_font = add(
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
            f" /FontDescriptor {descriptor} 0 R /DW 1000 /W [1 95 500] >>"
        )
        objects[font - 1] = (
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            f" /DescendantFonts [{cid_font} 0 R] >>"
        ).encode("latin-1")
        tree = len(objects) + 1 + 2 * len(self.pages)
        kids = []
        for page in self.pages:
            stream = ("0.5 w\n" + "\n".join(page.ops)).encode("latin-1")
            content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
            kids.append(
                add(
                    f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PAGE_WIDTH:g} "
                    f"{PAGE_HEIGHT:g}] /Resources << /Font << /F1 {font} 0 R >> >> "
                    f"/Contents {content} 0 R >>"
                )
            )
        references = " ".join(f"{k} 0 R" for k in kids)
        add(f"<< /Type /Pages /Kids [{references}] /Count {len(kids)} >>")
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode("latin-1")

        return assemble_pdf(objects, catalog)

    def save(self, path: Path) -> Path:
        path.write_bytes(self.to_bytes())
        return path


def assemble_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of ``objects`` (numbered from 1) with its cross-reference table; object
    ``root`` is the catalog. Shared by the generated reports and tests/hostile.py's files."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
