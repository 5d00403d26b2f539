"""Infrastructure shared by every engine: device choice, the training loop, progress/cancel, model folders.

A new engine reuses it like this (see `engines/synth/vae.py` for a complete one):

    device = resolve_device("auto"); configure_cpu_threads(device)
    generator = make_generator(device, seed)            # private randomness: never the global RNG
    reset_parameters(model, make_generator(torch.device("cpu"), seed)); model.to(device)
    optimizer = adam(model.parameters(), 1e-3)
    batches = ShuffledBatches(n_rows, 256, np.random.default_rng(seed))
    def train_step(step):                                # one optimisation step -> {loss name: tensor}
        ...; return {"loss": loss.detach()}
    result = run_training(train_step, epochs=20, steps_per_epoch=n_rows // 256,
                          on_progress=on_progress, cancel=cancel)
    save_model_folder(path, kind="my_model", config={...}, tensors=model.state_dict())
"""

from engines.core.device import autocast, configure_cpu_threads, make_generator, resolve_device
from engines.core.persistence import load_model_folder, read_manifest, save_model_folder
from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter, TrainingProgress
from engines.core.layers import SeededDropout, gumbel_noise, reset_parameters, set_dropout_generator
from engines.core.training import ShuffledBatches, TrainingResult, adam, run_training

__all__ = [
    "CancelToken",
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
    "load_model_folder",
    "make_generator",
    "read_manifest",
    "reset_parameters",
    "resolve_device",
    "run_training",
    "save_model_folder",
    "set_dropout_generator",
]
