"""The Studio's data in the reader's language: generator, preset, column-type and privacy-risk names, the
evaluation engine's explanation of each figure and the privacy verdict.

Reports keep what the engines wrote (English generator labels such as "Tabular GAN (DP ε=3)", the figure codes,
the verdict level and its numbers), so a report saved in one language reads in the other; these functions word
them when they are shown. Every function takes an optional ``language`` for the HTML export, which is built
outside a page run; by default it is the reader's."""

from __future__ import annotations

import math

from dashboard.i18n import Message, current_language, has_key, number, percent, translate

# The engines' registry labels (engines/synth/*.py ``label``), as reports store them, by registry kind.
GENERATOR_KEYS = {
    "tabular_gan": "studio.generator.tabular_gan",
    "tabular_vae": "studio.generator.tabular_vae",
    "gaussian_copula": "studio.generator.gaussian_copula",
    "tabular_argn": "studio.generator.tabular_argn",
}
GENERATOR_DESCRIPTION_KEYS = {
    "tabular_gan": "studio.generator_description.tabular_gan",
    "tabular_vae": "studio.generator_description.tabular_vae",
    "gaussian_copula": "studio.generator_description.gaussian_copula",
    "tabular_argn": "studio.generator_description.tabular_argn",
}
PRESET_KEYS = {"quick": "studio.preset.quick", "balanced": "studio.preset.balanced", "best": "studio.preset.best",
               "custom": "studio.preset.custom"}
RISK_KEYS = {"low": "studio.risk.low", "medium": "studio.risk.medium", "high": "studio.risk.high",
             "unknown": "studio.risk.unknown"}
SDTYPE_KEYS = {"continuous": "studio.sdtype.continuous", "integer": "studio.sdtype.integer",
               "categorical": "studio.sdtype.categorical", "boolean": "studio.sdtype.boolean",
               "datetime": "studio.sdtype.datetime", "id": "studio.sdtype.id"}
EFFICACY_METRIC_KEYS = {"roc_auc": "studio.efficacy.metric.roc_auc", "f1_macro": "studio.efficacy.metric.f1_macro",
                        "r2": "studio.efficacy.metric.r2"}
EFFICACY_TASK_KEYS = {"classification": "studio.efficacy.task.classification",
                      "regression": "studio.efficacy.task.regression"}
# The losses the table generators report (engines/synth), named for what each line measures.
LOSS_KEYS = {"generator": "studio.loss.generator", "critic": "studio.loss.critic", "condition": "studio.loss.condition",
             "quality": "studio.loss.quality", "information": "studio.loss.information", "loss": "studio.loss.loss",
             "reconstruction": "studio.loss.reconstruction", "kl": "studio.loss.kl",
             "validation_loss": "studio.loss.validation_loss"}
# Category labels the evaluation writes for the rest and for blanks (dashboard.studio.evaluation).
CATEGORY_KEYS = {"(other)": "studio.chart.category.other", "(missing)": "studio.chart.category.missing"}
VERDICT_KEYS = {"low": "studio.verdict.low", "medium": "studio.verdict.medium", "high": "studio.verdict.high"}


def _language(language: str | None) -> str:
    return language or current_language()


def _english(key: str) -> str:
    return translate("en", key)


def generator_name(label: str, kind: str = "", language: str | None = None) -> str:
    """A generator's label as a report stores it ("Tabular GAN", "Tabular VAE (DP ε=3)") in the reader's
    language; the part after the engine's own label (a DP budget) stays as written."""
    keys = [GENERATOR_KEYS[kind]] if kind in GENERATOR_KEYS else []
    keys += [key for key in GENERATOR_KEYS.values() if key not in keys]
    for key in keys:
        english = _english(key)
        if label.startswith(english):
            return translate(_language(language), key) + label[len(english):]
    return label


def generator_message(label: str) -> Message | str:
    """A generator's stored label as a value for a dashboard.i18n.Message, so a message naming it ("Tabular GAN
    was stopped early ...") words the name in the reader's language too; an unknown label stays as written."""
    for key in GENERATOR_KEYS.values():
        english = _english(key)
        if label.startswith(english):
            rest = label[len(english):]
            return Message("studio.generator.with_setting", generator=Message(key), setting=rest) if rest \
                else Message(key)
    return label


def generator_description(kind: str, fallback: str = "", language: str | None = None) -> str:
    """One line on what a generator does, in the reader's language (``fallback`` for a kind we do not know)."""
    key = GENERATOR_DESCRIPTION_KEYS.get(kind)
    return translate(_language(language), key) if key else fallback


def preset_label(preset: str, language: str | None = None) -> str:
    """A preset's name ("quick", "balanced", "best") in the reader's language."""
    key = PRESET_KEYS.get(str(preset))
    return translate(_language(language), key) if key else str(preset)


def risk_label(risk: str, language: str | None = None) -> str:
    """A privacy-risk level ("low", "medium", "high", "unknown") in the reader's language."""
    key = RISK_KEYS.get(str(risk))
    return translate(_language(language), key) if key else str(risk)


def sdtype_label(sdtype: str, language: str | None = None) -> str:
    """A column type of the engines ("continuous", "categorical", ...) in the reader's language."""
    key = SDTYPE_KEYS.get(str(sdtype))
    return translate(_language(language), key) if key else str(sdtype)


def efficacy_metric_label(metric: str, language: str | None = None) -> str:
    """The efficacy check's score ("roc_auc", "f1_macro", "r2") as people write it ("ROC AUC", ...)."""
    key = EFFICACY_METRIC_KEYS.get(str(metric))
    return translate(_language(language), key) if key else str(metric)


def efficacy_task_label(task: str, language: str | None = None) -> str:
    """The efficacy check's task ("classification", "regression") in the reader's language."""
    key = EFFICACY_TASK_KEYS.get(str(task))
    return translate(_language(language), key) if key else str(task)


def loss_label(name: str, language: str | None = None) -> str:
    """A training loss's name ("critic", "validation_loss") in the reader's language."""
    key = LOSS_KEYS.get(str(name))
    return translate(_language(language), key) if key else str(name)


def bin_labels(distribution, language: str | None = None) -> list[str]:
    """The names of a column's histogram bins or categories as a reader sees them: number ranges as "1,200 to
    1,500" in the reader's language, the evaluation's "(other)" and "(missing)" translated, anything else (a
    category, a date) as it is."""
    language = _language(language)
    if distribution.kind == "numeric" and len(distribution.lower) == len(distribution.labels):
        return [translate(language, "studio.chart.bin", low=f"{low:.4g}", high=f"{high:.4g}")
                for low, high in zip(distribution.lower, distribution.upper)]
    return [translate(language, CATEGORY_KEYS[label]) if label in CATEGORY_KEYS else label
            for label in distribution.labels]


def explanation(report, figure: str, language: str | None = None) -> str:
    """The evaluation engine's plain line for ``figure`` ("overall_score", "detection_auc", ...) in the reader's
    language; the report's own (English) copy for a figure the catalogues lack."""
    key = f"studio.explain.{figure}"
    if has_key(key):
        return translate(_language(language), key)
    return report.explain(figure)


def verdict_sentence(privacy, language: str | None = None) -> str:
    """The privacy verdict in one sentence from its level and numbers (engines.evaluation.privacy words it the
    same way in English): the risk, the share of exact copies, the attacker's AUC and, when known, how close
    synthetic rows sit compared with unseen real ones."""
    language = _language(language)
    key = VERDICT_KEYS.get(privacy.verdict)
    if key is None:
        return privacy.verdict_text
    values = {"copies": percent(privacy.exact_copy_share, 1, language),
              "auc": number(privacy.membership_inference_auc, 2, language)}
    if privacy.dcr_ratio is not None and not math.isnan(privacy.dcr_ratio):
        return translate(language, key + ".with_distance", ratio=number(privacy.dcr_ratio, 2, language), **values)
    return translate(language, key, **values)


def example_title(table: str, title: str, language: str | None = None) -> str:
    """A shipped example's name: its English title as the builder wrote it ("Retail bank · loan applications
    (simulated)"), or in Chinese the table ("bank.loan_applications") named as the table pickers name it."""
    schema, _, name = table.partition(".")
    language = _language(language)
    if language != "en" and has_key(f"sample.{schema}.title"):
        return translate(language, "sample.table_label", dataset=translate(language, f"sample.{schema}.title"),
                         table=name)
    return title


def keyed_error(error_class: type, key: str, **values: object) -> Exception:
    """An engine error of ``error_class`` (engines.errors) whose message is the catalogue's English text of
    ``key``; pages show it in the reader's language (dashboard.i18n.error_text)."""
    return error_class(str(Message(key, **values)), key=key, **values)
