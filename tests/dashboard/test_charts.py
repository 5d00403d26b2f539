"""The shared chart style: identifiers never charted, yes/no columns as shares, every category label kept,
single values and single rows not charted, and numbered labels in natural order."""

import numpy as np
import pandas as pd

from dashboard.charts import (
    MAX_BARS, binary_counts, distribution_chart, is_binary, is_id_like, natural_sorted, quick_chart, share_chart,
    why_not_charted,
)


def _fields(chart) -> set[str]:
    spec = chart.to_dict()
    views = spec.get("layer", [spec])
    return {str(encoding.get("field")) for view in views for encoding in view.get("encoding", {}).values()
            if isinstance(encoding, dict)}


def test_id_like_columns_by_name_and_by_row_numbers():
    """Names ending in _id / id and whole-number row numbers are ids; 'paid' and real-number columns are not."""
    # Assert
    assert is_id_like(pd.Series([3, 1, 2]), "product_id") and is_id_like(pd.Series([1]), "id")
    assert is_id_like(pd.Series([1]), "customerId") and is_id_like(pd.Series(range(100, 150)), "row")
    assert not is_id_like(pd.Series([1, 0, 1]), "paid") and not is_id_like(pd.Series(np.linspace(0, 1, 50)), "x")


def test_binary_columns_are_zero_one_or_boolean():
    """0/1 numbers and booleans are yes/no columns; 0/1/2 is not."""
    # Assert
    assert is_binary(pd.Series([0, 1, 1, None])) and is_binary(pd.Series([True, False]))
    assert not is_binary(pd.Series([0, 1, 2])) and not is_binary(pd.Series(["a", "b"]))


def test_why_not_charted_names_identifiers_and_single_values():
    """A column with one value, or a different code on every row, gets a sentence instead of a chart."""
    # Assert
    assert "same value (7)" in why_not_charted("n", 1, 500, only_value=7)
    assert "identifier" in why_not_charted("transaction_id", 10, 500)
    assert "identifier" in why_not_charted("code", 500, 500, may_be_code=True)
    assert why_not_charted("amount", 500, 500, may_be_code=False) is None


def test_zero_one_histogram_becomes_two_shares_with_labels():
    """A 0/1 column's histogram (rows in the first and last bins) becomes 0 and 1 shares written on the bars."""
    # Setup
    histogram = pd.DataFrame({"label": ["0.0", "0.95"], "count": [997, 3], "lower": [0.0, 0.95],
                              "upper": [0.05, 1.0]})
    # Run
    counts = binary_counts(histogram)
    spec = share_chart(counts).to_dict()
    # Assert
    assert counts["count"].tolist() == [997, 3]
    assert [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]] \
        == ["bar", "text"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 1]


def test_category_distribution_keeps_every_label():
    """Top-values bars give each category a row and never thin out the labels."""
    # Setup
    distribution = pd.DataFrame({"label": [f"category {i}" for i in range(11)], "count": range(11, 0, -1)})
    # Run
    spec = distribution_chart(distribution, "text", column="category").to_dict()
    # Assert
    assert spec["encoding"]["y"]["axis"]["labelOverlap"] is False
    assert spec["height"] >= 11 * 20 and spec["encoding"]["x"]["title"] == "rows"


def test_quick_chart_never_plots_ids_and_cuts_long_bar_lists():
    """A products-like result charts price by name without product_id, at most MAX_BARS bars, titled."""
    # Setup
    frame = pd.DataFrame({"product_id": range(1, 101), "name": [f"product {i}" for i in range(100)],
                          "price": np.linspace(1, 100, 100)})
    # Run
    chart = quick_chart(frame)
    spec = chart.to_dict()
    # Assert
    assert "product_id" not in _fields(chart) and {"name", "price"} <= _fields(chart)
    assert len(next(iter(spec["datasets"].values()))) == MAX_BARS and f"{MAX_BARS} largest of 100" in spec["title"]


def test_quick_chart_skips_single_rows_and_single_values_and_shows_shares_of_yes_no():
    """One row or one repeated value gives no chart; a 0/1 column alone gives a share chart."""
    # Assert
    assert quick_chart(pd.DataFrame({"count_star()": [153_000]})) is None
    assert quick_chart(pd.DataFrame({"n": [5, 5, 5]})) is None
    chart = quick_chart(pd.DataFrame({"is_fraud": [0] * 997 + [1] * 3}))
    assert "share" in _fields(chart)


def test_natural_sort_orders_numbers_by_value():
    """Skill ids read 1, 2, ..., 10, 11 and mixed labels keep their number order."""
    # Assert
    assert natural_sorted(["1", "10", "11", "2"]) == ["1", "2", "10", "11"]
    assert natural_sorted(["skill 10", "skill 9"]) == ["skill 9", "skill 10"]
