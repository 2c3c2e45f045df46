"""Readers: every supported input format to `Article`s (and `ReadFailure`s)."""

from storydesk.ingest.discover import Input, Tail, read_inputs
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Input", "Limits", "Tail", "read_inputs"]
