"""The catalog and the shipped files agree, are labelled simulated, and stay small."""

import pytest

from sample_data.catalog import SAMPLE_DATA_DIR, SAMPLE_DATASETS, SampleDataset, get_dataset

SIZE_LIMIT_BYTES = 25 * 1024 * 1024
SCENARIO_FOLDERS = [dataset.key for dataset in SAMPLE_DATASETS]


def test_catalog_lists_the_three_scenarios():
    """The registry holds the e-commerce, bank and education datasets, each findable by key."""
    # Setup
    keys = [dataset.key for dataset in SAMPLE_DATASETS]
    # Run
    found = [get_dataset(key) for key in keys]
    # Assert
    assert keys == ["ecommerce", "bank", "education"]
    assert all(isinstance(dataset, SampleDataset) for dataset in found)


def test_unknown_key_names_the_valid_ones():
    """get_dataset with a wrong key raises KeyError listing the valid keys."""
    # Setup / Run
    with pytest.raises(KeyError) as error:
        get_dataset("retail")
    # Assert
    assert "ecommerce" in str(error.value) and "education" in str(error.value)


@pytest.mark.parametrize("dataset", SAMPLE_DATASETS, ids=lambda d: d.key)
def test_every_catalog_file_is_shipped_and_nothing_else(dataset):
    """Each catalog table's Parquet file exists, and the folder has no Parquet file the catalog misses."""
    # Setup
    folder = SAMPLE_DATA_DIR / dataset.key
    # Run
    shipped = {path.name for path in folder.glob("*.parquet")}
    # Assert
    assert shipped == {table.file.name for table in dataset.tables}
    assert all(table.file.is_absolute() and table.file.parent == folder for table in dataset.tables)


@pytest.mark.parametrize("dataset", SAMPLE_DATASETS, ids=lambda d: d.key)
def test_descriptions_say_simulated(dataset):
    """Titles, dataset descriptions and every table description say the data are simulated."""
    # Setup / Run
    texts = [dataset.title, dataset.description, *(table.description for table in dataset.tables)]
    # Assert
    assert all("simulated" in text.lower() for text in texts)
    assert all("\n" not in table.description for table in dataset.tables)
    readme = (SAMPLE_DATA_DIR / dataset.key / "README.md").read_text(encoding="utf-8")
    assert readme.lower().count("simulated") >= 2


def test_ground_truth_tables_are_flagged():
    """Oracle tables are flagged as ground truth and the observable ones are not."""
    # Setup
    flagged = {(dataset.key, table.name) for dataset in SAMPLE_DATASETS for table in dataset.tables
               if table.is_ground_truth}
    # Run / Assert
    assert flagged == {
        ("ecommerce", "customer_factors"), ("ecommerce", "product_factors"),
        ("bank", "holding_propensity"), ("bank", "loan_default_truth"),
        ("education", "skill_params"),
    }


def test_shipped_sample_data_is_under_the_size_limit():
    """The three scenario folders (Parquet files and READMEs) total less than 25 MB."""
    # Setup
    files = [path for key in SCENARIO_FOLDERS for path in (SAMPLE_DATA_DIR / key).iterdir() if path.is_file()]
    # Run
    total_bytes = sum(path.stat().st_size for path in files)
    # Assert
    assert 0 < total_bytes < SIZE_LIMIT_BYTES
