"""Product-copy generators: a GRU language model conditioned on product attributes, in English (this
module's `CopyWriter`, word-level) and in Chinese (`engines.sequence.copywriter_zh.ChineseCopyWriter`,
character-level).

`CopyWriter().fit(products)` learns from a catalogue's descriptions; `generate(attributes, n_variants=3)`
writes new copy for a product (category, brand, colour, price band, and optionally its name and item phrase),
sampling with temperature and top-k. Attribute values are delexicalised to slot tokens for training and filled
back in after sampling (see `copywriter_text`), so values the model never saw fall back gracefully to generic
copy.

Every generated text is checked by code (which attributes it states, conflicting values, an 8-word span copied
from training; fluency: no capital inside a sentence that is not a name, no broken clause or doubled word, a
finished last sentence; sense: no describing word the catalogue never uses for the product's category, so a face
cream is not "rugged") and carries its provenance: model name, model version (a hash of the weights) and seed. By
default 16 samples are drawn per variant and the best kept ("sample, check, keep"): faithful first, then
novel, then opening unlike the variants already kept, then most likely under the model. A model that imitates
a templated catalogue copies 8-word spans as often as the catalogue repeats itself; checking candidates is
what makes most texts new. `candidates_per_variant=1` returns raw samples.

Both languages share one machinery, `AttributeCopyWriter`: the network, training through the one training
loop, perplexity, sampling, "sample, check, keep", provenance and the saved format. A language supplies
its text handling through a few hooks: how a catalogue is checked, how a text becomes tokens (`_tokens`) and
tokens a text (`_realise`), what the checks learn from the catalogue and how a text is checked
(`_learn_checks`, `_checks`, `_check_state`, `_restore_checks`), which drafts are preferred (`_preference`),
and its defaults.
"""

from __future__ import annotations

import hashlib
import math
from abc import abstractmethod
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from engines.core.device import configure_cpu_threads, make_generator, resolve_device
from engines.core.layers import SeededDropout, reset_parameters, set_dropout_generator
from engines.core.model import BaseModel, register_model
from engines.core.progress import CancelToken, ProgressCallback
from engines.core.training import TrainingResult, adam, run_training
from engines.core.validation import check_positive_int
from engines.errors import InvalidDataError, InvalidParameterError
from engines.provenance.text_watermark import TextWatermark, text_words
from engines.sequence.copywriter_text import (
    ATTRIBUTES,
    EXTRA_SLOTS,
    capitalised_mid_sentence,
    conflicting_values,
    content_words,
    copied_span,
    delexicalise,
    fluency_problems,
    item_default,
    out_of_category_words,
    realise,
    span_hashes,
    stated_attributes,
    tokenize,
    words,
)

MODEL_NAME = "copywriter-gru"
PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
UNKNOWN_VALUE = "<unknown>"
# The small recurrent network gains nothing from a second thread, and loses a lot when cores are shared.
CPU_THREADS = 1

WriterT = TypeVar("WriterT", bound="AttributeCopyWriter")


class _CopyNetwork(nn.Module):
    """Token embedding + attribute embeddings -> GRU -> next-token logits; the attributes also set the initial
    state and are fed at every step, so the condition cannot fade over a long sentence."""

    def __init__(self, vocab_size: int, attribute_sizes: list[int], embedding_dim: int, attribute_dim: int,
                 hidden_dim: int, dropout: float) -> None:
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, embedding_dim)
        self.attribute_embeddings = nn.ModuleList(
            nn.Embedding(size, attribute_dim) for size in attribute_sizes)
        condition_dim = attribute_dim * len(attribute_sizes)
        self.initial_state = nn.Linear(condition_dim, hidden_dim)
        self.gru = nn.GRU(embedding_dim + condition_dim, hidden_dim, batch_first=True)
        self.dropout = SeededDropout(dropout)
        self.output = nn.Linear(hidden_dim, vocab_size)

    def condition(self, attributes: torch.Tensor) -> torch.Tensor:
        embedded = [embedding(attributes[:, i]) for i, embedding in enumerate(self.attribute_embeddings)]
        return torch.cat(embedded, 1)

    def forward(self, tokens: torch.Tensor, condition: torch.Tensor,
                state: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        if state is None:
            state = torch.tanh(self.initial_state(condition)).unsqueeze(0)
        steps = condition.unsqueeze(1).expand(-1, tokens.shape[1], -1)
        inputs = torch.cat([self.dropout(self.token_embedding(tokens)), steps], dim=2)
        outputs, state = self.gru(inputs, state)
        return self.output(self.dropout(outputs)), state


def _init_gru(gru: nn.GRU, generator: torch.Generator) -> None:
    # torch initialises GRUs from the global generator; draw the same U(-1/sqrt(h), 1/sqrt(h)) from ours.
    bound = 1.0 / math.sqrt(gru.hidden_size)
    with torch.no_grad():
        for weight in gru.parameters():
            weight.copy_((torch.rand(weight.shape, generator=generator) * 2 - 1) * bound)


class AttributeCopyWriter(BaseModel):
    """Base class of the copy writers: a GRU language model over a language's tokens, conditioned on the
    product's ATTRIBUTES (category, brand, colour, price band), trained on delexicalised descriptions and
    sampled with "sample, check, keep" (see the module docstring). Not registered: `CopyWriter` and
    `ChineseCopyWriter` are the models; each supplies its text handling and checks through the abstract hooks
    below.

    Hyper-parameters (each subclass sets its defaults): `embedding_dim`, `attribute_dim` (per attribute),
    `hidden_dim` (GRU), `dropout`, `attribute_dropout` (share of training rows whose attribute is replaced by
    "unknown", which teaches the fallback for unseen values), `epochs`, `batch_size`, `learning_rate`,
    `device`, `random_state`.
    """

    model_name: ClassVar[str] = ""  # in every generated row and its provenance
    # The catalogue columns filled into slots after sampling (the ATTRIBUTES are also the condition).
    slot_columns: ClassVar[tuple[str, ...]] = ATTRIBUTES
    generic_item: ClassVar[str] = "item"  # the item slot's value for a category never seen in training

    def __init__(self, embedding_dim: int, attribute_dim: int, hidden_dim: int, dropout: float,
                 attribute_dropout: float, epochs: int, batch_size: int, learning_rate: float, device: str,
                 random_state: int) -> None:
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

    # ------------------------------------------------------------------------------------------------ fit
    def fit(self: WriterT, products: pd.DataFrame, text_column: str = "description",
            on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> WriterT:
        """Learn from a catalogue: one row per description with `text_column` and the columns the writer needs
        (see its class docstring). Returns self; `on_progress` and `cancel` work as in `BaseModel.fit`."""
        return super().fit(products, text_column=text_column, on_progress=on_progress, cancel=cancel)

    def _fit(self, products: pd.DataFrame, *, on_progress: ProgressCallback | None,
             cancel: CancelToken | None, text_column: str = "description") -> TrainingResult:
        self._check_params()
        rows = self._catalogue_rows(products, text_column)
        self.attribute_values_ = {name: sorted(rows[name].astype(str).unique().tolist())
                                  for name in ATTRIBUTES}
        self.category_items_ = (rows.groupby("category")["item"].unique().map(sorted).to_dict()
                                if "item" in rows else {})
        texts_and_values = list(self._texts_and_values(rows, text_column))
        sequences = [self._tokens(text, values) for text, values in texts_and_values]
        self.vocabulary_ = [PAD, BOS, EOS, UNK] + sorted({token for sequence in sequences
                                                          for token in sequence})
        self._learn_checks(texts_and_values)

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
        optimizer = adam(network.parameters(), float(self.learning_rate))
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
            loss = self._sequence_loss(network, tokens[rows_now], batch_attributes)
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

    # ------------------------------------------------------------------------------------------------ score
    def perplexity(self, products: pd.DataFrame, text_column: str = "description") -> float:
        """Per-token perplexity of the (delexicalised) descriptions of `products` under the model: exp of the
        mean negative log-likelihood of each next token, end of text included. Lower is better; use held-out
        rows."""
        self._check_fitted()
        rows = self._catalogue_rows(products, text_column)
        sequences = [self._tokens(text, values) for text, values in self._texts_and_values(rows, text_column)]
        tokens = self._encode_sequences(sequences)
        attributes = self._encode_attributes(rows)
        with torch.no_grad():
            logits, _ = self.network_(tokens[:, :-1], self.network_.condition(attributes))
            targets = tokens[:, 1:]
            nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=0,
                                  reduction="sum")
        return float(torch.exp(nll / (targets != 0).sum()))

    # ------------------------------------------------------------------------------------------------
    # generate
    def _write(self, attributes: Mapping[str, str], n_variants: int, temperature: float, top_k: int,
               seed: int, candidates_per_variant: int, max_tokens: int,
               watermark: TextWatermark | None = None) -> pd.DataFrame:
        """What the subclasses' `generate` does (they only set its defaults): check the request, sample
        `n_variants * candidates_per_variant` drafts, check each, keep the `n_variants` preferred ones and tag
        them with their provenance."""
        self._check_fitted()
        values = self._check_attributes(attributes)
        for name, value, low, high in (("n_variants", n_variants, 1, 50), ("top_k", top_k, 0, 10_000),
                                       ("candidates_per_variant", candidates_per_variant, 1, 50),
                                       ("max_tokens", max_tokens, 5, 400)):
            if not isinstance(value, (int, np.integer)) or not low <= value <= high:
                raise InvalidParameterError(f"{name} must be a whole number from {low} to {high}; got "
                                            f"{value!r}.",
                                            key="engine.copywriter.bad_whole_number", name=name, low=low,
                                            high=high, value=repr(value))
        if not isinstance(temperature, (int, float)) or not 0.05 <= float(temperature) <= 3.0:
            raise InvalidParameterError(f"temperature must be between 0.05 and 3; got {temperature!r}.",
                                        key="engine.copywriter.bad_temperature",
                                        temperature=repr(temperature))
        self._fill_product_slots(values, np.random.default_rng(seed))
        n_samples = int(n_variants) * int(candidates_per_variant)
        token_lists, log_probs = self._sample(values, n_samples, float(temperature), int(top_k), int(seed),
                                              int(max_tokens), watermark)
        candidates = [self._checks(self._realise(tokens, values), values) | {"log_prob": lp}
                      for tokens, lp in zip(token_lists, log_probs)]
        if watermark is not None:  # among equally good drafts, keep the one that carries the mark best
            for candidate in candidates:
                candidate["watermark_evidence"] = watermark.detect(candidate["text"]).z_score
        frame = pd.DataFrame(_pick_variants(candidates, int(n_variants), self._preference))
        frame = frame.drop(columns=[c for c in ("watermark_evidence", "log_prob") if c in frame])
        frame.insert(0, "variant", np.arange(1, len(frame) + 1))
        request = self._request_columns(values, temperature, top_k, candidates_per_variant)
        for column, value in request.items():
            frame[column] = value
        frame["model"] = self.model_name
        frame["model_version"] = self.version_
        frame["seed"] = int(seed)
        frame["provenance"] = f"{self.model_name} v{self.version_} seed={int(seed)}"
        if watermark is not None:
            frame["watermark"] = watermark.fingerprint
            frame["provenance"] += f" watermark={watermark.fingerprint}"
        return frame

    def check_text(self, text: str, attributes: Mapping[str, str]) -> dict:
        """The checks `generate` runs, for any text (a human-written one, say): `text`, `faithful`,
        `missing_attributes`, `conflicts`, `novel`, `copied_span` and the writer's fluency (and sense)
        checks."""
        self._check_fitted()
        return self._checks(text, attributes)

    # ---------------------------------------------------------------------------------------------
    # persistence
    def _get_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        check_state, check_tensors = self._check_state()
        tensors = dict(self.network_.state_dict()) | check_tensors
        state = {"vocabulary": self.vocabulary_, "attribute_values": self.attribute_values_,
                 "category_items": {k: list(v) for k, v in self.category_items_.items()},
                 "version": self.version_} | check_state
        return state, tensors

    def _set_state(self, state: dict[str, Any], tensors: dict[str, torch.Tensor],
                   device: torch.device) -> None:
        tensors = dict(tensors)
        self.vocabulary_ = list(state["vocabulary"])
        self.attribute_values_ = {k: list(v) for k, v in state["attribute_values"].items()}
        self.category_items_ = {k: list(v) for k, v in state["category_items"].items()}
        self._restore_checks(state, tensors)  # takes the checks' tensors out: the rest are the network's
        # Generation runs on the CPU whatever `device` is: short sequences one token at a time gain nothing
        # on a GPU.
        network = self._new_network()
        network.load_state_dict(tensors)
        network.eval()
        self.network_ = network
        self.version_ = str(state["version"])

    # -----------------------------------------------------------------------------------------------
    # the language's hooks
    @abstractmethod
    def _catalogue_rows(self, products: pd.DataFrame, text_column: str) -> pd.DataFrame:
        """The usable rows of a training (or perplexity) catalogue; the language's `InvalidDataError`s."""

    @abstractmethod
    def _check_attributes(self, attributes: Mapping[str, str]) -> dict[str, str]:
        """The request's slot values as stripped strings; `InvalidParameterError` for a missing or bad one."""

    @abstractmethod
    def _tokens(self, text: str, values: Mapping[str, str]) -> list[str]:
        """`text` delexicalised with `values` (slot tokens such as `<brand>`) and split into tokens."""

    @abstractmethod
    def _realise(self, tokens: list[str], values: Mapping[str, str]) -> str:
        """Sampled tokens as text, slots filled from `values`."""

    @abstractmethod
    def _learn_checks(self, texts_and_values: list[tuple[str, dict[str, str]]]) -> None:
        """Learn what the checks need from the training texts (novelty references, words seen)."""

    @abstractmethod
    def _checks(self, text: str, attributes: Mapping[str, str]) -> dict:
        """`check_text`'s answer: the text and its checks (`faithful`, `novel`, ...) as one row."""

    @abstractmethod
    def _preference(self, kept: list[dict]) -> Callable[[dict], tuple]:
        """The sort key of a checked draft, given the variants already kept (higher is kept first)."""

    @abstractmethod
    def _check_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        """What the checks learned, as saved: JSON-able state and tensors (names not used by the network)."""

    @abstractmethod
    def _restore_checks(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        """Restore `_check_state`'s output, popping its tensors from `tensors`."""

    def _fill_product_slots(self, values: dict[str, str], rng: np.random.Generator) -> None:
        """Fill the slots the request left blank (the item: one seen with the category in training)."""
        if not values.get("item"):
            values["item"] = item_default(self.category_items_, values["category"], rng, self.generic_item)

    def _request_columns(self, values: Mapping[str, str], temperature: float, top_k: int,
                         candidates_per_variant: int) -> dict[str, Any]:
        """Columns about the request added to every generated row before the provenance (none by default)."""
        return {}

    # -----------------------------------------------------------------------------------------------
    # internals
    def _texts_and_values(self, rows: pd.DataFrame, text_column: str) -> Iterator[tuple[str, dict[str, str]]]:
        slot_columns = [c for c in self.slot_columns if c in rows.columns]
        for record in rows[[text_column, *slot_columns]].to_dict("records"):
            yield str(record[text_column]), {c: str(record[c]) for c in slot_columns}

    def _check_params(self) -> None:
        for name in ("embedding_dim", "attribute_dim", "hidden_dim", "epochs", "batch_size"):
            check_positive_int(name, getattr(self, name))
        if not 0 <= float(self.dropout) < 1 or not 0 <= float(self.attribute_dropout) < 1:
            raise InvalidParameterError("dropout and attribute_dropout must be in [0, 1).",
                                        key="engine.copywriter.bad_dropout")

    def _new_network(self) -> _CopyNetwork:
        sizes = [len(self.attribute_values_[name]) + 1 for name in ATTRIBUTES]  # index 0 = unknown value
        return _CopyNetwork(len(self.vocabulary_), sizes, int(self.embedding_dim), int(self.attribute_dim),
                            int(self.hidden_dim), float(self.dropout))

    def _encode_sequences(self, sequences: list[list[str]]) -> torch.Tensor:
        index = {token: i for i, token in enumerate(self.vocabulary_)}
        length = max(len(sequence) for sequence in sequences) + 2
        encoded = torch.zeros((len(sequences), length), dtype=torch.long)
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

    @staticmethod
    def _sequence_loss(network: _CopyNetwork, tokens: torch.Tensor, attributes: torch.Tensor) -> torch.Tensor:
        logits, _ = network(tokens[:, :-1], network.condition(attributes))
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1),
                               ignore_index=0)

    def _sample(self, values: dict[str, str], n: int, temperature: float, top_k: int, seed: int,
                max_tokens: int, watermark: TextWatermark | None = None) -> tuple[list[list[str]], list[float]]:
        configure_cpu_threads(torch.device("cpu"), CPU_THREADS)
        generator = make_generator(torch.device("cpu"), seed)
        network = self.network_
        network.eval()
        bos, eos = self.vocabulary_.index(BOS), self.vocabulary_.index(EOS)
        banned = [self.vocabulary_.index(t) for t in (PAD, BOS, UNK)]
        condition = network.condition(self._encode_attributes([values] * n))
        tokens = torch.full((n, 1), bos, dtype=torch.long)
        state = None
        done = torch.zeros(n, dtype=torch.bool)
        total_log_prob = torch.zeros(n)
        out: list[list[int]] = [[] for _ in range(n)]
        if watermark is not None:
            surface = _surface_words(self.vocabulary_)
            previous_words = [""] * n
        with torch.no_grad():
            for _ in range(max_tokens):
                logits, state = network(tokens, condition, state)
                logits = logits[:, -1] / temperature
                if watermark is not None:
                    green = np.stack([watermark.green_mask(word, surface) for word in previous_words])
                    logits = logits + watermark.delta * torch.from_numpy(green).float()
                logits[:, banned] = -float("inf")
                if 0 < top_k < logits.shape[1]:
                    cutoff = torch.topk(logits, top_k, dim=1).values[:, -1:]
                    logits = logits.masked_fill(logits < cutoff, -float("inf"))
                log_probs = F.log_softmax(logits, dim=1)
                chosen = torch.multinomial(log_probs.exp(), 1, generator=generator).squeeze(1)
                total_log_prob += torch.where(done, 0.0, log_probs.gather(1, chosen[:, None]).squeeze(1))
                for row in torch.nonzero(~done).flatten().tolist():
                    if chosen[row].item() != eos:
                        out[row].append(int(chosen[row]))
                        if watermark is not None:
                            previous_words[row] = _next_previous_word(
                                previous_words[row], self.vocabulary_[int(chosen[row])], surface[int(chosen[row])],
                                values)
                done |= chosen == eos
                if done.all():
                    break
                tokens = chosen[:, None]
        lengths = torch.tensor([max(len(ids), 1) for ids in out], dtype=torch.float32)
        return [[self.vocabulary_[i] for i in ids] for ids in out], (total_log_prob / lengths).tolist()

    def _weights_fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name, tensor in sorted(self.network_.state_dict().items()):
            digest.update(name.encode())
            digest.update(tensor.detach().cpu().numpy().tobytes())
        return digest.hexdigest()[:10]


@register_model
class CopyWriter(AttributeCopyWriter):
    """Attribute-conditioned English product-copy generator, word-level (see the module docstring).

    The catalogue it learns from has one row per product with a text column and the ATTRIBUTES (category,
    brand, colour, price_band); `name` and `item` are used as slots when present. Hyper-parameters as in
    `AttributeCopyWriter`.
    """

    kind = "copywriter"
    label = "Copy writer"
    description = "A word-level GRU language model that writes product copy from the product's attributes."
    model_name = MODEL_NAME
    slot_columns = (*ATTRIBUTES, *EXTRA_SLOTS)

    def __init__(self, embedding_dim: int = 64, attribute_dim: int = 16, hidden_dim: int = 192,
                 dropout: float = 0.4, attribute_dropout: float = 0.1, epochs: int = 30, batch_size: int = 32,
                 learning_rate: float = 3e-3, device: str = "auto", random_state: int = 0) -> None:
        super().__init__(embedding_dim, attribute_dim, hidden_dim, dropout, attribute_dropout, epochs,
                         batch_size, learning_rate, device, random_state)

    def generate(self, attributes: Mapping[str, str], n_variants: int = 3, temperature: float = 1.2,
                 top_k: int = 20, seed: int = 0, candidates_per_variant: int = 16,
                 max_tokens: int = 60, watermark: TextWatermark | None = None) -> pd.DataFrame:
        """Write `n_variants` texts for one product described by `attributes` (category, brand, colour,
        price_band; optionally name and item). Returns one row per variant with `text`, the checks
        (`faithful`, `missing_attributes`, `conflicts`, `novel`, `copied_span`, `fluent`, `fluency_problems`,
        `sensible`, `odd_words`), the sampling settings and the provenance (`model`, `model_version`, `seed`,
        `provenance`). Values the model never saw are written as given, with generic wording;
        `unknown_attributes` lists them.

        `watermark` (an `engines.provenance.text_watermark.TextWatermark`, None = off) biases sampling towards
        its keyed green words so `watermark.detect(text)` recognises the copy later; the rows then carry a
        `watermark` column (the key's public fingerprint) and the provenance says so."""
        return self._write(attributes, n_variants, temperature, top_k, seed, candidates_per_variant,
                           max_tokens, watermark)

    # -----------------------------------------------------------------------------------------------
    # the language's hooks
    def _catalogue_rows(self, products: pd.DataFrame, text_column: str) -> pd.DataFrame:
        return _check_catalogue(products, text_column)

    def _check_attributes(self, attributes: Mapping[str, str]) -> dict[str, str]:
        if not isinstance(attributes, Mapping):
            raise InvalidParameterError("attributes must be a mapping such as {'category': 'Kitchen', ...}.",
                                        key="engine.copywriter.bad_attributes")
        values = {}
        for name in ATTRIBUTES + EXTRA_SLOTS:
            value = attributes.get(name)
            blank = value is None or (isinstance(value, float) and math.isnan(value))
            value = "" if blank else str(value).strip()
            if name in ATTRIBUTES and not value:
                raise InvalidParameterError(
                    f"Give the product's {name.replace('_', ' ')}: the copy is written around "
                    f"{', '.join(a.replace('_', ' ') for a in ATTRIBUTES)}.",
                    key="engine.copywriter.missing_attribute", attribute=name.replace('_', ' '),
                    attributes=', '.join(a.replace('_', ' ') for a in ATTRIBUTES)
                )
            if len(value) > 80:
                raise InvalidParameterError(f"The {name.replace('_', ' ')} is longer than 80 characters; "
                                            "shorten it.",
                                            key="engine.copywriter.attribute_too_long",
                                            attribute=name.replace('_', ' '))
            values[name] = value
        return values

    def _tokens(self, text: str, values: Mapping[str, str]) -> list[str]:
        return tokenize(delexicalise(text, values))

    def _realise(self, tokens: list[str], values: Mapping[str, str]) -> str:
        return realise(tokens, values)

    def _learn_checks(self, texts_and_values: list[tuple[str, dict[str, str]]]) -> None:
        self.training_hashes_ = set().union(*(span_hashes(text) for text, _ in texts_and_values))
        # What the copy checks learn from the catalogue: the describing words each category's copy uses (a
        # face cream is never "rugged" there), and the capitalised words it uses inside sentences (names).
        category_words: dict[str, set[str]] = {}
        capitals: set[str] = set()
        for text, values in texts_and_values:
            category_words.setdefault(values["category"], set()).update(content_words(text, values))
            capitals |= capitalised_mid_sentence(delexicalise(text, values))
        self.category_words_ = {category: sorted(found) for category, found in category_words.items()}
        self.allowed_capitals_ = sorted(capitals)

    def _checks(self, text: str, attributes: Mapping[str, str]) -> dict:
        text = str(text)
        values = {k: str(v) for k, v in attributes.items() if isinstance(v, str)}
        asked = {name: values[name] for name in ATTRIBUTES if values.get(name)}
        stated = stated_attributes(text, asked)
        missing = [name for name, ok in stated.items() if not ok]
        # A colour word inside the product's own name or item ("face cream") is not a second colour.
        outside_names = delexicalise(text, {k: values[k] for k in EXTRA_SLOTS if values.get(k)})
        conflicts = conflicting_values(outside_names, asked, {k: v for k, v in self.attribute_values_.items()
                                                              if k in ("colour", "price_band", "category")})
        span = copied_span(text, self.training_hashes_)
        slot_values = {k: v for k, v in values.items() if v}
        grammar = fluency_problems(text, slot_values, self.allowed_capitals_)
        strange = out_of_category_words(text, slot_values, self.category_words_)
        return {"text": text, "faithful": not missing and not conflicts,
                "missing_attributes": ", ".join(missing),
                "conflicts": ", ".join(conflicts), "novel": span is None, "copied_span": span or "",
                "fluent": not grammar, "fluency_problems": "; ".join(grammar),
                "sensible": not strange,
                "odd_words": ", ".join(strange)}

    def _preference(self, kept: list[dict]) -> Callable[[dict], tuple]:
        """Publishable first (faithful, fluent and sensible for the category), then faithful, then novel, then
        (with a watermark) the strongest watermark evidence, then a text and an opening (first three words)
        unlike the variants already kept (three copies of one template are not three variants), then most
        likely under the model."""
        openings = {" ".join(words(c["text"])[:3]) for c in kept}
        texts = {c["text"] for c in kept}
        return lambda c: (c["faithful"] and c["fluent"] and c["sensible"], c["faithful"], c["novel"],
                          c.get("watermark_evidence", 0.0), c["text"] not in texts,
                          " ".join(words(c["text"])[:3]) not in openings, c["log_prob"])

    def _check_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        return ({"category_words": self.category_words_, "allowed_capitals": self.allowed_capitals_},
                {"training_span_hashes": torch.tensor(sorted(self.training_hashes_), dtype=torch.int64)})

    def _restore_checks(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        # Models saved before the copy checks existed have no category words: the sense check is then skipped.
        self.category_words_ = {k: list(v) for k, v in state.get("category_words", {}).items()}
        self.allowed_capitals_ = list(state.get("allowed_capitals", []))
        self.training_hashes_ = set(tensors.pop("training_span_hashes").tolist())

    def _fill_product_slots(self, values: dict[str, str], rng: np.random.Generator) -> None:
        super()._fill_product_slots(values, rng)
        if not values.get("name"):
            values["name"] = f"{values['brand']} {_title_of(values['item'])}"

    def _request_columns(self, values: Mapping[str, str], temperature: float, top_k: int,
                         candidates_per_variant: int) -> dict[str, Any]:
        unknown = [name for name in ATTRIBUTES if values[name] not in self.attribute_values_[name]]
        return {"unknown_attributes": ", ".join(unknown), "temperature": float(temperature),
                "top_k": int(top_k), "candidates_per_variant": int(candidates_per_variant)}


def _surface_words(vocabulary: list[str]) -> list[str | None]:
    """The lower-case word each vocabulary token shows in the text, None for what the watermark never pushes:
    control and slot tokens (the attribute values must stay as given) and punctuation."""
    surface = []
    for token in vocabulary:
        word = token.lower()
        surface.append(word if not token.startswith("<") and text_words(word) == [word] else None)
    return surface


def _next_previous_word(previous: str, token: str, surface: str | None, values: Mapping[str, str]) -> str:
    """The last word of the text after `token` is written, as the watermark's detector will read it."""
    if surface is not None:
        return surface
    if token.startswith("<") and token.endswith(">") and len(token) > 2:
        filled = text_words(str(values.get(token[1:-1], "")))
        return filled[-1] if filled else previous
    if token == "'s":
        return previous + "'s"
    return previous


def _pick_variants(candidates: list[dict], n_variants: int,
                   preference: Callable[[list[dict]], Callable[[dict], tuple]]) -> list[dict]:
    """Greedily keep the best candidates by `preference(kept)` (the writer's sort key given the variants kept
    so far). A draft that fails a check is only kept when too few drafts pass, and then carries its flags."""
    chosen: list[dict] = []
    remaining = list(candidates)
    for _ in range(min(n_variants, len(remaining))):
        best = max(remaining, key=preference(chosen))
        remaining.remove(best)
        chosen.append(best)
    return chosen


def _check_catalogue(products: pd.DataFrame, text_column: str) -> pd.DataFrame:
    if not isinstance(products, pd.DataFrame):
        raise InvalidDataError("The catalogue must be a table (a pandas DataFrame) with one row per product.",
                               key="engine.copywriter.not_a_table")
    missing = [c for c in (text_column, *ATTRIBUTES) if c not in products.columns]
    if missing:
        raise InvalidDataError(f"The catalogue has no column(s) {', '.join(missing)}; the copy generator "
                               f"needs a text column and {', '.join(ATTRIBUTES)}.",
                               key="engine.copywriter.missing_columns", missing=', '.join(missing),
                               attributes=', '.join(ATTRIBUTES))
    columns = [text_column, *ATTRIBUTES, *(c for c in EXTRA_SLOTS if c in products.columns)]
    rows = products[columns].dropna(subset=[text_column, *ATTRIBUTES])
    rows = rows[rows[text_column].astype(str).str.strip() != ""]
    if len(rows) < 2:
        raise InvalidDataError("The catalogue needs at least two products with a description and all "
                               "attributes.", key="engine.copywriter.too_few")
    return rows.astype({c: str for c in columns}).reset_index(drop=True)


def _title_of(item: str) -> str:
    for prefix in ("pair of ", "set of "):
        if item.startswith(prefix):
            item = item[len(prefix):]
    return item.title()


__all__ = ["ATTRIBUTES", "AttributeCopyWriter", "CopyWriter", "MODEL_NAME"]
