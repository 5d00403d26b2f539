"""Model zips: a download loads back and samples the same rows; every kind of bad upload is refused with a
message before anything in it is used."""

import io
import json
import stat
import zipfile

import pytest

from dashboard.studio import model_files
from dashboard.studio.model_files import model_zip_bytes, read_model_zip
from engines.core.model import registered_models
from engines.errors import ModelFileError
from engines.synth.base import BaseSynthesizer
from engines.synth.copula import GaussianCopula
from tests.dashboard.studio.conftest import make_report, mixed_table


@pytest.fixture(scope="module")
def copula():
    """A fitted Gaussian copula (the quickest generator to fit)."""
    return GaussianCopula(preset="quick", random_state=0).fit(mixed_table(200))


@pytest.fixture(scope="module")
def good_zip(copula) -> bytes:
    """The zip the Studio offers for download, with a report."""
    return model_zip_bytes(copula, make_report("copula-1", 0.9, 0.8, kind="gaussian_copula"))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_downloaded_zip_loads_and_samples_the_same_rows(copula, good_zip):
    """The zip holds only JSON and safetensors; loaded back, the generator gives the same rows for a seed."""
    # Run
    imported = read_model_zip(good_zip, "copula.zip")
    # Assert
    assert sorted(_members(good_zip)) == ["model.json", "studio_report.json", "weights.safetensors"]
    assert imported.report.key == "copula-1" and imported.notes == []
    assert imported.synthesizer.sample(50, seed=4).equals(copula.sample(50, seed=4))


def test_zip_of_a_folder_is_accepted(good_zip):
    """The same files inside one folder (a person zipped the saved folder) load too."""
    # Setup
    nested = _zip({f"my_model/{name}": content for name, content in _members(good_zip).items()})
    # Run / Assert
    assert read_model_zip(nested, "nested.zip").synthesizer.sample(5, seed=1).shape == (5, 4)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda good: b"this is not a zip at all", "is not a zip file"),
        (lambda good: good[: len(good) // 2], "not a zip file|damaged"),
        (lambda good: _zip({**_members(good), "../../etc/evil.json": b"{}"}), "points outside the zip"),
        (lambda good: _zip({**_members(good), "payload.pkl": b"\x80\x04."}), "holds only"),
        (lambda good: _zip({"model.json": _members(good)["model.json"]}), "weights.safetensors is missing"),
        (lambda good: _zip({"a/model.json": b"{}", "b/weights.safetensors": b""}), "several folders"),
        (lambda good: _zip({"model.json": b"{not json", "weights.safetensors": b"x"}), "unreadable or corrupt"),
        (lambda good: _zip({**_members(good), "weights.safetensors": _members(good)["weights.safetensors"][:-8]}),
         "does not match its model.json"),
    ],
    ids=["not-a-zip", "truncated", "path-traversal", "foreign-file", "missing-weights", "two-folders",
         "corrupt-json", "edited-weights"],
)
def test_bad_zips_are_refused_with_a_message(good_zip, make, message):
    """Each corrupt or foreign zip raises ModelFileError whose message says what is wrong."""
    # Run / Assert
    with pytest.raises(ModelFileError, match=message):
        read_model_zip(make(good_zip), "upload.zip")


@pytest.mark.parametrize(
    ("kind", "message"),
    [(None, "not a table generator"), ("knowledge_tracing_v0", "this app does not know")],
    ids=["another-models-kind", "unknown-kind"],
)
def test_model_of_another_kind_is_refused(good_zip, kind, message):
    """A model.json naming a model of the lab that is not a table generator, or a kind the lab does not
    know, is not loaded."""
    # Setup
    if kind is None:
        kind = next(k for k, cls in registered_models().items() if not issubclass(cls, BaseSynthesizer))
    members = _members(good_zip)
    manifest = json.loads(members["model.json"])
    manifest["kind"] = kind
    members["model.json"] = json.dumps(manifest).encode()
    # Run / Assert
    with pytest.raises(ModelFileError, match=message) as refused:
        read_model_zip(_zip(members), "other.zip")
    assert "aigc-lab-upload" not in str(refused.value), "the temporary folder is the server's business"


def test_links_oversized_and_zip_bombs_are_refused(good_zip, monkeypatch):
    """A symbolic link, a file over the size cap, and members that unpack beyond the cap are all refused."""
    # Setup
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("model.json")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    bomb = _zip({"model.json": b"{}", "weights.safetensors": b"\0" * 2_000_000})
    # Run / Assert
    with pytest.raises(ModelFileError, match="contains a link"):
        read_model_zip(buffer.getvalue(), "link.zip")
    monkeypatch.setattr(model_files, "MODEL_UNPACKED_MAX_BYTES", 1_000_000)
    with pytest.raises(ModelFileError, match="would unpack to"):
        read_model_zip(bomb, "bomb.zip")
    monkeypatch.setattr(model_files, "MODEL_ZIP_MAX_BYTES", 1_000)
    with pytest.raises(ModelFileError, match="at most"):
        read_model_zip(good_zip, "big.zip")


def test_unreadable_report_is_ignored_with_a_note(good_zip):
    """A damaged studio_report.json does not stop the model from loading; a note says it was ignored."""
    # Setup
    members = {**_members(good_zip), "studio_report.json": b'{"key": 1}'}
    # Run
    imported = read_model_zip(_zip(members), "model.zip")
    # Assert
    assert imported.report is None
    assert imported.notes == ["The report saved in the zip is unreadable and was ignored; the model itself loaded fine."]
