"""Model folders: JSON + safetensors round trip, and clear errors for missing, foreign or corrupt files."""

import json

import pytest
import torch

from engines.core.persistence import MANIFEST_FILE, WEIGHTS_FILE, load_model_folder, save_model_folder
from engines.errors import ModelFileError


@pytest.fixture
def saved(tmp_path):
    folder = save_model_folder(tmp_path / "model", kind="toy", config={"a": [1, 2], "b": "x"},
                               tensors={"w": torch.arange(6.0).reshape(2, 3)})
    return folder


def test_round_trip_gives_back_config_and_tensors(saved):
    """What was saved is what is loaded."""
    # Run
    config, tensors = load_model_folder(saved, expected_kind="toy")
    # Assert
    assert config == {"a": [1, 2], "b": "x"}
    assert torch.equal(tensors["w"], torch.arange(6.0).reshape(2, 3))


def test_missing_folder_or_weights_raise(saved, tmp_path):
    """A folder that does not exist, or lacks its weights, raises ModelFileError."""
    # Run / Assert
    with pytest.raises(ModelFileError, match="No model folder"):
        load_model_folder(tmp_path / "nowhere")
    (saved / WEIGHTS_FILE).unlink()
    with pytest.raises(ModelFileError, match="incomplete"):
        load_model_folder(saved)


def test_other_kind_is_refused(saved):
    """Loading a folder of another kind raises ModelFileError naming both kinds."""
    # Run / Assert
    with pytest.raises(ModelFileError, match="'toy' model"):
        load_model_folder(saved, expected_kind="tabular_gan")


def test_corrupt_manifest_and_tampered_weights_are_detected(saved):
    """An unreadable model.json, or weights that changed after saving, raise ModelFileError."""
    # Setup
    weights = saved / WEIGHTS_FILE
    weights.write_bytes(weights.read_bytes()[:-4] + b"\x00\x00\x00\x00")
    # Run / Assert
    with pytest.raises(ModelFileError, match="does not match"):
        load_model_folder(saved)
    (saved / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(ModelFileError, match="corrupt"):
        load_model_folder(saved)


def test_foreign_json_and_newer_format_are_refused(saved):
    """A model.json from elsewhere, or from a newer format version, raises ModelFileError."""
    # Setup
    manifest = json.loads((saved / MANIFEST_FILE).read_text())
    # Run / Assert
    (saved / MANIFEST_FILE).write_text(json.dumps({"hello": "world"}))
    with pytest.raises(ModelFileError, match="not hold a model"):
        load_model_folder(saved)
    (saved / MANIFEST_FILE).write_text(json.dumps({**manifest, "format_version": 99}))
    with pytest.raises(ModelFileError, match="version 99"):
        load_model_folder(saved)
