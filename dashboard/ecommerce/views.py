"""Streamlit parts of the E-commerce page that are more than one call: copy cards and campaign cards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.ecommerce.product_copy import check_notes


def _badges(faithful: bool, novel: bool, reads_well: bool | None = None) -> str:
    states = ":green-badge[:material/check: states all attributes]" if faithful else \
        ":orange-badge[:material/warning: misses an attribute]"
    wording = (":green-badge[:material/check: new wording]" if novel
               else ":gray-badge[reuses catalogue wording]")
    if reads_well is None:  # copy generated before the fluency and sense checks existed
        return f"{states} {wording}"
    reading = (":green-badge[:material/check: reads well]" if reads_well
               else ":orange-badge[:material/warning: needs an editor]")
    return f"{states} {wording} {reading}"


def _provenance(row: dict) -> str:
    """Where a text came from, in words (the raw tag is kept for the download's provenance column)."""
    seed = row.get("seed")
    if isinstance(row.get("model"), str) and isinstance(seed, (int, float)) and seed == seed:
        return f"written by {row['model']} (version {row['model_version']}, seed {int(seed)})"
    provenance = row.get("provenance")
    return provenance if isinstance(provenance, str) else ""


def copy_cards(variants: pd.DataFrame) -> None:
    """One bordered card per generated variant: the text in full, its check badges, notes and provenance."""
    for row in variants.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**Variant {int(row['variant'])}** · {row['text']}")
            notes = check_notes(row)
            reads_well = (bool(row["fluent"]) and bool(row["sensible"])) if "fluent" in row else None
            st.caption(f"{_badges(bool(row['faithful']), bool(row['novel']), reads_well)}"
                       f"{'' if notes == 'ok' else ' · ' + notes} · :gray[{_provenance(row)}]")


def campaign_cards(table: pd.DataFrame) -> None:
    """One card per campaign product: name, price, how much of the segment has it in their top 10, the copy.
    """
    for row in table.to_dict("records"):
        with st.container(border=True):
            left, right = st.columns([2, 5])
            left.markdown(f"**{row['name']}**  \n{row['category']} · ${row['price']:.2f}")
            left.progress(float(row["reach_share"]),
                          text=f"in the top 10 of {row['reach_share']:.0%} of the segment")
            copy = row["copy"] if isinstance(row["copy"], str) else "_No copy generated for this product._"
            right.markdown(copy)
            badges = _badges(bool(row["copy_states_all_attributes"]), bool(row["copy_is_new_wording"]))
            right.caption(f"{badges} · :gray[{_provenance(row)}]")


def leaderboard_column_config() -> dict:
    """Number formats for a leaderboard table (metrics to 3 decimals, seconds to 2, % of oracle as a percent).
    """
    config = {c: st.column_config.NumberColumn(format="%.3f") for c in ("Recall@20", "NDCG@100",
                                                                         "Catalogue coverage@20")}
    return config | {"% of oracle": st.column_config.NumberColumn(format="%.0f%%"),
                     "Train time (s)": st.column_config.NumberColumn(format="%.2f")}
