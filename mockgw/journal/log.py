"""The journal file being appended to, and when what was appended reaches the disk.

Appending (:meth:`Log.append`) only queues a frame and gives it the next sequence number; it is
cheap, and the caller holds the backend's lock while it does it, so frames are numbered in the
order their changes were made. :meth:`Log.commit` then makes the frame as durable as the policy
says, outside every backend lock, before the caller answers:

``always`` (the default)
    the frame is written and ``fsync``'d before the answer: an acknowledged write survives a
    crash of the process, of the machine, or a power cut. Concurrent commits share one write and
    one ``fsync`` (group commit): whoever finds no flush running becomes the leader, writes
    every queued frame and syncs, and the others wait for it.
``batch``
    the frame is written (handed to the operating system) before the answer, and a background
    thread ``fsync``'s every :data:`BATCH_INTERVAL` seconds: an acknowledged write survives the
    process being killed (``kill -9``, OOM); a power cut can lose the last interval's writes.
``never``
    written before the answer, never ``fsync``'d by mockgw (the kernel writes it back, within
    ~30 s on Linux): survives the process being killed, not a power cut.

A write or ``fsync`` that fails (disk full, I/O error) breaks the log: that commit and every
later one raise :class:`~mockgw.journal.frames.JournalError`, so no write is acknowledged that
the journal does not hold (the server answers them 503).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from mockgw.journal.frames import JournalError, checksum, frame
from mockgw.snapshot import fsync_directory

POLICIES = ("always", "batch", "never")
#: Seconds between the background ``fsync`` calls of the ``batch`` policy.
BATCH_INTERVAL = 0.1


class Log:
    """An open journal file: frames numbered from ``next_seq`` on, appended in order."""

    def __init__(
        self, path: Path, policy: str, next_seq: int, first_line: bytes, *, mode: int = 0o644
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"fsync policy {policy!r} is not one of {', '.join(POLICIES)}")
        self.path = path
        self.policy = policy
        self._mode = mode
        self.first_line = first_line
        self._lock = threading.Lock()
        self._flushed = threading.Condition(self._lock)
        self._queue: list[bytes] = []
        self._next = next_seq
        self._written = next_seq - 1  # highest sequence number handed to the OS
        self._synced = next_seq - 1  # highest sequence number fsync'd
        self._flushing = False
        self._broken: str | None = None
        self._closed = False
        #: frames and bytes in the current file (what compaction is triggered by)
        self.frames = 0
        self.size = 0
        self._fd = self._open(path)
        self._syncer: threading.Thread | None = None
        if policy == "batch":
            self._syncer = threading.Thread(
                target=self._sync_loop, name="mockgw-fsync", daemon=True
            )
            self._syncer.start()

    def _open(self, path: Path) -> int:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, self._mode)
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                os.write(fd, self.first_line)
                os.fsync(fd)
                fsync_directory(path.parent)
                size = len(self.first_line)
        except OSError:
            os.close(fd)
            raise
        self.size = size
        return fd

    @property
    def last_seq(self) -> int:
        """The sequence number of the last frame appended."""
        return self._next - 1

    # ------------------------------------------------------------------ appending
    def append(self, head: bytes, body: bytes = b"") -> int:
        """Queue a frame; its sequence number. Cheap: the caller may hold a backend's lock."""
        partial = checksum(head, body)
        with self._lock:
            if self._broken is not None:
                raise JournalError(self._broken)
            if self._closed:
                raise JournalError(f"the journal {str(self.path)!r} is closed")
            seq = self._next
            self._next = seq + 1
            self._queue.append(frame(seq, head, body, partial))
            return seq

    def commit(self, seq: int) -> None:
        """Return once frame ``seq`` is as durable as the policy promises (see the module)."""
        self._flush(self.policy == "always", seq)

    def sync(self) -> None:
        """Write and fsync everything appended so far."""
        self._flush(True, None)

    def _flush(self, sync: bool, seq: int | None) -> None:
        """Make frame ``seq`` (every frame queued, for None) written, or synced with ``sync``:
        as the leader (the one thread writing, for everyone queued) or by waiting for one."""
        with self._lock:
            target = self._next - 1 if seq is None else seq
            while True:
                if self._broken is not None:
                    raise JournalError(self._broken)
                if (self._synced if sync else self._written) >= target or self._closed:
                    return
                if not self._flushing:
                    break
                self._flushed.wait()
            self._flushing = True
            batch, self._queue = self._queue, []
            upto = self._next - 1
        error: str | None = None
        try:
            self._write(batch)
            if sync:
                os.fsync(self._fd)
        except OSError as failure:
            error = f"the journal {str(self.path)!r} cannot be written: {failure}"
        with self._lock:
            self._flushing = False
            if error is not None:
                self._broken = error
            else:
                self._written = upto
                if sync:
                    self._synced = upto
            self._flushed.notify_all()
            if error is not None:
                raise JournalError(error)

    def _write(self, batch: list[bytes]) -> None:
        if not batch:
            return
        data = b"".join(batch)
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        self.frames += len(batch)
        self.size += len(data)

    def _sync_loop(self) -> None:
        pause = threading.Event()
        while not self._closed:
            pause.wait(BATCH_INTERVAL)
            try:
                self._flush(True, None)
            except JournalError:
                return  # every later commit raises it

    # ------------------------------------------------------------------ files
    def reopen(self, rename_to: Path, first_line: bytes) -> None:
        """Seal the current file: write and fsync what is queued, rename the file to
        ``rename_to``, and go on in a fresh file at the same path, starting ``first_line``."""
        with self._lock:
            while self._flushing:
                self._flushed.wait()
            if self._broken is not None:
                raise JournalError(self._broken)
            self._flushing = True
            batch, self._queue = self._queue, []
            upto = self._next - 1
        error: str | None = None
        try:
            self._write(batch)
            os.fsync(self._fd)
            os.replace(self.path, rename_to)
            self.first_line = first_line
            old, self._fd = self._fd, self._open(self.path)
            os.close(old)
            self.frames = 0
        except OSError as failure:
            error = f"the journal {str(self.path)!r} cannot be written: {failure}"
        with self._lock:
            self._flushing = False
            if error is not None:
                self._broken = error
            else:
                self._written = self._synced = upto
            self._flushed.notify_all()
            if error is not None:
                raise JournalError(error)

    def close(self) -> None:
        """Write and fsync everything appended, then close the file (idempotent)."""
        try:
            if not self._closed and self._broken is None:
                self._flush(True, None)
        except JournalError:
            pass  # reported to the commit that failed; every later write was refused
        finally:
            with self._lock:
                while self._flushing:
                    self._flushed.wait()
                self._closed = True
                fd, self._fd = self._fd, -1
                self._flushed.notify_all()
            if fd >= 0:
                os.close(fd)
