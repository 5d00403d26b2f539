"""Synthetic Data Studio: train GAN, VAE and copula generators on a table, compare them, sample and download."""

import streamlit as st

from dashboard import warmup
from dashboard.glossary import glossary_section
from dashboard.page_setup import explained_errors, setup_page
from dashboard.recent_work_view import keep_trained_generators
from dashboard.session import session_database
from dashboard.studio.data_view import data_setup
from dashboard.studio.report import baseline_of
from dashboard.studio.results_view import pick_report, show_leaderboard, show_report
from dashboard.studio.sample_view import model_download, model_upload, sample_section
from dashboard.studio.shipped import load_examples
from dashboard.studio.state import studio_state
from dashboard.studio.train_view import training_form, training_progress

setup_page("Synthetic Data Studio")
st.title("Synthetic Data Studio")
st.caption(
    "Teach generative models (a GAN, a VAE and a Gaussian copula) what a table looks like, compare their synthetic "
    "rows with the real ones on quality, realism, usefulness and privacy, then generate as many rows as you need. "
    "Everything runs on this computer."
)

STUDIO_ENGINES = ("engines.evaluation", "engines.synth")  # torch and scikit-learn: seconds on a first visit
state = studio_state()
if state.collect_finished_job():
    keep_trained_generators(state.newly_collected)

# Results at once: before anything is trained in this session, show what the Studio produces on shipped data.
if not state.trained and state.job is None:
    with explained_errors("showing the precomputed example"):
        examples = load_examples()
        if examples:
            with st.container(border=True):
                st.markdown("#### :material/science: Precomputed example · simulated data")
                st.caption(
                    "What the Studio shows after training: every generator trained with the **quick** preset on "
                    "a shipped **simulated** table and scored on real rows it never saw (built by "
                    f"`python -m dashboard.studio.build` on {examples[0].built}; fit times are "
                    "that machine's). Train on your own table in steps 1-2 below."
                )
                titles = {e.table: e.title for e in examples}
                table = st.segmented_control("Example table", list(titles), format_func=titles.get, required=True,
                                             default=examples[0].table, key="studio_example_table")
                example = next(e for e in examples if e.table == table)
                show_leaderboard(example.reports, key="example_board")
                report = pick_report(example.reports, key="example_report")
                show_report(report, baseline_of(example.reports), key="example", others=example.reports,
                            simulated_note="Precomputed example on simulated data")

st.header("1 · Data", divider="gray")
if not warmup.warmed_up(*STUDIO_ENGINES):
    warmup.wait_for_warmup(*STUDIO_ENGINES, message="Loading the generators and metrics (only on the first "
                           "visit after the app starts) ...")
    st.stop()
choice = None
with explained_errors("reading the table"):
    choice = data_setup()

st.header("2 · Train", divider="gray")
if choice is None:
    st.info("Pick or upload a table in step 1 first.", icon=":material/info:")
else:
    with explained_errors("starting the training"):
        training_form(choice, state)
with explained_errors("showing the training progress"):
    training_progress(state)

datasets = state.datasets()
if datasets:
    st.header("3 · Leaderboard", divider="gray")
    with explained_errors("drawing the leaderboard"):
        data_keys = [d.key for d in datasets]
        labels = {d.key: d.label for d in datasets}
        data_key = st.selectbox("Trained on", data_keys, format_func=labels.get, key="studio_dataset") \
            if len(datasets) > 1 else data_keys[0]
        reports = state.reports_for(data_key)
        if len(datasets) == 1:
            st.caption(f"Trained on {labels[data_key]}.")
        show_leaderboard(reports, key="session_board")

    st.header("4 · Report", divider="gray")
    with explained_errors("drawing the report"):
        report = pick_report(reports, key="studio_report_pick")
        shipped = any(t.sql_name == report.table and t.source == "sample" for t in session_database().tables())
        show_report(report, baseline_of(reports), key="session", others=reports,
                    simulated_note="Trained on simulated sample data" if shipped else None)

st.header("5 · Sample and download" if datasets else "Sample from a saved model", divider="gray")
if state.models():
    with explained_errors("generating synthetic rows"):
        sample_section(state)
    with explained_errors("preparing the model download"):
        picked = state.model(st.session_state.get("studio_sample_model", state.models()[0].key))
        if picked is not None:
            model_download(picked)
else:
    st.caption("Train a generator above, or upload a model saved from the Studio, to generate rows here.")
with st.expander("Upload a saved model to sample from it again", icon=":material/upload:",
                 expanded=not state.models()):
    with explained_errors("reading the model file"):
        model_upload(state)

glossary_section(["GAN", "VAE", "Gaussian copula", "Auto-regressive", "Quality score", "Column shapes",
                  "Column pair trends", "KSComplement", "TVComplement", "Detection score", "Detector AUC",
                  "ML efficacy", "Privacy risk", "Membership-inference AUC", "DCR", "Epochs", "Batch size",
                  "Learning rate", "Seed"])
