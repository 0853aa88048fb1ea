"""Reading a state file and its journals, and compacting them (see :mod:`.statefile` for the
layout on disk). Nothing here changes a file except :func:`compact`, which replaces the
snapshot and deletes the sealed journal it folded in, holding that journal's lock.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import secrets
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockgw import snapshot
from mockgw.journal.entries import Replayer
from mockgw.journal.frames import JournalError, Parsed, Record, parse
from mockgw.snapshot import SnapshotError, fsync_directory, write_bytes
from mockgw.state import World

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

#: Records, and bytes, after which the current journal is compacted into the snapshot. Start-up
#: replays at most about twice this many records (the sealed journal and the current one).
COMPACT_FRAMES = 8_000
COMPACT_BYTES = 64 << 20
#: Seconds to wait before trying again after a compaction failed.
RETRY_AFTER = 10.0
#: The exit status of a compaction child that found another one at work.
BUSY = 3


class StateFileError(SnapshotError):
    """A state file (or its journal) that cannot be loaded, or a place it cannot be kept."""


@dataclass
class Loaded:
    """What :func:`load_into` found: the lineage, the last record applied, the journal files
    read (by path), and the replay's divergences."""

    lineage: str
    last_seq: int
    base: str  # the first line's base for a journal file that would be the lineage's first
    files: dict[Path, Parsed] = field(default_factory=dict)
    replayed: int = 0
    diverged: int = 0
    first_divergence: str | None = None
    had_snapshot: bool = False
    #: the snapshot names its lineage (a compaction wrote it)
    compacted: bool = False


def paths(target: Path) -> tuple[Path, Path]:
    """(the current journal, the sealed journal) of the snapshot file ``target``."""
    return target.with_name(target.name + ".journal"), target.with_name(
        target.name + ".journal.sealed"
    )


@contextmanager
def _no_gc() -> Iterator[None]:
    """Collection off while millions of objects are made: it would scan them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_snapshot(world: World, target: Path) -> tuple[dict[str, Any] | None, str]:
    """Restore ``world`` from the snapshot file (if any): (its journal meta, the base a first
    journal file must name)."""
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        return None, "empty"
    except OSError as error:
        raise StateFileError(f"cannot read the state file {str(target)!r}: {error}") from None
    if not data.strip():
        return None, "empty"
    where = repr(str(target))
    try:
        document = snapshot.parse(data, where)
    except SnapshotError as error:
        raise StateFileError(str(error)) from None
    meta = document.get("journal") if isinstance(document, dict) else None
    if meta is not None and not (
        isinstance(meta, dict)
        and set(meta) == {"id", "seq"}
        and isinstance(meta["id"], str)
        and 0 < len(meta["id"]) <= 64
        and all(c in "0123456789abcdef" for c in meta["id"])
        and isinstance(meta["seq"], int)
        and not isinstance(meta["seq"], bool)
        and meta["seq"] >= 0
    ):
        raise StateFileError(f'{where}: "journal" must be {{"id": hex text, "seq": integer >= 0}}')
    try:
        snapshot.restore(world, document)
    except SnapshotError as error:
        raise StateFileError(f"{where}: {error}") from None
    return meta, f"crc-{zlib.crc32(data):08x}"


class CompactionBusy(StateFileError):
    """Another process is compacting this state file's sealed journal."""


@contextmanager
def _holding_sealed(path: Path, *, exclusive: bool) -> Iterator[bool]:
    """Hold the lock of the sealed journal ``path``; yields whether it exists.

    A compaction holds it exclusively from reading the files to deleting the sealed journal
    (:class:`CompactionBusy` if another one has it), and a loader shares it while it reads the
    snapshot and the journals, so a loader never sees a snapshot from before a compaction with
    the sealed journal already gone, and two compactions (one a killed server's orphan) never
    interleave."""
    if fcntl is None:  # pragma: no cover - not POSIX: one process at a time is assumed
        yield path.exists()
        return
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield False
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
            except BlockingIOError:
                raise CompactionBusy(
                    f"{str(path)!r} is being compacted by another process"
                ) from None
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not compacted and deleted while we waited for the lock
                yield True
                return
        finally:
            os.close(fd)


def load_into(world: World, target: Path, *, current: bool = True, lock: bool = True) -> Loaded:
    """Load the snapshot ``target`` into ``world`` and replay its journal after it: the sealed
    one, and the current one too with ``current``. Changes no file. ``lock``: share the
    sealed journal's lock while reading (see :func:`_holding_sealed`)."""
    target = Path(os.path.realpath(target))  # a link's journal lives beside its target
    journal_path, sealed_path = paths(target)
    with _no_gc():
        reading = _holding_sealed(sealed_path, exclusive=False) if lock else nullcontext()
        with reading:
            meta, base = _read_snapshot(world, target)
            files = _read_journals((sealed_path, journal_path) if current else (sealed_path,))
        lineage = _check_lineage(target, meta, base, files)
        loaded = Loaded(lineage, meta["seq"] if meta else 0, base, files)
        loaded.had_snapshot = base != "empty"
        loaded.compacted = meta is not None
        replayer = Replayer(world, repr(str(target)) + "'s journal")
        for record in _records_after(target, loaded.last_seq, files):
            try:
                replayer.apply(record)
            except JournalError as error:
                raise StateFileError(str(error)) from None
            loaded.last_seq = record.seq
        loaded.replayed = replayer.applied
        loaded.diverged = replayer.diverged
        loaded.first_divergence = replayer.first_divergence
    return loaded


def _read_journals(candidates: tuple[Path, ...]) -> dict[Path, Parsed]:
    files: dict[Path, Parsed] = {}
    for path in candidates:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise StateFileError(f"cannot read the journal {str(path)!r}: {error}") from None
        try:
            files[path] = parse(data, repr(str(path)))
        except JournalError as error:
            raise StateFileError(str(error)) from None
    return files


def _check_lineage(
    target: Path, meta: dict[str, Any] | None, base: str, files: dict[Path, Parsed]
) -> str:
    """The lineage the journal files share with the snapshot; an error if they do not."""
    named = [(path, parsed) for path, parsed in files.items() if parsed.lineage is not None]
    lineages = {parsed.lineage for _, parsed in named}
    if meta is not None:
        for path, parsed in named:
            if parsed.lineage != meta["id"]:
                raise StateFileError(_foreign(path, target))
        return str(meta["id"])
    if not named:
        return secrets.token_hex(8)
    if len(lineages) > 1:
        raise StateFileError(
            f"the journals beside {str(target)!r} belong to different state files; move them "
            "away to start from the snapshot alone"
        )
    first_path, first = named[0]
    if first.base != base:
        raise StateFileError(_foreign(first_path, target))
    return str(first.lineage)


def _foreign(path: Path, target: Path) -> str:
    return (
        f"the journal {str(path)!r} does not continue the snapshot {str(target)!r} (the snapshot "
        "was replaced?); move the journal away to start from the snapshot alone"
    )


def _records_after(target: Path, last: int, files: dict[Path, Parsed]) -> Iterator[Record]:
    expected = last + 1
    for parsed in files.values():
        for record in parsed.records:
            if record.seq < expected:
                continue  # already in the snapshot (a compaction ended before its cleanup)
            if record.seq != expected:
                raise StateFileError(
                    f"the journal of {str(target)!r} is missing records {expected} to "
                    f"{record.seq - 1}; move it away to start from the snapshot alone"
                )
            expected += 1
            yield record


def write_snapshot(world: World, target: Path, lineage: str, seq: int) -> None:
    """Save ``world`` as the snapshot holding every record up to ``seq``."""
    document = snapshot.snapshot(world)
    document["journal"] = {"id": lineage, "seq": seq}
    with _no_gc():
        data = json.dumps(document, separators=(",", ":")).encode()
    write_bytes(target, data)


def compact(target: Path) -> Loaded:
    """Fold the sealed journal of ``target`` into a new snapshot, then delete it (what the
    child process ``python -m mockgw.journal compact FILE`` does)."""
    target = Path(os.path.realpath(target))
    _, sealed_path = paths(target)
    world = World()
    with _holding_sealed(sealed_path, exclusive=True) as present:
        loaded = load_into(world, target, current=False, lock=False)
        if present and sealed_path in loaded.files:
            write_snapshot(world, target, loaded.lineage, loaded.last_seq)
            sealed_path.unlink()
            fsync_directory(target.parent)
    return loaded


def remove_stale_temporaries(target: Path) -> None:
    """Temporary files a killed writer (a compaction stopped at shutdown) left behind."""
    prefix, suffix = f".{target.name}.", ".tmp"
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(suffix):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)
