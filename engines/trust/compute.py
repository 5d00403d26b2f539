"""What a model costs to run: parameters, training time, sampling throughput and an energy estimate.

Energy is estimated, not metered: busy CPU core-seconds times `WATTS_PER_BUSY_CORE`, a documented per-core
figure for a current server CPU (a 200-280 W package over 24-32 cores is 8-12 W a busy core; we take 10 W).
Grams of CO2 use `GRID_G_CO2_PER_KWH` (a typical European grid mix, about 250 g/kWh). Both are plain constants
so an auditor can see, and change, what the figures rest on. A GPU run would use the card's power instead.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

WATTS_PER_BUSY_CORE = 10.0
GRID_G_CO2_PER_KWH = 250.0


@dataclass(frozen=True)
class ComputeCost:
    """Cost figures of one model; None where a figure does not apply (a model with no sampling)."""

    parameters: int
    training_seconds: float
    cores: int
    training_watt_hours: float
    training_g_co2: float
    throughput: float | None = None
    throughput_unit: str = ""

    def to_dict(self) -> dict:
        """JSON-able form."""
        return asdict(self)


def compute_cost(parameters: int, training_seconds: float, cores: int = 1, throughput: float | None = None,
                 throughput_unit: str = "") -> ComputeCost:
    """Cost figures from a parameter count, the training wall-clock seconds on `cores` busy cores and an
    optional measured throughput (say 5,000 rows a second)."""
    watt_hours = training_seconds * cores * WATTS_PER_BUSY_CORE / 3600.0
    return ComputeCost(int(parameters), float(training_seconds), int(cores), float(watt_hours),
                       float(watt_hours / 1000.0 * GRID_G_CO2_PER_KWH), throughput, throughput_unit)


def count_parameters(folder: str | Path) -> int:
    """Numbers stored in a saved model folder's weights file (the safetensors header lists each tensor's shape,
    so nothing is loaded)."""
    path = Path(folder) / "weights.safetensors"
    if not path.exists():
        return 0
    with open(path, "rb") as stream:
        header_size = int.from_bytes(stream.read(8), "little")
        header = json.loads(stream.read(header_size))
    total = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        count = 1
        for size in entry["shape"]:
            count *= int(size)
        total += count
    return total
