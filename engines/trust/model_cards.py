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
from collections.abc import Mapping
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
    def _sections(self, wording: Mapping[str, str]) -> list[tuple[str, list[str] | list[dict] | str]]:
        compute = self.compute
        compute_lines = []
        if compute:
            compute_lines = [wording["parameters"].format(parameters=compute.get("parameters", 0)),
                             wording["training"].format(seconds=compute.get("training_seconds", 0),
                                                        cores=compute.get("cores", 1),
                                                        watt_hours=compute.get("training_watt_hours", 0),
                                                        co2=compute.get("training_g_co2", 0))]
            if compute.get("throughput"):
                compute_lines.append(wording["throughput"].format(throughput=compute["throughput"],
                                                                  unit=compute.get("throughput_unit", "")))
        return [
            (wording["purpose"], self.purpose),
            (wording["training_data"], self.training_data),
            (wording["metrics"], self.metrics),
            (wording["limits"], self.limits or [wording["limits_none"]]),
            (wording["fairness"], self.fairness or [wording["fairness_none"]]),
            (wording["privacy"], self.privacy or [wording["privacy_none"]]),
            (wording["compute"], compute_lines or [wording["compute_none"]]),
            (wording["version"], [wording["weights_hash"].format(version=self.version),
                                  wording["card_date"].format(date=self.date),
                                  wording["kind"].format(kind=self.kind)]),
        ]

    def _metric_header(self, wording: Mapping[str, str]) -> list[str]:
        return [wording["metric"], wording["value"], wording["baseline"], wording["baseline_value"]]

    def to_markdown(self, wording: Mapping[str, str] | None = None) -> str:
        """The card as Markdown; ``wording`` gives its headings and fixed lines in another language (the keys of
        ENGLISH_WORDING; English when omitted)."""
        wording = wording or ENGLISH_WORDING
        lines = [wording["title"].format(name=self.name), "", self.description, ""]
        for title, content in self._sections(wording):
            lines += [f"## {title}", ""]
            if isinstance(content, str):
                lines += [content, ""]
            elif content and isinstance(content[0], dict):
                lines += ["| " + " | ".join(self._metric_header(wording)) + " |", "|---|---|---|---|"]
                lines += [f"| {m['metric']} | {_number(m.get('value'))} | {m.get('baseline', '')} | "
                          f"{_number(m.get('baseline_value'))} |" for m in content]
                lines.append("")
            else:
                lines += [f"- {line}" for line in content] + [""]
        if self.hyper_parameters:
            lines += [f"## {wording['settings']}", "", "```json", json.dumps(self.hyper_parameters, indent=1,
                                                                            default=str), "```", ""]
        return "\n".join(lines)

    def to_html_fragment(self, wording: Mapping[str, str] | None = None) -> str:
        """The card as an HTML section (for a report that holds several)."""
        wording = wording or ENGLISH_WORDING
        parts = [f"<section class='card'><h2>{html.escape(wording['title'].format(name=self.name))}</h2>",
                 f"<p>{html.escape(self.description)}</p>"]
        for title, content in self._sections(wording):
            parts.append(f"<h3>{html.escape(title)}</h3>")
            if isinstance(content, str):
                parts.append(f"<p>{html.escape(content)}</p>")
            elif content and isinstance(content[0], dict):
                rows = "".join(f"<tr><td>{html.escape(str(m['metric']))}</td><td class='num'>{_number(m.get('value'))}"
                               f"</td><td>{html.escape(str(m.get('baseline', '')))}</td><td class='num'>"
                               f"{_number(m.get('baseline_value'))}</td></tr>" for m in content)
                header = "".join(f"<th>{html.escape(name)}</th>" for name in self._metric_header(wording))
                parts.append(f"<table><tr>{header}</tr>{rows}</table>")
            else:
                parts.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in content) + "</ul>")
        parts.append("</section>")
        return "".join(parts)

    def to_html(self, wording: Mapping[str, str] | None = None, language: str = "en", extra_css: str = "") -> str:
        """The card as a self-contained HTML page (inline CSS, no external address); ``language`` is the
        document's language tag ("en", "zh-Hans") and ``extra_css`` adds rules (a font stack with Chinese
        glyphs, say)."""
        wording = wording or ENGLISH_WORDING
        return (f"<!DOCTYPE html><html lang='{html.escape(language)}'><head><meta charset='utf-8'><title>"
                f"{html.escape(wording['title'].format(name=self.name))}</title><style>{CARD_CSS}{extra_css}"
                f"</style></head><body>{self.to_html_fragment(wording)}</body></html>")


# The fixed words of a card: headings, the lines said when a section is empty, and the compute and version lines
# (format fields in braces). An app shows cards in another language by passing the same keys translated.
ENGLISH_WORDING: dict[str, str] = {
    "title": "Model card: {name}",
    "purpose": "Purpose",
    "training_data": "Training data",
    "metrics": "Metrics (with their baselines)",
    "metric": "Metric", "value": "Value", "baseline": "Baseline", "baseline_value": "Baseline value",
    "limits": "Known limits",
    "limits_none": "None recorded.",
    "fairness": "Fairness",
    "fairness_none": "Not measured for this model (it makes no decision about people).",
    "privacy": "Privacy",
    "privacy_none": "Not measured for this model.",
    "compute": "Compute and energy",
    "compute_none": "Not recorded.",
    "parameters": "Parameters: {parameters:,}",
    "training": "Training: {seconds:.1f} s on {cores} CPU core(s), about {watt_hours:.3f} Wh ({co2:.2f} g CO2)",
    "throughput": "Throughput: {throughput:,.0f} {unit}",
    "version": "Version",
    "weights_hash": "Weights hash: {version}",
    "card_date": "Card date: {date}",
    "kind": "Kind: {kind}",
    "settings": "Settings",
}


# What a card says of training data its caller did not describe (callers in another language pass their own).
NOT_RECORDED = "Not recorded with the model."

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


def model_card_from_folder(folder: str | Path, *, name: str = "", description: str = "", purpose: str = "",
                           training_data: str = "",
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
        description=description or (model_cls.description if model_cls else "") or "",
        purpose=purpose or (model_cls.description if model_cls else ""),
        training_data=training_data or NOT_RECORDED,
        version=str(manifest.get("weights_sha256", ""))[:16],
        date=date,
        metrics=list(metrics or []),
        limits=list(limits or []),
        fairness=list(fairness or []),
        privacy=list(privacy or []),
        compute=cost.to_dict(),
        hyper_parameters={k: v for k, v in config.get("params", {}).items() if k != "device"},
    )
