"""Deep Knowledge Tracing (Piech et al. 2015): a recurrent network reads a learner's (skill, right/wrong) answers
and predicts the chance of a right answer on every skill next.

Differences from the paper, and why:
- Inputs are learned embeddings of (skill, correct) rather than one-hot vectors (same thing, fewer weights), plus
  an embedding of (exercise, correct) when exercises are known, because a right answer to a hard exercise says
  more than one to an easy exercise.
- The output for the next attempt is the skill's logit plus a learned easiness of the exercise asked (an
  item-difficulty term, as in DKT variants with item response); a skill's "mastery" is its logit alone, i.e.
  the predicted success on a typical exercise of that skill.
- A start token is read first, so even a learner's very first answer gets a prediction.
- Training cuts long histories into windows of `bptt_steps` attempts and carries the state across them (truncated
  back-propagation through time): sequences here run to 1,000 attempts, and one long unrolled step costs far more
  than many short ones on a CPU. The default cell is an LSTM because torch's CPU GRU backward pass is several
  times slower than its LSTM one (measured with torch 2.13 on two cores).
- One CPU thread by default (`cpu_threads`): stepping a small recurrent network through time is a long chain of
  tiny matrix products, where a second thread costs more in synchronisation than it gains (4.5x slower with two
  threads on our shared two-core machine).
Training holds out `validation_fraction` of the students and keeps the weights of the epoch with the lowest
validation loss (the training loop's `KeepBest`: early stopping after `patience` epochs without improvement,
the learning rate halved after each of them); `max_seconds` bounds the training time.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import SeededDropout, reset_parameters, set_dropout_generator
from engines.core.model import register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import KeepBest, TrainingResult, run_training
from engines.core.validation import check_fraction, check_positive_int, check_positive_number
from engines.errors import InvalidParameterError
from engines.sequence.kt_base import KnowledgeTracer, LearnerState
from engines.sequence.kt_data import AttemptLog

_CELLS = {"gru": nn.GRU, "lstm": nn.LSTM}
PREDICT_BATCH = 512
N_SKILL_FEATURES = 5


class _DKTNetwork(nn.Module):
    def __init__(self, n_skills: int, n_exercises: int, embedding_size: int, hidden_size: int, cell: str,
                 dropout: float, readout_size: int) -> None:
        super().__init__()
        self.n_skills, self.n_exercises = n_skills, n_exercises
        # Token 0 is the start (and padding) token; 1 + 2 * skill + correct for an answer.
        self.answer = nn.Embedding(2 * n_skills + 1, embedding_size)
        # How an answer's evidence changes with the exercise's easiness: one vector per (skill, correct), scaled by
        # the exercise's learned easiness (the same number the output adds). One number per exercise instead of a
        # full embedding per (exercise, correct), which over-fitted: the update needs difficulty, not identity.
        self.answer_by_easiness = nn.Embedding(2 * n_skills + 1, embedding_size) if n_exercises else None
        self.rnn = _CELLS[cell](embedding_size, hidden_size, batch_first=True)
        self.dropout = SeededDropout(dropout)
        self.skill_out = nn.Linear(hidden_size, n_skills)
        # A small non-linear read-out on (state, asked skill): the chance of a right answer is a non-linear
        # function of the belief (guess and slip mix), which a linear read-out of the state only approximates.
        self.readout_hidden = nn.Linear(hidden_size, readout_size) if readout_size else None
        self.readout_skill = nn.Embedding(n_skills, readout_size) if readout_size else None
        self.readout_out = nn.Linear(readout_size, 1, bias=False) if readout_size else None
        self.readout_features = nn.Linear(N_SKILL_FEATURES, readout_size, bias=False) if readout_size else None
        self.feature_weight = nn.Embedding(n_skills, N_SKILL_FEATURES)
        self.exercise_easiness = nn.Embedding(n_exercises + 1, 1, padding_idx=n_exercises) if n_exercises else None

    def embed(self, answer_tokens: torch.Tensor, exercise_tokens: torch.Tensor | None) -> torch.Tensor:
        """Inputs for answer tokens (0 start, 1 + 2 skill + correct) and the answered exercises' indices
        (n_exercises when unknown or at the start token)."""
        inputs = self.answer(answer_tokens)
        if self.answer_by_easiness is not None and exercise_tokens is not None:
            easiness = self.exercise_easiness(exercise_tokens)  # (..., 1)
            inputs = inputs + easiness * self.answer_by_easiness(answer_tokens)
        return inputs

    def skill_logits(self, hidden: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        """Logits of a right answer on a typical exercise of every skill, shape (..., n_skills); `features` are
        the learner's counters on every skill, (..., n_skills, N_SKILL_FEATURES)."""
        hidden = self.dropout(hidden)
        logit = self.skill_out(hidden) + (features * self.feature_weight.weight).sum(-1)
        if self.readout_hidden is None:
            return logit
        mixed = (self.readout_hidden(hidden).unsqueeze(-2) + self.readout_skill.weight
                 + self.readout_features(features))  # (..., n_skills, R)
        return logit + self.readout_out(torch.relu(mixed)).squeeze(-1)

    def query_logit(self, hidden: torch.Tensor, skills: torch.Tensor, exercises: torch.Tensor,
                    features: torch.Tensor) -> torch.Tensor:
        """Logit of a right answer on the asked exercise of skill `skills`; `features` are the learner's counters
        on that skill, (..., N_SKILL_FEATURES)."""
        hidden = self.dropout(hidden)
        logit = ((hidden * self.skill_out.weight[skills]).sum(-1) + self.skill_out.bias[skills]
                 + (features * self.feature_weight(skills)).sum(-1))
        if self.readout_hidden is not None:
            mixed = self.readout_hidden(hidden) + self.readout_skill(skills) + self.readout_features(features)
            logit = logit + self.readout_out(torch.relu(mixed)).squeeze(-1)
        if self.exercise_easiness is not None:
            logit = logit + self.exercise_easiness(exercises).squeeze(-1)
        return logit


def skill_features(right: np.ndarray, wrong: np.ndarray, run: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The counters the read-out sees for a skill: log(1 + right), log(1 + wrong), never tried, the current run
    of right answers (capped at 3, scaled to 0..1) and the last answer (+1 right, -1 wrong, 0 none)."""
    return np.stack([np.log1p(right), np.log1p(wrong), (right + wrong == 0).astype(np.float64),
                     np.minimum(run, 3) / 3.0, last], axis=-1).astype(np.float32)


def _counters_after_each(skills: np.ndarray, correct: np.ndarray, n_skills: int
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One learner's counters on every skill after each of their attempts, each of shape (attempts, n_skills)."""
    steps = np.arange(skills.size)
    on_skill = np.zeros((skills.size, n_skills), dtype=bool)
    on_skill[steps, skills] = True
    right_now = on_skill & (correct[:, None] == 1)
    wrong_now = on_skill & (correct[:, None] == 0)
    right, wrong = np.cumsum(right_now, axis=0), np.cumsum(wrong_now, axis=0)
    last_seen = np.maximum.accumulate(np.where(on_skill, steps[:, None], -1), axis=0)
    last_wrong = np.maximum.accumulate(np.where(wrong_now, steps[:, None], -1), axis=0)
    columns = np.arange(n_skills)[None, :]
    right_at_last_wrong = np.where(last_wrong >= 0, right[np.maximum(last_wrong, 0), columns], 0)
    last = np.where(last_seen >= 0, 2.0 * correct[np.maximum(last_seen, 0)] - 1.0, 0.0)
    return right.astype(np.float64), wrong.astype(np.float64), (right - right_at_last_wrong).astype(np.float64), last


def attempt_counters(log: AttemptLog) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every attempt, the learner's counters on the attempt's skill just before it: right and wrong answers
    so far, the current run of right answers and the last answer (+1 / -1, 0 when none)."""
    n = log.n_attempts
    key = log.student_of_attempt.astype(np.int64) * max(log.n_skills, 1) + log.skill
    order = np.argsort(key, kind="stable")  # each (student, skill) chain in answer order
    correct = log.correct[order].astype(np.int64)
    index = np.arange(n)
    starts = np.r_[True, key[order][1:] != key[order][:-1]] if n else np.zeros(0, dtype=bool)
    chain_start = np.maximum.accumulate(np.where(starts, index, 0)) if n else index
    seen = index - chain_start
    right = np.cumsum(correct) - correct
    right = right - right[chain_start]
    # Current run: attempts since the chain's start or since the last wrong answer, whichever is later.
    reset = np.where(correct == 0, index + 1, 0)
    reset[starts] = np.maximum(reset[starts], index[starts])
    latest = np.maximum.accumulate(reset) if n else reset
    before = np.r_[0, latest[:-1]] if n else latest
    before[starts] = index[starts]
    previous = np.r_[0, 2 * correct[:-1] - 1] if n else correct
    previous[starts] = 0
    result = [np.empty(n) for _ in range(4)]
    for target, values in zip(result, (right, seen - right, index - before, previous)):
        target[order] = values
    return tuple(result)


@register_model
class DeepKnowledgeTracer(KnowledgeTracer):
    """DKT with a GRU or LSTM (`cell`). Hyper-parameters are stored as given; see the module docstring."""

    kind = "deep_knowledge_tracing"
    label = "DKT"
    description = "Deep Knowledge Tracing: a recurrent network reads each learner's answers in order."

    def __init__(self, cell: str = "lstm", hidden_size: int = 64, embedding_size: int = 48, readout_size: int = 32,
                 dropout: float = 0.1,
                 epochs: int = 25, batch_size: int = 64, bptt_steps: int = 100, learning_rate: float = 3e-3,
                 weight_decay: float = 1e-5, validation_fraction: float = 0.1, patience: int = 3,
                 max_seconds: float | None = None, cpu_threads: int = 1, random_state: int = 0,
                 device: str = "auto") -> None:
        self.cell = cell
        self.bptt_steps = bptt_steps
        self.hidden_size = hidden_size
        self.embedding_size = embedding_size
        self.readout_size = readout_size
        self.dropout = dropout
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.max_seconds = max_seconds
        self.cpu_threads = cpu_threads
        self.random_state = random_state
        self.device = device

    def _check_params(self) -> None:
        if self.cell not in _CELLS:
            raise InvalidParameterError(f"cell must be 'gru' or 'lstm'; got {self.cell!r}.",
                                        key="engine.kt_dkt.bad_cell", cell=repr(self.cell))
        for name in ("hidden_size", "embedding_size", "epochs", "batch_size", "bptt_steps", "patience", "cpu_threads"):
            check_positive_int(name, getattr(self, name))
        check_fraction("learning_rate", self.learning_rate)
        check_positive_number("max_seconds", self.max_seconds, allow_none=True)
        if not 0.0 <= self.dropout < 1.0:
            raise InvalidParameterError(f"dropout must be in [0, 1); got {self.dropout!r}.",
                                        key="engine.params.bad_dropout", dropout=repr(self.dropout))
        if not 0.0 <= self.validation_fraction < 0.9:
            raise InvalidParameterError(f"validation_fraction must be in [0, 0.9); got {self.validation_fraction!r}.",
                                        key="engine.kt_dkt.bad_validation_fraction",
                                        validation_fraction=repr(self.validation_fraction))

    def _build(self) -> None:
        self.device_ = resolve_device(self.device)
        configure_cpu_threads(self.device_, max_threads=self.cpu_threads)
        self.network_ = _DKTNetwork(len(self.skills_), len(self.exercises_), self.embedding_size, self.hidden_size,
                                    self.cell, self.dropout, self.readout_size).to(self.device_)

    # ------------------------------------------------------------------------------------------ tensors
    def _tokens(self, log: AttemptLog, students: np.ndarray, with_last: bool) -> dict[str, torch.Tensor]:
        """Padded inputs for some students: answer and exercise tokens (start token first), the queried skill and
        exercise at each step, a mask of real steps and the lengths. With `with_last` the inputs include the
        final answer (to get the state after it) and are one step longer than the queries."""
        lengths = log.lengths[students]
        width = int(lengths.max()) + (1 if with_last else 0) if students.size else 1
        answer = np.zeros((students.size, width), dtype=np.int64)
        exercise_answer = np.full_like(answer, len(self.exercises_))
        query_skill = np.zeros((students.size, width), dtype=np.int64)
        query_exercise = np.full_like(answer, len(self.exercises_))
        target = np.zeros((students.size, width), dtype=np.float32)
        mask = np.zeros((students.size, width), dtype=bool)
        features = np.zeros((students.size, width, N_SKILL_FEATURES), dtype=np.float32)
        all_features = skill_features(*attempt_counters(log))
        unknown = len(self.exercises_)
        for row, student in enumerate(students):
            part = log.attempt_rows(int(student))
            skill, correct = log.skill[part], log.correct[part].astype(np.int64)
            exercise = np.where(log.exercise[part] >= 0, log.exercise[part], unknown)
            n = skill.size
            feed = n if with_last else n - 1
            answer[row, 1:feed + 1] = 1 + 2 * skill[:feed] + correct[:feed]
            exercise_answer[row, 1:feed + 1] = exercise[:feed]
            query_skill[row, :n], query_exercise[row, :n] = skill, exercise
            target[row, :n], mask[row, :n] = correct, True
            features[row, :n] = all_features[part]
        device = self.device_
        return {
            "answer": torch.as_tensor(answer, device=device),
            "exercise_answer": torch.as_tensor(exercise_answer, device=device),
            "skill": torch.as_tensor(query_skill, device=device),
            "exercise": torch.as_tensor(query_exercise, device=device),
            "target": torch.as_tensor(target, device=device),
            "mask": torch.as_tensor(mask, device=device),
            "features": torch.as_tensor(features, device=device),
            "input_lengths": torch.as_tensor(lengths + (1 if with_last else 0), dtype=torch.int64),
        }

    def _run(self, batch: dict[str, torch.Tensor], initial: tuple | torch.Tensor | None = None,
             exact_final: bool = False):
        """Run the network over padded sequences. Padding sits at the end, so outputs at real steps are exact
        without packing; `exact_final` packs the batch so that the returned final state is each sequence's own."""
        network = self.network_
        inputs = network.embed(batch["answer"], batch["exercise_answer"])
        if not exact_final:
            return network.rnn(inputs, initial)
        packed = pack_padded_sequence(inputs, batch["input_lengths"].clamp(min=1).cpu(), batch_first=True,
                                      enforce_sorted=False)
        output, final = network.rnn(packed, initial)
        output, _ = pad_packed_sequence(output, batch_first=True, total_length=inputs.shape[1])
        return output, final

    # ------------------------------------------------------------------------------------------------ fit
    def _fit_log(self, log: AttemptLog, on_progress: ProgressCallback | None,
                 cancel: CancelToken | None) -> TrainingResult:
        self._build()
        generator = make_generator(torch.device("cpu"), self.random_state)
        reset_parameters(self.network_, generator)
        for name, weight in self.network_.rnn.named_parameters():
            bound = 1.0 / math.sqrt(self.hidden_size)  # torch's default RNN initialisation, from our generator
            with torch.no_grad():
                weight.copy_((torch.rand(weight.shape, generator=generator) * 2 - 1) * bound)
        self._initialise_from_rates(log)
        set_dropout_generator(self.network_, make_generator(self.device_, self.random_state + 1))
        rng = np.random.default_rng(self.random_state)
        order = rng.permutation(log.n_students)
        n_validation = int(round(log.n_students * self.validation_fraction)) if log.n_students >= 10 else 0
        validation, training = np.sort(order[:n_validation]), order[n_validation:]
        # Shards of students of similar length (little padding), each cut into windows of `bptt_steps` attempts:
        # truncated back-propagation through time, carrying the state from one window to the next, so that a
        # long history costs many short steps instead of one very long one.
        by_length = training[np.argsort(-self._lengths(log, training), kind="stable")]
        batch_size = max(1, min(self.batch_size, training.size))
        shards = [self._tokens(log, by_length[i:i + batch_size], with_last=False)
                  for i in range(0, by_length.size, batch_size)]
        windows = [math.ceil(shard["answer"].shape[1] / self.bptt_steps) for shard in shards]
        steps_per_epoch = int(sum(windows))
        validation_batches = [self._tokens(log, validation[i:i + PREDICT_BATCH], with_last=False)
                              for i in range(0, validation.size, PREDICT_BATCH)]
        optimizer = torch.optim.Adam(self.network_.parameters(), lr=self.learning_rate, weight_decay=self.weight_decay)
        schedule: list[tuple[int, int]] = []
        carried: dict[int, Any] = {}

        def train_step(step: int) -> dict[str, torch.Tensor]:
            if not schedule:
                for shard in rng.permutation(len(shards)):
                    schedule.extend((int(shard), k) for k in range(windows[shard]))
                schedule.reverse()
            shard_index, k = schedule.pop()
            shard = shards[shard_index]
            lo, hi = k * self.bptt_steps, (k + 1) * self.bptt_steps
            active = int((shard["input_lengths"] > lo).sum())  # the shard is sorted longest first
            window = {name: value[:active, lo:hi] for name, value in shard.items() if name != "input_lengths"}
            initial = None
            if k > 0:
                initial = tuple(part[:, :active].detach() for part in carried[shard_index]) if self.cell == "lstm" \
                    else carried[shard_index][:, :active].detach()
            self.network_.train()
            output, final = self._run(window, initial)
            carried[shard_index] = final
            loss = self._window_loss(output, window)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(self.network_.parameters(), 1.0)
            optimizer.step()
            return {"loss": loss.detach()}

        def end_of_epoch(epoch: int, record: dict[str, float]) -> None:
            if validation_batches:
                self.network_.eval()
                with torch.no_grad():
                    total = sum(float(self._window_loss(self._run(b)[0], b, reduce="sum"))
                                for b in validation_batches)
                    count = sum(int(b["mask"].sum()) for b in validation_batches)
                record["validation_loss"] = total / max(count, 1)

        def halve_learning_rate() -> None:
            # When the validation loss stalls, the last epochs should refine, not wander.
            for group in optimizer.param_groups:
                group["lr"] *= 0.5

        keep_best = KeepBest(self.network_, "validation_loss" if validation_batches else "loss",
                             patience=self.patience, min_improvement=1e-5, on_stall=halve_learning_rate)
        result = run_training(train_step, epochs=self.epochs, steps_per_epoch=steps_per_epoch,
                              on_progress=on_progress, cancel=cancel, end_of_epoch=end_of_epoch,
                              max_seconds=self.max_seconds, keep_best=keep_best)
        self.network_.eval()
        self.best_epoch_ = int(keep_best.best_epoch)
        return result

    def _initialise_from_rates(self, log: AttemptLog) -> None:
        """Start the output biases at each skill's and exercise's observed log-odds of a right answer (smoothed
        towards the skill's rate), so the first epochs are spent on learning from history, not on base rates."""
        def log_odds(right: np.ndarray, total: np.ndarray, prior: np.ndarray, strength: float = 5.0) -> np.ndarray:
            rate = (right + strength * prior) / (total + strength)
            return np.log(rate) - np.log1p(-rate)

        overall = np.full(len(self.skills_), log.correct.mean())
        skill_total = np.bincount(log.skill, minlength=len(self.skills_)).astype(np.float64)
        skill_right = np.bincount(log.skill, weights=log.correct, minlength=len(self.skills_))
        skill_rate = (skill_right + 5.0 * overall) / (skill_total + 5.0)
        with torch.no_grad():
            self.network_.skill_out.weight.mul_(0.1)
            self.network_.feature_weight.weight.zero_()
            if self.network_.readout_out is not None:
                self.network_.readout_out.weight.zero_()
                self.network_.readout_skill.weight.mul_(0.1)
            self.network_.skill_out.bias.copy_(torch.as_tensor(log_odds(skill_right, skill_total, overall)))
            if self.network_.exercise_easiness is not None:
                known = log.exercise >= 0
                n_exercises = len(self.exercises_)
                total = np.bincount(log.exercise[known], minlength=n_exercises).astype(np.float64)
                right = np.bincount(log.exercise[known], weights=log.correct[known], minlength=n_exercises)
                exercise_skill = np.zeros(n_exercises, dtype=np.int64)
                exercise_skill[log.exercise[known]] = log.skill[known]
                prior = skill_rate[exercise_skill]
                offset = log_odds(right, total, prior) - np.log(prior / (1.0 - prior))
                self.network_.exercise_easiness.weight.copy_(torch.as_tensor(np.r_[offset, 0.0])[:, None])

    @staticmethod
    def _lengths(log: AttemptLog, students: np.ndarray) -> np.ndarray:
        return log.lengths[students]

    def _window_loss(self, output: torch.Tensor, batch: dict[str, torch.Tensor], reduce: str = "mean") -> torch.Tensor:
        logits = self.network_.query_logit(output, batch["skill"], batch["exercise"], batch["features"])
        losses = nn.functional.binary_cross_entropy_with_logits(logits, batch["target"], reduction="none")
        total = (losses * batch["mask"]).sum()
        return total if reduce == "sum" else total / batch["mask"].sum().clamp(min=1)

    # ------------------------------------------------------------------------------------------- predict
    def predict_proba(self, log: AttemptLog) -> np.ndarray:
        """Next-attempt probabilities, from one pass of the network over each student's whole sequence."""
        log = self._encode(log)
        predictions = np.zeros(log.n_attempts)
        for students, batch, output in self._passes(log):
            logits = self.network_.query_logit(output, batch["skill"], batch["exercise"], batch["features"])
            values = torch.sigmoid(logits).float().cpu().numpy()
            for row, student in enumerate(students):
                part = log.attempt_rows(int(student))
                predictions[part] = values[row, :part.stop - part.start]
        return predictions

    def mastery_history(self, log: AttemptLog) -> np.ndarray:
        """Predicted success on every skill after each attempt, from one pass of the network per sequence."""
        log = self._encode(log)
        history = np.zeros((log.n_attempts, len(self.skills_)), dtype=np.float32)
        for students, _, output in self._passes(log, with_last=True):
            for row, student in enumerate(students):
                part = log.attempt_rows(int(student))
                n = part.stop - part.start
                features = torch.as_tensor(skill_features(*_counters_after_each(
                    log.skill[part], log.correct[part], len(self.skills_))), device=self.device_)
                with torch.no_grad():
                    logits = self.network_.skill_logits(output[row, 1:n + 1], features)
                history[part] = torch.sigmoid(logits).float().cpu().numpy()
        return history

    def _passes(self, log: AttemptLog, with_last: bool = False):
        order = np.argsort(log.lengths, kind="stable")
        with torch.no_grad():
            for i in range(0, order.size, PREDICT_BATCH):
                students = order[i:i + PREDICT_BATCH]
                batch = self._tokens(log, students, with_last=with_last)
                output, _ = self._run(batch)
                yield students, batch, output

    # ---------------------------------------------------------------------------------- generator interface
    def _step(self, answer: torch.Tensor, exercise_answer: torch.Tensor, state: dict[str, Any] | None) -> dict[str, Any]:
        inputs = self.network_.embed(answer.unsqueeze(1), exercise_answer.unsqueeze(1))
        with torch.no_grad():
            if self.cell == "lstm":
                initial = None if state is None else (state["h"].unsqueeze(0), state["c"].unsqueeze(0))
                _, (h, c) = self.network_.rnn(inputs, initial)
                return {"h": h[0], "c": c[0]}
            initial = None if state is None else state["h"].unsqueeze(0).contiguous()
            _, h = self.network_.rnn(inputs, initial)
            return {"h": h[0]}

    def _initial_state(self, n: int) -> dict[str, Any]:
        start = torch.zeros(n, dtype=torch.int64, device=self.device_)
        state = self._step(start, torch.full_like(start, len(self.exercises_)), None)
        zeros = np.zeros((n, len(self.skills_)))
        return {**state, "right": zeros, "wrong": zeros.copy(), "run": zeros.copy(), "last": zeros.copy()}

    def _advance(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray,
                 correct: np.ndarray) -> dict[str, Any]:
        skills_t = torch.as_tensor(skills, device=self.device_)
        correct_t = torch.as_tensor(correct.astype(np.int64), device=self.device_)
        exercise_t = torch.as_tensor(np.where(exercises >= 0, exercises, len(self.exercises_)), device=self.device_)
        recurrent = self._step(1 + 2 * skills_t + correct_t, exercise_t,
                               {k: state[k].contiguous() for k in ("h", "c") if k in state})
        counters = {name: state[name].copy() for name in ("right", "wrong", "run", "last")}
        rows, right = np.arange(skills.size), correct == 1
        counters["right"][rows, skills] += right
        counters["wrong"][rows, skills] += ~right
        counters["run"][rows, skills] = np.where(right, counters["run"][rows, skills] + 1, 0)
        counters["last"][rows, skills] = np.where(right, 1.0, -1.0)
        return {**recurrent, **counters}

    def _counter_features(self, state: dict[str, Any], skills: np.ndarray | None = None) -> torch.Tensor:
        if skills is None:
            values = skill_features(state["right"], state["wrong"], state["run"], state["last"])
        else:
            rows = np.arange(skills.size)
            values = skill_features(*(state[name][rows, skills] for name in ("right", "wrong", "run", "last")))
        return torch.as_tensor(values, device=self.device_)

    def _success_probability(self, state: dict[str, Any], skills: np.ndarray, exercises: np.ndarray) -> np.ndarray:
        exercises = np.where(exercises >= 0, exercises, len(self.exercises_))
        with torch.no_grad():
            logits = self.network_.query_logit(state["h"], torch.as_tensor(skills, device=self.device_),
                                               torch.as_tensor(exercises, device=self.device_),
                                               self._counter_features(state, skills))
            return torch.sigmoid(logits).float().cpu().numpy().astype(np.float64)

    def _skill_mastery(self, state: dict[str, Any]) -> np.ndarray:
        with torch.no_grad():
            logits = self.network_.skill_logits(state["h"], self._counter_features(state))
            return torch.sigmoid(logits).float().cpu().numpy().astype(np.float64)

    def state_after(self, log: AttemptLog) -> LearnerState:
        """The state after each student's last attempt: the network's (one pass per sequence) and the counters."""
        log = self._encode(log)
        state = self._initial_state(log.n_students)
        order = np.argsort(log.lengths, kind="stable")
        with torch.no_grad():
            for i in range(0, order.size, PREDICT_BATCH):
                students = order[i:i + PREDICT_BATCH]
                batch = self._tokens(log, students, with_last=True)
                _, final = self._run(batch, exact_final=True)
                index = torch.as_tensor(students, device=self.device_)
                if self.cell == "lstm":
                    state["h"][index], state["c"][index] = final[0][0], final[1][0]
                else:
                    state["h"][index] = final[0]
        # Counters after the last attempt of each (student, skill) chain = counters before it, updated by it.
        right, wrong, run, _ = attempt_counters(log)
        key = log.student_of_attempt * len(self.skills_) + log.skill
        _, last_from_end = np.unique(key[::-1], return_index=True)
        rows = log.n_attempts - 1 - last_from_end  # the last attempt of every (student, skill) chain
        student, skill, correct = log.student_of_attempt[rows], log.skill[rows], log.correct[rows] == 1
        state["right"][student, skill] = right[rows] + correct
        state["wrong"][student, skill] = wrong[rows] + ~correct
        state["run"][student, skill] = np.where(correct, run[rows] + 1, 0)
        state["last"][student, skill] = np.where(correct, 1.0, -1.0)
        return LearnerState(state)

    # ---------------------------------------------------------------------------------------- persistence
    def _learned_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        return {"best_epoch": int(self.best_epoch_)}, dict(self.network_.state_dict())

    def _restore_learned(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        self._build()
        self.network_.load_state_dict(tensors)
        self.network_.eval()
        self.best_epoch_ = int(state["best_epoch"])
