"""The journal's file format: a first line, then one frame per record.

The first line is ``mockgw-journal 1 {lineage} {base}``: the lineage is the id a state file's
journal and its compacted snapshots share (``"journal": {"id": ...}`` in the snapshot); the base
says which snapshot the file's first record follows when that snapshot has no lineage yet (a
file ``Mock.save`` wrote, or none): ``crc-{crc32 of the file}`` or ``empty``; ``-`` otherwise.

A frame is ``{seq:x} {head length:x} {body length:x} {crc32:08x}\\n``, the head (a JSON object),
the body (raw bytes: a request body, a snapshot) and ``\\n``. The CRC covers the head, the body
and the sequence number, so a frame is either whole and what was written, or it is not.

Appends can be torn by a crash or a power cut, and only at the end of the file (a frame cut
short, or zeros where the file system extended the file before writing its data). A bad frame
followed by nothing good is such a tail: it was never acknowledged (an answer waits for its
frame to be written), and it is dropped. A bad frame followed by a good one is damage, not a
crash, and reading stops with an error naming the byte where it is.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

#: How the first line of every journal file starts.
MAGIC = b"mockgw-journal 1 "
_FIRST_LINE = re.compile(rb"mockgw-journal 1 ([0-9a-f]{1,64}) (empty|-|crc-[0-9a-f]{8})\n")
#: Largest head accepted when reading (a head holds a request's small parts; bodies are apart).
MAX_HEAD = 1 << 20
_HEADER = re.compile(rb"([0-9a-f]{1,16}) ([0-9a-f]{1,8}) ([0-9a-f]{1,9}) ([0-9a-f]{8})\n")
_HEADER_LIMIT = 16 + 8 + 9 + 8 + 4


class JournalError(Exception):
    """A journal that cannot be read (damaged, not a journal) or written."""


@dataclass
class Record:
    seq: int
    head: dict[str, Any]
    body: bytes


def checksum(head: bytes, body: bytes) -> int:
    """The part of a frame's CRC that does not depend on its sequence number."""
    return zlib.crc32(body, zlib.crc32(head))


def frame(seq: int, head: bytes, body: bytes, partial_crc: int) -> bytes:
    crc = zlib.crc32(b"%x" % seq, partial_crc)
    return b"%x %x %x %08x\n" % (seq, len(head), len(body), crc) + head + body + b"\n"


def _frame_at(data: bytes, at: int) -> tuple[Record, int] | None:
    """The frame starting at ``at`` and the offset after it, or None if none is whole there."""
    found = _HEADER.match(data, at, min(len(data), at + _HEADER_LIMIT))
    if found is None:
        return None
    seq, head_size, body_size, crc = (int(g, 16) for g in found.groups())
    start = found.end()
    end = start + head_size + body_size
    if head_size > MAX_HEAD or end + 1 > len(data) or data[end : end + 1] != b"\n":
        return None
    head, body = data[start : start + head_size], data[start + head_size : end]
    if zlib.crc32(b"%x" % seq, checksum(head, body)) != crc:
        return None
    try:
        parsed = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if not isinstance(parsed, dict):
        return None
    return Record(seq, parsed, body), end + 1


def first_line(lineage: str, base: str) -> bytes:
    return MAGIC + f"{lineage} {base}\n".encode()


@dataclass
class Parsed:
    """A journal file read: its lineage and base (None: the file has no first line yet), its
    whole records, and the length of its good part (after it: a torn tail to cut off)."""

    lineage: str | None
    base: str | None
    records: list[Record]
    good: int


def parse(data: bytes, where: str) -> Parsed:
    """Read a journal file's ``data``. Raises :class:`JournalError` for a file that is not a
    journal or is damaged before its end."""
    line = _FIRST_LINE.match(data)
    if line is None:
        if b"\n" not in data[:200] and (MAGIC.startswith(data[:17]) or not data.strip(b"\x00")):
            # created, and cut (or zero-filled) before its first line was written
            return Parsed(None, None, [], 0)
        raise JournalError(f"{where} is not a mockgw journal (its first line is not one)")
    records: list[Record] = []
    at = line.end()
    while at < len(data):
        found = _frame_at(data, at)
        if found is None:
            _refuse_damage(data, at, where)
            break
        record, at = found
        records.append(record)
    return Parsed(line.group(1).decode(), line.group(2).decode(), records, at)


def _refuse_damage(data: bytes, at: int, where: str) -> None:
    """A bad frame at ``at``: a torn tail if no good frame follows it, else damage."""
    look = data.find(b"\n", at)
    while look != -1 and look + 1 < len(data):
        if _frame_at(data, look + 1) is not None:
            raise JournalError(
                f"{where} is damaged at byte {at}: a record there is unreadable and good ones "
                "follow it (not a crash's torn tail); move the file away to start without it"
            )
        look = data.find(b"\n", look + 1)
