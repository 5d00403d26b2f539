"""`torchrun --nproc-per-node 2` on gloo: the one training loop trains one model in two processes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from engines.core import distributed
from engines.synth import TabularVAE

pytestmark = pytest.mark.slow


def _torchrun(*arguments: str, cwd) -> subprocess.CompletedProcess:
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
                           *arguments], cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def test_outside_torchrun_nothing_is_distributed():
    """Without torchrun's variables there is one process and the helpers change nothing."""
    # Run
    group = distributed.start("cpu")

    # Assert
    assert (group.rank, group.world_size, group.is_main, group.is_distributed) == (0, 1, True, False)
    assert distributed.shared_seed(123) == 123 and distributed.any_rank(False) is False
    assert distributed.gather_objects("x") == ["x"] and distributed.backend() == "none"


def test_two_ranks_train_one_model_on_half_the_rows_each(tmp_path, customers):
    """Both ranks end with the same weights, each handled half of every batch, and sampling writes one part per
    rank with its own seed stream."""
    # Setup
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(f"""
        import json, sys
        import pandas as pd
        from engines.core import distributed
        from engines.synth import TabularVAE
        from aigc_lab.sample_files import part_path, rank_seed_stream, rank_share, write_sample
        group = distributed.start("cpu")
        table = pd.read_csv({str(customers / "customers.csv")!r})
        model = TabularVAE(preset="quick", max_steps=12, random_state=5, device="cpu").fit(table)
        written = write_sample(model, rank_share(1001), part_path(__import__("pathlib").Path("parts.parquet")),
                               seed=rank_seed_stream(8))
        weights = sum(float(p.detach().double().sum()) for p in model.decoder_.parameters())
        record = dict(rank=group.rank, world=group.world_size, backend=distributed.backend(), weights=weights,
                      steps=distributed.WORK.steps, rows=distributed.WORK.rows, losses=model.loss_history_,
                      part=str(written.path), part_rows=written.rows)
        open(f"rank{{group.rank}}.json", "w").write(json.dumps(record))
        distributed.stop()
    """))

    # Run
    result = _torchrun(str(script), cwd=tmp_path)

    # Assert
    assert result.returncode == 0, result.stderr[-2000:]
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in (0, 1)]
    assert {r["world"] for r in ranks} == {2} and {r["backend"] for r in ranks} == {"gloo"}
    assert ranks[0]["weights"] == pytest.approx(ranks[1]["weights"], rel=1e-6)
    # 400 rows, batch min(500, 400) = 400: each of the 12 steps gives each rank 200 rows.
    assert [r["steps"] for r in ranks] == [12, 12] and [r["rows"] for r in ranks] == [2400, 2400]
    parts = [pd.read_parquet(tmp_path / r["part"]) for r in ranks]
    assert [len(p) for p in parts] == [501, 500]
    assert not parts[0].head(50).reset_index(drop=True).equals(parts[1].head(50).reset_index(drop=True))


def test_torchrun_command_line_fit_saves_once_and_reports_each_rank(tmp_path, customers):
    """`torchrun -m aigc_lab synth fit` trains on two processes; rank 0 saves a model the engines load."""
    # Run
    result = _torchrun("-m", "aigc_lab", "synth", "fit", str(customers / "customers.parquet"), "-g", "vae",
                       "--preset", "quick", "--max-steps", "10", "--device", "cpu", "-o", "model", cwd=tmp_path)

    # Assert
    assert result.returncode == 0, result.stderr[-2000:]
    per_rank = re.findall(r"rank (\d): (\d+) steps, ([\d,]+) training rows", result.stdout)
    assert per_rank == [("0", "10", "2,000"), ("1", "10", "2,000")]
    assert result.stdout.count("Saved Tabular VAE") == 1
    assert len(TabularVAE.load(tmp_path / "model").sample(10, seed=0)) == 10


@pytest.mark.skipif(not __import__("torch").cuda.is_available(),
                    reason="no CUDA GPU on this machine: the nccl path of torchrun training is untested here")
def test_on_gpus_the_ranks_use_nccl(tmp_path):
    """With CUDA present, torchrun's ranks join with nccl, each on its own GPU (the GPU of its local rank)."""
    # Setup
    script = tmp_path / "gpu.py"
    script.write_text(textwrap.dedent("""
        import json, torch
        from engines.core import distributed
        group = distributed.start("auto")
        json.dump({"backend": distributed.backend(), "device": torch.cuda.current_device()},
                  open(f"rank{group.rank}.json", "w"))
        distributed.stop()
    """))

    # Run
    result = _torchrun(str(script), cwd=tmp_path)

    # Assert
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads((tmp_path / "rank0.json").read_text())["backend"] == "nccl"
