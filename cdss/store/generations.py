"""Published generations of an embedded shard: one writer, any number of read-only processes.

A qdrant-edge shard with a write-ahead log opens in one process only, so gunicorn could run one worker
and audits could not share the store. A shard created with `wal_enabled=False` can be loaded by several
processes, but the engine then has no lock at all and a reader's in-memory state would drift from files
that a writer changes under it. So writes never touch what readers have open:

    <store.path>/<collection>/
        writer.lock      flock held by the one writer (`cdss ingest`); a second writer is refused
        CURRENT          name of the published generation, replaced atomically (write, fsync, rename)
        gen-000007/      a published shard: never written again
        gen-000008.tmp/  the writer's working copy (a copy of gen-000007), published on close

A reader loads the generation CURRENT names and, at most every `store.refresh_s`, looks whether CURRENT
changed; when it did, it loads the new generation and drops the old one. Each generation is a complete
flushed shard in which the visibility protocol (store.base) has every document either in its old or
its new version, so a reader sees the corpus before an ingestion or after it, never half of it.
The last `KEEP` generations stay on disk so that a reader still holding an older one keeps working.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from pathlib import Path
from typing import IO

from cdss.errors import StoreLockedError

KEEP = 3
_GEN = re.compile(r"^gen-(\d{6,})$")


class Generations:
    """The directory layout above; no engine calls here, only files, so it is tested on its own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock_fh: IO[str] | None = None

    @staticmethod
    def is_legacy(root: Path) -> bool:
        """A shard written directly in the collection folder by cdss before generations (with a WAL)."""
        return (root / "segments").exists() or (root / "wal").exists()

    def current(self) -> Path | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if _GEN.match(name) and path.is_dir() else None

    def acquire_writer(self) -> None:
        """Take the writer lock or fail at once with a message that says what to do."""
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / "writer.lock", "a+", encoding="utf-8")  # noqa: SIM115  (held while writing)
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise StoreLockedError(
                f"the embedded store at {self.root} is being written by another process (one writer at "
                "a time: `cdss ingest`). Wait for it to finish; serving and audits read the store "
                "read-only and are not affected. For several writers run a Qdrant server and pass "
                "--store http://HOST:6333."
            ) from exc
        self._lock_fh = fh
        for stale in self.root.glob("gen-*.tmp"):  # a writer that crashed before publishing
            shutil.rmtree(stale, ignore_errors=True)

    def release_writer(self) -> None:
        if self._lock_fh is not None:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            self._lock_fh = None

    def working_copy(self) -> tuple[Path, bool]:
        """A fresh `.tmp` folder for the writer: a copy of the published generation (True) or empty."""
        numbers = [int(m.group(1)) for p in self.root.iterdir() if (m := _GEN.match(p.name))]
        tmp = self.root / f"gen-{max(numbers, default=0) + 1:06d}.tmp"
        cur = self.current()
        if cur is None:
            return tmp, False
        shutil.copytree(cur, tmp)
        return tmp, True

    def publish(self, tmp: Path) -> Path:
        """Rename the working copy into place, then point CURRENT at it (each step atomic)."""
        final = tmp.with_name(tmp.name.removesuffix(".tmp"))
        os.replace(tmp, final)
        pointer = self.root / "CURRENT.tmp"
        with open(pointer, "w", encoding="utf-8") as fh:
            fh.write(final.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(pointer, self.root / "CURRENT")
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._prune()
        return final

    def discard(self, tmp: Path) -> None:
        shutil.rmtree(tmp, ignore_errors=True)

    def _prune(self) -> None:
        gens = sorted(
            (int(m.group(1)), p) for p in self.root.iterdir() if (m := _GEN.match(p.name))
        )
        for _, path in gens[:-KEEP]:
            shutil.rmtree(path, ignore_errors=True)
