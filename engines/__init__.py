"""The lab's models: a plain PyTorch/numpy library (no Streamlit), every model on the contract of
`engines.core.model.BaseModel`.

    from engines import load_model
    model = load_model("path/to/model_folder")     # any saved model, whatever its kind
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the models pulls in torch: only when a model is actually opened
    from engines.core.model import BaseModel


def load_model(path: str | Path, device: str = "auto") -> BaseModel:
    """Open any model saved by `save`, whatever its kind, on `device` ("auto": CUDA when present)."""
    from engines.core.model import load_model as _load_model

    return _load_model(path, device=device)
