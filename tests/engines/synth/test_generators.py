"""What every table generator keeps from the real table: columns and dtypes, ranges, null rates, category
supports, new ids, exact conditions; and that training lowers the loss. The model contract itself (fit record,
progress, cancel, save/load, seeds, bad data) is checked for every model in tests/engines/test_model_protocol.py.
"""

import numpy as np
import pandas as pd
import pytest

from engines.errors import InvalidDataError, ModelFileError
from engines.synth import SYNTHESIZERS, GaussianCopula
from tests.engines.synth.tables import FAST_PARAMS, mixed_table

NAMES = list(SYNTHESIZERS)
DEEP_NAMES = [name for name in NAMES if name != "gaussian_copula"]


def make(name: str, **overrides):
    cls = SYNTHESIZERS[name]
    params = {k: v for k, v in {**FAST_PARAMS[name], **overrides}.items() if k in cls._param_names()}
    return cls(random_state=0, **params)


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return mixed_table(300, seed=0)


@pytest.fixture(scope="module", params=NAMES)
def fitted(request, real):
    return make(request.param).fit(real)


@pytest.fixture(scope="module")
def synthetic(fitted) -> pd.DataFrame:
    return fitted.sample(2000, seed=1)


def test_sample_has_same_columns_and_dtypes(fitted, real, synthetic):
    """Sampled rows have the training columns, in order, with the same dtypes."""
    # Assert
    assert list(synthetic.columns) == list(real.columns)
    assert len(synthetic) == 2000
    for column in ["segment", "age", "income", "is_active", "signup_date", "city", "country", "n_products"]:
        assert synthetic[column].dtype == real[column].dtype, column


def test_numbers_stay_in_range_and_integers_stay_whole(synthetic, real):
    """Numeric columns stay within the training range; integer columns are whole; money keeps 2 decimals."""
    # Assert
    for column in ["age", "income", "score", "n_products"]:
        values = synthetic[column].dropna()
        assert values.min() >= real[column].min() and values.max() <= real[column].max(), column
    assert (synthetic["age"] % 1 == 0).all()
    assert np.allclose(synthetic["income"], synthetic["income"].round(2))
    assert synthetic["signup_date"].min() >= real["signup_date"].min()
    assert (synthetic["signup_date"].dt.normalize() == synthetic["signup_date"]).all()


def test_null_rates_are_learned(synthetic, real):
    """Missing values appear at about the training rate, in numeric and categorical columns."""
    # Assert
    for column in ["score", "city"]:
        assert abs(synthetic[column].isna().mean() - real[column].isna().mean()) < 0.08, column
    assert synthetic["segment"].notna().all()


def test_categories_come_from_the_training_support(synthetic, real):
    """Categorical and boolean columns only take seen values; constants stay constant."""
    # Assert
    assert set(synthetic["segment"]) <= set(real["segment"])
    assert set(synthetic["city"].dropna()) <= set(real["city"].dropna())
    assert set(synthetic["n_products"]) <= set(real["n_products"])
    assert (synthetic["country"] == "FR").all()
    assert synthetic["is_active"].dtype == bool


def test_ids_are_new_and_unique(synthetic, real):
    """Id columns are regenerated: unique, in the training format, never a training id."""
    # Assert
    ids = synthetic["customer_id"]
    assert ids.is_unique
    assert not set(ids) & set(real["customer_id"])
    assert ids.str.match(r"^C\d{5}$").all()


def test_conditional_sampling_returns_only_the_asked_category(fitted):
    """conditions={column: value} gives only rows with that value, also for a rare level."""
    # Run
    rare = fitted.sample(200, conditions={"segment": "platinum"}, seed=2)
    both = fitted.sample(50, conditions={"segment": "gold", "is_active": False}, seed=3)
    # Assert
    assert len(rare) == 200 and (rare["segment"] == "platinum").all()
    assert len(both) == 50 and (both["segment"] == "gold").all() and (~both["is_active"]).all()


def test_training_loss_decreases(fitted):
    """The loss a generator optimises is lower at the end of training than at the start."""
    # Setup
    if fitted.kind not in DEEP_NAMES:
        pytest.skip("the copula is fitted in one pass, without a loss")
    # Run
    key = {"tabular_gan": "condition"}.get(fitted.kind, "loss")
    history = [record[key] for record in fitted.loss_history_]
    assert len(history) >= 2
    assert history[-1] < history[0]


@pytest.mark.parametrize(
    "conditions, message",
    [
        ({"planet": "Mars"}, "no such column"),
        ({"segment": "diamond"}, "never appears"),
        ({"age": 30}, "categorical and boolean"),
    ],
)
def test_bad_conditions_raise_invalid_data(fitted, conditions, message):
    """Conditions on unknown columns, unseen values or numeric columns raise InvalidDataError."""
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        fitted.sample(5, conditions=conditions)


@pytest.mark.parametrize(
    "table, message",
    [
        (pd.DataFrame(), "no columns"),
        (pd.DataFrame({"a": []}), "empty"),
        (pd.DataFrame({"a": [1.0]}), "single row"),
        (pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [None, None, None]}), "every entry is missing"),
        (pd.DataFrame({"a": [1, 2, 3], "b": [1j, 2j, 3j]}), "complex"),
        (pd.DataFrame({"a": [1, 2, 3], "b": [[1], [2], [3]]}), "list values"),
        ("not a table", "DataFrame"),
    ],
)
def test_bad_tables_raise_invalid_data_saying_why(table, message):
    """Tables no generator can learn raise InvalidDataError saying why (checked in `BaseSynthesizer.fit`,
    before any generator-specific code)."""
    # Run / Assert
    with pytest.raises(InvalidDataError, match=message):
        GaussianCopula().fit(table)


def test_different_seeds_give_different_rows(fitted):
    """`seed` changes the rows (the protocol suite checks that the same seed repeats them)."""
    # Run / Assert
    assert not fitted.sample(50, seed=1).equals(fitted.sample(50, seed=2))


def test_loading_a_different_kind_raises_model_file_error(fitted, tmp_path):
    """Loading a folder of another generator kind with a specific class raises ModelFileError."""
    # Setup
    folder = fitted.save(tmp_path / "model")
    other = next(cls for kind, cls in SYNTHESIZERS.items() if kind != fitted.kind)
    # Run / Assert
    with pytest.raises(ModelFileError, match="holds a"):
        other.load(folder)


@pytest.mark.parametrize("name", NAMES)
def test_table_of_only_ids_and_constants_still_samples(name):
    """A table with nothing to learn (an id and a constant) fits and samples new ids."""
    # Setup
    table = pd.DataFrame({"order_id": np.arange(100, 130), "shop": ["north"] * 30})
    # Run
    sample = make(name).fit(table).sample(10, seed=0)
    # Assert
    assert list(sample["order_id"]) == list(range(130, 140))
    assert (sample["shop"] == "north").all()


@pytest.mark.parametrize("name", NAMES)
def test_high_cardinality_column_is_bounded_and_sampled_from_its_support(name):
    """A 3,000-level category keeps a bounded model width and samples only seen levels, by frequency."""
    # Setup
    rng = np.random.default_rng(0)
    levels = np.array([f"sku-{i}" for i in range(3000)])
    table = pd.DataFrame({"sku": rng.choice(levels, 4000), "price": rng.gamma(2.0, 10.0, 4000).round(2),
                          "channel": rng.choice(["web", "shop"], 4000)})
    model = make(name, max_category_levels=50, max_steps=20, epochs=1)
    # Run
    sample = model.fit(table).sample(1000, seed=0)
    # Assert
    assert max(column.n_levels for column in model.preprocessor_.categorical_) <= 52
    assert set(sample["sku"]) <= set(table["sku"])
    assert sample["sku"].nunique() > 200


def test_a_generator_saved_in_the_older_folder_layout_still_opens(tmp_path):
    """Model folders saved before the one model contract (state beside the parameters) load and sample the same
    rows, so a Studio zip downloaded earlier keeps working."""
    # Setup
    import json

    from engines import load_model

    model = GaussianCopula(random_state=0).fit(mixed_table(120))
    folder = model.save(tmp_path / "copula")
    manifest = json.loads((folder / "model.json").read_text())
    config = manifest["config"]
    state = config.pop("state")
    config["training"]["n_rows_seen"] = state.pop("n_rows_seen")
    config.update(state)
    (folder / "model.json").write_text(json.dumps(manifest))
    # Run
    loaded = load_model(folder)
    # Assert
    assert "resolved_params" in config and "state" not in config
    pd.testing.assert_frame_equal(loaded.sample(50, seed=3), model.sample(50, seed=3))
    assert loaded.n_rows_seen_ == 120


def test_gan_early_stopping_on_quality_waits_for_half_of_training_and_keeps_the_best_check():
    """With patience 1 the GAN may stop on a quality check without gain, but never in the first half of its
    epochs, and the weights it keeps are those of its best-scoring check."""
    # Setup
    from engines.synth.gan import TabularGAN

    params = {k: v for k, v in FAST_PARAMS["tabular_gan"].items() if k not in ("quality_checks", "epochs")}
    gan = TabularGAN(random_state=0, epochs=40, quality_checks=20, quality_patience=1, **params)
    # Run
    gan.fit(mixed_table(300, seed=0))
    # Assert
    checks = [record for record in gan.loss_history_ if "quality" in record]
    epochs_run = int(gan.loss_history_[-1]["epoch"])
    assert len(checks) >= 2
    if gan.stop_reason_ == "early_stopped":
        assert epochs_run >= 20 and epochs_run < 40
        assert checks[-1]["quality"] <= max(c["quality"] for c in checks[:-1]) + 0.002
    else:
        assert epochs_run == 40
