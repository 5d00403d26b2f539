"""`python -m aigc_lab ...` (and `torchrun -m aigc_lab ...`): the same command line as `aigc-lab`."""

from aigc_lab.cli import main

if __name__ == "__main__":
    main()
