"""Text that is safe to show in a terminal: no escape sequences, no invisible reordering.

A key in an answers file or a file name can carry ``ESC ] 0 ; title BEL`` (retitles the window),
``ESC [ 2 J`` (clears the screen), a bidirectional override that shows text backwards, or bytes
that are not valid UTF-8. Everything kasgen prints passes through :func:`printable` (via
:class:`SafeStream` in the CLI), which writes such characters as visible ``\\xNN``/``\\uNNNN``
escapes.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: Invisible characters that reorder or hide text (bidirectional overrides and isolates, zero
#: width characters, the invisible operators kasgen once used as markers) and line separators.
_FORMAT = "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_FORMAT}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_FORMAT}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line with every control, format or surrogate character escaped."""
    return _UNSAFE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Like :func:`printable`, but line feeds, carriage returns and tabs stay as they are."""
    return _UNSAFE_KEEPING_LINES.sub(_escape, text)


class SafeStream:
    """A text stream that writes :func:`printable_lines` of whatever it is given."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable_lines(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
