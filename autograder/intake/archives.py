"""The files inside an input folder or zip, listed without following links or extracting.

An `Entry` reads at most the bytes asked for, so an oversized or hostile member is never
inflated. Zips are refused whole past `MAX_ENTRIES` members or `MAX_TOTAL_BYTES` announced;
a member whose compression ratio exceeds `MAX_RATIO` is never read.
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from autograder.errors import UsageError

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 2 * 2**30
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 2**20  # smaller members are never suspicious
READ_ERRORS = (OSError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile,
               zlib.error)


class ArchiveError(UsageError):
    """A zip refused as a whole; the message is French and says which limit."""


@dataclass(frozen=True)
class Entry:
    parts: tuple[str, ...]  # path inside the input; never absolute, never `..`
    origin: str  # what to show: a file path, or `archive.zip!/member`
    kind: str  # file | link | other (device, fifo…) | unsafe (zip name escaping the archive)
    size: int
    mtime: float
    read: Callable[[int], bytes]  # at most n bytes; may raise one of READ_ERRORS
    problem: str | None = None  # why it must not be read
    path: Path | None = None  # where it lies on disk, for file system entries

    @property
    def name(self) -> str:
        return self.parts[-1]

    def inside(self, depth: int) -> Entry:
        """The same entry seen from its folder `depth` levels down."""
        return replace(self, parts=self.parts[depth:])


def _no_read(n: int) -> bytes:
    raise OSError("not readable")


def file_entry(path: Path, parts: tuple[str, ...]) -> Entry:
    """One file system path, judged without following a link."""
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        kind = "link"
    elif stat.S_ISREG(st.st_mode):
        kind = "file"
    else:
        kind = "other"

    def read(n: int) -> bytes:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            return f.read(n)

    return Entry(parts, str(path), kind, st.st_size, st.st_mtime,
                 read if kind == "file" else _no_read, path=path)


def folder_entries(root: Path) -> list[Entry]:
    """Every file under `root`, sorted; links are listed as links, never followed."""
    found = []
    for path in sorted(root.iterdir()):
        if path.is_dir() and not path.is_symlink():
            found += [_prefixed(x, path.name) for x in folder_entries(path)]
        else:
            found.append(file_entry(path, (path.name,)))
    return found


def _prefixed(entry: Entry, folder: str) -> Entry:
    return replace(entry, parts=(folder, *entry.parts))


def zip_entries(path: Path) -> list[Entry]:
    """The members of a zip, checked against the limits; raises ArchiveError."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except READ_ERRORS as exc:
        raise ArchiveError(f"archive zip illisible ({type(exc).__name__})") from exc
    if len(infos) > MAX_ENTRIES:
        raise ArchiveError(f"archive refusée : {len(infos)} entrées (limite {MAX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ArchiveError(f"archive refusée : {mib(total)} une fois décompressée "
                           f"(limite {mib(MAX_TOTAL_BYTES)})")
    return [_member(path, info) for info in infos if not info.is_dir()]


def _member(path: Path, info: zipfile.ZipInfo) -> Entry:
    raw = info.filename
    name = raw.replace("\\", "/")
    parts = tuple(p for p in PurePosixPath(name).parts if p not in ("", "."))
    origin = f"{path}!/{raw}"
    mtime = _zip_time(info)

    def read(n: int) -> bytes:
        with zipfile.ZipFile(path) as zf, zf.open(info) as f:
            return f.read(n)

    if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]) or not parts:
        return Entry((raw,), origin, "unsafe", info.file_size, mtime, _no_read,
                     f"chemin d'archive dangereux « {raw} »")
    if stat.S_ISLNK(info.external_attr >> 16):
        return Entry(parts, origin, "link", info.file_size, mtime, _no_read)
    problem = None
    if info.file_size > RATIO_FLOOR_BYTES and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO):
        ratio = info.file_size / max(1, info.compress_size)
        problem = (f"taux de compression suspect dans l'archive (×{ratio:.0f}, limite "
                   f"×{MAX_RATIO}) : bombe de décompression probable")
    return Entry(parts, origin, "file", info.file_size, mtime, read, problem)


def _zip_time(info: zipfile.ZipInfo) -> float:
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return 0.0


def mib(n: int) -> str:
    """Bytes as people read them: `20 Mio`, `2 Gio`, `1,5 Mio`."""
    for unit, size in (("Gio", 2**30), ("Mio", 2**20), ("kio", 2**10)):
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return f"{n} octets"
