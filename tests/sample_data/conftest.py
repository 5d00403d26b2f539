"""Shared fixtures: the shipped tables read once, and small seeded builds of every scenario made twice."""

from pathlib import Path

import pandas as pd
import pytest

from sample_data.build import build_scenario
from sample_data.catalog import SAMPLE_DATASETS, get_dataset

SCENARIO_KEYS = [dataset.key for dataset in SAMPLE_DATASETS]
# Small enough that building every scenario twice takes a few seconds, large enough for every table to be
# non-empty.
SMALL_SCALE = 0.1
SMALL_SEED = 11


def read_shipped(key: str) -> dict[str, pd.DataFrame]:
    """Every shipped table of one scenario, read from the files the catalog names."""
    return {table.name: pd.read_parquet(table.file) for table in get_dataset(key).tables}


@pytest.fixture(scope="session")
def shipped() -> dict[str, dict[str, pd.DataFrame]]:
    """The shipped tables of all scenarios: shipped[key][table]."""
    return {key: read_shipped(key) for key in SCENARIO_KEYS}


@pytest.fixture(scope="session")
def small_builds(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each scenario built twice with the same seed at SMALL_SCALE into two folders: small_builds[key] = (a,
    b)."""
    root = tmp_path_factory.mktemp("small_builds")
    folders = {}
    for key in SCENARIO_KEYS:
        first, second = root / "a" / key, root / "b" / key
        build_scenario(key, first, seed=SMALL_SEED, scale=SMALL_SCALE)
        build_scenario(key, second, seed=SMALL_SEED, scale=SMALL_SCALE)
        folders[key] = (first, second)
    return folders
