"""The shipped digits results of the "How generative AI works" page (sample_data/checkpoints/generative_basics):
the three trained generators, the scoring classifier and results.json with their scores and the real baseline."""

from __future__ import annotations

from dashboard.shipped import ShippedResults

SHIPPED = ShippedResults("generative_basics", "How generative AI works", "dashboard.generative_basics.build",
                         "about 10 minutes")
RESULTS_FILE = "results.json"
