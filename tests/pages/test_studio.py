"""The Synthetic Data Studio page: the precomputed example at once, the train -> leaderboard -> report -> sample
flow on an uploaded table, and clear messages for bad input that keep what was trained."""

import numpy as np
import pytest

import engines.evaluation  # noqa: F401 - imported before the page runs, as on any visit after the first
import engines.synth  # noqa: F401
from dashboard import warmup
from dashboard.studio.model_files import model_zip_bytes
from dashboard.studio.state import StudioState
from dashboard.studio.training import GeneratorSpec, prepare_training_data, training_job
from tests.dashboard.studio.conftest import TABLE_TYPES, mixed_table
from tests.pages.conftest import page_text

PAGE = "pages/2_Synthetic_Data_Studio.py"
TRAIN = "FormSubmitter:studio_train-Train and compare"
SAMPLE = "FormSubmitter:studio_sample-Generate rows"


def _csv(rows: int, seed: int = 0) -> bytes:
    return mixed_table(rows, seed).to_csv(index=False).encode()


@pytest.fixture(scope="module")
def trained_state() -> StudioState:
    """Studio state holding a finished (not yet collected) job that trained a copula on the mixed table."""
    data = prepare_training_data(mixed_table(200), "mixed", TABLE_TYPES, "member")
    job = training_job(data, [GeneratorSpec("gaussian_copula", "Gaussian copula", "quick")]).start()
    assert job.wait(timeout=60)
    state = StudioState()
    state.job, state.job_data, state.job_collected = job, data, False
    return state


def _errors(app) -> list[str]:
    """Error boxes, leaving out the privacy panel's verdict (shown in red when the risk is high)."""
    return [element.value for element in app.error if not element.value.startswith("High risk:")]


def test_opens_with_precomputed_example_and_call_to_action(run_page):
    """Before training, the page shows the shipped leaderboard and report, labelled simulated, and step 1."""
    # Run
    app = run_page(PAGE)
    # Assert
    assert not app.exception and not app.error
    text = page_text(app)
    assert "Precomputed example · simulated data" in text and "Train on your own table" in text
    board = app.dataframe[0].value
    assert {"Gaussian copula", "Tabular GAN", "Tabular VAE"} <= set(board["Generator"])
    assert (board["Best"] == "★ best").sum() == 1
    assert [m.label for m in app.metric][:4] == ["Quality", "Realism (detection score)", "Usefulness (ML efficacy)",
                                                 "Privacy risk"]
    assert [h.value for h in app.header][:2] == ["1 · Data", "2 · Train"]


def test_first_visit_shows_example_while_generators_load(run_page, monkeypatch):
    """While torch and scikit-learn are still loading, the example is there and step 1 says it is loading."""
    # Setup
    monkeypatch.setattr(warmup, "warmed_up", lambda *modules: False)
    # Run
    app = run_page(PAGE)
    # Assert
    assert not app.exception and not app.error
    assert "Precomputed example · simulated data" in page_text(app)
    assert any("Loading the generators" in note.value for note in app.info)
    assert [h.value for h in app.header] == ["1 · Data"]


def test_upload_train_two_generators_then_report_and_sample(run_page):
    """Upload a CSV, train VAE + copula for 2 epochs, see the leaderboard and report, and sample 300 rows."""
    # Setup
    app = run_page(PAGE)
    app.file_uploader(key="studio_upload").set_value(("shop.csv", _csv(120), "text/csv")).run()
    app.selectbox(key="studio_target_shop").set_value("member")
    app.checkbox(key="studio_pick_tabular_gan").uncheck()
    app.checkbox(key="studio_pick_tabular_argn").uncheck()
    app.number_input(key="studio_epochs").set_value(2)
    # Run
    app.button(key=TRAIN).click().run()
    assert app.session_state["studio"].job.wait(timeout=120)
    app.run()
    # Assert
    assert not app.exception and not _errors(app)
    assert [h.value for h in app.header] == ["1 · Data", "2 · Train", "3 · Leaderboard", "4 · Report",
                                             "5 · Sample and download"]
    board = next(frame.value for frame in app.dataframe if "Generator" in frame.value)
    assert list(board["Generator"].sort_values()) == ["Gaussian copula", "Tabular VAE"]
    assert (board["Best"] == "★ best").sum() == 1 and board["Quality"].between(0, 1).all()
    assert "Precomputed example" not in page_text(app)
    # Run: sample
    app.number_input(key="studio_sample_rows").set_value(300)
    app.button(key=SAMPLE).click().run()
    # Assert
    assert not app.exception and not _errors(app)
    assert any("Generated **300 synthetic rows**" in s.value for s in app.success)
    preview = [element.value for element in app.dataframe if "region" in element.value.columns][-1]
    assert list(preview.columns) == ["age", "income", "region", "member"] and len(preview) == 300


def test_refusals_are_explained_in_chinese(run_page):
    """In Chinese, a too-small table and a one-class target are refused in Chinese (keyed errors), and the
    form's labels are Chinese."""
    # Setup
    from dashboard.i18n import translate

    app = run_page(PAGE, {"language": "zh"})
    train = f"FormSubmitter:studio_train-{translate('zh', 'studio.train.submit')}"
    # Run: too few rows
    app.file_uploader(key="studio_upload").set_value(("tiny.csv", _csv(30), "text/csv")).run()
    app.button(key=train).click().run()
    too_small = _errors(app)
    # Run: a target with one class
    one_class = mixed_table(80).assign(member=True).to_csv(index=False).encode()
    app.file_uploader(key="studio_upload").set_value(("flat.csv", one_class, "text/csv")).run()
    app.selectbox(key="studio_target_flat").set_value("member")
    app.button(key=train).click().run()
    # Assert
    assert not app.exception
    assert too_small and "至少需要 50 行" in too_small[0]
    assert any("只有一个值" in message for message in _errors(app))
    assert [h.value for h in app.header][:2] == ["1 · 数据", "2 · 训练"]


def test_bad_inputs_show_messages_and_keep_trained_generators(run_page, trained_state):
    """A too-small table and a one-class target are refused with messages; the earlier leaderboard stays."""
    # Setup
    app = run_page(PAGE, {"studio": trained_state})
    assert not app.exception and not _errors(app)
    assert "3 · Leaderboard" in [h.value for h in app.header]
    # Run: too few rows
    app.file_uploader(key="studio_upload").set_value(("tiny.csv", _csv(30), "text/csv")).run()
    app.button(key=TRAIN).click().run()
    # Assert
    assert not app.exception
    assert [message for message in _errors(app) if "needs at least 50" not in message] == []
    assert any("needs at least 50" in message for message in _errors(app))
    # Run: a target with one class
    one_class = mixed_table(80).assign(member=True).to_csv(index=False).encode()
    app.file_uploader(key="studio_upload").set_value(("flat.csv", one_class, "text/csv")).run()
    app.selectbox(key="studio_target_flat").set_value("member")
    app.button(key=TRAIN).click().run()
    # Assert
    assert not app.exception
    assert any("has a single value" in message for message in _errors(app))
    assert "3 · Leaderboard" in [h.value for h in app.header]
    assert len(app.session_state["studio"].trained) == 1


def test_model_zip_upload_good_and_corrupt(run_page, trained_state):
    """A corrupt zip gets a message; the Studio's own zip loads and can be sampled from."""
    # Setup
    app = run_page(PAGE)
    good = model_zip_bytes(trained_state.job.snapshot()[1].result.synthesizer)
    # Run
    app.file_uploader(key="studio_model_upload").set_value(("broken.zip", b"PK\x03\x04garbage", "application/zip"))
    app.run()
    # Assert
    assert not app.exception
    assert any("not a zip file" in message or "damaged" in message for message in _errors(app))
    # Run
    app.file_uploader(key="studio_model_upload").set_value(("copula.zip", good, "application/zip")).run()
    app.button(key=SAMPLE).click().run()
    # Assert
    assert not app.exception and not _errors(app)
    assert any("Loaded **copula.zip**" in s.value for s in app.success)
    assert any("synthetic rows" in s.value for s in app.success)
    sample = [element.value for element in app.dataframe if "region" in element.value.columns][-1]
    assert np.isin(sample["region"].unique(), mixed_table(200)["region"].unique()).all()


def test_leaderboard_shows_blanks_not_none_and_a_plain_headline(run_page):
    """The example leaderboard leaves missing scores blank (no "None"), pins the generator's name and opens
    with a sentence saying which generator to use."""
    # Run
    app = run_page(PAGE)
    # Assert
    board = app.dataframe[0]
    assert board.proto.placeholder == ""
    assert any(element.value.startswith(("**Use ", "**The simple baseline wins")) for element in app.markdown)
