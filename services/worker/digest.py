"""What the worker computes for a document, from a stream of chunks."""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str
    lines: int


def digest(chunks):
    """SHA-256 (hex), size and line count of a stream of byte chunks, one chunk in memory at a time.

    Lines: the number of b"\\n" bytes, plus 1 when the object is non-empty and its last byte is not a
    newline (a final line without a terminator still counts). So b"" has 0 lines, b"a" 1, b"a\\n" 1,
    b"a\\nb" 2, b"\\n" 1, b"\\n\\n" 2 — `wc -l`, plus the unterminated last line it would miss.
    """
    sha, size, lines, last = hashlib.sha256(), 0, 0, b""
    for chunk in chunks:
        if not chunk:
            continue
        sha.update(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    if size and last != b"\n":
        lines += 1
    return Digest(size, sha.hexdigest(), lines)
