"""The invisible image watermark: found where embedded (also after PNG re-encoding and a 10% resize), not
found without it or with another key; bad pictures refused; the provenance record."""

import io

import numpy as np
import pytest
from PIL import Image

from engines.errors import InvalidDataError
from engines.provenance.image_watermark import STRENGTH, THRESHOLD, detect, embed
from engines.provenance.records import provenance_record, weights_hash


def _picture(seed: int, size=(200, 320)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = np.zeros((*size, 3), dtype=np.float32)
    base[:, : size[1] // 2] = rng.uniform(40, 220, 3)
    base[:, size[1] // 2:] = rng.uniform(40, 220, 3)
    base[size[0] // 4: size[0] // 2, 20:120] = rng.uniform(0, 255, 3)
    return np.clip(base + rng.normal(0, 4, base.shape), 0, 255).astype(np.uint8)


def _png_round_trip(image: np.ndarray) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "PNG")
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))


@pytest.mark.parametrize("seed", range(4))
def test_found_after_png_and_resize_and_not_without_it(seed):
    picture = _picture(seed)
    marked = _png_round_trip(embed(picture, "key"))
    height, width = marked.shape[:2]
    smaller = np.asarray(Image.fromarray(marked).resize((int(width * 0.9), int(height * 0.9)), Image.BILINEAR))
    larger = np.asarray(Image.fromarray(marked).resize((int(width * 1.1), int(height * 1.1)), Image.LANCZOS))
    for version in (marked, smaller, larger):
        assert detect(version, "key").found
    assert not detect(picture, "key").found
    assert not detect(marked, "another key").found
    assert detect(picture, "key").score < THRESHOLD


def test_mark_is_faint_and_keeps_the_size():
    picture = _picture(9)
    marked = embed(picture, "key")
    assert marked.shape == picture.shape and marked.dtype == np.uint8
    assert np.abs(marked.astype(int) - picture.astype(int)).max() <= STRENGTH + 0.5


def test_bad_pictures_are_refused_with_a_message():
    with pytest.raises(InvalidDataError, match="at least"):
        detect(np.zeros((10, 10, 3), np.uint8), "key")
    with pytest.raises(InvalidDataError, match="0-255"):
        embed(np.zeros((64, 64), np.float32), "key")


def test_provenance_record_names_model_version_seed_and_utc_time(tmp_path):
    (tmp_path / "weights.safetensors").write_bytes(b"abc")
    version = weights_hash(tmp_path)
    record = provenance_record("m", version, 7, {"colour": "red"})
    assert record["model_version"] == version and len(version) == 16
    assert record["seed"] == 7 and record["attributes"] == {"colour": "red"}
    assert record["created_utc"].endswith("Z")
    (tmp_path / "weights.safetensors").write_bytes(b"abd")
    assert weights_hash(tmp_path) != version
