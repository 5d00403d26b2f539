"""Fixed choices of the trust build and page, in one place: the watermark key and settings, the DP budgets, the
credit decision and the sensitive columns offered."""

from __future__ import annotations

import os

# The lab's watermark key. Whoever holds it can detect and forge the mark, so a deployment sets its own secret
# in AIGC_WATERMARK_KEY; the default only makes the shipped demo reproducible.
WATERMARK_KEY = os.environ.get("AIGC_WATERMARK_KEY", "aigc-business-lab-demo-key")
WATERMARK_GAMMA = 0.25
WATERMARK_DELTA = 5.0
WATERMARK_CANDIDATES = 48
# Privacy budgets compared in the Studio table (None = no differential privacy); delta = 1 / training rows.
DP_EPSILONS = (1.0, 3.0, 10.0, None)
DP_TRAINING_ROWS = 5_000
# The credit decision audited: decline the riskiest 20% of applicants, as the banking page does.
DECLINE_SHARE = 0.2
SENSITIVE_COLUMNS = {"age_band": "Age band", "region": "Region", "employment_status": "Employment status",
                     "home_ownership": "Home ownership"}
MITIGATED_COLUMN = "age_band"
