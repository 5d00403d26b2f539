"""The banking page shows shipped results at once: its modules must not import torch or scikit-learn."""

import subprocess
import sys

from sample_data.catalog import SAMPLE_DATA_DIR

PAGE_MODULES = [
    "dashboard.banking.anomaly_view", "dashboard.banking.faq_view", "dashboard.banking.products_view",
    "dashboard.banking.rebalancing_view", "dashboard.banking.shipped",
]


def test_banking_page_modules_load_without_torch_or_scikit_learn():
    """Importing the page's modules leaves torch and scikit-learn unloaded (they take seconds to load)."""
    # Setup
    script = "; ".join([*(f"import {module}" for module in PAGE_MODULES),
                        "import sys", "print(sorted({'torch', 'sklearn'} & set(sys.modules)))"])
    # Run
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                              cwd=SAMPLE_DATA_DIR.parent)
    # Assert
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip().splitlines()[-1] == "[]"
