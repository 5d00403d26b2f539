"""What the command line's table-generator commands do, once their arguments are parsed: read through the data
layer, train with the engines, score and report with the Studio's modules."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pandas as pd

from aigc_lab.console import EXIT_USAGE, CommandError, ProgressBar, note, result_line
from dashboard.data.large_tables import (
    TableFiles, check_columns, open_table_files, read_all_rows, stratified_sample, stratifying_column,
)
from engines.core import distributed
from engines.errors import ModelFileError

# `evaluate` reads at most this many rows of each table (a seeded sample above it): the checks score a few
# thousand rows anyway.
EVALUATION_READ_ROWS = 50_000


def fit_generator(table: str, out: Path, kind: str, preset: str, columns: list[str] | None, metadata_path: Path | None,
                  seed: int, max_rows: int, stratify: str | None, max_steps: int | None, device: str,
                  memory_limit: str, spill_dir: Path | None) -> None:
    """`synth fit`: see `aigc_lab.cli.synth_fit`."""
    from engines.core.device import resolve_device  # noqa: PLC0415
    from engines.synth.registry import make_synthesizer  # noqa: PLC0415

    metadata = _read_metadata(metadata_path)
    resolve_device(device)  # a CUDA request on a machine without it fails here, before any reading
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} is a file; give a folder to save the model in.", EXIT_USAGE)
    group = distributed.start(device)
    try:
        frame = _fitting_rows(table, columns, seed, max_rows, stratify, memory_limit, spill_dir)
        params = {"random_state": seed, "device": device}
        if max_steps is not None:
            params["max_steps"] = max_steps
        synthesizer = make_synthesizer(kind, preset=preset, **params)
        if max_steps is not None and "max_steps" not in synthesizer.resolved_params():
            raise CommandError(f"--max-steps does not apply to {synthesizer.label}: it fits in one pass.", EXIT_USAGE)
        if group.is_distributed:
            note(f"Training on {group.world_size} processes ({distributed.backend()}): rows split per rank, "
                 "gradients averaged; rank 0 reports and saves.")
        with ProgressBar(f"Fitting {synthesizer.label}") as bar:
            synthesizer.fit(frame, metadata=_merged_metadata(frame, metadata), on_progress=bar)
        work = distributed.gather_objects({"rank": group.rank, "steps": distributed.WORK.steps,
                                           "rows": distributed.WORK.rows})
        if group.is_main:
            out.mkdir(parents=True, exist_ok=True)
            synthesizer.save(out)
            result_line(f"Saved {synthesizer.label} ({kind}, preset {preset}) to {out}: fitted on {len(frame):,} rows "
                        f"in {synthesizer.fit_seconds_:.1f} s, {synthesizer.training_steps_:,} training steps.")
            if group.is_distributed:
                for entry in work:
                    result_line(f"rank {entry['rank']}: {entry['steps']:,} steps, {entry['rows']:,} training rows")
    finally:
        distributed.stop()


def _read_metadata(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"There is no metadata file {str(path)!r}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path} is not a readable JSON file ({error}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise CommandError(f"{path} must hold {{\"columns\": {{\"<column>\": {{\"sdtype\": \"numerical\"}}, ...}}}}.")
    return data


def _merged_metadata(frame: pd.DataFrame, metadata: dict | None):
    """The detected column types of `frame` with those `metadata` names replaced (None: detect them all)."""
    from engines.core.metadata import TableMetadata  # noqa: PLC0415

    detected = TableMetadata.detect(frame)
    if metadata is None:
        return detected
    for name, column in TableMetadata.from_dict(metadata).columns.items():
        if name not in detected.columns:
            raise CommandError(f"The metadata file describes {name!r}, which is not among the columns: "
                               f"{', '.join(detected.columns)}.")
        detected.columns[name] = column
    return detected


def _fitting_rows(table: str, columns: list[str] | None, seed: int, max_rows: int, stratify: str | None,
                  memory_limit: str, spill_dir: Path | None) -> pd.DataFrame:
    """Every row of `table`, or a seeded stratified sample of `max_rows` drawn out-of-core when it has more."""
    from dashboard.data.profile import profile_table  # noqa: PLC0415

    source = open_table_files(table, memory_limit=memory_limit, spill_directory=spill_dir)
    try:
        for line in source.notes:
            note(line)
        if columns:
            check_columns(source, columns)
        if stratify:
            check_columns(source, [stratify])
        total = source.database.row_count(source.sql_name)
        if total <= max_rows:
            return read_all_rows(source, columns)
        started = time.perf_counter()
        profile = profile_table(source.database, source.sql_name, with_distributions=False)
        profile_seconds = time.perf_counter() - started
        by = stratify or stratifying_column(source, columns)
        frame, sample = stratified_sample(source, max_rows, seed, by, columns)
        strata = f"stratified by {by!r} ({sample.strata} groups)" if by else "not stratified (no text column)"
        note(f"{table} has {total:,} rows x {len(profile.columns)} columns, more than --max-rows {max_rows:,}: "
             f"profiled out-of-core in {profile_seconds:.1f} s, then fitted on a seeded sample of {len(frame):,} rows "
             f"{strata}, drawn by DuckDB in {sample.seconds:.1f} s (memory limit {memory_limit}).")
        return frame
    finally:
        source.close()


# ---------------------------------------------------------------------------------------------- sample
def load_generator(model: Path):
    """A fitted table generator from a model folder (`synth fit`) or a Studio model zip; CommandError when the
    path holds neither."""
    from dashboard.studio.model_files import read_model_zip  # noqa: PLC0415
    from engines.synth.base import BaseSynthesizer  # noqa: PLC0415

    if not model.exists():
        raise CommandError(f"There is no model at {str(model)!r}: give the folder 'synth fit' saved, or a Studio "
                           "model .zip.")
    if model.is_file():
        if model.suffix.lower() != ".zip":
            raise CommandError(f"{model} is a file but not a .zip; give a model folder or a Studio model .zip.")
        return read_model_zip(model.read_bytes(), model.name).synthesizer
    try:
        return BaseSynthesizer.load(model, device="auto")
    except ModelFileError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{model} is not a complete table-generator folder ({error}); fit it again.") from None


def sample_generator(model: Path, output: Path, n_rows: int, where: list[str], seed: int | None,
                     batch_rows: int) -> None:
    """`synth sample`: see `aigc_lab.cli.synth_sample`."""
    from aigc_lab.sample_files import SAMPLE_FORMATS, part_path, rank_seed_stream, rank_share, write_sample  # noqa: PLC0415
    from dashboard.studio.sampling import parse_conditions  # noqa: PLC0415

    group = distributed.launch_group()
    if not group.is_distributed and output.suffix.lower() not in SAMPLE_FORMATS:
        raise CommandError(f"--output {output} needs a .parquet or .csv name.", EXIT_USAGE)
    synthesizer = load_generator(model)
    pairs = []
    for text in where:
        column, sep, value = text.partition("=")
        if not sep or not column.strip():
            raise CommandError(f"--where {text!r} must read column=value.", EXIT_USAGE)
        if column.strip() not in synthesizer.metadata_.sdtypes:
            raise CommandError(f"--where names {column.strip()!r}, which the model does not have; its columns are: "
                               f"{', '.join(synthesizer.metadata_.sdtypes)}.")
        pairs.append((column.strip(), value))
    conditions = parse_conditions(synthesizer, pairs)
    path = part_path(output)
    share = rank_share(n_rows)
    with ProgressBar(f"Sampling {n_rows:,} rows") as bar:
        written = write_sample(synthesizer, share, path, conditions, rank_seed_stream(seed), batch_rows,
                               report=lambda done, total, _: bar(done, total, {}))
    rate = written.rows / max(written.seconds, 1e-9)
    if group.is_distributed:
        print(f"rank {group.rank}: wrote {written.rows:,} rows to {path} in {written.seconds:.1f} s "
              f"({rate:,.0f} rows/s)", flush=True)
    else:
        result_line(f"Wrote {written.rows:,} rows to {path} in {written.seconds:.1f} s ({rate:,.0f} rows/s).")


def export_generator(model: Path, output: Path) -> None:
    """`synth export`: the Studio's model zip (`model_zip_bytes`) of a model folder."""
    from dashboard.studio.model_files import model_zip_bytes  # noqa: PLC0415

    if output.suffix.lower() != ".zip":
        raise CommandError(f"{output} must end in .zip.", EXIT_USAGE)
    synthesizer = load_generator(model)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(model_zip_bytes(synthesizer))
    result_line(f"Wrote {output}: open it in the Studio ('Open a saved model') or sample it with 'aigc-lab synth "
                "sample'.")


# -------------------------------------------------------------------------------------------- evaluate
def evaluate_tables(real: str, synthetic: str, target: str | None, holdout: str | None, report_path: Path | None,
                    metadata_path: Path | None, memory_limit: str) -> None:
    """`evaluate`: the Studio's four checks (dashboard.studio.evaluation) and its HTML report."""
    from dashboard.studio.evaluation import evaluate_synthetic  # noqa: PLC0415
    from dashboard.studio.html_report import html_report  # noqa: PLC0415
    from dashboard.studio.report import StudioReport  # noqa: PLC0415
    from dashboard.studio.training import prepare_training_data  # noqa: PLC0415
    metadata = _read_metadata(metadata_path)
    real_frame = _rows_for_scoring(real, memory_limit)
    synthetic_frame = _rows_for_scoring(synthetic, memory_limit)
    missing = [c for c in real_frame.columns if c not in synthetic_frame.columns]
    if missing:
        raise CommandError(f"The synthetic table has no column {missing[0]!r}; both tables need the same columns.")
    synthetic_frame = synthetic_frame[list(real_frame.columns)]
    if target is not None and target not in real_frame.columns:
        raise CommandError(f"--target {target!r} is not a column of {real}; its columns are: "
                           f"{', '.join(real_frame.columns)}.")
    sdtypes = _merged_metadata(real_frame, metadata).sdtypes
    if holdout is None:
        data = prepare_training_data(real_frame, real, sdtypes, target)
        train, held_out = data.train, data.holdout
        note("No --holdout given: a fifth of the real rows is held out; if the generator learnt from them, the "
             "privacy check is optimistic.")
    else:
        train, held_out = real_frame, _rows_for_scoring(holdout, memory_limit)[list(real_frame.columns)]
    studio_report = StudioReport(key="cli", generator=Path(synthetic).name, kind="unknown", preset="-",
                                 table=Path(real).name, n_train_rows=len(train), n_holdout_rows=len(held_out),
                                 n_synthetic_rows=len(synthetic_frame), fit_seconds=0.0)
    with ProgressBar("Scoring") as bar:
        evaluate_synthetic(studio_report, train, held_out, synthetic_frame, sdtypes, target, on_stage=bar)
    scores = {
        "quality": studio_report.quality_score, "column_shapes": studio_report.column_shapes_score,
        "column_pair_trends": studio_report.column_pair_trends_score, "detection": studio_report.detection_score,
        "efficacy_ratio": studio_report.efficacy.ratio if studio_report.efficacy else None,
        "privacy_risk": studio_report.privacy.verdict if studio_report.privacy else None,
    }
    for name, value in scores.items():
        if value is not None:
            shown = f"{value:.3f}" if isinstance(value, float) and not math.isnan(value) else str(value)
            result_line(f"{name}: {shown}")
    for line in studio_report.notes:
        note(line)
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(html_report(studio_report), encoding="utf-8")
        result_line(f"report: {report_path}")


def _rows_for_scoring(table: str, memory_limit: str) -> pd.DataFrame:
    """Every row of a table up to EVALUATION_READ_ROWS, or a seeded sample of that many (the checks score at
    most a few thousand rows anyway)."""
    source: TableFiles = open_table_files(table, memory_limit=memory_limit)
    try:
        if source.database.row_count(source.sql_name) <= EVALUATION_READ_ROWS:
            return read_all_rows(source)
        return stratified_sample(source, EVALUATION_READ_ROWS, seed=0)[0]
    finally:
        source.close()
