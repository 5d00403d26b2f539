"""Synthetic Data Studio: train GAN, VAE and copula generators on a table, compare them, sample and download."""

import streamlit as st

from dashboard import warmup
from dashboard.glossary import glossary_section
from dashboard.i18n import Message, t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.recent_work_view import keep_trained_generators
from dashboard.session import session_database
from dashboard.studio.data_view import data_setup
from dashboard.studio.labels import example_title
from dashboard.studio.report import baseline_of
from dashboard.studio.results_view import pick_report, show_leaderboard, show_report
from dashboard.studio.sample_view import model_download, model_upload, sample_section
from dashboard.studio.shipped import built_text, load_examples
from dashboard.studio.state import studio_state
from dashboard.studio.train_view import training_form, training_progress

setup_page("Synthetic Data Studio")
st.title(t("studio.title"))
st.caption(t("studio.caption"))

STUDIO_ENGINES = ("engines.evaluation", "engines.synth")  # torch and scikit-learn: seconds on a first visit
state = studio_state()
if state.collect_finished_job():
    keep_trained_generators(state.newly_collected)

# Results at once: before anything is trained in this session, show what the Studio produces on shipped data.
if not state.trained and state.job is None:
    with explained_errors(t("studio.action.example")):
        examples = load_examples()
        if examples:
            with st.container(border=True):
                st.markdown(t("studio.example.title"))
                st.caption(t("studio.example.caption", built=built_text(examples[0].built)))
                titles = {e.table: example_title(e.table, e.title) for e in examples}
                table = st.segmented_control(t("studio.example.table"), list(titles), format_func=titles.get,
                                             required=True, default=examples[0].table, key="studio_example_table")
                example = next(e for e in examples if e.table == table)
                show_leaderboard(example.reports, key="example_board")
                report = pick_report(example.reports, key="example_report")
                show_report(report, baseline_of(example.reports), key="example", others=example.reports,
                            simulated_note=Message("studio.example.badge"))

st.header(t("studio.step.data"), divider="gray")
if not warmup.warmed_up(*STUDIO_ENGINES):
    warmup.wait_for_warmup(*STUDIO_ENGINES, message=t("studio.loading"))
    st.stop()
choice = None
with explained_errors(t("studio.action.reading_table")):
    choice = data_setup()

st.header(t("studio.step.train"), divider="gray")
if choice is None:
    st.info(t("studio.train.pick_table_first"), icon=":material/info:")
else:
    with explained_errors(t("studio.action.starting_training")):
        training_form(choice, state)
with explained_errors(t("studio.action.training_progress")):
    training_progress(state)

datasets = state.datasets()
if datasets:
    st.header(t("studio.step.leaderboard"), divider="gray")
    with explained_errors(t("studio.action.leaderboard")):
        data_keys = [d.key for d in datasets]
        labels = {d.key: d.label for d in datasets}
        data_key = st.selectbox(t("studio.trained_on"), data_keys, format_func=labels.get, key="studio_dataset") \
            if len(datasets) > 1 else data_keys[0]
        reports = state.reports_for(data_key)
        if len(datasets) == 1:
            st.caption(t("studio.trained_on_caption", data=labels[data_key]))
        show_leaderboard(reports, key="session_board")

    st.header(t("studio.step.report"), divider="gray")
    with explained_errors(t("studio.action.report")):
        report = pick_report(reports, key="studio_report_pick")
        shipped = any(info.sql_name == report.table and info.source == "sample"
                      for info in session_database().tables())
        show_report(report, baseline_of(reports), key="session", others=reports,
                    simulated_note=Message("studio.report.simulated_badge") if shipped else None)

st.header(t("studio.step.sample") if datasets else t("studio.step.sample_saved"), divider="gray")
if state.models():
    with explained_errors(t("studio.action.sampling")):
        sample_section(state)
    with explained_errors(t("studio.action.model_download")):
        picked = state.model(st.session_state.get("studio_sample_model", state.models()[0].key))
        if picked is not None:
            model_download(picked)
else:
    st.caption(t("studio.sample.nothing_yet"))
with st.expander(t("studio.model.upload_expander"), icon=":material/upload:", expanded=not state.models()):
    with explained_errors(t("studio.action.model_file")):
        model_upload(state)

glossary_section(["GAN", "VAE", "Gaussian copula", "Auto-regressive", "Quality score", "Column shapes",
                  "Column pair trends", "KSComplement", "TVComplement", "Detection score", "Detector AUC",
                  "ML efficacy", "Privacy risk", "Membership-inference AUC", "DCR", "Epochs", "Batch size",
                  "Learning rate", "Seed"])
