"""Writing a simulated scenario to disk: a zstd-compressed Parquet file per table, and its README."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def save_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each frame to ``out_dir/<name>.parquet`` (zstd, no index) and return the paths. Parquet files of
    tables that are no longer produced are left alone; the build removes stale files before calling this."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = out_dir / f"{name}.parquet"
        arrow_table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(arrow_table, path, compression="zstd")
        paths.append(path)
    return paths


def save_readme(text: str, out_dir: Path) -> Path:
    """Write a scenario's README.md (UTF-8, a single trailing newline)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "README.md"
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def markdown_table(frame: pd.DataFrame) -> str:
    """A small frame as a GitHub-flavoured Markdown table (no dependency on ``tabulate``)."""
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(map(str, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def schema_table(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown listing each table's row count and its columns with pandas dtypes, for the README."""
    lines = []
    for name, frame in tables.items():
        columns = ", ".join(f"`{column}` {dtype}" for column, dtype in frame.dtypes.items())
        lines.append(f"- **{name}** ({len(frame):,} rows): {columns}")
    return "\n".join(lines)
