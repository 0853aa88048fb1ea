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
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from mockgw import tape
from mockgw.journal.files import (
    BUSY,
    COMPACT_BYTES,
    COMPACT_FRAMES,
    RETRY_AFTER,
    CompactionBusy,
    Loaded,
    StateFileError,
    compact,
    load_into,
    paths,
    remove_stale_temporaries,
)
from mockgw.journal.frames import first_line
from mockgw.journal.log import POLICIES, Log
from mockgw.journal.recorder import Recorder
from mockgw.snapshot import fsync_directory
from mockgw.state import World

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mockgw.journal")

__all__ = ["COMPACT_FRAMES", "StateFile", "StateFileError", "compact", "load_into"]


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
