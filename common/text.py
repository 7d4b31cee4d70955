"""Text as analysts and scripts may store it: printable, one direction, visible.

Control characters break feeds and terminals, and bidirectional overrides can make a statement
read differently from what it says; both are removed on save. Whitespace stays where a field
has lines (context, quotes, notes) and is folded to single spaces in one-line fields.
"""

import re
import unicodedata

# Explicit direction overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069).
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def sanitize(value, *, multiline):
    """`value` without control characters (tabs and line breaks kept where `multiline`) and
    without bidi overrides; one-line text has its whitespace folded."""
    if not isinstance(value, str):
        return value
    value = value.translate(BIDI_CONTROLS)
    if multiline:
        value = LINE_BREAKS.sub("\n", value)
        keep = {"\n", "\t"}
    else:
        keep = set()
    value = "".join(ch for ch in value if ch in keep or unicodedata.category(ch) != "Cc")
    if not multiline:
        value = " ".join(value.split())
    return value.strip() if not multiline else value.strip("\n\t ")


def has_visible_text(value):
    """Whether anything would show: not only spaces, zero-width or other format characters."""
    return any(unicodedata.category(ch)[0] not in "ZC" for ch in value or "")


def neutralised_for_spreadsheets(value):
    """A text cell that Excel or LibreOffice could read as a formula, kept as text.

    Cells starting with = + - @ (or a tab or carriage return, which some importers strip first)
    get a leading apostrophe, the spreadsheets' own mark for "this is text" (OWASP's advice).
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
