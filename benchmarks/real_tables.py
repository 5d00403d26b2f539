"""Real public tables for the synthesizer benchmark, each read from a file inside an installed PyPI wheel.

Nothing is downloaded at run time: statsmodels and vega_datasets (requirements-dev.txt, benchmark only) ship
these tables as CSV/JSON in their wheels. Every table is real data, mixed-type (numbers and categories; some
with dates and nulls) and has 400-50,000 rows. Coded columns are turned into the labels the source documents
(e.g. party identification 0-6), because a generator should see a category as a category, not as a number.
Identifiers and free text (an airport's code, name and city, a car's model name, a traveller's id) are
dropped: they are not properties a single-table generator should learn.

| table           | rows x cols | source package           | data provenance and licence              |
| --------------- | ----------- | ------------------------ | ---------------------------------------- |
| anes96          | 944 x 10    | statsmodels 0.15 (BSD-3) | ANES 1996 election study; public domain  |
| modechoice      | 840 x 8     | statsmodels 0.15 (BSD-3) | Greene & Hensher mode choice; public dom. |
| randhie         | 20,190 x 8  | statsmodels 0.15 (BSD-3) | RAND Health Insurance Exp.; public domain |
| cars            | 406 x 8     | vega_datasets 0.9 (MIT)  | StatLib, Donoho & Ramos 1982; public      |
| seattle_weather | 1,461 x 6   | vega_datasets 0.9 (MIT)  | NOAA daily weather; public domain         |
| airports        | 3,376 x 4   | vega_datasets 0.9 (MIT)  | ourairports.com US airports; public dom.  |

Licences of the data are as the source packages state them (statsmodels' `COPYRIGHT` strings,
vega_datasets' `dataset_info.json`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class RealTable:
    """One benchmark table: how to load it, and what the README promises about it."""

    name: str
    load: Callable[[], pd.DataFrame]
    n_rows: int
    n_columns: int
    source: str
    licence: str


def _statsmodels(name: str) -> pd.DataFrame:
    import importlib

    with warnings.catch_warnings():
        # statsmodels warns about its own deprecated pandas calls on import; irrelevant here.
        warnings.simplefilter("ignore")
        module = importlib.import_module(f"statsmodels.datasets.{name}")
        return module.load_pandas().data.copy()


def _vega(name: str) -> pd.DataFrame:
    from vega_datasets import local_data

    return getattr(local_data, name)().copy()


def _labelled(codes: pd.Series, labels: dict[int, str]) -> pd.Series:
    """Codes -> the source's labels, as a pandas categorical in code order."""
    return pd.Categorical(codes.astype(int).map(labels), categories=list(labels.values()))


PARTY = {0: "strong democrat", 1: "weak democrat", 2: "independent-democrat", 3: "independent",
         4: "independent-republican", 5: "weak republican", 6: "strong republican"}
EDUCATION = {1: "grades 1-8", 2: "some high school", 3: "high school", 4: "some college", 5: "college",
             6: "masters", 7: "phd"}


def load_anes96() -> pd.DataFrame:
    """1996 American National Election Study: 944 voters, party, education, vote, left-right placement."""
    table = _statsmodels("anes96").drop(columns=["logpopul"])  # logpopul = log(popul + 0.1): a duplicate
    table["PID"] = _labelled(table["PID"], PARTY)
    table["educ"] = _labelled(table["educ"], EDUCATION)
    table["vote"] = _labelled(table["vote"], {0: "Clinton", 1: "Dole"})
    # 1-7 liberal..conservative scales, TV news days per week, income bracket 1-24 and age are ordinal or
    # counts: kept as integers.
    for column in ("TVnews", "selfLR", "ClinLR", "DoleLR", "age", "income"):
        table[column] = table[column].astype(int)
    return table


def load_modechoice() -> pd.DataFrame:
    """Travel-mode choice (Sydney-Melbourne): 210 travellers x 4 modes, costs, times, income, chosen?"""
    table = _statsmodels("modechoice").drop(columns=["individual"])
    table["mode"] = _labelled(table["mode"], {1: "air", 2: "train", 3: "bus", 4: "car"})
    table["choice"] = _labelled(table["choice"], {0: "no", 1: "yes"})
    for column in ("ttme", "invc", "invt", "gc", "hinc", "psize"):
        table[column] = table[column].astype(int)
    return table


def load_randhie() -> pd.DataFrame:
    """RAND Health Insurance Experiment: doctor visits, coinsurance, deductible plan, self-rated health."""
    raw = _statsmodels("randhie")
    health = pd.Series("excellent", index=raw.index)
    # The source one-hot encodes self-rated health with "excellent" omitted; one column is what it means.
    for column, label in (("hlthg", "good"), ("hlthf", "fair"), ("hlthp", "poor")):
        health[raw[column] == 1] = label
    table = raw.drop(columns=["hlthg", "hlthf", "hlthp"])
    table["idp"] = _labelled(table["idp"], {0: "no", 1: "yes"})
    table["health"] = pd.Categorical(health, categories=["excellent", "good", "fair", "poor"])
    table["mdvis"] = table["mdvis"].astype(int)
    return table


def load_cars() -> pd.DataFrame:
    """Cars 1970-1982: mpg and horsepower with nulls, cylinders, weight, model year (a date), origin."""
    table = _vega("cars").drop(columns=["Name"])
    table["Origin"] = table["Origin"].astype("category")
    return table


def load_seattle_weather() -> pd.DataFrame:
    """Seattle daily weather 2012-2015: date, precipitation, temperatures, wind, weather type."""
    table = _vega("seattle_weather")
    table["date"] = table["date"].astype("datetime64[ns]")
    table["weather"] = table["weather"].astype("category")
    return table


def load_airports() -> pd.DataFrame:
    """US airports: state (some null), country, latitude, longitude."""
    # City is dropped too: ~2,700 distinct values would make the one-hot width, not the data, dominate the
    # fit time of every GAN/VAE here (CTGAN included) and break the 30-minute budget of the full run.
    table = _vega("airports").drop(columns=["iata", "name", "city"])
    for column in ("state", "country"):
        table[column] = table[column].astype("category")
    return table


STATSMODELS = "statsmodels 0.15.0 (BSD-3-Clause)"
VEGA = "vega_datasets 0.9.0 (MIT)"
REAL_TABLES: dict[str, RealTable] = {
    table.name: table
    for table in (
        RealTable("anes96", load_anes96, 944, 10, STATSMODELS, "public domain (ANES 1996)"),
        RealTable("modechoice", load_modechoice, 840, 8, STATSMODELS, "public domain (Greene & Hensher)"),
        RealTable("randhie", load_randhie, 20_190, 8, STATSMODELS, "public domain (RAND HIE)"),
        RealTable("cars", load_cars, 406, 8, VEGA, "public (StatLib, Donoho & Ramos 1982)"),
        RealTable("seattle_weather", load_seattle_weather, 1_461, 6, VEGA, "public domain (NOAA)"),
        RealTable("airports", load_airports, 3_376, 4, VEGA, "public domain (ourairports.com)"),
    )
}
