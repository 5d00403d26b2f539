"""What the "How generative AI works" page draws: the 2-D playground (controls, live frames, scores, the VAE's
latent space and the diffusion path) and the digits section (shipped scores, grids, interpolation, generate on
demand and a live training). Training runs in the server's scheduler; nothing here calls st.* from a thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from dashboard.generative_basics.pictures import image_grid
from dashboard.generative_basics.playground import MODEL_NAMES, PlaygroundSettings, diagnosis, playground_job
from dashboard.generative_basics.shipped import (
    DEFAULT_PAIR,
    DEFAULT_SEED,
    GENERATED_COUNT,
    GRID_PER_DIGIT,
    INTERPOLATION_STEPS,
    REFERENCE_KEY,
    RESULTS_FILE,
    SHIPPED,
    generated_key,
    grid_key,
    interpolation_key,
    read_pictures,
)
from dashboard.glossary import help_text
from dashboard.i18n import current_language, date, localised, number, percent, t
from dashboard.job_view import poll_seconds, queue_notice, server_scheduler, submit_job
from dashboard.tables import show_table

PLAYGROUND_KEY = "gb_playground"
DIGITS_JOB_KEY = "gb_digits_job"
TARGET_KEYS = {"ring": "how.target.ring", "moons": "how.target.moons", "spiral": "how.target.spiral",
               "checkerboard": "how.target.checkerboard"}
MODEL_TEXT_KEYS = {"GAN": "how.model_text.gan", "VAE": "how.model_text.vae", "Diffusion": "how.model_text.diffusion"}
LOSS_KEYS = {"discriminator": "how.loss.discriminator", "generator": "how.loss.generator", "loss": "how.loss.loss",
             "reconstruction": "how.loss.reconstruction", "kl": "how.loss.kl"}


def target_label(target: str) -> str:
    """A 2-D shape's name in the reader's language."""
    return t(TARGET_KEYS[target])


def model_label(name: str) -> str:
    """A model family's name as the reader's language writes it: GAN and VAE stay, diffusion is translated."""
    return t("how.model.diffusion") if name == "Diffusion" else name


# ------------------------------------------------------------------------------------------------ charts
def points_chart(real: np.ndarray, generated: np.ndarray | None, title: str, height: int = 260,
                 axis_names: tuple[str, str] = ("x", "y")) -> alt.Chart:
    """Real points (grey) under generated ones (colour), on axes fixed by the real points."""
    real_name, generated_name = t("how.points.real"), t("how.points.generated")
    frames = [pd.DataFrame({"x": real[:800, 0], "y": real[:800, 1], "points": real_name})]
    if generated is not None and len(generated):
        frames.append(pd.DataFrame({"x": generated[:, 0], "y": generated[:, 1], "points": generated_name}))
    data = pd.concat(frames, ignore_index=True)
    low, high = np.quantile(real, 0.001, axis=0) - 0.6, np.quantile(real, 0.999, axis=0) + 0.6
    return alt.Chart(data, title=title, height=height).mark_circle(size=9, opacity=0.6).encode(
        x=alt.X("x:Q", title=axis_names[0], scale=alt.Scale(domain=[float(low[0]), float(high[0])], clamp=True)),
        y=alt.Y("y:Q", title=axis_names[1], scale=alt.Scale(domain=[float(low[1]), float(high[1])], clamp=True)),
        color=alt.Color("points:N", title=t("how.points.legend"),
                        scale=alt.Scale(domain=[real_name, generated_name], range=["#CBD5E1", "#4F46E5"]),
                        legend=alt.Legend(orient="bottom")),
    )


def loss_lines(losses: list[dict[str, float]], title: str, height: int = 220) -> alt.Chart | None:
    """The loss values reported during training, one line per loss, over the training steps. The first 5% of
    the steps are left out: the start-up values are so large they would flatten the rest of the curve."""
    if not losses:
        return None
    data = pd.DataFrame(losses).melt(id_vars="step", var_name="loss", value_name="value").dropna()
    data = data[data["step"] >= 0.05 * data["step"].max()]
    data["loss"] = [t(LOSS_KEYS[name]) if name in LOSS_KEYS else name for name in data["loss"]]
    return alt.Chart(data, title=title, height=height).mark_line().encode(
        x=alt.X("step:Q", title=t("how.axis.training_step")),
        y=alt.Y("value:Q", title=t("how.axis.loss_value"), scale=alt.Scale(zero=False)),
        color=alt.Color("loss:N", title=t("how.axis.loss"), legend=alt.Legend(orient="top", direction="horizontal")))


# ------------------------------------------------------------------------------------------------ 2-D
@dataclass(frozen=True)
class TableColumns:
    """Two numeric columns of a session table, as the points to learn."""

    label: str
    x: str
    y: str
    points: np.ndarray
    dropped_rows: int


SOURCE_KEYS = {"shape": "how.source.shape", "table": "how.source.table"}
TABLE_POINTS = 4_000


@st.cache_data(show_spinner=False, max_entries=8, max_size="50MB")
def _table_rows(_database, sql_name: str, version: int) -> pd.DataFrame:
    from dashboard.data.studio_queries import training_rows

    return training_rows(_database, sql_name, TABLE_POINTS, seed=0)


def playground_source() -> TableColumns | None:
    """"A shape" (None) or two numeric columns of a table of this session (shipped or uploaded); picked
    outside the form because the column lists depend on the table."""
    from dashboard.charts import is_id_like
    from dashboard.session import session_database
    from dashboard.table_widgets import table_label

    source = st.segmented_control(t("how.source.label"), list(SOURCE_KEYS), default="shape",
                                  format_func={code: t(key) for code, key in SOURCE_KEYS.items()}.get, required=True,
                                  key="gb_source")
    if source != "table":
        return None
    database = session_database()
    tables = {info.sql_name: info for info in database.tables()}
    left, middle, right = st.columns(3)
    table_names = {n: table_label(info) for n, info in tables.items()}
    name = left.selectbox(t("how.source.table_picker"), list(tables), format_func=table_names.get,
                          key="gb_table")
    frame = _table_rows(database, name, tables[name].version)
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c]) and frame[c].nunique() > 2
               and not is_id_like(frame[c], c)]
    if len(numeric) < 2:
        st.info(t("how.source.too_few_columns"), icon=":material/info:")
        return None
    x = middle.selectbox(t("how.source.column_across"), numeric, key="gb_x")
    y = right.selectbox(t("how.source.column_up"), [c for c in numeric if c != x], key="gb_y")
    pair = frame[[x, y]].astype(float)
    kept = pair.dropna()
    if len(kept) < 10:
        st.info(t("how.source.too_few_rows"), icon=":material/info:")
        return None
    if len(kept) < len(pair):
        st.caption(t("how.source.rows_left_out", count=len(pair) - len(kept), total=len(pair)))
    return TableColumns(table_label(tables[name]), x, y, kept.to_numpy(np.float32), len(pair) - len(kept))


def playground_controls(table: TableColumns | None = None) -> PlaygroundSettings | None:
    """The playground form; returns the settings when Train is pressed (target "table" for `table`)."""
    running = _playground() is not None and _playground()[0].is_running
    with st.form("gb_playground_form", border=True):
        left, middle, right = st.columns(3)
        if table is None:
            target = left.selectbox(t("how.control.shape"), list(TARGET_KEYS),
                                    format_func={code: target_label(code) for code in TARGET_KEYS}.get,
                                    key="gb_target", help=t("how.control.shape_help"))
        else:
            target = "table"
            left.markdown(t("how.control.learning_columns", x=table.x, y=table.y, table=table.label))
        steps = middle.slider(t("how.control.steps"), 300, 4_000, 1_500, step=100, key="gb_steps",
                              help=help_text("Training steps"))
        rate = right.select_slider(t("how.control.rate"), [1e-4, 3e-4, 1e-3, 3e-3, 1e-2], value=3e-3,
                                   key="gb_rate", help=help_text("Learning rate"))
        left, middle, right = st.columns(3)
        latent = left.slider(t("how.control.latent"), 1, 8, 2, key="gb_latent", help=help_text("Latent space"))
        seed = middle.number_input(t("how.control.seed"), 0, 10_000, 0, key="gb_seed", help=help_text("Seed"))
        pack = right.toggle(t("how.control.pack"), key="gb_pack", help=help_text("PacGAN"))
        pressed = st.form_submit_button(t("how.control.training") if running else t("how.control.train"),
                                        type="primary", icon=":material/model_training:", disabled=running)
    if not pressed:
        return None
    return PlaygroundSettings(target, int(steps), float(rate), int(latent), int(seed), 4 if pack else 1)


def start_playground(settings: PlaygroundSettings, table: TableColumns | None = None) -> None:
    """Queue the playground job for this session (on `table`'s columns when given) and remember it."""
    if table is not None:
        job, run = playground_job(settings, table.points, (table.x, table.y), table.label)
    else:
        job, run = playground_job(settings)
    submit_job(job)
    st.session_state[PLAYGROUND_KEY] = (job, run)


def _playground() -> tuple[Any, Any] | None:
    return st.session_state.get(PLAYGROUND_KEY)


def playground_panel() -> None:
    """The live frames while the job runs (a fragment redrawn every 0.5 s), then the results."""
    current = _playground()
    if current is None:
        st.info(t("how.playground.hint", button=t("how.control.train")), icon=":material/touch_app:")
        return
    job, run = current

    @st.fragment(run_every=poll_seconds(job))
    def frames() -> None:
        waiting = queue_notice(job)
        if waiting is not None:
            st.info(waiting, icon=":material/hourglass_top:")
            st.button(t("job.cancel"), key="gb_cancel_queued", on_click=server_scheduler().cancel, args=(job,))
            return
        if not job.is_running and st.session_state.get("gb_drawn") is not job:
            st.session_state["gb_drawn"] = job
            st.rerun()
        _draw_frames(job, run)
        if job.is_running:
            st.button(t("how.playground.stop"), icon=":material/stop_circle:", key="gb_stop", on_click=job.cancel,
                      help=t("how.playground.stop_help"))

    frames()
    if not job.is_running:
        _draw_results(job, run)


def _draw_frames(job, run) -> None:
    steps = {step.name: step for step in job.snapshot()}
    latest = run.latest()
    ring = run.settings.target == "ring"
    st.progress(min(job.fraction, 1.0), text=" · ".join(
        t("job.step_state", step=model_label(s.name), state=t(f"job.state.{s.state}")) for s in steps.values()))
    st.caption(t("how.frames.caption_pacgan" if run.settings.pack > 1 else "how.frames.caption",
                 target=learned_label(run), steps=run.settings.steps, seed=str(run.settings.seed)))
    for column, name in zip(st.columns(3), MODEL_NAMES):
        with column:
            step = steps[name]
            at, points = latest.get(name, (0, None))
            heading = (t("how.frames.model_step_of", model=model_label(name), step=at, total=step.total)
                       if step.total else t("how.frames.model_step", model=model_label(name), step=at))
            st.markdown(heading, help=t(MODEL_TEXT_KEYS[name]))
            st.altair_chart(points_chart(run.real, points, t("how.frames.chart_title"), axis_names=run.axis_names),
                            key=f"gb_frame_{name}")
            if step.state == "failed":
                st.error(localised(step.error) if step.error else t("how.frames.failed"), icon=":material/error:")
            elif step.state == "done" and step.result is not None:
                scores = step.result.scores
                metrics = st.columns(3 if ring else 2)
                if ring:
                    metrics[0].metric(t("how.metric.blobs"),
                                      t("how.metric.blobs_value", covered=int(scores["modes_covered"])),
                                      help=help_text("Modes covered"))
                metrics[-2].metric(t("how.metric.on_shape"), percent(scores["high_quality_share"], 0),
                                   help=help_text("High-quality share"))
                metrics[-1].metric(t("how.metric.distance"), number(scores["energy_distance"], 3),
                                   help=help_text("Energy distance"))
                st.markdown(diagnosis(name, scores, ring))
            chart = loss_lines(step.losses, t("how.chart.model_losses", model=model_label(name)))
            if chart is not None:
                st.altair_chart(chart, key=f"gb_loss_{name}")


def learned_label(run) -> str:
    """What a run learns, in words: the shape's name, or the two columns and their table."""
    if run.settings.target in TARGET_KEYS:
        return target_label(run.settings.target)
    return t("how.learned.columns", x=run.axis_names[0], y=run.axis_names[1], table=run.source_label)


def _draw_results(job, run) -> None:
    steps = {step.name: step for step in job.snapshot()}
    vae, diffusion = steps["VAE"].result, steps["Diffusion"].result
    left, right = st.columns(2)
    if vae is not None:
        with left:
            st.markdown(t("how.latent.title"))
            st.caption(t("how.latent.caption"))
            latent = vae.model.encode(run.real[:1_500])
            second = latent[:, 1] if latent.shape[1] > 1 else np.zeros(len(latent))
            centred = (run.real[:1_500] - run.real.mean(axis=0)) / np.maximum(run.real.std(axis=0), 1e-9)
            angle = np.degrees(np.arctan2(centred[:, 1], centred[:, 0]))
            frame = pd.DataFrame({"latent 1": latent[:, 0], "latent 2": second, "angle": angle})
            st.altair_chart(alt.Chart(frame, height=300).mark_circle(size=10).encode(
                x=alt.X("latent 1:Q", title=t("how.latent.axis_first")),
                y=alt.Y("latent 2:Q", title=t("how.latent.axis_second")),
                color=alt.Color("angle:Q", title=t("how.latent.angle"),
                                scale=alt.Scale(scheme="rainbow"))), key="gb_latent_chart")
    if diffusion is not None:
        with right:
            st.markdown(t("how.path.title"))
            path = _denoising_path(diffusion.model, int(run.settings.seed))
            frame_index = st.slider(t("how.path.slider"), 0, len(path) - 1, len(path) - 1, key="gb_path_step",
                                    help=t("how.path.slider_help"))
            title = t("how.path.chart_title", step=frame_index, total=len(path) - 1)
            st.altair_chart(points_chart(run.real, path[frame_index], title, height=300, axis_names=run.axis_names),
                            key="gb_path_chart")


def _denoising_path(model, seed: int) -> np.ndarray:
    cache = st.session_state.setdefault("gb_paths", {})
    if id(model) not in cache:
        cache.clear()
        cache[id(model)] = model.denoising_path(500, seed=seed)
    return cache[id(model)]


# ------------------------------------------------------------------------------------------------ digits
@st.cache_data(show_spinner=False, max_entries=2)
def shipped_digit_results() -> dict[str, Any]:
    """results.json of the shipped digits models."""
    return SHIPPED.json(RESULTS_FILE)


@st.cache_data(show_spinner=False, max_entries=1)
def shipped_pictures() -> dict[str, np.ndarray]:
    """pictures.npz: the pictures a cold open shows, drawn by the builder (no torch, no model needed)."""
    return read_pictures()


@st.cache_resource(show_spinner=False)
def shipped_digit_model(kind: str):
    """A shipped digits model (generator or scorer), opened once per server."""
    from engines import load_model

    return load_model(SHIPPED.path(kind), device="cpu")


@st.cache_data(show_spinner=False, max_entries=64)
def generated_digits(kind: str, digit: int, seed: int) -> np.ndarray:
    """64 generated digits of one model: the shipped picture at the default seed, the model otherwise."""
    if seed == DEFAULT_SEED:
        return shipped_pictures()[generated_key(kind, digit)]
    return shipped_digit_model(kind).sample(GENERATED_COUNT, digit, seed=seed)


@st.cache_data(show_spinner=False, max_entries=32)
def interpolation_path(first: int, second: int) -> np.ndarray:
    """The VAE's walk from the example `first` to the example `second` (shipped for the default pair)."""
    pictures = shipped_pictures()
    if (first, second) == DEFAULT_PAIR:
        return pictures[interpolation_key(first, second)]
    examples = pictures[REFERENCE_KEY]
    return shipped_digit_model("image_vae").interpolate(examples[first], first, examples[second], second,
                                                         steps=INTERPOLATION_STEPS)


def score_table(results: dict[str, Any]) -> pd.DataFrame:
    """The three generators and the real baseline side by side (model names in the reader's language)."""
    rows = [{"Model": t("how.digits.real_baseline"), **results["real"], "fit_seconds": None,
             "images_per_second": None}]
    rows += [{**entry, "Model": model_label(entry["label"])} for entry in results["models"].values()]
    frame = pd.DataFrame(rows)
    return frame[["Model", "conditioning_accuracy", "frechet_distance", "diversity", "near_copy_share",
                  "fit_seconds", "images_per_second"]]


def score_columns() -> dict[str, Any]:
    """The score table's column titles and formats, in the reader's language."""
    return {
        "Model": st.column_config.TextColumn(t("how.digits.model")),
        "conditioning_accuracy": st.column_config.NumberColumn(t("how.digits.column.conditioning"), format="%.3f",
                                                               help=help_text("Conditioning accuracy")),
        "frechet_distance": st.column_config.NumberColumn(t("how.digits.column.frechet"), format="%.1f",
                                                          help=help_text("Frechet distance")),
        "diversity": st.column_config.NumberColumn(t("how.digits.column.diversity"), format="%.3f",
                                                   help=help_text("Diversity")),
        "near_copy_share": st.column_config.NumberColumn(t("how.digits.column.near_copies"), format="%.3f",
                                                         help=help_text("Near-copy share")),
        "fit_seconds": st.column_config.NumberColumn(t("how.digits.column.training_seconds"), format="%.0f"),
        "images_per_second": st.column_config.NumberColumn(t("how.digits.column.images_per_second"),
                                                           format="%.0f"),
    }


def _listed(items: list[str]) -> str:
    """Items joined as the reader's language lists them ("GAN 3,925, VAE 8,325 and ..." / "GAN 3,925 步、...")."""
    from babel.lists import format_list

    return format_list(items, locale="zh_Hans_CN" if current_language() == "zh" else "en_US")


def digits_results() -> None:
    """The shipped scores and a grid of every class for each model, shown at once."""
    results = shipped_digit_results()
    show_table(score_table(results), column_config=score_columns(), key="gb_scores")
    steps = _listed([t("how.digits.model_steps", model=model_label(entry["label"]), steps=int(entry["training_steps"]))
                     for entry in results["models"].values()])
    built = results.get("built", "")
    if built:
        built = date(pd.Timestamp(built).date())
    st.caption(t("how.digits.caption", source=t("how.digits.source"), steps=steps, built=built,
                 command=SHIPPED.rebuild_command, machine=results.get("machine", "")))
    pictures = shipped_pictures()
    for column, (kind, entry) in zip(st.columns(3), results["models"].items()):
        with column:
            st.markdown(t("how.digits.grid_title", model=model_label(entry["label"]), count=GRID_PER_DIGIT))
            st.image(image_grid(pictures[grid_key(kind)], columns=GRID_PER_DIGIT), clamp=True,
                     caption=t("how.digits.grid_caption"), width="stretch")


def generate_on_demand() -> None:
    """"Generate 64 of digit k" with a seed, from a shipped model."""
    results = shipped_digit_results()
    labels = {kind: model_label(entry["label"]) for kind, entry in results["models"].items()}
    left, middle, right = st.columns(3)
    kind = left.selectbox(t("how.generate.model"), list(labels), format_func=labels.get, key="gb_gen_model")
    digit = middle.selectbox(t("how.generate.digit"), list(range(10)), key="gb_gen_digit")
    seed = right.number_input(t("how.control.seed"), 0, 100_000, DEFAULT_SEED, key="gb_gen_seed",
                              help=help_text("Seed"))
    with st.spinner(t("how.generate.spinner", count=GENERATED_COUNT, digit=str(digit), model=labels[kind])):
        images = generated_digits(kind, int(digit), int(seed))
    st.image(image_grid(images, columns=16), clamp=True, width="stretch",
             caption=t("how.generate.caption", count=GENERATED_COUNT, digit=str(digit), model=labels[kind],
                       seed=str(seed)))


def vae_interpolation() -> None:
    """Walk the VAE's latent space from one real digit to another."""
    left, right = st.columns(2)
    first = left.selectbox(t("how.walk.from"), list(range(10)), index=DEFAULT_PAIR[0], key="gb_from")
    second = right.selectbox(t("how.walk.to"), list(range(10)), index=DEFAULT_PAIR[1], key="gb_to")
    examples = shipped_pictures()[REFERENCE_KEY]
    with st.spinner(t("how.walk.spinner")):
        path = interpolation_path(int(first), int(second))
    st.image(image_grid(np.concatenate([examples[first][None], path, examples[second][None]]), columns=12),
             clamp=True, width="stretch", caption=t("how.walk.image_caption"))


def live_digits_training() -> None:
    """One click trains a chosen digits model for a minute, with a live grid and loss curve."""
    from dashboard.generative_basics.digits import DIGIT_MODELS

    labels = {spec.kind: model_label(spec.label) for spec in DIGIT_MODELS}
    current = st.session_state.get(DIGITS_JOB_KEY)
    running = current is not None and current[0].is_running
    left, right = st.columns([2, 1])
    kind = left.radio(t("how.live.model"), list(labels), format_func=labels.get, horizontal=True,
                      key="gb_live_kind")
    if right.button(t("how.live.train"), icon=":material/model_training:", disabled=running, key="gb_live_train"):
        _start_digits_job(kind)
        st.rerun()
    current = st.session_state.get(DIGITS_JOB_KEY)
    if current is None:
        return
    job, preview = current

    @st.fragment(run_every=poll_seconds(job))
    def panel() -> None:
        waiting = queue_notice(job)
        if waiting is not None:
            st.info(waiting, icon=":material/hourglass_top:")
            return
        step = job.snapshot()[0]
        training = t("how.live.training", model=model_label(step.name))
        st.progress(min(job.fraction, 1.0),
                    text=t("job.step_state", step=training, state=t(f"job.state.{step.state}")))
        picture = preview.get("grid")
        if picture is not None:
            st.image(picture, clamp=True, caption=t("how.live.preview_caption", step=int(preview["step"])),
                     width="stretch")
        chart = loss_lines(step.losses, t("how.live.losses"))
        if chart is not None:
            st.altair_chart(chart, key="gb_live_loss")
        if step.state == "failed":
            st.error(localised(step.error) if step.error else t("how.frames.failed"), icon=":material/error:")
        if job.is_running:
            st.button(t("job.stop"), key="gb_live_stop", on_click=job.cancel, icon=":material/stop_circle:")

    panel()


def _start_digits_job(kind: str) -> None:
    from dashboard.generative_basics.digits import DIGIT_MODELS, train_digit_model
    from dashboard.jobs import BackgroundJob

    spec = next(spec for spec in DIGIT_MODELS if spec.kind == kind)
    preview: dict[str, Any] = {}

    def remember(step: int, images: np.ndarray, classes: np.ndarray) -> None:
        order = np.argsort(classes, kind="stable")
        preview.update(step=step, grid=image_grid(images[order], columns=8))

    def train(report):
        # The diffusion model's preview costs 16 sampling steps: every 100 training steps keeps it under 10%.
        return train_digit_model(spec, max_seconds=60.0, on_progress=report, on_preview=remember,
                                 preview_every=100 if kind == "image_diffusion" else 25)

    # The step is named by the model family ("GAN"); the panel words it in the reader's language.
    job = BackgroundJob([(spec.label, train)], expected_seconds=60.0)
    submit_job(job)
    st.session_state[DIGITS_JOB_KEY] = (job, preview)
