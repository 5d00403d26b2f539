"""AIGC Business Lab on the command line: `aigc-lab` (or `python -m aigc_lab`) fits, samples and scores the
lab's models without the browser, and `torchrun --nproc-per-node N -m aigc_lab ...` trains on several processes.

The command line sits at the pages' level: it reads tables through dashboard.data, scores and reports through
the Studio's own modules, and trains with engines - it re-implements none of them."""

__version__ = "0.1.0"
