"""Plain words for the Trust & governance page's technical terms: the tooltips and the page's glossary.

Kept with the page (the shared glossary's Chinese catalogue is being written by another change); the entries use
the shared glossary's shape, so they can move there as they are."""

from __future__ import annotations

import pandas as pd
import streamlit as st

TERMS: dict[str, tuple[str, str]] = {
    "Model card": ("Model fact sheet", "One page per model: what it is for, what it learned from, how well it does "
                   "next to a simple baseline, its limits, fairness, privacy, cost and version."),
    "SHAP value": ("Contribution to this score", "How much one input pushed one case's score up or down, in "
                   "log-odds; the contributions add up exactly to the model's score (Shapley values from game "
                   "theory)."),
    "Log-odds": ("Risk on the model's own scale", "The model's score before it is turned into a probability: 0 is "
                 "a 50% chance, each +1 multiplies the odds by about 2.7."),
    "Local accuracy": ("Explanation adds up", "The base value plus a case's SHAP values equals the model's score "
                       "for that case: the explanation leaves nothing out."),
    "Selection rate": ("Share declined", "The share of a group that gets the decision (here: declined)."),
    "Demographic parity difference": ("Gap in decline rates", "The largest difference in decline rate between "
                                      "two groups; 0 means every group is declined equally often."),
    "Equalised odds difference": ("Gap in error rates", "The larger of the biggest gap between groups in bad "
                                  "cases caught and the biggest gap in good applicants wrongly declined; 0 = equal."),
    "Bootstrap interval": ("Range from resampling", "The range the figure takes in 95% of tables redrawn at "
                           "random from the same rows: how much of it is chance."),
    "ThresholdOptimizer": ("Per-group cut-offs", "fairlearn's post-processing: a different score cut-off per "
                           "group, chosen so the decline rates match while keeping the decisions as useful as "
                           "possible."),
    "PR-AUC": ("Precision-recall area", "How well the scores put bad cases first, averaged over all cut-offs; "
               "the share of bad cases is what random scores get."),
    "Differential privacy": ("Provable privacy", "A guarantee that the trained model is almost the same whether or "
                             "not any one person's row was in the training data."),
    "Epsilon": ("Privacy budget", "How much one row may change what the model does: smaller is more private; 1-3 "
                "is strong, 10 is weak, no DP means no bound."),
    "Delta": ("Chance the bound fails", "The small probability the epsilon bound does not hold; set to 1 / rows."),
    "DP-SGD": ("Private training", "Training in which each row's influence is capped (clipping) and hidden by "
               "random noise at every step."),
    "Membership-inference AUC": ("Can an attacker tell who was in the data?", "How well an attacker separates "
                                 "training rows from unseen rows using the synthetic data: 0.5 is a coin flip "
                                 "(no leak), 1.0 is certain."),
    "Quality": ("Statistical similarity", "How closely the synthetic table reproduces each column's distribution "
                "and the column pairs' relations (SDMetrics-style, 0 to 1)."),
    "ML efficacy": ("Usefulness for modelling", "The accuracy (AUC) of a default model trained on the synthetic "
                    "table and tested on real rows, beside the same model trained on real rows."),
    "Watermark z-score": ("Strength of the hidden mark", "How many more 'green' words a text has than chance "
                          "would give, in standard deviations: about 0 for ordinary text."),
    "p-value": ("Chance without the mark", "The chance that text without the watermark would have this many "
                "green words or more."),
    "Energy estimate": ("Electricity used", "Busy CPU core-seconds times 10 W per busy core: an estimate, not a "
                        "meter reading."),
}


def term_help(term: str) -> str:
    """The tooltip of a term: "Plain name (term): meaning.", or "" for an unknown term."""
    entry = TERMS.get(term)
    return f"{entry[0]} ({term}): {entry[1]}" if entry else ""


def trust_glossary() -> None:
    """The page's glossary expander."""
    frame = pd.DataFrame([(term, plain, meaning) for term, (plain, meaning) in TERMS.items()],
                         columns=["Term", "In plain words", "Meaning"])
    with st.expander("Glossary of this page", icon=":material/menu_book:"):
        st.dataframe(frame, hide_index=True, width="stretch", row_height=56, column_config={
            "Term": st.column_config.TextColumn(width="small", pinned=True),
            "In plain words": st.column_config.TextColumn(width="medium"),
            "Meaning": st.column_config.TextColumn(width="large")})
