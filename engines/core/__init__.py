"""Infrastructure shared by every engine: device choice, the training loop, progress/cancel, model folders."""

from engines.core.device import autocast, configure_cpu_threads, make_generator, resolve_device
from engines.core.persistence import load_model_folder, read_manifest, save_model_folder
from engines.core.progress import CancelToken, ProgressCallback, ProgressReporter, TrainingProgress
from engines.core.training import TrainingResult, run_training

__all__ = [
    "CancelToken",
    "ProgressCallback",
    "ProgressReporter",
    "TrainingProgress",
    "TrainingResult",
    "autocast",
    "configure_cpu_threads",
    "load_model_folder",
    "make_generator",
    "read_manifest",
    "resolve_device",
    "run_training",
    "save_model_folder",
]
