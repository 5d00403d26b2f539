"""Education benchmark: knowledge tracing against the best possible score, and learning plans against a fixed
curriculum, on the shipped simulated maths platform. Run `python -m benchmarks.bench_education`.

Part 1 trains DKT, BKT and the PFA-style logistic model on 80% of the students (the same protocol and settings as
the shipped checkpoints) and scores next-attempt AUC, accuracy and log loss on the other 20%, next to the
Bayes-optimal predictions (exact forward algorithm with the simulator's true parameters; with and without knowing
each student's prior attainment) and the oracle (the hidden mastery). Targets: DKT AUC within 0.02 of the
Bayes-optimal AUC and above BKT's; DKT training under 60 s on the CPU.

Part 2 plans the next three sessions (24 exercises) for held-out students with the DKT and compares the expected
mastery gain of the plan with the fixed curriculum's, twice: as DKT simulates it (what the page shows) and as the
simulator itself plays it out from each student's exact posterior state (the ground truth a real platform lacks).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from engines.learning_plan import ExerciseCatalog, SkillGraph, generate_learning_plan
from engines.sequence.knowledge_tracing import SimulatorTruth, posterior_state, simulate_true_practice
from dashboard.education.build import evaluate, load_tables, student_groups

TARGET_GAP = 0.02
TARGET_SECONDS = 60.0


def knowledge_tracing_report(results: dict) -> list[str]:
    """Print the comparison table and the targets; return the lines saying which targets were met."""
    refs = results["references"]
    bayes, bayes_log, oracle = (refs[key]["auc"] for key in ("bayes_optimal", "bayes_optimal_log_only", "oracle"))
    split = results["split"]
    print(f"\nHeld-out students: {split['test_students']} ({split['test_attempts']:,} answers); trained on "
          f"{split['train_students']} ({split['train_attempts']:,} answers).")
    print(f"{'':<40}{'AUC':>8}{'accuracy':>10}{'log loss':>10}{'train s':>9}{'gap to Bayes':>14}{'% of Bayes lift':>17}")
    for row in results["models"]:
        lift = (row["auc"] - 0.5) / (bayes - 0.5)
        print(f"{row['model']:<40}{row['auc']:>8.4f}{row['accuracy']:>10.4f}{row['log_loss']:>10.4f}"
              f"{row['fit_seconds']:>9.1f}{bayes - row['auc']:>14.4f}{lift:>16.1%}")
    for key, label in (("bayes_optimal", "Bayes-optimal (knows prior attainment)"),
                       ("bayes_optimal_log_only", "Bayes-optimal (from the log alone)"),
                       ("oracle", "Oracle (sees hidden mastery)")):
        print(f"{label:<40}{refs[key]['auc']:>8.4f}{refs[key]['accuracy']:>10.4f}{refs[key]['log_loss']:>10.4f}")
    models = {row["key"]: row for row in results["models"]}
    dkt, bkt = models["dkt"], models["bkt"]
    checks = [
        (f"DKT AUC within {TARGET_GAP} of Bayes-optimal", bayes - dkt["auc"] <= TARGET_GAP,
         f"gap {bayes - dkt['auc']:.4f} (log-only ceiling {bayes_log:.4f}: gap {bayes_log - dkt['auc']:.4f})"),
        ("DKT AUC above BKT's", dkt["auc"] > bkt["auc"], f"{dkt['auc']:.4f} vs {bkt['auc']:.4f} "
                                                         f"(+{dkt['auc'] - bkt['auc']:.4f})"),
        (f"DKT trains in under {TARGET_SECONDS:.0f} s on the CPU", dkt["fit_seconds"] < TARGET_SECONDS,
         f"{dkt['fit_seconds']:.1f} s, best epoch {results['dkt_best_epoch']} of {len(results['dkt_loss_history'])}"),
    ]
    print(f"\nOracle {oracle:.4f} > Bayes-optimal {bayes:.4f}: no model can see the hidden state.")
    return [f"[{'met' if ok else 'MISSED'}] {name}: {detail}" for name, ok, detail in checks]


def seed_spread(tables: dict, log, results: dict, seed: int, n_seeds: int) -> str:
    """Train DKT with other seeds on the same split; return a line with the spread of AUC and training time."""
    from engines.sequence.knowledge_tracing import DeepKnowledgeTracer, next_attempt_scores, split_students

    train, test = split_students(log, 0.2, 0)
    dkt = next(row for row in results["models"] if row["key"] == "dkt")
    aucs, seconds = [dkt["auc"]], [dkt["fit_seconds"]]
    for other in range(seed + 1, seed + n_seeds):
        model = DeepKnowledgeTracer(random_state=other).fit(train)
        aucs.append(next_attempt_scores(test.correct, model.predict_proba(test))["auc"])
        seconds.append(model.fit_seconds_)
        print(f"DKT seed {other}: AUC {aucs[-1]:.4f}, trained in {seconds[-1]:.1f} s", flush=True)
    bkt = next(row for row in results["models"] if row["key"] == "bkt")["auc"]
    bayes = results["references"]["bayes_optimal"]["auc"]
    return (f"[info] DKT over {n_seeds} seeds: AUC {min(aucs):.4f}-{max(aucs):.4f} (gap to Bayes-optimal "
            f"{bayes - max(aucs):.4f}-{bayes - min(aucs):.4f}, above BKT by {min(aucs) - bkt:+.4f} at worst); "
            f"training {min(seconds):.0f}-{max(seconds):.0f} s")


def planning_report(tables: dict, model, log, n_students: int, n_futures: int, seed: int) -> list[str]:
    """Plan for `n_students` held-out students; print plan vs fixed curriculum under DKT and under the simulator."""
    from engines.sequence.knowledge_tracing import split_students

    _, test = split_students(log, 0.2, 0)
    truth = SimulatorTruth.from_tables(tables["skill_params"], tables["exercises"], tables["skill_prerequisites"],
                                       tables["students"])
    skills = tables["skills"].assign(skill_id=lambda f: f["skill_id"].astype(str))
    exercises = tables["exercises"]
    graph = SkillGraph.from_edges(model.skills_, tables["skill_prerequisites"].itertuples(index=False),
                                  dict(zip(skills["skill_id"], zip(skills["typical_year"], skills["skill_id"]))))
    catalog = ExerciseCatalog.from_model_vocabulary(
        model.skills_, model.exercises_, dict(zip(exercises["exercise_id"].astype(str),
                                                  exercises["skill_id"].astype(str))),
        dict(zip(exercises["exercise_id"].astype(str), exercises["difficulty"])))
    rng = np.random.default_rng(seed)
    eligible = np.flatnonzero(test.lengths >= 10)
    chosen = np.sort(rng.choice(eligible, size=min(n_students, eligible.size), replace=False))
    sample = test.subset(chosen)
    skill_map, _ = truth.aligned(sample)
    posterior = posterior_state(sample, truth, student_groups(sample, tables["students"], truth))
    states = model.state_after(sample)
    rows = []
    started = time.perf_counter()
    for i in range(sample.n_students):
        plan = generate_learning_plan(model, states.take([i]), catalog, graph, n_sessions=3, exercises_per_session=8,
                                      n_simulations=n_futures, seed=seed + i)
        true_gain = {}
        for name, steps in (("plan", plan.steps), ("curriculum", plan.curriculum_steps)):
            positions = steps["catalog_position"].to_numpy()
            true_gain[name] = simulate_true_practice(truth, posterior, i, skill_map[catalog.skill[positions]],
                                                     catalog.difficulty[positions], n_futures, seed + i).mean()
        rows.append({"dkt_plan": plan.expected_gain, "dkt_curriculum": plan.curriculum_gain,
                     "true_plan": true_gain["plan"], "true_curriculum": true_gain["curriculum"],
                     "strategy": plan.strategy})
    seconds = (time.perf_counter() - started) / max(len(rows), 1)
    frame = pd.DataFrame(rows)
    print(f"\nLearning plans for {len(frame)} held-out students (24 exercises; {n_futures} simulated futures each; "
          f"{seconds:.2f} s per plan). Mean gain in mastery across the 15 skills, percentage points:")
    print(f"{'':<34}{'plan':>8}{'fixed curriculum':>18}{'plan - curriculum':>19}{'plan wins':>11}")
    for label, prefix in (("as DKT simulates it", "dkt"), ("as the simulator plays it (truth)", "true")):
        plan, base = frame[f"{prefix}_plan"] * 100, frame[f"{prefix}_curriculum"] * 100
        print(f"{label:<34}{plan.mean():>8.2f}{base.mean():>18.2f}{(plan - base).mean():>19.2f}"
              f"{(plan > base).mean():>10.0%}")
    print("Orderings chosen:", frame["strategy"].value_counts().to_dict())
    truth_advantage = (frame["true_plan"] - frame["true_curriculum"]).mean()
    return [f"[{'met' if truth_advantage > 0 else 'MISSED'}] Plans beat the fixed curriculum in the simulator's truth: "
            f"{truth_advantage * 100:+.2f} mastery points on average"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plan-students", type=int, default=25)
    parser.add_argument("--futures", type=int, default=100)
    parser.add_argument("--dkt-seeds", type=int, default=1, help="also train DKT with this many other seeds")
    args = parser.parse_args()
    started = time.perf_counter()
    tables = load_tables()
    print("Education benchmark: shipped simulated platform "
          f"({tables['attempts']['student_id'].nunique():,} students, {len(tables['attempts']):,} answers)")
    results, models, log = evaluate(tables, seed=args.seed)
    lines = knowledge_tracing_report(results)
    if args.dkt_seeds > 1:
        lines.append(seed_spread(tables, log, results, args.seed, args.dkt_seeds))
    lines += planning_report(tables, models["dkt"], log, args.plan_students, args.futures, args.seed)
    print("\nTargets:")
    for line in lines:
        print(" ", line)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
