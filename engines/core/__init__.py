"""Infrastructure shared by every engine: the model contract and registry, device choice, the training loop,
progress/cancel, model folders, argument checks.

Every model subclasses `BaseModel` (parameters in `__init__`, `fit` -> `_fit`, `save`/`load` through
`_get_state`/`_set_state`) and is registered with `@register_model`; `load_model(path)` opens any saved model.
Inside `_fit`, an engine reuses the rest like this (see `engines/synth/vae.py` for a complete one):

    device = resolve_device("auto"); configure_cpu_threads(device)
    generator = make_generator(device, seed)            # private randomness: never the global RNG
    reset_parameters(model, make_generator(torch.device("cpu"), seed)); model.to(device)
    optimizer = adam(model.parameters(), 1e-3)
    batches = ShuffledBatches(n_rows, 256, np.random.default_rng(seed))
    def train_step(step):                                # one optimisation step -> {loss name: tensor}
        ...; return {"loss": loss.detach()}
    result = run_training(train_step, epochs=20, steps_per_epoch=n_rows // 256, max_steps=2000,
                          keep_best=KeepBest(model, "validation_loss", patience=5),
                          on_progress=on_progress, cancel=cancel)
    return result                                        # BaseModel.fit records fit_seconds_, loss_history_...
"""

from engines.core.device import (
    autocast,
    configure_cpu_threads,
    make_generator,
    resolve_device,
    single_threaded_native_code,
)
from engines.core.fitted import LearnsFromData
from engines.core.layers import SeededDropout, gumbel_noise, reset_parameters, set_dropout_generator
from engines.core.metadata import SDTYPES, ColumnMetadata, TableMetadata, detect_metadata
from engines.core.model import BaseModel, load_model, model_class, register_model, registered_models
from engines.core.persistence import load_model_folder, read_manifest, save_model_folder
from engines.core.table_encoder import TableEncoder
from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter, TrainingProgress
from engines.core.training import KeepBest, ShuffledBatches, TrainingResult, adam, run_training, step_budget

__all__ = [
    "SDTYPES",
    "BaseModel",
    "ColumnMetadata",
    "LearnsFromData",
    "TableEncoder",
    "TableMetadata",
    "detect_metadata",
    "CancelToken",
    "KeepBest",
    "SeededDropout",
    "ShuffledBatches",
    "ProgressCallback",
    "ProgressReporter",
    "TrainingProgress",
    "TrainingResult",
    "adam",
    "autocast",
    "configure_cpu_threads",
    "gumbel_noise",
    "load_model",
    "load_model_folder",
    "make_generator",
    "model_class",
    "read_manifest",
    "register_model",
    "registered_models",
    "reset_parameters",
    "resolve_device",
    "run_training",
    "save_model_folder",
    "set_dropout_generator",
    "single_threaded_native_code",
    "step_budget",
]
