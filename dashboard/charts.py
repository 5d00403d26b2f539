"""Altair charts the pages share, and the chart style every page follows. Charts take tidy DataFrames and
return chart objects; pages only place them.

The style, in one place so each page gets it by calling these helpers:
- categories go on the vertical axis of horizontal bars, one row per category, so no label is ever dropped
  (``category_axis``, ``bar_chart_height``);
- bar lengths start at zero (Altair's default for bars; never give a bar axis a domain that excludes 0);
- every axis has a title and every colour a legend, unless the page states it once above a grid of charts;
- a yes/no (0/1 or true/false) column is drawn as the share of each answer, with the share written on the bar
  so a 0.3% minority still shows (``share_chart``);
- identifier columns (``*_id``, ``id``, or row numbers) are never charted, and neither is a column holding a
  single value (``why_not_charted`` says so in words instead);
- every title, axis title and tooltip title comes from the message catalogues (``dashboard.i18n.t``), so a chart
  speaks the reader's language; data values and column names are shown as they are."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from dashboard.i18n import current_language, t

PRIMARY = "#4F46E5"
MUTED = "#94A3B8"
BAR_STEP_PX = 22  # height of one horizontal bar's row: room for one line of label text
CATEGORY_LABEL_LIMIT_PX = 260
MAX_BARS = 30  # more categories are cut to the largest ones, and the chart's title says so
_ID_SUFFIX = re.compile(r"(^|[_\W])id$", re.IGNORECASE)  # id, product_id, "Customer ID"
_ID_CAMEL = re.compile(r"[a-z](Id|ID)$")  # productId; case-sensitive, so "paid" and "valid" are not ids


def is_id_name(name: object) -> bool:
    """Whether a column's name says it is an identifier: ``id``, ``product_id``, ``Customer ID``, ``productId``."""
    text = str(name)
    return bool(_ID_SUFFIX.search(text) or _ID_CAMEL.search(text))


def category_axis(field: str, title: str | None, sort=None, label_limit: int = CATEGORY_LABEL_LIMIT_PX) -> alt.Y:
    """A vertical category axis that shows every label in full (never every other one)."""
    return alt.Y(field, sort=sort, title=title, axis=alt.Axis(labelLimit=label_limit, labelOverlap=False))


def time_axis(**options) -> alt.Axis:
    """An axis for dates in the reader's language: Vega-Lite writes month names in English, so Chinese axes get
    numeric dates (2024年10月)."""
    if current_language() == "zh":
        options.setdefault("format", "%Y年%-m月")
    return alt.Axis(**options)


def bar_chart_height(n_categories: int, per_bar: int = BAR_STEP_PX, extra: int = 40) -> int:
    """The height in pixels that gives each of ``n_categories`` horizontal bars its own labelled row."""
    return per_bar * max(n_categories, 1) + extra


def is_id_like(values: pd.Series, name: str | None = None) -> bool:
    """Whether a column is an identifier rather than a quantity: its name is ``id`` or ends in ``_id`` (``Id``),
    or it holds whole numbers that number the rows (unique per row, no gaps). Such a column is never charted: a
    bar per customer id or a histogram of ids says nothing."""
    column = str(name if name is not None else values.name)
    if is_id_name(column):
        return True
    present = values.dropna()
    if len(present) < 20 or not pd.api.types.is_integer_dtype(present) or pd.api.types.is_bool_dtype(present):
        return False
    return present.is_unique and int(present.max()) - int(present.min()) + 1 == len(present)


def is_binary(values: pd.Series) -> bool:
    """Whether a column holds yes/no answers: booleans, or numbers that are only 0 and 1."""
    present = values.dropna()
    if present.empty:
        return False
    if pd.api.types.is_bool_dtype(present):
        return True
    return pd.api.types.is_numeric_dtype(present) and set(pd.unique(present)) <= {0, 1}


def why_not_charted(name: str, distinct_values: int, non_missing_rows: int, may_be_code: bool = False,
                    only_value: object = None) -> str | None:
    """A plain sentence saying why a column gets no chart (an identifier, a single value), or None when a chart
    says something. ``may_be_code``: the column holds text or whole numbers, so a different value on (almost)
    every row marks an identifier (a column of real numbers is a quantity even when every value differs)."""
    if non_missing_rows == 0:
        return t("chart.all_missing")
    if distinct_values <= 1:
        return t("chart.single_value") if only_value is None else t("chart.single_value.named", value=only_value)
    # 2% slack: above 200,000 rows the profile's distinct counts are estimates.
    if is_id_name(name) or (may_be_code and non_missing_rows >= 20 and distinct_values >= 0.98 * non_missing_rows):
        return t("chart.identifier")
    return None


def share_chart(counts: pd.DataFrame, title: str | None = None, value_title: str | None = None) -> alt.LayerChart:
    """Horizontal bars of each answer's share of the rows (``counts`` has ``label`` and ``count``), with the
    share written at the end of each bar, so a tiny minority (0.3% fraud) is read even where its bar is thin."""
    frame = counts.assign(label=counts["label"].astype(str))
    frame["share"] = frame["count"] / max(float(frame["count"].sum()), 1.0)
    base = alt.Chart(frame, **({"title": title} if title else {})).encode(
        y=category_axis("label:N", None, sort=frame["label"].tolist()),
        x=alt.X("share:Q", title=value_title or t("chart.share_of_rows"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("label:N", title=t("chart.value")), alt.Tooltip("count:Q", title=t("chart.rows"), format=","),
                 alt.Tooltip("share:Q", title=t("chart.share"), format=".2%")],
    )
    bars = base.mark_bar(color=PRIMARY, opacity=0.85)
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("share:Q", format=".1%"))
    # A step height, not a pixel height: a layered chart with a pixel height was squeezed flat in narrow columns.
    return alt.layer(bars, text).properties(height=alt.Step(BAR_STEP_PX + 8))


def binary_counts(distribution: pd.DataFrame) -> pd.DataFrame:
    """``label, count`` rows for a yes/no column from its profile distribution: a histogram of a 0/1 column
    (its rows fall in the first and last bins) or the top values of a boolean one."""
    if "lower" in distribution:
        numbers = pd.to_numeric(distribution["lower"], errors="coerce")
        zeros = int(distribution.loc[numbers < 0.5, "count"].sum())
        ones = int(distribution.loc[numbers >= 0.5, "count"].sum())
        return pd.DataFrame({"label": ["0", "1"], "count": [zeros, ones]})
    return distribution[["label", "count"]].sort_values("label").reset_index(drop=True)


def distribution_chart(distribution: pd.DataFrame, kind: str, column: str = "value", height: int = 140) -> alt.Chart:
    """A histogram (numbers, dates: bins from ``lower`` to ``upper``) or top-values bars (text), with titled
    axes; every category keeps its labelled row."""
    if kind in ("numeric", "temporal") and "lower" in distribution:
        axis_type = "temporal" if kind == "temporal" else "quantitative"
        return (
            alt.Chart(distribution)
            .mark_bar(color=PRIMARY, opacity=0.85)
            .encode(
                x=alt.X("lower", type=axis_type, title=column, bin="binned"),
                x2="upper",
                y=alt.Y("count:Q", title=t("chart.rows")),
                tooltip=[alt.Tooltip("lower", type=axis_type, title=t("chart.from")),
                         alt.Tooltip("upper", type=axis_type, title=t("chart.to")),
                         alt.Tooltip("count:Q", title=t("chart.rows"), format=",")],
            )
            .properties(height=height)
        )
    return (
        alt.Chart(distribution)
        .mark_bar(color=PRIMARY, opacity=0.85)
        .encode(
            y=category_axis("label:N", None, label_limit=150),
            x=alt.X("count:Q", title=t("chart.rows")),
            tooltip=[alt.Tooltip("label:N", title=t("chart.value")),
                     alt.Tooltip("count:Q", title=t("chart.rows"), format=",")],
        )
        .properties(height=max(height, bar_chart_height(len(distribution))))
    )


def quick_chart(frame: pd.DataFrame, max_points: int = 5_000) -> alt.Chart | None:
    """A sensible first chart of a query result, or None when a chart would say nothing (one row, identifiers
    only, a single value): a line for a date and a number, bars for a category and a number (the mean per
    category when categories repeat; the largest ``MAX_BARS``), a scatter for two numbers, shares for a yes/no
    column, a histogram for one number. Identifier columns are never plotted."""
    if len(frame) < 2:
        return None
    frame = frame.head(max_points).reset_index(drop=True)
    usable = [c for c in frame.columns if not is_id_like(frame[c], c) and frame[c].nunique(dropna=True) > 1]
    binary = [c for c in usable if is_binary(frame[c])]
    numeric = [c for c in usable if c not in binary and pd.api.types.is_numeric_dtype(frame[c])]
    temporal = [c for c in usable if pd.api.types.is_datetime64_any_dtype(frame[c])]
    categorical = [c for c in usable if c not in numeric and c not in temporal and c not in binary]
    if temporal and numeric:
        x, y = temporal[0], numeric[0]
        return alt.Chart(frame).mark_line(color=PRIMARY, point=len(frame) < 60).encode(
            x=alt.X(f"{_field(x)}:T", title=x), y=alt.Y(f"{_field(y)}:Q", title=y), tooltip=[x, y])
    if categorical and numeric:
        return _category_bars(frame, categorical[0], numeric[0])
    if len(numeric) >= 2:
        x, y = numeric[:2]
        return alt.Chart(frame).mark_circle(color=PRIMARY, opacity=0.5).encode(
            x=alt.X(f"{_field(x)}:Q", title=x, scale=alt.Scale(zero=False)),
            y=alt.Y(f"{_field(y)}:Q", title=y, scale=alt.Scale(zero=False)), tooltip=numeric[:4])
    if numeric:
        x = numeric[0]
        return alt.Chart(frame).mark_bar(color=PRIMARY).encode(
            x=alt.X(f"{_field(x)}:Q", bin=alt.Bin(maxbins=30), title=x), y=alt.Y("count():Q", title=t("chart.rows")))
    if binary:
        counts = frame[binary[0]].astype(str).value_counts().rename_axis("label").reset_index(name="count")
        return share_chart(counts, title=t("chart.share_by", column=binary[0]))
    if categorical:
        rows = t("chart.rows")
        counts = frame[categorical[0]].astype(str).value_counts().rename_axis(categorical[0]).reset_index(name=rows)
        return _category_bars(counts, categorical[0], rows)
    return None


def _category_bars(frame: pd.DataFrame, category: str, value: str) -> alt.Chart:
    """Horizontal bars of ``value`` per ``category`` (the mean when a category repeats), largest first, cut to
    ``MAX_BARS`` with the cut named in the title."""
    repeats = not frame[category].is_unique
    grouped = frame.groupby(frame[category].astype(str), as_index=False)[value].mean() if repeats \
        else frame[[category, value]].assign(**{category: frame[category].astype(str)})
    grouped = grouped.sort_values(value, ascending=False)
    measure = t("chart.mean_of", value=value) if repeats else value
    if len(grouped) > MAX_BARS:
        title = t("chart.by.cut", measure=measure, category=category, shown=MAX_BARS, total=len(grouped))
        grouped = grouped.head(MAX_BARS)
    else:
        title = t("chart.by", measure=measure, category=category)
    return alt.Chart(grouped, title=title).mark_bar(color=PRIMARY).encode(
        y=category_axis(f"{_field(category)}:N", category, sort="-x"),
        x=alt.X(f"{_field(value)}:Q", title=measure),
        tooltip=[alt.Tooltip(f"{_field(category)}:N", title=category),
                 alt.Tooltip(f"{_field(value)}:Q", title=measure, format=",.4~f")],
    ).properties(height=bar_chart_height(len(grouped)))


def natural_sort_key(text: object) -> tuple:
    """A sort key that orders the numbers inside text by value: "skill 2" before "skill 10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", str(text)) if part)


def natural_sorted(values) -> list:
    """``values`` in natural order (1, 2, ..., 10, 11), the way a person reads numbered labels."""
    return sorted(values, key=natural_sort_key)


def _field(name: str) -> str:
    # Vega-Lite reads dots and brackets in field names as nested access; escape them.
    return str(name).replace(".", "\\.").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")
