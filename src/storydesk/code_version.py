"""The version of the code that is running, finer than the release number.

A stage failure is retried when the code changes; between releases (a development
install, a patched checkout) `__version__` stays the same while the code does not, so
the version also carries a digest of the package's own source files.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from storydesk import __version__


@lru_cache(maxsize=1)
def code_version() -> str:
    """`0.1.0+1a2b3c4d5e6f`: the release and a digest of every module's source."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:  # an unreadable module cannot be running either
            continue
    return f"{__version__}+{digest.hexdigest()[:12]}"
