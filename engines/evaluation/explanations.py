"""One-line, plain-language explanations of every evaluation figure, for the UI to show beside it.

Keys are the metric names used in result tables (`KSComplement`, ...) and the result fields
(`overall_score`, `detection_auc`, ...). Written for a business analyst, not a statistician.
"""

EXPLANATIONS: dict[str, str] = {
    # Quality
    "overall_score": (
        "How closely the synthetic table resembles the real one, from 0 (nothing alike) to 1 (alike on every "
        "check): the average of Column Shapes and Column Pair Trends."
    ),
    "column_shapes_score": (
        "How well each synthetic column reproduces the spread of values of its real column, averaged over "
        "columns (1 = same distributions)."
    ),
    "column_pair_trends_score": (
        "How well the synthetic data keeps the relationships between columns that are clearly related in the "
        "real data (1 = same relationships)."
    ),
    "KSComplement": (
        "For a number or date column: 1 minus the biggest gap between the real and synthetic running "
        "totals of values; 1 means the values are spread the same way."
    ),
    "TVComplement": (
        "For a category column: 1 minus the share of synthetic rows that would have to change category for "
        "the proportions to match the real ones."
    ),
    "CorrelationSimilarity": (
        "For two number or date columns: how close the synthetic correlation is to the real one (1 = the "
        "same strength and direction of relationship)."
    ),
    "ContingencySimilarity": (
        "For a pair involving a category column (numbers grouped into 10 ranges): how closely the synthetic "
        "frequencies of value combinations match the real ones."
    ),
    # Detection
    "detection_auc": (
        "How well a model can tell real rows from synthetic ones: 0.5 means it can only guess (good), 1.0 "
        "means it spots every synthetic row."
    ),
    "detection_score": (
        "1 minus the detector's edge over guessing (the SDMetrics score): 1 = synthetic rows cannot be told "
        "apart, 0 = they are always spotted."
    ),
    # Machine-learning efficacy
    "trtr_score": (
        "Accuracy of a model trained on real data and tested on real rows it has not seen: the benchmark to "
        "match."
    ),
    "tstr_score": (
        "Accuracy of the same model trained on synthetic data instead, tested on the same real rows."
    ),
    "efficacy_ratio": (
        "Synthetic-trained accuracy as a share of real-trained accuracy: 1.0 means the synthetic data is as "
        "useful for this prediction as the real data."
    ),
    # Privacy
    "dcr_synthetic_to_train": (
        "Typical distance from a synthetic row to its most similar training row (0 = an exact copy); it "
        "should not be smaller than the holdout figure."
    ),
    "dcr_holdout_to_train": (
        "Typical distance from a real row the generator never saw to its most similar training row: the "
        "natural closeness to compare with."
    ),
    "exact_copy_share": (
        "Share of synthetic rows that copy a training row exactly; copies can expose real people's records."
    ),
    "membership_inference_auc": (
        "How well an attacker holding the synthetic data can guess whether a person's record was used for "
        "training: 0.5 = a coin flip (no leak), 1.0 = always right."
    ),
    "privacy_verdict": (
        "A plain summary of the privacy checks: low, medium or high risk of revealing training records."
    ),
}
