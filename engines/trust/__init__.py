"""Trust and governance: model cards, SHAP explanations, fairness with fairlearn, differential privacy for
training (DP-SGD with Opacus and an independent RDP accountant), and compute / energy estimates.

Names are imported on first use: shap, fairlearn and opacus take seconds to import, and a page that shows saved
results needs none of them.
"""

from __future__ import annotations

from engines.lazy_exports import lazy_exports

_WHERE = {
    "DPSGDTrainer": "differential_privacy", "epsilon_spent": "differential_privacy",
    "noise_multiplier_for_epsilon": "differential_privacy", "rdp_epsilon": "differential_privacy",
    "TreeExplanation": "explanations", "explain_trees": "explanations", "global_importance": "explanations",
    "GroupFairness": "fairness", "fairness_report": "fairness", "mitigate_with_thresholds": "fairness",
    "ComputeCost": "compute", "compute_cost": "compute", "count_parameters": "compute",
    "ModelCard": "model_cards", "model_card_from_folder": "model_cards",
}
__getattr__, __all__ = lazy_exports("engines.trust", _WHERE)
