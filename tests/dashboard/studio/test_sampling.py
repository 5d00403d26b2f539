"""Sampling to files: chunks, seeds, formula-safe CSV next to typed Parquet, and conditions typed as text."""

import pandas as pd
import pytest

import dashboard.studio.sampling as sampling
from dashboard.studio.sampling import check_sample_size, conditionable_columns, parse_conditions, sample_to_files
from engines.errors import InvalidDataError, InvalidParameterError
from engines.synth.copula import GaussianCopula
from tests.dashboard.studio.conftest import mixed_table


@pytest.fixture(scope="module")
def copula():
    """A Gaussian copula fitted on the mixed table (fits in well under a second)."""
    return GaussianCopula(preset="quick", random_state=0).fit(mixed_table(300))


def test_rows_are_written_in_chunks_to_csv_and_parquet(copula, tmp_path, monkeypatch):
    """2,500 rows in chunks of 1,000: both files hold every row; formula-like text is neutralised in CSV only."""
    # Setup
    monkeypatch.setattr(sampling, "SAMPLE_CHUNK_ROWS", 1_000)
    reports = []
    # Run
    out = sample_to_files(copula, 2_500, tmp_path, seed=7, report=lambda done, total, _: reports.append(done))
    csv = pd.read_csv(out.csv_path)
    parquet = pd.read_parquet(out.parquet_path)
    # Assert
    assert reports == [1_000, 2_000, 2_500]
    assert out.rows == len(csv) == len(parquet) == 2_500
    assert list(parquet.columns) == ["age", "income", "region", "member"]
    assert "=west" in set(parquet["region"]) and "=west" not in set(csv["region"])
    assert "'=west" in set(csv["region"])
    assert parquet["member"].dtype == bool and len(out.preview) == 1_000


def test_same_seed_gives_same_file_and_stop_keeps_rows_so_far(copula, tmp_path, monkeypatch):
    """The same seed reproduces the rows; returning False from report stops after the current chunk."""
    # Setup
    monkeypatch.setattr(sampling, "SAMPLE_CHUNK_ROWS", 500)
    # Run
    first = sample_to_files(copula, 1_000, tmp_path / "a", seed=3)
    second = sample_to_files(copula, 1_000, tmp_path / "b", seed=3)
    stopped = sample_to_files(copula, 1_000, tmp_path / "c", seed=3, report=lambda *_: False)
    # Assert
    assert pd.read_parquet(first.parquet_path).equals(pd.read_parquet(second.parquet_path))
    assert stopped.rows == 500 and len(pd.read_parquet(stopped.parquet_path)) == 500


def test_conditions_typed_as_text_are_matched_to_values(copula, tmp_path):
    """'south' and 'true' are accepted for a text and a true/false column; every sampled row meets them."""
    # Run
    conditions = parse_conditions(copula, [("region", "south"), ("member", "true"), (None, None)])
    out = sample_to_files(copula, 200, tmp_path, conditions, seed=1)
    frame = pd.read_parquet(out.parquet_path)
    # Assert
    assert list(conditions) == ["region", "member"]
    assert set(frame["region"]) == {"south"} and frame["member"].all()
    assert conditionable_columns(copula) == ["region", "member"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("region", "atlantis")], "never appears in the training data"),
        ([("income", "5")], "conditions work on categorical"),
        ([("region", "")], "has no value"),
        ([("region", "north"), ("region", "south")], "two conditions"),
    ],
    ids=["value-outside-data", "numeric-column", "blank-value", "same-column-twice"],
)
def test_bad_conditions_say_what_is_wrong(copula, rows, message):
    """Conditions the model cannot meet raise InvalidDataError naming the problem."""
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        parse_conditions(copula, rows)


@pytest.mark.parametrize("n_rows", [0, -5, 1_000_001, 2.5, True])
def test_sample_size_outside_range_is_refused(n_rows):
    """Only 1 to 1,000,000 whole rows can be asked for."""
    # Run / Assert
    with pytest.raises(InvalidParameterError, match="between 1 and 1,000,000"):
        check_sample_size(n_rows)


def test_numeric_category_typed_as_text_matches_the_number():
    """A category stored as numbers (a store code) is found from the typed text '12'."""
    # Setup
    frame = mixed_table(200).assign(store=lambda f: (f["age"] % 3) * 6)
    model = GaussianCopula(preset="quick", random_state=0).fit(
        frame, metadata={"columns": {"age": {"sdtype": "integer"}, "income": {"sdtype": "continuous"},
                                     "region": {"sdtype": "categorical"}, "member": {"sdtype": "boolean"},
                                     "store": {"sdtype": "categorical"}}})
    # Run
    conditions = parse_conditions(model, [("store", "12")])
    # Assert
    assert conditions == {"store": 12}
    assert set(model.sample(50, conditions=conditions)["store"]) == {12}
