"""The shared glossary: every term the issue names has a plain name and one sentence; lookups forgive case,
underscores and hyphens; the help text and the glossary table come from the same entries."""

import pytest

from dashboard.glossary import TERMS, glossary_frame, help_text, lookup, plain_name

REQUIRED = ["GMV", "Recall@20", "NDCG@100", "EASE", "Mult-VAE", "perplexity", "Distinct-2", "KSComplement",
            "TVComplement", "membership-inference AUC", "detection score", "PR-AUC", "AUC", "f1_macro", "kl",
            "SMOTE", "GAN", "VAE", "copula", "auto-regressive", "DKT", "BKT", "log_loss"]


@pytest.mark.parametrize("term", REQUIRED)
def test_required_terms_have_plain_words(term):
    """Each technical term of the pages has a plain name and a one-sentence meaning."""
    # Run
    entry = lookup(term)
    # Assert
    assert entry is not None and entry.plain and entry.meaning.endswith(".")
    assert entry.plain in help_text(term) and entry.term in plain_name(term)


def test_unknown_names_pass_through():
    """An unknown name has no help and keeps its own title."""
    # Assert
    assert help_text("region") == "" and plain_name("region") == "region"


def test_glossary_table_lists_every_term_or_the_page_selection():
    """With no list the table has every term once; with a list, only those, in glossary order."""
    # Run
    everything, some = glossary_frame(), glossary_frame(["BKT", "AUC", "not a term"])
    # Assert
    assert len(everything) == len(TERMS) and everything["Term"].is_unique
    assert some["Term"].tolist() == ["AUC", "BKT"]
