"""Bytes for download buttons. CSV cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` in which text cells starting with = + - @ (or tab / carriage return) get a leading
    apostrophe, so Excel and Sheets show them as text instead of executing them (CSV injection, OWASP)."""
    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            text = series.astype("string")
            risky = text.str.startswith(_FORMULA_PREFIXES).fillna(False)
            if risky.any():
                safe[column] = series.where(~risky, "'" + text)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``frame`` with formula-like cells neutralised and no index column."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet (zstd) of ``frame``; types are kept and no cell is ever executed, so nothing is neutralised."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, compression="zstd")
    return buffer.getvalue()
