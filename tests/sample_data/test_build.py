"""The build protocol, run on every scenario: seeded, reproducible, catalog-shaped, and schema-stable."""

import hashlib

import pandas as pd
import pytest

from sample_data import build
from sample_data.catalog import get_dataset

from .conftest import SCENARIO_KEYS, SMALL_SCALE, SMALL_SEED


def _file_digests(folder):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("key", SCENARIO_KEYS)
def test_same_seed_gives_identical_files(key, small_builds):
    """Two builds with the same seed write byte-identical Parquet files and READMEs."""
    # Setup
    first, second = small_builds[key]
    # Run
    first_digests, second_digests = _file_digests(first), _file_digests(second)
    # Assert
    assert first_digests == second_digests
    assert "README.md" in first_digests


@pytest.mark.parametrize("key", SCENARIO_KEYS)
def test_same_seed_gives_equal_frames(key, small_builds):
    """Frames read back from two same-seed builds are equal, column by column and dtype by dtype."""
    # Setup
    first, second = small_builds[key]
    # Run / Assert
    for table in get_dataset(key).tables:
        pd.testing.assert_frame_equal(pd.read_parquet(first / table.file.name),
                                      pd.read_parquet(second / table.file.name))


@pytest.mark.parametrize("key", SCENARIO_KEYS)
def test_different_seed_gives_different_data(key, tmp_path, small_builds):
    """Changing the seed changes the largest simulated table."""
    # Setup
    first, _ = small_builds[key]
    largest = max(get_dataset(key).tables, key=lambda table: (first / table.file.name).stat().st_size)
    # Run
    build.build_scenario(key, tmp_path, seed=SMALL_SEED + 1, scale=SMALL_SCALE)
    # Assert
    original = pd.read_parquet(first / largest.file.name)
    assert not original.equals(pd.read_parquet(tmp_path / largest.file.name))


@pytest.mark.parametrize("key", SCENARIO_KEYS)
def test_build_writes_exactly_the_catalog_tables(key, small_builds):
    """A build writes one Parquet file per catalog table, nothing else, each with rows."""
    # Setup
    first, _ = small_builds[key]
    # Run
    written = {path.name for path in first.glob("*.parquet")}
    # Assert
    assert written == {table.file.name for table in get_dataset(key).tables}
    for name in written:
        assert len(pd.read_parquet(first / name)) > 0, name


@pytest.mark.parametrize("key", SCENARIO_KEYS)
def test_small_build_has_the_shipped_schema(key, small_builds, shipped):
    """Column names, order and dtypes of a small build equal those of the shipped files."""
    # Setup
    first, _ = small_builds[key]
    # Run / Assert
    for table in get_dataset(key).tables:
        built = pd.read_parquet(first / table.file.name)
        assert built.dtypes.to_dict() == shipped[key][table.name].dtypes.to_dict(), table.name
        assert list(built.columns) == list(shipped[key][table.name].columns), table.name


@pytest.mark.parametrize("key", SCENARIO_KEYS)
def test_readme_documents_simulation_and_every_table(key, small_builds):
    """The README says the data are simulated and names every table and its row count."""
    # Setup
    first, _ = small_builds[key]
    # Run
    readme = (first / "README.md").read_text(encoding="utf-8")
    # Assert
    assert "simulated" in readme.lower()
    for table in get_dataset(key).tables:
        rows = len(pd.read_parquet(first / table.file.name))
        assert f"**{table.name}** ({rows:,} rows)" in readme


def test_build_removes_stale_parquet_files(tmp_path):
    """A Parquet file that the scenario no longer produces is deleted by the next build."""
    # Setup
    stale = tmp_path / "old_table.parquet"
    tmp_path.mkdir(exist_ok=True)
    stale.write_bytes(b"not parquet")
    # Run
    build.build_scenario("education", tmp_path, seed=SMALL_SEED, scale=SMALL_SCALE)
    # Assert
    assert not stale.exists()


def test_command_line_builds_only_the_chosen_scenario(tmp_path, capsys):
    """`--only education --out-dir DIR --scale X` builds that scenario's folder and no other."""
    # Setup
    arguments = ["--only", "education", "--out-dir", str(tmp_path), "--scale", str(SMALL_SCALE),
                 "--seed", "3"]
    # Run
    exit_code = build.main(arguments)
    # Assert
    assert exit_code == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["education"]
    assert "education:" in capsys.readouterr().out
