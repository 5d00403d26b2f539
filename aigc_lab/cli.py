"""The `aigc-lab` command line (typer): app, synth fit / sample / export, evaluate, recommend and tracing.

Every command reads tables through `dashboard.data` (the app's sniffing and messages), trains with `engines`,
scores and reports with the Studio's modules, and ends in one of the exit codes of `aigc_lab.console`: 0 done,
2 wrong option or argument, 3 bad input (missing file, unknown column, damaged model folder), 4 the work
failed (e.g. out of memory), 1 an internal error. Errors are one line on stderr, never a traceback (set
AIGC_LAB_DEBUG=1 to see one)."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
# typer 0.29 ships its own copy of click (typer._click); its exceptions are what a parse error raises.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.exceptions import Abort as TyperAbort

from aigc_lab.console import (
    EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERNAL, EXIT_USAGE, CommandError, fail,
)

app = typer.Typer(
    name="aigc-lab", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="AIGC Business Lab without the browser: fit and sample table generators, score synthetic data, train "
         "recommenders and knowledge tracing, or start the app.",
)
synth_app = typer.Typer(no_args_is_help=True, help="Fit table generators, sample from them, export them for the "
                                                   "Studio.")
app.add_typer(synth_app, name="synth")

# Short names people type, and the registry kinds they stand for (the kinds are accepted too).
GENERATORS = {"argn": "tabular_argn", "vae": "tabular_vae", "gan": "tabular_gan", "copula": "gaussian_copula"}
PRESETS = ("quick", "balanced", "best")
DEFAULT_MAX_FIT_ROWS = 500_000

TableArgument = Annotated[str, typer.Argument(help="CSV/TSV/Parquet file, a folder of Parquet parts, or a glob "
                                                   "of them (quote it: 'parts/*.parquet').")]
MemoryOption = Annotated[str, typer.Option(help="DuckDB's memory limit while reading, e.g. 1GB; larger tables "
                                                "spill to --spill-dir.")]
SpillOption = Annotated[Path | None, typer.Option(help="Folder DuckDB spills to past the memory limit "
                                                       "(default: a temporary folder).")]


# --------------------------------------------------------------------------------------------------- app
@app.command("app")
def start_app(port: Annotated[int, typer.Option(help="Port the app listens on.", min=1, max=65535)] = 8501) -> None:
    """Start the lab's web app (Streamlit) and open it in the browser."""
    script = Path(__file__).resolve().parents[1] / "streamlit_app.py"
    if not script.is_file():
        raise CommandError("The app's pages come with the source folder: clone the repository and install it with "
                           "'pip install -e .' to run 'aigc-lab app'.", EXIT_FAILED)
    raise SystemExit(subprocess.call([sys.executable, "-m", "streamlit", "run", str(script),
                                      "--server.port", str(port)], cwd=script.parent))


# ------------------------------------------------------------------------------------------ synth fit
@synth_app.command("fit")
def synth_fit(
    table: TableArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to save the model in (model.json + "
                                                          "weights.safetensors).")],
    generator: Annotated[str, typer.Option("--generator", "-g", help="argn, vae, gan or copula.")] = "argn",
    preset: Annotated[str, typer.Option(help="quick, balanced or best.")] = "balanced",
    columns: Annotated[str | None, typer.Option(help="Comma-separated columns to learn (default: all).")] = None,
    metadata: Annotated[Path | None, typer.Option(help="metadata.json fixing column types, e.g. "
                                                       "{\"columns\": {\"age\": {\"sdtype\": \"numerical\"}}}.")] = None,
    seed: Annotated[int, typer.Option(help="Seed: the same seed and table give the same model.")] = 0,
    max_rows: Annotated[int, typer.Option(help="Larger tables are fitted on a seeded, stratified sample of this "
                                               "many rows drawn by DuckDB.", min=100)] = DEFAULT_MAX_FIT_ROWS,
    stratify: Annotated[str | None, typer.Option(help="Column whose categories keep their shares in that sample "
                                                      "(default: the text column with the fewest values).")] = None,
    max_steps: Annotated[int | None, typer.Option(help="Cap on optimisation steps (default: the preset's).",
                                                  min=1)] = None,
    device: Annotated[str, typer.Option(help="auto (CUDA when present), cpu or cuda.")] = "auto",
    memory_limit: MemoryOption = "2GB",
    spill_dir: SpillOption = None,
) -> None:
    """Fit a table generator on TABLE and save it to --out. Under torchrun the neural generators train on all
    processes (data split per rank, gradients averaged) and rank 0 saves."""
    from aigc_lab import jobs  # noqa: PLC0415 - torch loads only when a command needs it

    jobs.fit_generator(table, out, _generator_kind(generator), _preset(preset), _column_list(columns), metadata,
                       seed, max_rows, stratify, max_steps, device, memory_limit, spill_dir)


@synth_app.command("sample")
def synth_sample(
    model: Annotated[Path, typer.Argument(help="A model folder saved by 'synth fit', or a model .zip downloaded "
                                               "from the Studio.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="out.parquet or out.csv (under torchrun: a folder "
                                                                "of part files).")],
    rows: Annotated[int, typer.Option("--rows", "-n", help="How many rows (underscores allowed: 10_000_000).",
                                      parser=lambda text: _whole_number("--rows", text))] = 1000,
    where: Annotated[list[str] | None, typer.Option(help="Condition column=value (categorical or yes/no columns); "
                                                         "repeat for several.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed: the same seed gives the same rows.")] = None,
    batch_rows: Annotated[int, typer.Option(help="Rows generated and written at a time (memory holds one batch).",
                                            min=1)] = 262_144,
) -> None:
    """Generate rows from MODEL and stream them to a Parquet or CSV file (CSV cells that a spreadsheet would run
    as formulas are neutralised). Under torchrun each rank writes its share as a part with its own seed stream."""
    from aigc_lab import jobs  # noqa: PLC0415

    jobs.sample_generator(model, output, rows, where or [], seed, batch_rows)


@synth_app.command("export")
def synth_export(
    model: Annotated[Path, typer.Argument(help="A model folder saved by 'synth fit'.")],
    output: Annotated[Path, typer.Argument(help="The .zip to write; open it in the Studio's 'Open a saved model'.")],
) -> None:
    """Zip a model folder the way the Studio's 'Download the model' does, so the Studio can open it."""
    from aigc_lab import jobs  # noqa: PLC0415

    jobs.export_generator(model, output)


# ------------------------------------------------------------------------------------------ evaluate
@app.command("evaluate")
def evaluate(
    real: Annotated[str, typer.Argument(help="The real table the generator learnt from (file, folder or glob).")],
    synthetic: Annotated[str, typer.Argument(help="The synthetic table (file, folder or glob).")],
    target: Annotated[str | None, typer.Option(help="Column to predict for the machine-learning efficacy check.")] = None,
    holdout: Annotated[str | None, typer.Option(help="Real rows the generator never saw (for efficacy and privacy); "
                                                     "default: a fifth of REAL held out.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the Studio's HTML report here.")] = None,
    metadata: Annotated[Path | None, typer.Option(help="metadata.json fixing column types.")] = None,
    memory_limit: MemoryOption = "2GB",
) -> None:
    """Score SYNTHETIC against REAL: quality, detection, efficacy (with --target) and privacy, as in the Studio."""
    from aigc_lab import jobs  # noqa: PLC0415

    jobs.evaluate_tables(real, synthetic, target, holdout, report, metadata, memory_limit)


# --------------------------------------------------------------------------------- recommend / tracing
recommend_app = typer.Typer(no_args_is_help=True, help="Recommenders (Mult-VAE, RecVAE, EASE, ...) on an "
                                                       "interaction log, mapped as on the 'Your data' tab.")
tracing_app = typer.Typer(no_args_is_help=True, help="Knowledge tracing (DKT, BKT, logistic) on an attempt log, "
                                                     "mapped as on the 'Your data' tab.")
app.add_typer(recommend_app, name="recommend")
app.add_typer(tracing_app, name="tracing")

LogArgument = Annotated[str, typer.Argument(help="The log: CSV/TSV/Parquet file, folder or glob.")]
UserColumn = Annotated[str | None, typer.Option("--user-col", help="User id column (default: guessed by name).")]
ItemColumn = Annotated[str | None, typer.Option("--item-col", help="Item id column (default: guessed by name).")]
TimeColumn = Annotated[str | None, typer.Option("--time-col", help="Time column (optional: the most recent items "
                                                                   "are then held out).")]
StudentColumn = Annotated[str | None, typer.Option("--student-col", help="Student column (default: guessed).")]
SkillColumn = Annotated[str | None, typer.Option("--skill-col", help="Skill column (default: guessed).")]
CorrectColumn = Annotated[str | None, typer.Option("--correct-col", help="Correct (0/1) column (default: guessed).")]
ModelsOption = Annotated[str | None, typer.Option("--models", help="Comma-separated models to compare (default: "
                                                                   "all the page compares).")]


@recommend_app.command("evaluate")
def recommend_evaluate(log: LogArgument, user_col: UserColumn = None, item_col: ItemColumn = None,
                       time_col: TimeColumn = None, models: ModelsOption = None,
                       memory_limit: MemoryOption = "2GB") -> None:
    """Train the recommenders on LOG and print Recall@k / NDCG@k on held-out users, as the page does."""
    from aigc_lab.log_models import evaluate_log  # noqa: PLC0415

    evaluate_log("recommend", log, {"user": user_col, "item": item_col, "time": time_col},
                 _column_list(models), memory_limit)


@recommend_app.command("fit")
def recommend_fit(log: LogArgument,
                  out: Annotated[Path, typer.Option("--out", "-o", help="Folder to save the model in.")],
                  model: Annotated[str, typer.Option(help="mult-vae, recvae, ease, item-knn or popularity.")
                                   ] = "mult-vae",
                  user_col: UserColumn = None, item_col: ItemColumn = None, time_col: TimeColumn = None,
                  memory_limit: MemoryOption = "2GB") -> None:
    """Fit one recommender on every user of LOG and save it (Mult-VAE and RecVAE train under torchrun too)."""
    from aigc_lab.log_models import fit_log_model  # noqa: PLC0415

    fit_log_model("recommend", log, {"user": user_col, "item": item_col, "time": time_col}, model, out,
                  memory_limit)


@tracing_app.command("evaluate")
def tracing_evaluate(log: LogArgument, student_col: StudentColumn = None, skill_col: SkillColumn = None,
                     correct_col: CorrectColumn = None, time_col: TimeColumn = None, models: ModelsOption = None,
                     memory_limit: MemoryOption = "2GB") -> None:
    """Train the knowledge-tracing models on 80% of LOG's students and score next-attempt predictions on the rest."""
    from aigc_lab.log_models import evaluate_log  # noqa: PLC0415

    evaluate_log("tracing", log, {"student": student_col, "skill": skill_col, "correct": correct_col,
                                  "timestamp": time_col}, _column_list(models), memory_limit)


@tracing_app.command("fit")
def tracing_fit(log: LogArgument,
                out: Annotated[Path, typer.Option("--out", "-o", help="Folder to save the model in.")],
                model: Annotated[str, typer.Option(help="dkt, bkt or logistic.")] = "dkt",
                student_col: StudentColumn = None, skill_col: SkillColumn = None, correct_col: CorrectColumn = None,
                time_col: TimeColumn = None, memory_limit: MemoryOption = "2GB") -> None:
    """Fit one knowledge-tracing model on every student of LOG and save it."""
    from aigc_lab.log_models import fit_log_model  # noqa: PLC0415

    fit_log_model("tracing", log, {"student": student_col, "skill": skill_col, "correct": correct_col,
                                   "timestamp": time_col}, model, out, memory_limit)


# ------------------------------------------------------------------------------------------ helpers
def _whole_number(option: str, text: object) -> int:
    try:
        number = int(str(text).replace("_", "").replace(",", ""))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a whole number.", param_hint=option) from None
    if number < 1:
        raise typer.BadParameter(f"{number} is not 1 or more.", param_hint=option)
    return number


def _generator_kind(name: str) -> str:
    from engines.synth.registry import SYNTHESIZERS  # noqa: PLC0415

    kind = GENERATORS.get(name.strip().lower(), name.strip().lower())
    if kind not in SYNTHESIZERS:
        raise CommandError(f"Unknown generator {name!r}; choose one of: {', '.join(GENERATORS)}.", EXIT_USAGE)
    return kind


def _preset(name: str) -> str:
    if name not in PRESETS:
        raise CommandError(f"Unknown preset {name!r}; choose one of: {', '.join(PRESETS)}.", EXIT_USAGE)
    return name


def _column_list(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise CommandError("--columns is empty; give column names separated by commas.", EXIT_USAGE)
    return names


def main(argv: list[str] | None = None) -> None:
    """Run the command line on ``argv`` (default: sys.argv) and exit with its code (see the module docstring)."""
    try:
        code = typer.main.get_command(app).main(args=argv, prog_name="aigc-lab", standalone_mode=False)
    except CommandError as error:
        fail(str(error), error.exit_code)
    except NoArgsIsHelpError as error:
        if error.ctx is not None:
            sys.stderr.write(error.ctx.get_help() + "\n")
        raise SystemExit(EXIT_USAGE) from None
    except UsageError as error:
        where = f" (see: {error.ctx.command_path} --help)" if error.ctx else ""
        fail(f"{error.format_message()}{where}", EXIT_USAGE)
    except ClickException as error:
        fail(error.format_message(), EXIT_USAGE)
    except (TyperAbort, KeyboardInterrupt):
        fail("Stopped.", 130)
    except MemoryError:
        fail("Ran out of memory: lower --max-rows (or --batch-rows), or use a machine with more memory.", EXIT_FAILED)
    except Exception as error:  # noqa: BLE001 - the promise is one line, never a traceback
        _end_with(error)
    raise SystemExit(code if isinstance(code, int) else 0)


def _end_with(error: Exception) -> None:
    # Imported here, not at the top: `--help` must not wait for pandas, DuckDB and torch.
    from dashboard.data.errors import DataLayerError  # noqa: PLC0415
    from engines.errors import EngineError  # noqa: PLC0415

    if os.environ.get("AIGC_LAB_DEBUG") == "1":
        raise error
    if isinstance(error, (EngineError, DataLayerError)):
        fail(str(error), EXIT_BAD_INPUT)
    fail(f"internal error ({type(error).__name__}: {error}); rerun with AIGC_LAB_DEBUG=1 for details.", EXIT_INTERNAL)
