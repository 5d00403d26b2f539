"""The shared table style: first column pinned, glossary help on technical column titles, blanks for missing
text, and text tables formatted for wrapping."""

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.tables import blank_missing, table_column_config, text_table


def test_column_config_pins_first_column_and_explains_terms():
    """The first visible column is pinned; 'log_loss' gets the glossary's help; a given help is kept."""
    # Setup
    frame = pd.DataFrame({"model": ["a"], "log_loss": [0.5], "auc": [0.7], "notes": ["long text"]})
    # Run
    config = table_column_config(frame, {"auc": st.column_config.NumberColumn("AUC", help="own help")})
    # Assert
    assert config["model"]["pinned"] is True
    assert "confident mistake" in config["log_loss"]["help"]
    assert config["auc"]["help"] == "own help"


def test_blank_missing_turns_none_into_empty_text_only_in_text_columns():
    """None and NaN in text columns become ''; number columns keep their type."""
    # Setup
    frame = pd.DataFrame({"name": ["a", None, np.nan], "value": [1.0, np.nan, 2.0]})
    # Run
    blanked = blank_missing(frame)
    # Assert
    assert blanked["name"].tolist() == ["a", "", ""]
    assert blanked["value"].dtype == float and blanked["value"].isna().sum() == 1


def test_text_table_formats_renames_and_blanks():
    """Values are formatted per column, titles renamed, missing cells blank."""
    # Setup
    frame = pd.DataFrame({"p_success": [0.654, None], "reason": ["next skill", None]})
    # Run
    shown = text_table(frame, {"p_success": "chance right"}, {"p_success": "{:.0%}"})
    # Assert
    assert shown.columns.tolist() == ["chance right", "reason"]
    assert shown["chance right"].tolist() == ["65%", ""] and shown["reason"].tolist() == ["next skill", ""]
