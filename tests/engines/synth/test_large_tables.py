"""A million-row table trains in bounded memory: each generator runs in a fresh process that reports its peak
memory."""

import json
import subprocess
import sys
import textwrap

import pytest

from engines.synth import SYNTHESIZERS

PEAK_MEMORY_LIMIT_BYTES = 4 * 1024**3

SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    import numpy as np, pandas as pd
    import engines.core.device
    from engines.synth import SYNTHESIZERS

    engines.core.device.CPU_THREADS = 1
    rng = np.random.default_rng(0)
    n = 1_000_000
    table = pd.DataFrame({
        "account_id": np.arange(n),
        "age": rng.integers(18, 90, n),
        "income": np.round(np.exp(rng.normal(10.5, 0.6, n)), 2),
        "balance": np.round(rng.gamma(2.0, 1500.0, n), 2),
        "segment": rng.choice(["mass", "affluent", "private", "youth"], n),
        "merchant": rng.choice([f"m{i}" for i in range(20_000)], n),
        "has_card": rng.random(n) < 0.6,
        "opened": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D"),
        "score": np.where(rng.random(n) < 0.1, np.nan, rng.normal(650, 80, n)),
        "channel": rng.choice(["web", "branch", "app"], n),
    })
    cls = SYNTHESIZERS[sys.argv[1]]
    params = {"max_steps": 20, "epochs": 1} if "max_steps" in cls._param_names() else {}
    started = time.perf_counter()
    model = cls(preset="quick", random_state=0, **params).fit(table)
    sample = model.sample(100_000, seed=0)
    print(json.dumps({
        "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "seconds": time.perf_counter() - started,
        "rows": len(sample),
        "merchant_levels": int(sample["merchant"].nunique()),
    }))
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SYNTHESIZERS))
def test_million_row_table_fits_in_bounded_memory(name):
    """Fitting and sampling a 1M-row, 10-column table (one column with 20,000 levels) stays under 4 GB."""
    # Run
    finished = subprocess.run(
        [sys.executable, "-c", SCRIPT, name], capture_output=True, text=True, timeout=300
    )
    # Assert
    assert finished.returncode == 0, finished.stderr[-2000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["peak_bytes"] < PEAK_MEMORY_LIMIT_BYTES
    assert report["rows"] == 100_000 and report["merchant_levels"] > 1000
