"""Streamlit parts of the E-commerce page that are more than one call: copy cards and campaign cards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.ecommerce.labels import category_label, product_label
from dashboard.ecommerce.product_copy import check_notes
from dashboard.i18n import money, percent, t


def _badges(faithful: bool, novel: bool, reads_well: bool | None = None) -> str:
    states = t("ecommerce.badge.states_all") if faithful else t("ecommerce.badge.misses")
    wording = t("ecommerce.badge.new_wording") if novel else t("ecommerce.badge.reuses")
    if reads_well is None:  # copy generated before the fluency and sense checks existed
        return f"{states} {wording}"
    reading = t("ecommerce.badge.reads_well") if reads_well else t("ecommerce.badge.needs_editor")
    return f"{states} {wording} {reading}"


def _provenance(row: dict) -> str:
    """Where a text came from, in words (the raw tag is kept for the download's provenance column)."""
    seed = row.get("seed")
    if isinstance(row.get("model"), str) and isinstance(seed, (int, float)) and seed == seed:
        return t("ecommerce.provenance", model=row["model"], version=row["model_version"], seed=str(int(seed)))
    provenance = row.get("provenance")
    return provenance if isinstance(provenance, str) else ""


def copy_cards(variants: pd.DataFrame) -> None:
    """One bordered card per generated variant: the text in full, its check badges, notes and provenance."""
    for row in variants.to_dict("records"):
        with st.container(border=True):
            st.markdown(t("ecommerce.variant", number=str(int(row["variant"])), text=row["text"]))
            notes = check_notes(row)
            reads_well = (bool(row["fluent"]) and bool(row.get("sensible", True))) if "fluent" in row else None
            st.caption(f"{_badges(bool(row['faithful']), bool(row['novel']), reads_well)}"
                       f"{'' if notes == 'ok' else ' · ' + notes} · :gray[{_provenance(row)}]")


def campaign_cards(table: pd.DataFrame) -> None:
    """One card per campaign product: name, price, how much of the segment has it in their top 10, the copy.
    """
    for row in table.to_dict("records"):
        with st.container(border=True):
            left, right = st.columns([2, 5])
            left.markdown(f"**{product_label(row['name'])}**  \n{category_label(row['category'])} · "
                          f"{money(row['price'])}")
            left.progress(float(row["reach_share"]),
                          text=t("ecommerce.campaign.reach", share=percent(row["reach_share"], decimals=0)))
            copy = row["copy"] if isinstance(row["copy"], str) else t("ecommerce.campaign.no_copy")
            right.markdown(copy)
            badges = _badges(bool(row["copy_states_all_attributes"]), bool(row["copy_is_new_wording"]))
            right.caption(f"{badges} · :gray[{_provenance(row)}]")


def leaderboard_column_config() -> dict:
    """Number formats for a leaderboard table (metrics to 3 decimals, seconds to 2, % of oracle as a percent).
    """
    config = {c: st.column_config.NumberColumn(format="%.3f") for c in ("Recall@20", "NDCG@100")}
    return config | {"Model": st.column_config.TextColumn(t("ecommerce.col.model")),
                     "Catalogue coverage@20": st.column_config.NumberColumn(t("ecommerce.col.coverage"),
                                                                            format="%.3f"),
                     "% of oracle": st.column_config.NumberColumn(t("ecommerce.col.of_oracle"), format="%.0f%%"),
                     "Train time (s)": st.column_config.NumberColumn(t("ecommerce.col.train_seconds"), format="%.2f")}
