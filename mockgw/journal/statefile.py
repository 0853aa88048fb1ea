"""``mockgw server --state FILE``: a snapshot and the journal of what followed it.

On disk, beside the file ``FILE`` points to (a symbolic link is followed, and the files live
beside its target):

``FILE``
    a snapshot (:mod:`mockgw.snapshot`, the form ``Mock.save`` writes), plus ``"journal":
    {"id": lineage, "seq": n}``: it holds every record up to ``n``;
``FILE.journal``
    the journal being appended to (:mod:`.frames`): every acknowledged write after the snapshot;
``FILE.journal.sealed``
    while a compaction runs: the journal it folds into a new snapshot.

Start-up loads the snapshot and replays the records after ``n`` (sealed, then current) through
the same handlers that answered them (:mod:`.entries`). A torn tail (a record a crash cut short:
never acknowledged) is dropped; anything else that does not read — a snapshot that is not JSON
or does not describe a consistent world, a journal that does not continue it, a damaged record
— stops start-up with a one-line error and nothing is written.

Compaction: once the journal passes a size (:data:`COMPACT_FRAMES` records or
:data:`COMPACT_BYTES`), it is sealed (renamed; appends go on in a new file at once) and a child
process (``python -m mockgw.journal compact FILE``) loads the snapshot, replays the sealed
journal, writes the new snapshot atomically and deletes the sealed journal. The server never
stops to dump its state: compaction is a replay, on another core. A crash at any step leaves
files start-up reads the same state from. So shutdown is quick (the journal is already durable;
it is synced and closed) and start-up reads one snapshot and at most two journals.

One server at a time: the current journal is locked (``flock``) while a server has it open.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import secrets
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockgw import snapshot, tape
from mockgw.journal.entries import Replayer
from mockgw.journal.frames import JournalError, Parsed, Record, first_line, parse
from mockgw.journal.log import POLICIES, Log
from mockgw.journal.recorder import Recorder
from mockgw.snapshot import SnapshotError, fsync_directory, write_bytes
from mockgw.state import World

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mockgw.journal")

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


class StateFile:
    """The state file of a running server: loads it into ``world`` when made, then records
    every acknowledged write (``world.journal``) and compacts in the background.

    ``fsync``: ``always`` (default), ``batch`` or ``never`` (see :mod:`.log`). ``compactor``:
    ``process`` (default: a child process) or ``thread`` (in this process; for tests)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        world: World,
        *,
        fsync: str = "always",
        compact_frames: int = COMPACT_FRAMES,
        compact_bytes: int = COMPACT_BYTES,
        compactor: str = "process",
    ) -> None:
        if fsync not in POLICIES:
            raise StateFileError(f"--fsync must be one of {', '.join(POLICIES)}, not {fsync!r}")
        if compactor not in ("process", "thread"):
            raise ValueError(f"compactor must be 'process' or 'thread', not {compactor!r}")
        self.path = Path(path)
        self.target = Path(os.path.realpath(self.path))
        self.journal_path, self.sealed_path = paths(self.target)
        self.world = world
        self.compactor = compactor
        parent = self.target.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise StateFileError(
                f"cannot save the state file {str(self.path)!r}: "
                f"{str(parent)!r} is not a writable directory"
            )
        if self.target.is_dir():
            raise StateFileError(f"the state file {str(self.path)!r} is a directory")
        existed = self.journal_path.exists()
        self._lock_fd = self._claim()
        try:
            remove_stale_temporaries(self.target)
            loaded = load_into(world, self.target)
            self._cut_torn_tail(loaded)
        except BaseException:
            self._release()
            if not existed:  # made by _claim: leave nothing behind a refused start
                with contextlib.suppress(OSError):
                    self.journal_path.unlink()
            raise
        self.loaded = loaded.had_snapshot or loaded.replayed > 0
        self.replayed = loaded.replayed
        self.lineage = loaded.lineage
        if loaded.diverged:
            log.warning(
                "mockgw: %d journal records of %s replayed differently than they ran (first: %s)",
                loaded.diverged,
                self.path,
                loaded.first_divergence,
            )
        has_sealed = self.sealed_path in loaded.files
        current = loaded.files.get(self.journal_path)
        # a new journal file is the lineage's first (naming the snapshot it follows) unless a
        # compaction already named the lineage in the snapshot, or a sealed journal comes first
        base = "-" if loaded.compacted or has_sealed else loaded.base
        line = first_line(self.lineage, base)
        try:
            self.log = Log(self.journal_path, fsync, loaded.last_seq + 1, line, mode=self._mode())
        except OSError as error:
            self._release()
            raise StateFileError(
                f"cannot open the journal {str(self.journal_path)!r}: {error}"
            ) from None
        if current is not None:
            self.log.frames = len(current.records)
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._child: subprocess.Popen[bytes] | None = None
        self.compactions = 0
        self.recorder = Recorder(
            self.log,
            compact_frames=compact_frames,
            compact_bytes=compact_bytes,
            on_grown=self._wake.set,
        )
        tape.enable()
        world.journal = self.recorder
        self._thread = threading.Thread(
            target=self._compact_loop, name="mockgw-compactor", daemon=True
        )
        self._thread.start()
        if has_sealed or self.log.frames >= compact_frames or self.log.size >= compact_bytes:
            self._wake.set()

    # ------------------------------------------------------------------ files
    def _claim(self) -> int:
        """Lock the state file's journal for this server (one server per state file)."""
        lock_path = self.target.with_name(self.target.name + ".journal")
        try:
            fd = os.open(lock_path, os.O_RDONLY | os.O_CREAT, self._mode())
        except OSError as error:
            raise StateFileError(f"cannot open the journal {str(lock_path)!r}: {error}") from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise StateFileError(
                    f"the state file {str(self.path)!r} is in use by another mockgw server"
                ) from None
        return fd

    def _release(self) -> None:
        fd, self._lock_fd = self._lock_fd, -1
        if fd >= 0:
            os.close(fd)

    def _mode(self) -> int:
        try:
            return os.stat(self.target).st_mode & 0o777
        except OSError:
            return 0o644

    def _cut_torn_tail(self, loaded: Loaded) -> None:
        current = loaded.files.get(self.journal_path)
        if current is None:
            return
        size = self.journal_path.stat().st_size
        if current.good < size:
            log.warning(
                "mockgw: dropped %d bytes at the end of %s: a record a crash cut short (it was "
                "never acknowledged)",
                size - current.good,
                self.journal_path,
            )
            os.truncate(self.journal_path, current.good)

    # ------------------------------------------------------------------ compaction
    def _compact_loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                if not self.sealed_path.exists():
                    if self.log.frames == 0:
                        continue
                    self.log.reopen(self.sealed_path, first_line(self.lineage, "-"))
                self._relock()
                ok = self._compact_sealed()
            except Exception as error:  # logged, and tried again later; the journal is intact
                log.error("mockgw: compacting %s failed: %s", self.path, error)
                ok = False
            if ok:
                self.compactions += 1
            elif not self._stopping.wait(RETRY_AFTER):
                self._wake.set()

    def _relock(self) -> None:
        """After a rotation, hold the lock on the new current journal."""
        if fcntl is None:
            return
        fd = os.open(self.journal_path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return
        old, self._lock_fd = self._lock_fd, fd
        if old >= 0:
            os.close(old)

    def _compact_sealed(self) -> bool:
        if self.compactor == "thread":
            try:
                compact(self.target)
            except CompactionBusy:
                return False
            return True
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, env.get("PYTHONPATH", "")) if p
        )
        child = subprocess.Popen(
            [sys.executable, "-m", "mockgw.journal", "compact", str(self.target)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._child = child
        try:
            _, err = child.communicate()
        finally:
            self._child = None
        if self._stopping.is_set():
            return True
        if child.returncode == BUSY:
            return False  # an earlier server's compaction is still at it: later
        if child.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            log.error(
                "mockgw: compacting %s failed: %s",
                self.path,
                message[-1] if message else f"exit status {child.returncode}",
            )
            return False
        return True

    # ------------------------------------------------------------------ stop
    def close(self) -> None:
        """Stop compacting (a compaction under way is abandoned: the files stay consistent),
        sync and close the journal. Idempotent."""
        self._stopping.set()
        self._wake.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()
        self._thread.join(5)
        try:
            self.log.close()
            self._drop_if_empty()
        finally:
            self._release()

    def _drop_if_empty(self) -> None:
        """A journal with no record (nothing was written since the last compaction, or at
        all) holds nothing the snapshot lacks: leave the snapshot alone on disk."""
        with contextlib.suppress(OSError):
            if not self.sealed_path.exists() and self.journal_path.stat().st_size == len(
                self.log.first_line
            ):
                self.journal_path.unlink()
                fsync_directory(self.target.parent)

    def save(self) -> None:
        """Everything acknowledged is already in the journal: sync it (kept for callers of the
        old snapshot-at-shutdown state file)."""
        self.log.sync()
