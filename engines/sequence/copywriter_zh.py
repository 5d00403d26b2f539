"""Chinese product copy: a character-level GRU conditioned on the product's attributes, with the same
"sample, check, keep" discipline as the English copy writer (engines/sequence/copywriter.py).

Chinese needs its own text handling, not a second language inside the English one: there are no spaces, so the
unit is the character (a few hundred of them cover shop copy, a small vocabulary the network learns in minutes on a
CPU); a value is stated when its characters appear in the text, not as a whole English word; a conflict is another
value of the attribute appearing outside the asked one (酒红色 holds 红色, which must not count as a second
colour); a text is novel when it is not a training text with other values filled in (its delexicalised form is
new), and the checks also flag a selling point said twice. Attribute values are delexicalised to slot
tokens (`<brand>`, `<colour>`, `<category>`, `<price_band>`, `<item>`) for training and filled back after
sampling, so the writer can also name a brand or item it never saw.

The network is the English writer's `_CopyNetwork` (attribute embeddings set the GRU's initial state and are fed
at every step); training runs through the one training loop (engines.core.training.run_training).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import reset_parameters, set_dropout_generator
from engines.core.model import BaseModel, register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult, run_training
from engines.core.validation import check_positive_int
from engines.errors import InvalidDataError, InvalidParameterError
from engines.sequence.copywriter import CPU_THREADS, _CopyNetwork, _init_gru

MODEL_NAME = "copywriter-zh-gru"
ATTRIBUTES = ("category", "brand", "colour", "price_band")
SLOTS = ("item", "brand", "colour", "category", "price_band")  # filled after sampling; item first (longest)
PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
NOVELTY_SPAN_CHARS = 12
_TOKEN = re.compile(r"<[a-z_]+>|[A-Za-z0-9]+|\S")


def delexicalise_zh(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each slot value replaced by its slot token (longest values first)."""
    for name in sorted((n for n in SLOTS if values.get(n)), key=lambda n: -len(str(values[n]))):
        text = text.replace(str(values[name]), f"<{name}>")
    return text


def tokenize_zh(text: str) -> list[str]:
    """Slot tokens, runs of Latin letters or digits (a brand, "T恤"'s T), and single characters."""
    return _TOKEN.findall(text)


def realise_zh(tokens: list[str], values: Mapping[str, str]) -> str:
    """Tokens joined without spaces, slots filled from ``values``."""
    return "".join(str(values.get(token[1:-1], "")) if token.startswith("<") and len(token) > 2 else token
                   for token in tokens)


def char_spans(text: str, n: int = NOVELTY_SPAN_CHARS) -> set[int]:
    """64-bit hashes of every ``n``-character run of ``text`` (punctuation kept: it is part of the wording)."""
    return {int.from_bytes(hashlib.blake2b(text[i:i + n].encode(), digest_size=8).digest(), "big", signed=True)
            for i in range(len(text) - n + 1)}


def stated_zh(text: str, values: Mapping[str, str]) -> dict[str, bool]:
    """For each attribute given, whether ``text`` states its value."""
    return {name: str(value) in text for name, value in values.items() if str(value).strip()}


def conflicts_zh(text: str, values: Mapping[str, str], known: Mapping[str, list[str]]) -> list[str]:
    """Other known values of an attribute that ``text`` states outside the asked value and the item's name."""
    found = []
    for name, options in known.items():
        asked = str(values.get(name, ""))
        rest = text.replace(asked, "｜") if asked else text
        if values.get("item"):
            rest = rest.replace(str(values["item"]), "｜")
        found += [f"{name}={option}" for option in options if option != asked and option not in asked
                  and option in rest]
    return found


def repeated_phrase(text: str, min_chars: int = 4) -> str:
    """The first run of ``min_chars`` Chinese characters that the text says twice ("充电快速……充电快速"), or "":
    a copywriter never repeats a selling point in two short sentences."""
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    seen: set[str] = set()
    for run in runs:
        grams = {run[i:i + min_chars] for i in range(len(run) - min_chars + 1)}
        repeated = grams & seen
        if repeated:
            return sorted(repeated)[0]
        seen |= grams
    return ""


def distinct_2_zh(texts: list[str]) -> float:
    """Share of distinct character pairs among all character pairs of ``texts`` (higher = less repetitive)."""
    pairs = [text[i:i + 2] for text in texts for i in range(len(text) - 1)]
    return len(set(pairs)) / len(pairs) if pairs else 0.0


@register_model
class ChineseCopyWriter(BaseModel):
    """Attribute-conditioned Chinese product-copy generator (see the module docstring). Hyper-parameters as the
    English CopyWriter's; learned attributes end with `_`."""

    kind = "copywriter_zh"
    label = "Chinese copy writer"
    description = "A character-level GRU that writes Chinese product copy from the product's attributes."

    def __init__(self, embedding_dim: int = 48, attribute_dim: int = 16, hidden_dim: int = 160,
                 dropout: float = 0.2, attribute_dropout: float = 0.1, epochs: int = 25, batch_size: int = 32,
                 learning_rate: float = 3e-3, device: str = "auto", random_state: int = 0) -> None:
        self.embedding_dim = embedding_dim
        self.attribute_dim = attribute_dim
        self.hidden_dim = hidden_dim
        self.dropout = dropout
        self.attribute_dropout = attribute_dropout
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.device = device
        self.random_state = random_state

    def fit(self, products: pd.DataFrame, text_column: str = "description",
            on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> ChineseCopyWriter:
        """Learn from a Chinese catalogue: one row per description with `text_column`, the ATTRIBUTES and
        `item`, all in Chinese (brand as written). Returns self."""
        return super().fit(products, text_column=text_column, on_progress=on_progress, cancel=cancel)

    def _fit(self, products: pd.DataFrame, *, on_progress: ProgressCallback | None, cancel: CancelToken | None,
             text_column: str = "description") -> TrainingResult:
        self._check_params()
        rows = _check_catalogue(products, text_column)
        self.attribute_values_ = {name: sorted(rows[name].astype(str).unique().tolist()) for name in ATTRIBUTES}
        self.category_items_ = rows.groupby("category")["item"].unique().map(sorted).to_dict()
        sequences = [tokenize_zh(delexicalise_zh(text, values)) for text, values in _texts_and_values(rows, text_column)]
        self.vocabulary_ = [PAD, BOS, EOS, UNK] + sorted({token for sequence in sequences for token in sequence})
        self.training_spans_ = set().union(*(char_spans(text) for text in rows[text_column]))
        self.training_templates_ = {_template_hash(delexicalise_zh(text, values))
                                    for text, values in _texts_and_values(rows, text_column)}

        device = resolve_device(self.device)
        configure_cpu_threads(device, CPU_THREADS)
        generator = make_generator(torch.device("cpu"), self.random_state)
        network = self._new_network()
        reset_parameters(network, generator)
        _init_gru(network.gru, generator)
        network.to(device)
        device_generator = generator if device.type == "cpu" else make_generator(device, self.random_state)
        set_dropout_generator(network, device_generator)
        tokens = self._encode_sequences(sequences).to(device)
        attributes = self._encode_attributes(rows).to(device)
        optimizer = torch.optim.Adam(network.parameters(), lr=float(self.learning_rate))
        n_rows = len(rows)
        batch_size = min(int(self.batch_size), n_rows)
        steps_per_epoch = math.ceil(n_rows / batch_size)
        order = torch.arange(n_rows)

        def train_step(step: int) -> dict[str, torch.Tensor]:
            nonlocal order
            position = step % steps_per_epoch
            if position == 0:
                order = torch.randperm(n_rows, generator=generator)
            rows_now = order[position * batch_size:(position + 1) * batch_size].to(device)
            batch_attributes = attributes[rows_now].clone()
            hide = torch.rand(batch_attributes.shape, generator=device_generator, device=device) < float(
                self.attribute_dropout)
            batch_attributes[hide] = 0
            network.train()
            batch = tokens[rows_now]
            logits, _ = network(batch[:, :-1], network.condition(batch_attributes))
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1), ignore_index=0)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimizer.step()
            return {"loss": loss.detach()}

        result = run_training(train_step, epochs=int(self.epochs), steps_per_epoch=steps_per_epoch,
                              on_progress=on_progress, cancel=cancel)
        network.eval()
        self.network_ = network.to("cpu")
        self.version_ = self._weights_fingerprint()
        return result

    def generate(self, attributes: Mapping[str, str], n_variants: int = 3, temperature: float = 1.0,
                 top_k: int = 20, seed: int = 0, candidates_per_variant: int = 16,
                 max_tokens: int = 80) -> pd.DataFrame:
        """Write ``n_variants`` Chinese texts for one product (category, brand, colour, price_band in Chinese;
        item optional, else a typical item of the category). One row per variant with `text`, the checks
        (`faithful`, `missing_attributes`, `conflicts`, `novel`, `copied_span`) and the provenance (`model`,
        `model_version`, `seed`)."""
        self._check_fitted()
        values = self._check_attributes(attributes)
        for name, value, low, high in (("n_variants", n_variants, 1, 50), ("candidates_per_variant",
                                       candidates_per_variant, 1, 50), ("max_tokens", max_tokens, 5, 400)):
            if not isinstance(value, (int, np.integer)) or not low <= value <= high:
                raise InvalidParameterError(f"{name} must be a whole number from {low} to {high}; got {value!r}.",
                                            key="engine.copywriter.bad_whole_number", name=name, low=low,
                                            high=high, value=repr(value))
        if not values.get("item"):
            items = self.category_items_.get(values["category"]) or ["产品"]
            values["item"] = items[int(np.random.default_rng(seed).integers(len(items)))]
        token_lists, log_probs = self._sample(values, int(n_variants) * int(candidates_per_variant),
                                              float(temperature), int(top_k), int(seed), int(max_tokens))
        candidates = [self.check_text(realise_zh(tokens, values), values) | {"log_prob": lp}
                      for tokens, lp in zip(token_lists, log_probs)]
        chosen = _pick_variants(candidates, int(n_variants))
        frame = pd.DataFrame(chosen).drop(columns="log_prob")
        frame.insert(0, "variant", np.arange(1, len(frame) + 1))
        frame["model"], frame["model_version"], frame["seed"] = MODEL_NAME, self.version_, int(seed)
        frame["provenance"] = f"{MODEL_NAME} v{self.version_} seed={int(seed)}"
        return frame

    def check_text(self, text: str, attributes: Mapping[str, str]) -> dict:
        """The checks `generate` runs, for any Chinese text: every attribute stated and no conflicting value
        (`faithful`), no selling point said twice (`fluent`), not a training text with other values filled in
        (`novel`), and the first 12-character span shared with a training text (`copied_span`, for information:
        a catalogue written from patterns shares many)."""
        self._check_fitted()
        asked = {name: str(attributes[name]) for name in (*ATTRIBUTES, "item") if attributes.get(name)}
        stated = stated_zh(text, asked)
        missing = [name for name, ok in stated.items() if not ok]
        known = {name: self.attribute_values_[name] for name in ("colour", "price_band", "category")}
        conflicts = conflicts_zh(text, asked, known)
        copied = next((text[i:i + NOVELTY_SPAN_CHARS] for i in range(len(text) - NOVELTY_SPAN_CHARS + 1)
                       if char_spans(text[i:i + NOVELTY_SPAN_CHARS]) & self.training_spans_), "")
        repeated = repeated_phrase(text)
        template = _template_hash(delexicalise_zh(text, asked))
        return {"text": text, "faithful": not missing and not conflicts, "missing_attributes": ", ".join(missing),
                "conflicts": ", ".join(conflicts), "fluent": not repeated, "repeated_phrase": repeated,
                "novel": template not in self.training_templates_, "copied_span": copied}

    # ------------------------------------------------------------------------------------------- persistence
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        tensors = dict(self.network_.state_dict())
        tensors["training_spans"] = torch.tensor(sorted(self.training_spans_), dtype=torch.int64)
        tensors["training_templates"] = torch.tensor(sorted(self.training_templates_), dtype=torch.int64)
        state = {"vocabulary": self.vocabulary_, "attribute_values": self.attribute_values_,
                 "category_items": {k: list(v) for k, v in self.category_items_.items()}, "version": self.version_}
        return state, tensors

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor], device: torch.device) -> None:
        tensors = dict(tensors)
        self.vocabulary_ = list(state["vocabulary"])
        self.attribute_values_ = {k: list(v) for k, v in state["attribute_values"].items()}
        self.category_items_ = {k: list(v) for k, v in state["category_items"].items()}
        self.training_spans_ = set(tensors.pop("training_spans").tolist())
        self.training_templates_ = set(tensors.pop("training_templates").tolist())
        network = self._new_network()
        network.load_state_dict(tensors)
        network.eval()
        self.network_ = network
        self.version_ = str(state["version"])

    # ----------------------------------------------------------------------------------------------- internals
    def _check_params(self) -> None:
        for name in ("embedding_dim", "attribute_dim", "hidden_dim", "epochs", "batch_size"):
            check_positive_int(name, getattr(self, name))
        if not 0 <= float(self.dropout) < 1 or not 0 <= float(self.attribute_dropout) < 1:
            raise InvalidParameterError("dropout and attribute_dropout must be in [0, 1).",
                                        key="engine.copywriter.bad_dropout")

    def _check_attributes(self, attributes: Mapping[str, str]) -> dict[str, str]:
        if not isinstance(attributes, Mapping):
            raise InvalidParameterError("attributes must be a mapping such as {'category': '厨房', ...}.",
                                        key="engine.copywriter_zh.bad_attributes")
        values = {name: str(attributes.get(name) or "").strip() for name in (*ATTRIBUTES, "item")}
        missing = [name for name in ATTRIBUTES if not values[name]]
        if missing:
            raise InvalidParameterError(f"Give the product's {', '.join(missing)}: the copy states "
                                        f"{', '.join(ATTRIBUTES)}.",
                                        key="engine.copywriter_zh.missing_attributes",
                                        missing=', '.join(missing), attributes=', '.join(ATTRIBUTES))
        return values

    def _new_network(self) -> _CopyNetwork:
        sizes = [len(self.attribute_values_[name]) + 1 for name in ATTRIBUTES]  # index 0 = unknown value
        return _CopyNetwork(len(self.vocabulary_), sizes, int(self.embedding_dim), int(self.attribute_dim),
                            int(self.hidden_dim), float(self.dropout))

    def _encode_sequences(self, sequences: list[list[str]]) -> torch.Tensor:
        index = {token: i for i, token in enumerate(self.vocabulary_)}
        encoded = torch.zeros((len(sequences), max(len(s) for s in sequences) + 2), dtype=torch.long)
        for row, sequence in enumerate(sequences):
            ids = [index[BOS]] + [index.get(token, index[UNK]) for token in sequence] + [index[EOS]]
            encoded[row, :len(ids)] = torch.tensor(ids)
        return encoded

    def _encode_attributes(self, rows: pd.DataFrame | list[dict]) -> torch.Tensor:
        frame = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows
        columns = []
        for name in ATTRIBUTES:
            lookup = {value: i + 1 for i, value in enumerate(self.attribute_values_[name])}
            columns.append(frame[name].astype(str).map(lambda v: lookup.get(v, 0)).to_numpy())
        return torch.as_tensor(np.stack(columns, axis=1), dtype=torch.long)

    def _sample(self, values: dict[str, str], n: int, temperature: float, top_k: int, seed: int,
                max_tokens: int) -> tuple[list[list[str]], list[float]]:
        configure_cpu_threads(torch.device("cpu"), CPU_THREADS)
        generator = make_generator(torch.device("cpu"), seed)
        network = self.network_
        bos, eos = self.vocabulary_.index(BOS), self.vocabulary_.index(EOS)
        banned = [self.vocabulary_.index(token) for token in (PAD, BOS, UNK)]
        condition = network.condition(self._encode_attributes([values] * n))
        tokens, state = torch.full((n, 1), bos, dtype=torch.long), None
        done, total = torch.zeros(n, dtype=torch.bool), torch.zeros(n)
        out: list[list[int]] = [[] for _ in range(n)]
        with torch.no_grad():
            for _ in range(max_tokens):
                logits, state = network(tokens, condition, state)
                logits = logits[:, -1] / temperature
                logits[:, banned] = -float("inf")
                if 0 < top_k < logits.shape[1]:
                    logits = logits.masked_fill(logits < torch.topk(logits, top_k, dim=1).values[:, -1:], -float("inf"))
                log_probs = F.log_softmax(logits, dim=1)
                chosen = torch.multinomial(log_probs.exp(), 1, generator=generator).squeeze(1)
                total += torch.where(done, 0.0, log_probs.gather(1, chosen[:, None]).squeeze(1))
                for row in torch.nonzero(~done & (chosen != eos)).flatten().tolist():
                    out[row].append(int(chosen[row]))
                done |= chosen == eos
                if done.all():
                    break
                tokens = chosen[:, None]
        lengths = torch.tensor([max(len(ids), 1) for ids in out], dtype=torch.float32)
        return [[self.vocabulary_[i] for i in ids] for ids in out], (total / lengths).tolist()

    def _weights_fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name, tensor in sorted(self.network_.state_dict().items()):
            digest.update(name.encode())
            digest.update(tensor.detach().cpu().numpy().tobytes())
        return digest.hexdigest()[:10]


def _pick_variants(candidates: list[dict], n_variants: int) -> list[dict]:
    """Keep the best drafts: faithful first, then fluent, then novel, then opening unlike the drafts already kept,
    then most likely under the model; a draft failing a check is kept only when too few pass."""
    chosen: list[dict] = []
    remaining = list(candidates)
    for _ in range(min(n_variants, len(remaining))):
        openings = {c["text"][:4] for c in chosen}
        best = max(remaining, key=lambda c: (c["faithful"], c["fluent"], c["novel"], c["text"][:4] not in openings,
                                             c["log_prob"]))
        chosen.append(best)
        remaining.remove(best)
    return chosen


def _check_catalogue(products: pd.DataFrame, text_column: str) -> pd.DataFrame:
    needed = [*ATTRIBUTES, "item", text_column]
    if not isinstance(products, pd.DataFrame) or any(column not in products for column in needed):
        raise InvalidDataError(f"The Chinese catalogue needs the columns {needed}.",
                               key="engine.copywriter_zh.missing_columns", needed=needed)
    rows = products.dropna(subset=needed)
    if len(rows) < 2:
        raise InvalidDataError("The Chinese catalogue needs at least two complete descriptions to learn from.",
                               key="engine.copywriter_zh.too_few")
    return rows.reset_index(drop=True)


def _template_hash(delexicalised: str) -> int:
    return int.from_bytes(hashlib.blake2b(delexicalised.encode(), digest_size=8).digest(), "big", signed=True)


def _texts_and_values(rows: pd.DataFrame, text_column: str):
    for _, row in rows.iterrows():
        yield str(row[text_column]), {name: str(row[name]) for name in SLOTS}
