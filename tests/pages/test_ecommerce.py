"""The E-commerce page: opens with results at once, reacts to the customer picker and copy generation,
explains a bad interaction log, and draws a finished comparison job."""

import numpy as np
import pandas as pd

from dashboard.ecommerce.your_data import InteractionSplit
from dashboard.jobs import BackgroundJob
from dashboard.your_data import ColumnMapping, PreparedData
from engines.recommend import InteractionMatrix, split_held_out_users
from tests.pages.conftest import page_text

PAGE = "pages/3_E-commerce.py"


def copy_variants(app) -> list[str]:
    """The generated copy shown in the Content tab's cards."""
    return [m.value for m in app.markdown if str(m.value).startswith("**Variant ")]


def frame_with(app, column: str, last: bool = False) -> pd.DataFrame:
    """The first (or last) table on the page that has `column` (AppTest does not expose a dataframe's key)."""
    frames = [element.value for element in app.dataframe if column in element.value.columns]
    return frames[-1 if last else 0]


def test_opens_with_kpis_leaderboard_recommendations_and_copy(run_page):
    """No exception or error; KPIs, the leaderboard with Mult-VAE and the oracle, a customer's top 10, shipped
    copy."""
    # Run
    app = run_page(PAGE)
    # Assert
    assert not app.exception and not app.error
    labels = [metric.label for metric in app.metric]
    assert labels[:5] == ["Gross sales (GMV)", "Orders", "Buyers", "Average order", "Conversion"]
    assert "simulated" in page_text(app)
    assert "of what a shopper explores next" in app.success[0].value
    board = frame_with(app, "Recall@20")
    assert {"Mult-VAE", "EASE", "Oracle (true preferences)"} <= set(board["Model"])
    picks = frame_with(app, "True taste rank")
    assert len(picks) == 10 and picks["Why"].str.len().min() > 0
    assert len(copy_variants(app)) == 3


def test_customer_picker_and_copy_generation(run_page):
    """Another customer gets other picks; Generate writes three checked variants with provenance, for a
    catalogue product and for attributes set by hand."""
    # Setup
    app = run_page(PAGE)
    first = frame_with(app, "True taste rank")["Product"].tolist()
    # Run
    sixth = int(app.selectbox(key="ecom_customer").options[5].split()[1])
    app.selectbox(key="ecom_customer").set_value(sixth).run()
    second = frame_with(app, "True taste rank")["Product"].tolist()
    app.button(key="ecom_generate").click().run()
    variants = copy_variants(app)
    provenance = [c.value for c in app.caption if "written by copywriter-gru (version" in str(c.value)]
    app.radio(key="ecom_mode").set_value("attributes").run()
    app.selectbox(key="ecom_attr_brand").set_value("Velluto").run()
    app.button(key="ecom_generate").click().run()
    # Assert
    assert not app.exception and not app.error
    assert second != first
    assert len(variants) == 3 and len(provenance) >= 3
    assert all("Velluto" in text for text in copy_variants(app))


def test_bad_log_gives_a_message_and_a_finished_job_shows_its_leaderboard(run_page):
    """A one-user log is explained, not raised; a finished comparison job in the session draws its
    leaderboard.
    """
    # Setup
    app = run_page(PAGE)
    one_user = b"user_id,item_id\n1,1\n1,2\n1,3\n"
    app.file_uploader(key="ecom_upload").set_value(("one.csv", one_user, "text/csv")).run()
    # Run
    app.button(key="ecom_run").click().run()
    # Assert
    assert not app.exception
    assert any("holds 1 user" in error.value for error in app.error)

    # Setup: a finished job, as the background thread leaves it
    rng = np.random.default_rng(0)
    log = pd.DataFrame({"user_id": rng.integers(0, 80, 800), "item_id": rng.integers(0, 30, 800)})
    interactions = InteractionMatrix.from_log(log)
    split = split_held_out_users(interactions)
    prepared = PreparedData(ColumnMapping("log", {}), InteractionSplit(interactions, split), "", ["a note"])
    rows = [{"model": name, "recall@20": r, "ndcg@100": r, "coverage@20": 0.5, "fit_seconds": 0.1}
            for name, r in (("Popularity", 0.2), ("Mult-VAE", 0.3))]
    job = BackgroundJob([(row["model"], lambda report, row=row: row) for row in rows]).start()
    job.wait(10)
    # Run
    app = run_page(PAGE, session_state={"ecom_prepared": prepared, "ecom_job": job, "ecom_job_drawn": job})
    # Assert
    assert not app.exception and not app.error
    assert frame_with(app, "Recall@20", last=True)["Model"].tolist() == ["Mult-VAE", "Popularity"]
    assert any(info.value == "a note" for info in app.info)
