"""Length-preserving normalisation: one character in, one character out.

The extractor matches on the normalised copy and reports offsets that are
therefore valid in ``Document.text`` too (DESIGN §2: offsets never refer to a
normalised copy with a different length).
"""

from __future__ import annotations

_FULL_WIDTH_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}
_MAP = {
    **_FULL_WIDTH_DIGITS,
    "．": ".",
    "％": "%",
    "﹪": "%",
    "－": "-",
    "−": "-",  # U+2212 MINUS SIGN
    "＋": "+",
    "～": "~",
    "〜": "~",
    "＜": "<",
    "＞": ">",
    "＝": "=",
    "Ｋ": "K",
    "ｋ": "k",
    # Traditional forms of numeral and unit characters (RT's peer cases use them;
    # a report pasted from a Hong Kong or Taiwan source may too).
    "個": "个",
    "點": "点",
    "萬": "万",
    "億": "亿",
    "兩": "两",
    "陸": "陆",
    "貳": "贰",
    "參": "叁",
    "\r": " ",  # CRLF files: a CR is horizontal space for the patterns, never a line break
}
_TABLE = str.maketrans(_MAP)
# Below this length one translate() call beats a replace() per mapped character.
_SHORT = 4096


def normalize(text: str) -> str:
    """The text with full-width digits and signs made ASCII; ``len`` is unchanged.

    ``str.translate`` with a dict costs a lookup per character; the mapped
    characters are rare in reports, so one ``replace`` per character present is
    about ten times faster on real text.
    """
    if len(text) < _SHORT:
        return text.translate(_TABLE)
    for source, target in _MAP.items():
        if source in text:
            text = text.replace(source, target)
    return text
