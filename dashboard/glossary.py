"""The lab's glossary: every technical term a page shows, with a plain name and one sentence in plain words.

One source for three uses, so a term reads the same everywhere:
- ``help_text("Recall@20")`` is the tooltip (``help=``) of a metric or a table column;
- ``plain_name("log_loss")`` is the title a table shows instead of a raw field name;
- ``glossary_section([...])`` draws the page's "Glossary" (all terms when called with no list).
Lookups forgive case, underscores and hyphens ("f1_macro", "F1 macro", "Mult-VAE", "mult vae").

English is written here; the Chinese plain name and meaning of each term are in dashboard/locales/glossary.zh.json
(keyed by ``Term.term``; tests/dashboard/test_i18n_catalogue.py checks that every term has them). The three
functions answer in the reader's language (dashboard.i18n); the technical term itself stays as written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import streamlit as st

from dashboard.i18n import LOCALES_DIR, current_language, t


@dataclass(frozen=True)
class Term:
    """A technical term as pages write it, its plain name, what it means in one sentence, and the topic it
    belongs to (the glossary groups by it)."""

    term: str
    plain: str
    meaning: str
    topic: str
    aliases: tuple[str, ...] = ()


_BUSINESS, _MODELS, _SYNTH, _RECS, _TEXT, _RISK, _LEARN, _DATA, _TRUST = (
    "Business figures", "Generative models", "Synthetic data checks", "Recommendations", "Generated text",
    "Risk and classification", "Learning analytics", "Data handling", "Trust and governance")

TERMS: tuple[Term, ...] = (
    # Business figures
    Term("GMV", "Gross sales", "Gross merchandise value: the total value of everything sold, before returns, "
         "discounts and costs.", _BUSINESS),
    Term("AOV", "Average order value", "Revenue divided by the number of orders.", _BUSINESS,
         ("average order value",)),
    Term("Conversion", "Share of visits that buy", "The share of browsing sessions that end in a purchase.",
         _BUSINESS, ("conversion rate", "session conversion")),
    Term("A/B/n test", "Even split of traffic", "Every version of an ad gets the same share of the audience for "
         "the whole campaign, so their results can be compared fairly.", _BUSINESS, ("even split", "A/B test")),
    Term("Thompson sampling", "Learning while selling", "A bandit method: for each impression it draws a plausible "
         "click rate for every creative from what it has seen so far and shows the best draw, so traffic moves "
         "to what works.", _BUSINESS, ("bandit", "multi-armed bandit")),
    Term("Regret", "Clicks lost while learning", "The clicks an all-knowing oracle (always the best creative for "
         "each customer group) would get, minus those the policy got.", _BUSINESS),
    Term("Watermark", "Invisible mark in the pixels", "A faint pattern added to a generated picture that people "
         "cannot see but the lab can detect later, even after re-saving or resizing.", _BUSINESS,
         ("invisible watermark",)),
    Term("Provenance record", "Where a file came from", "A small JSON file next to a generated file naming the "
         "model, its version, the seed, the request and the time it was made.", _BUSINESS,
         ("provenance", "sidecar")),
    Term("Conditional generator", "Made to order", "A generative model told what to draw (category, colour, "
         "pattern) instead of drawing anything it likes.", _MODELS, ("conditional VAE", "conditional GAN")),
    Term("Retention", "Customers who come back", "The share of a month's new customers still active in each "
         "later month.", _BUSINESS, ("cohort retention",)),
    Term("RFM", "Recency, frequency, spend", "Groups customers by how recently, how often and how much they "
         "bought.", _BUSINESS),
    # Generative models
    Term("GAN", "Generator-versus-detector network", "Generative adversarial network: one network invents rows "
         "while a second tries to tell them from real ones, until the fakes pass.", _MODELS,
         ("tabular GAN", "CTGAN")),
    Term("VAE", "Compress-and-rebuild network", "Variational autoencoder: squeezes each record into a few numbers "
         "and learns to rebuild it; new records are rebuilt from new numbers.", _MODELS, ("TVAE", "tabular VAE")),
    Term("Gaussian copula", "Simple statistical baseline", "Models each column's shape and the correlations "
         "between columns with classic statistics; fast, and the yardstick the networks must beat.", _MODELS,
         ("copula",)),
    Term("Auto-regressive", "One column at a time", "Generates a row column by column, each value predicted from "
         "the ones already written, the way text is written word by word.", _MODELS,
         ("autoregressive", "auto-regressive generator")),
    Term("Autoencoder", "Rebuild-and-compare network", "Learns to rebuild normal records; a record it rebuilds "
         "badly is unusual and worth a look.", _MODELS),
    Term("Epochs", "Passes over the data", "How many times training reads the whole table.", _MODELS, ("epoch",)),
    Term("Batch size", "Rows per training step", "How many rows the model looks at before each update.", _MODELS),
    Term("Learning rate", "Step size", "How far each training step moves the model; smaller is slower but "
         "steadier.", _MODELS),
    Term("Seed", "Repeatable randomness", "A number that fixes the random choices, so the same settings give "
         "the same result again.", _MODELS),
    Term("Diffusion model", "Noise-to-data model", "Starts from random noise and removes it a little at a "
         "time until a sample appears; slow to sample but covers every kind of example it saw.", _MODELS,
         ("diffusion",)),
    Term("Flow matching", "Straight-path diffusion", "A way to train a diffusion model: it learns the direction "
         "that carries each noise point straight to a data point, so sampling needs only tens of steps.",
         _MODELS),
    Term("Mode collapse", "Only some kinds of example", "A GAN failure: the generator keeps drawing a few kinds "
         "of example that fool its critic and forgets the rest.", _MODELS),
    Term("PacGAN", "Judge several at once", "A fix for mode collapse: the discriminator sees several samples "
         "together, so a generator repeating itself is easy to catch.", _MODELS, ("packing",)),
    Term("Latent space", "The model's few numbers", "The handful of numbers a VAE or GAN turns into an example; "
         "nearby numbers give similar examples.", _MODELS, ("latent size", "latent")),
    Term("Training steps", "Number of updates", "How many times the model looks at a batch of examples and "
         "adjusts itself.", _MODELS, ("steps",)),
    Term("Modes covered", "Blobs drawn", "Of the 8 blobs of the ring, how many get a fair share of the "
         "generated points (at least a quarter of an eighth).", _SYNTH, ("modes",)),
    Term("High-quality share", "Points on the shape", "The share of generated points that land where real "
         "points are (for the ring: within 3 standard deviations of a blob's centre).", _SYNTH),
    Term("Energy distance", "Distance between two clouds", "How different the generated and real point clouds "
         "are overall; 0 means they match.", _SYNTH),
    Term("Conditioning accuracy", "Does a generated 7 read as a 7?", "The share of generated digits that an "
         "independent classifier reads as the digit that was asked for.", _SYNTH),
    Term("Frechet distance", "FID for digits", "How far the generated digits are from real ones in the eyes of "
         "an independent classifier (the FID formula on its features); lower is better, and even two sets of "
         "real digits score above 0.", _SYNTH, ("FID", "Fréchet distance")),
    Term("Diversity", "Variety", "The average difference between two generated images of the same digit; a "
         "model that draws the same image again and again scores near 0.", _SYNTH),
    Term("Near-copy share", "Copies of training images", "The share of generated images closer to a training "
         "image than real new images almost ever are (memorised rather than new).", _SYNTH,
         ("near copies",)),
    # Synthetic data checks
    Term("Quality score", "Overall resemblance", "How closely the synthetic table matches the real one, column by "
         "column and pair by pair (0 to 1, higher is better).", _SYNTH, ("quality", "overall_score")),
    Term("Column shapes", "Each column's resemblance", "The average resemblance of each synthetic column's values "
         "to the real column's (0 to 1).", _SYNTH, ("column_shapes_score", "column shapes score")),
    Term("Column pair trends", "Relationships kept", "How well the synthetic table keeps the relationships between "
         "pairs of columns (0 to 1).", _SYNTH, ("column_pair_trends_score", "column pair trends score")),
    Term("KSComplement", "Number-column match", "1 minus the largest gap between the real and synthetic value "
         "distributions of a number or date column (1 = identical).", _SYNTH, ("KS complement",)),
    Term("TVComplement", "Category-column match", "1 minus the share of rows that would have to change category "
         "to make the synthetic column match the real one (1 = identical).", _SYNTH, ("TV complement",)),
    Term("Detection score", "Realism", "How hard it is for a classifier to tell synthetic rows from real ones: "
         "1 = impossible (as real as it gets), 0 = spotted every time. It is 1 minus the detector's advantage "
         "over guessing.", _SYNTH, ("detection", "detection_score", "realism")),
    Term("Detector AUC", "Detector's hit rate", "The chance the real-vs-synthetic detector ranks a synthetic row "
         "as more suspicious than a real one; 0.50 means it cannot tell them apart.", _SYNTH, ("detection_auc",)),
    Term("ML efficacy", "Usefulness for training", "A model trained on synthetic rows, scored on real rows it never "
         "saw, as a share of the same model trained on real rows (1 = just as useful).", _SYNTH,
         ("efficacy", "efficacy_ratio", "machine-learning efficacy", "TSTR")),
    Term("Membership-inference AUC", "Can an attacker spot real customers?", "How well an attacker holding the "
         "synthetic data can tell which real people were in the training data; 0.50 = no better than a coin "
         "flip (good).", _SYNTH, ("membership inference AUC", "membership_inference_auc", "MIA AUC")),
    Term("DCR", "Distance to the closest real row", "How far each synthetic row is from its nearest training "
         "row; many zeros would mean copied records.", _SYNTH, ("distance to closest record",)),
    Term("Privacy risk", "Chance of leaking real records", "Low, medium or high, from exact copies, distances to "
         "real rows and the membership-inference attack.", _SYNTH, ("privacy",)),
    # Recommendations
    Term("Recall@20", "Share of next purchases found in the top 20", "Of the items a customer actually went on "
         "to buy, the share that appear in the model's top 20 suggestions.", _RECS, ("recall@k", "recall_at_20")),
    Term("NDCG@100", "Ranking quality of the top 100", "Normalised discounted cumulative gain: like Recall, but "
         "a right item counts more the higher it is ranked (1 = perfect order).", _RECS,
         ("NDCG", "ndcg_at_100")),
    Term("EASE", "Item-similarity baseline", "A fast linear recommender that scores items by how often they are "
         "bought together; a strong yardstick.", _RECS),
    Term("Mult-VAE", "Generative recommender", "A variational autoencoder that reads a customer's whole history "
         "and generates a probability for every item they might want next.", _RECS, ("MultVAE",)),
    Term("RecVAE", "Generative recommender, refined", "A Mult-VAE with a learned prior and a per-customer "
         "regularisation (Shenbin et al. 2020); trains the encoder and decoder in turns and usually ranks "
         "closer to EASE on real logs.", _RECS, ("rec vae",)),
    Term("Recall@5", "Share of next products found in the top 5", "Of the products a customer actually took "
         "next, the share that appear in the model's top 5 suggestions.", _RECS, ("recall_at_5",)),
    Term("Coverage", "Share of the catalogue recommended", "How many different products the model ever "
         "suggests, as a share of the catalogue.", _RECS, ("catalogue coverage",)),
    # Generated text
    Term("Perplexity", "How surprised the text model is", "Lower means the model predicts real descriptions "
         "better; 1 would be perfect foresight.", _TEXT),
    Term("Distinct-2", "Variety of wording", "The share of two-word phrases that are different from each other "
         "across generated texts (higher = less repetitive).", _TEXT, ("distinct2",)),
    Term("Faithfulness", "Sticks to the facts", "The share of generated texts that mention only attributes the "
         "product really has.", _TEXT),
    Term("Novelty", "Not copied", "The share of generated texts that are not copies of a training text.", _TEXT),
    Term("Ready to publish", "Copy an editor would accept", "The share of generated texts that state every "
         "attribute, read fluently (no broken clause or stray capital) and only use words the catalogue uses "
         "for that category.", _TEXT, ("publishable",)),
    Term("TF-IDF", "Keyword matching", "Term frequency-inverse document frequency: finds the entry that shares the "
         "most (and rarest) words with the question; the classic search baseline.", _TEXT, ("tfidf",)),
    Term("BM25", "Word matching for Chinese", "Okapi BM25: scores an entry by the words and character pairs it "
         "shares with the question, rare ones counting more; the Chinese FAQ assistant's search, because the "
         "offline sentence model reads English only.", _TEXT),
    Term("Top-1 accuracy", "Right first time", "The share of questions whose first answer is the right one.", _TEXT,
         ("top1_accuracy",)),
    Term("Sentence model", "Search by meaning", "A small language model (here MiniLM, shipped offline) that turns "
         "a sentence into numbers so that questions with the same meaning land close together.", _TEXT,
         ("MiniLM", "semantic search")),
    Term("GRU", "Small sequence network", "Gated recurrent unit: a network that reads and writes text one word at "
         "a time, remembering what came before.", _TEXT),
    # Risk and classification
    Term("AUC", "Ranking accuracy", "Area under the ROC curve: the chance a randomly chosen positive case gets a "
         "higher score than a randomly chosen negative one (0.5 = guessing, 1 = perfect).", _RISK,
         ("ROC AUC", "roc_auc")),
    Term("PR-AUC", "Precision across catch rates", "Area under the precision-recall curve: how clean the flagged "
         "cases stay as the model catches more of the rare positives; the figure bankers read for fraud.", _RISK,
         ("PR AUC", "pr_auc", "average precision")),
    Term("Precision", "Share of flags that are right", "Of the cases flagged, the share that really are "
         "positive.", _RISK),
    Term("Recall", "Share of cases caught", "Of the real positive cases, the share the model flags.", _RISK),
    Term("F1 macro", "Balanced accuracy across classes", "The average over classes of the balance between "
         "precision and recall, so a rare class counts as much as a common one.", _RISK, ("f1", "f1_macro")),
    Term("KL", "Distribution difference", "Kullback-Leibler divergence: how different two distributions are "
         "(0 = identical).", _RISK, ("KL divergence", "kl")),
    Term("SMOTE", "Made-up cases by interpolation", "Creates extra rare cases (fraud, defaults) by drawing points "
         "between real ones, so a model sees more of them.", _RISK),
    Term("Isolation Forest", "Outlier baseline", "A classic anomaly detector that flags records that are easy to "
         "separate from the rest.", _RISK, ("IsolationForest",)),
    Term("Recall at 1% false alarms", "Bad cases caught at a low alarm rate", "The share of bad cases (fraud, "
         "defaults) the model catches when it may wrongly flag only 1 in 100 good cases.", _RISK,
         ("Recall at 1% FPR", "recall_at_1pct_fpr")),
    Term("Class weights", "Counting rare cases more", "Training that gives each rare case (fraud, default) more "
         "weight instead of adding made-up cases.", _RISK, ("class_weights",)),
    Term("Log-odds", "Risk on the scorecard's scale", "The logarithm of the odds of the bad outcome; a scorecard "
         "adds one number per characteristic on this scale, and +0.7 roughly doubles the odds.", _RISK,
         ("log odds",)),
    Term("Precision@k", "Share of the top k warnings that are right", "Of the k cases a detector ranks most "
         "suspicious, the share that really are fraud.", _RISK, ("precision at k",)),
    Term("PSI", "Population shift", "Population stability index: how much a score's distribution moved (< 0.10 "
         "stable, 0.10-0.25 watch, > 0.25 act).", _RISK),
    Term("Gini", "Ranking power", "2 x AUC - 1: 0 = random, 1 = perfect ranking of good and bad cases.", _RISK),
    Term("KS", "Best separation", "The largest gap between the score distributions of good and bad cases.", _RISK,
         ("KS statistic",)),
    Term("Log loss", "Penalty for confident mistakes", "The average penalty of the predicted probabilities; lower "
         "is better, and a confident wrong answer costs the most.", _RISK, ("log_loss", "logloss")),
    Term("Calibration", "Do predicted chances come true?", "Whether cases given a 20% chance turn out positive "
         "about 20% of the time.", _RISK),
    # Learning analytics
    Term("DKT", "Deep knowledge tracing", "A sequence network that reads a student's answers in order and "
         "estimates how likely they are to get each skill right next.", _LEARN, ("deep knowledge tracing",)),
    Term("BKT", "Bayesian knowledge tracing", "The classic model: each skill is either mastered or not, and every "
         "answer updates the chance that it is.", _LEARN, ("bayesian knowledge tracing",)),
    Term("Logistic (PFA)", "Count-based model", "Performance factors analysis: predicts the next answer from how "
         "many earlier answers on the skill were right and wrong.", _LEARN, ("PFA", "logistic")),
    Term("Bayes-optimal", "Best possible prediction", "The exact chance of a right answer given everything the "
         "simulator knows; no model can score higher on these data.", _LEARN, ("bayes optimal", "ceiling")),
    Term("Oracle", "Sees hidden mastery", "A reference that knows whether the skill is truly mastered at that "
         "moment, which no model can see.", _LEARN),
    Term("Mastery", "Chance of answering right", "The predicted chance of answering a typical exercise of the "
         "skill correctly.", _LEARN, ("mean mastery",)),
    Term("k-means", "Grouping by similarity", "Puts students into groups whose members have similar mastery "
         "profiles.", _LEARN, ("kmeans",)),
    # Data handling
    Term("SQL", "Query language", "The standard language for asking a table questions (filters, sums, "
         "groupings).", _DATA),
    Term("Parquet", "Compact table file", "A column-by-column file format that stores big tables small and "
         "reads them fast.", _DATA),
    Term("HyperLogLog", "Fast distinct-count estimate", "Counts distinct values within a few percent without "
         "reading them all into memory.", _DATA),
    # Trust and governance
    Term("Model card", "Model fact sheet", "One page per model: what it is for, what it learned from, how well it "
         "does next to a simple baseline, its limits, fairness, privacy, cost and version.", _TRUST),
    Term("SHAP value", "Contribution to this score", "How much one input pushed one case's score up or down, in "
         "log-odds; the contributions add up exactly to the model's score (Shapley values from game theory).",
         _TRUST, ("SHAP", "mean |SHAP|")),
    Term("Local accuracy", "Explanation adds up", "The base value plus a case's SHAP values equals the model's "
         "score for that case: the explanation leaves nothing out.", _TRUST),
    Term("Selection rate", "Share declined", "The share of a group that gets the decision (here: declined).",
         _TRUST),
    Term("Demographic parity difference", "Gap in decline rates", "The largest difference in decline rate "
         "between two groups; 0 means every group is declined equally often.", _TRUST, ("demographic parity",)),
    Term("Equalised odds difference", "Gap in error rates", "The larger of the biggest gap between groups in bad "
         "cases caught and the biggest gap in good applicants wrongly declined; 0 = equal.", _TRUST,
         ("equalized odds difference", "equalised odds")),
    Term("Bootstrap interval", "Range from resampling", "The range the figure takes in 95% of tables redrawn at "
         "random from the same rows: how much of it is chance.", _TRUST),
    Term("ThresholdOptimizer", "Per-group cut-offs", "fairlearn's post-processing: a different score cut-off per "
         "group, chosen so the decline rates match while keeping the decisions as useful as possible.", _TRUST),
    Term("Differential privacy", "Provable privacy", "A guarantee that the trained model is almost the same "
         "whether or not any one person's row was in the training data.", _TRUST, ("DP",)),
    Term("Epsilon", "Privacy budget", "How much one row may change what the model does: smaller is more "
         "private; 1-3 is strong, 10 is weak, no DP means no bound.", _TRUST, ("ε",)),
    Term("Delta", "Chance the bound fails", "The small probability the epsilon bound does not hold; set to 1 / "
         "rows.", _TRUST),
    Term("DP-SGD", "Private training", "Training in which each row's influence is capped (clipping) and hidden "
         "by random noise at every step.", _TRUST),
    Term("Watermark z-score", "Strength of the hidden mark", "How many more 'green' words a text has than chance "
         "would give, in standard deviations: about 0 for ordinary text.", _TRUST, ("z-score",)),
    Term("p-value", "Chance without the mark", "The chance that text without the watermark would have this many "
         "green words or more.", _TRUST),
    Term("Energy estimate", "Electricity used", "Busy CPU core-seconds times 10 W per busy core: an estimate, not "
         "a meter reading.", _TRUST, ("energy",)),
)


@lru_cache(maxsize=None)
def chinese_glossary() -> dict:
    """The Chinese names: ``{"topics": {topic: name}, "terms": {term: [plain, meaning]}}``."""
    return json.loads((LOCALES_DIR / "glossary.zh.json").read_text(encoding="utf-8"))


def _in_language(entry: Term) -> tuple[str, str, str]:
    """``(plain, meaning, topic)`` of ``entry`` in the reader's language."""
    if current_language() == "zh":
        chinese = chinese_glossary()
        plain, meaning = chinese["terms"].get(entry.term, (entry.plain, entry.meaning))
        return plain, meaning, chinese["topics"].get(entry.topic, entry.topic)
    return entry.plain, entry.meaning, entry.topic


def _normalised(name: object) -> str:
    return re.sub(r"[\s_\-]+", " ", str(name).strip().lower())


_INDEX: dict[str, Term] = {}
for _term in TERMS:
    for _name in (_term.term, *_term.aliases):
        _INDEX.setdefault(_normalised(_name), _term)


def lookup(name: object) -> Term | None:
    """The glossary entry for a term, an alias or a field name ("log_loss", "f1_macro"), or None."""
    return _INDEX.get(_normalised(name))


def help_text(name: object) -> str:
    """The tooltip of a metric or column: "Plain name (TERM): one sentence.", or "" for an unknown name."""
    entry = lookup(name)
    if entry is None:
        return ""
    plain, meaning, _ = _in_language(entry)
    return t("glossary.help_text", plain=plain, term=entry.term, meaning=meaning)


def plain_name(name: object) -> str:
    """How a page titles a metric for everyone: the plain name with the technical term in brackets
    ("Ranking accuracy (AUC)"); an unknown name comes back unchanged."""
    entry = lookup(name)
    return t("glossary.plain_name", plain=_in_language(entry)[0], term=entry.term) if entry is not None else str(name)


def glossary_frame(terms: Iterable[str] | None = None) -> pd.DataFrame:
    """The glossary as a table (topic, term, plain name, meaning): the named ``terms`` in glossary order, or
    every term."""
    wanted = None if terms is None else {lookup(name) for name in terms} - {None}
    rows = []
    for entry in TERMS:
        if wanted is None or entry in wanted:
            plain, meaning, topic = _in_language(entry)
            rows.append((topic, entry.term, plain, meaning))
    return pd.DataFrame(rows, columns=[t("glossary.column.topic"), t("glossary.column.term"),
                                       t("glossary.column.plain"), t("glossary.column.meaning")])


def glossary_section(terms: Iterable[str] | None = None, expanded: bool = False) -> None:
    """A "Glossary" expander listing ``terms`` (a page's own technical words) or, with no list, every term."""
    frame = glossary_frame(terms)
    if frame.empty:
        return
    topic, term, plain, meaning = frame.columns
    with st.expander(t("glossary.title.page") if terms is not None else t("glossary.title.all", count=len(frame)),
                     icon=":material/menu_book:", expanded=expanded):
        st.dataframe(frame if terms is None else frame.drop(columns=topic), hide_index=True, width="stretch",
                     row_height=56, placeholder="", column_config={
                         topic: st.column_config.TextColumn(width="small", pinned=True),
                         term: st.column_config.TextColumn(width="small", pinned=terms is not None),
                         plain: st.column_config.TextColumn(width="medium"),
                         meaning: st.column_config.TextColumn(width="large")})
