"""Model cards (Mitchell et al. 2019) built from what the lab already records: the model registry (what the
model is), each saved model's metadata (`model.json`: hyper-parameters, training history, weights hash) and the
results the pages measured. Rendered as Markdown and as self-contained HTML (inline CSS, no external address).

A card has fixed sections, so an auditor finds the same thing in the same place for every model: purpose,
training data, metrics next to their baselines, known limits, fairness, privacy, compute, version and date.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from engines.errors import ModelFileError
from engines.trust.compute import compute_cost, count_parameters


@dataclass
class ModelCard:
    """One model's card. `metrics` rows are {"metric", "value", "baseline", "baseline_value"}; `fairness` and
    `privacy` are lines of plain text (empty = not measured, said so in the card)."""

    name: str
    kind: str
    description: str
    purpose: str
    training_data: str
    version: str
    date: str
    metrics: list[dict] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    fairness: list[str] = field(default_factory=list)
    privacy: list[str] = field(default_factory=list)
    compute: dict = field(default_factory=dict)
    hyper_parameters: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-able form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ModelCard:
        """Inverse of `to_dict`."""
        return cls(**data)

    # --------------------------------------------------------------------------------------------- render
    def _sections(self) -> list[tuple[str, list[str] | list[dict] | str]]:
        compute = self.compute
        compute_lines = []
        if compute:
            compute_lines = [f"Parameters: {compute.get('parameters', 0):,}",
                             f"Training: {compute.get('training_seconds', 0):.1f} s on {compute.get('cores', 1)} "
                             f"CPU core(s), about {compute.get('training_watt_hours', 0):.3f} Wh "
                             f"({compute.get('training_g_co2', 0):.2f} g CO2)"]
            if compute.get("throughput"):
                compute_lines.append(f"Throughput: {compute['throughput']:,.0f} {compute.get('throughput_unit', '')}")
        return [
            ("Purpose", self.purpose),
            ("Training data", self.training_data),
            ("Metrics (with their baselines)", self.metrics),
            ("Known limits", self.limits or ["None recorded."]),
            ("Fairness", self.fairness or ["Not measured for this model (it makes no decision about people)."]),
            ("Privacy", self.privacy or ["Not measured for this model."]),
            ("Compute and energy", compute_lines or ["Not recorded."]),
            ("Version", [f"Weights hash: {self.version}", f"Card date: {self.date}", f"Kind: {self.kind}"]),
        ]

    def to_markdown(self) -> str:
        """The card as Markdown."""
        lines = [f"# Model card: {self.name}", "", self.description, ""]
        for title, content in self._sections():
            lines += [f"## {title}", ""]
            if isinstance(content, str):
                lines += [content, ""]
            elif content and isinstance(content[0], dict):
                lines += ["| Metric | Value | Baseline | Baseline value |", "|---|---|---|---|"]
                lines += [f"| {m['metric']} | {_number(m.get('value'))} | {m.get('baseline', '')} | "
                          f"{_number(m.get('baseline_value'))} |" for m in content]
                lines.append("")
            else:
                lines += [f"- {line}" for line in content] + [""]
        if self.hyper_parameters:
            lines += ["## Settings", "", "```json", json.dumps(self.hyper_parameters, indent=1, default=str), "```",
                      ""]
        return "\n".join(lines)

    def to_html_fragment(self) -> str:
        """The card as an HTML section (for a report that holds several)."""
        parts = [f"<section class='card'><h2>Model card: {html.escape(self.name)}</h2>",
                 f"<p>{html.escape(self.description)}</p>"]
        for title, content in self._sections():
            parts.append(f"<h3>{html.escape(title)}</h3>")
            if isinstance(content, str):
                parts.append(f"<p>{html.escape(content)}</p>")
            elif content and isinstance(content[0], dict):
                rows = "".join(f"<tr><td>{html.escape(str(m['metric']))}</td><td class='num'>{_number(m.get('value'))}"
                               f"</td><td>{html.escape(str(m.get('baseline', '')))}</td><td class='num'>"
                               f"{_number(m.get('baseline_value'))}</td></tr>" for m in content)
                parts.append("<table><tr><th>Metric</th><th>Value</th><th>Baseline</th><th>Baseline value</th>"
                             f"</tr>{rows}</table>")
            else:
                parts.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in content) + "</ul>")
        parts.append("</section>")
        return "".join(parts)

    def to_html(self) -> str:
        """The card as a self-contained HTML page (inline CSS, no external address)."""
        return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Model card: "
                f"{html.escape(self.name)}</title><style>{CARD_CSS}</style></head><body>"
                f"{self.to_html_fragment()}</body></html>")


CARD_CSS = ("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:960px;margin:2em auto;"
            "color:#1f2430;line-height:1.45}table{border-collapse:collapse;width:100%;margin:.5em 0}"
            "td,th{border:1px solid #d0d4dc;padding:4px 8px;text-align:left}td.num{text-align:right;"
            "font-variant-numeric:tabular-nums}th{background:#f1f3f7}h2{border-bottom:2px solid #3b5bdb}"
            "section.card{margin-bottom:2.5em}")


def _number(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return html.escape(str(value))


def model_card_from_folder(folder: str | Path, *, name: str = "", purpose: str = "", training_data: str = "",
                           metrics: list[dict] | None = None, limits: list[str] | None = None,
                           fairness: list[str] | None = None, privacy: list[str] | None = None,
                           throughput: float | None = None, throughput_unit: str = "", cores: int = 1) -> ModelCard:
    """A card for a model saved by `BaseModel.save`: kind, label and description from the registry, settings,
    training time and weights hash from `model.json`, parameter count from the weights file; the rest (purpose,
    data, metrics, limits, fairness, privacy) from the caller, who knows where the model was used."""
    from engines.core.model import model_class
    from engines.core.persistence import read_manifest

    folder = Path(folder)
    manifest = read_manifest(folder)
    try:
        model_cls = model_class(manifest["kind"])
    except ModelFileError:
        model_cls = None
    config = manifest.get("config", {})
    training = config.get("training", {})
    saved = folder / "model.json"
    date = dt.datetime.fromtimestamp(saved.stat().st_mtime, dt.timezone.utc).date().isoformat() if saved.exists() \
        else ""
    parameters = count_parameters(folder)
    cost = compute_cost(parameters, float(training.get("fit_seconds") or 0.0), cores, throughput, throughput_unit)
    return ModelCard(
        name=name or (model_cls.label if model_cls else manifest["kind"]),
        kind=manifest["kind"],
        description=(model_cls.description if model_cls else "") or "",
        purpose=purpose or (model_cls.description if model_cls else ""),
        training_data=training_data or "Not recorded with the model.",
        version=str(manifest.get("weights_sha256", ""))[:16],
        date=date,
        metrics=list(metrics or []),
        limits=list(limits or []),
        fairness=list(fairness or []),
        privacy=list(privacy or []),
        compute=cost.to_dict(),
        hyper_parameters={k: v for k, v in config.get("params", {}).items() if k != "device"},
    )
