"""Make httpcore's failed `import sniffio` cheap when sniffio is not installed.

httpcore 1.0.9 imports sniffio inside `current_async_library()`, called several times
per request, and falls back to asyncio when the import fails. anyio >= 4.11 no longer
brings sniffio, and Python does not cache a failed import: each call searches
sys.path again, about 1 ms, which capped the fetcher near 60 pages/s on one core
(encode/httpcore discussion #1102, fix proposed in PR #1103). Recording the absence in
sys.modules (the documented way to make an import fail at once) keeps the behaviour
(ImportError, so asyncio) and removes the cost. When sniffio is installed nothing is
touched. Installing sniffio makes this a no-op.
"""

from __future__ import annotations

import importlib.util
import sys


def cache_missing_sniffio() -> None:
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]
