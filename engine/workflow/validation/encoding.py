"""The text of an uploaded BPMN/DMN file, read in the encoding it declares.

A file is stored byte for byte as uploaded; the engine parses its text. The XML declaration (or a
byte-order mark) says how to read the bytes, UTF-8 when it says nothing; the text keeps every
line where it was, its declaration rewritten to UTF-8 so that the text, encoded again, says what
it is.
"""

from __future__ import annotations

import codecs
import re

from engine.errors import Problem

_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
_DECLARED = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])([A-Za-z][A-Za-z0-9._-]*)(["'])""")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_xml(name: str, content: bytes) -> str | Problem:
    """The file's text, or the problem that keeps it from being read."""
    encoding = _declared_encoding(content)
    try:
        codecs.lookup(encoding)
    except LookupError:
        return Problem(
            name, f"the file declares encoding '{encoding}', which is not a known encoding", None, 1
        )
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as err:
        return _undecodable(name, content, encoding, err)
    return _DECLARED.sub(lambda m: m.group(1) + "UTF-8" + m.group(3), text.lstrip("\ufeff"), count=1)


def _declared_encoding(content: bytes) -> str:
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return encoding
    declared = _DECLARATION.match(content[:200])
    return declared.group(1).decode("ascii") if declared else "utf-8"


def _undecodable(name: str, content: bytes, encoding: str, err: UnicodeDecodeError) -> Problem:
    line = content.count(b"\n", 0, err.start) + 1
    column = err.start - (content.rfind(b"\n", 0, err.start) + 1) + 1
    byte = content[err.start]
    if _declared_encoding(content) == "utf-8" and not _DECLARATION.match(content[:200]):
        advice = (
            "the file declares no encoding, so it must be UTF-8: save it as UTF-8, or declare the"
            ' encoding it is in (<?xml version="1.0" encoding="ISO-8859-1"?>)'
        )
    else:
        advice = f"the file is not in the encoding it declares ({encoding}): save it in that encoding"
    return Problem(
        name, f"byte 0x{byte:02X} at line {line}, column {column} cannot be read: {advice}", None, line
    )
