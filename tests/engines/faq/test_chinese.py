"""The FAQ assistant in Chinese: BM25 over jieba words and character pairs on the hand-written Chinese FAQ, measured
on its held-out paraphrases (never indexed)."""

import numpy as np
import pytest

from engines.core.model import load_model
from engines.errors import InvalidParameterError
from engines.faq import FaqAssistant, evaluate_assistant
from engines.faq.answer import ANSWERED
from engines.faq.chinese import BM25Index, chinese_tokens
from sample_data.bank_faq_zh import chinese_faq_tables


@pytest.fixture(scope="module")
def chinese_faq():
    return chinese_faq_tables()


@pytest.fixture(scope="module")
def assistant(chinese_faq):
    return FaqAssistant("bm25", language="zh").fit(chinese_faq[0])


def test_tokens_are_words_character_pairs_and_latin_words():
    """Chinese runs give jieba words and overlapping pairs; Latin words are lower-cased; particles are dropped."""
    # Run
    tokens = chinese_tokens("信用卡的PIN被锁了")

    # Assert
    assert "信用卡" in tokens and "pin" in tokens and "_信用" in tokens and "_用卡" in tokens
    assert "的" not in tokens


def test_bm25_ranks_the_document_that_shares_the_rare_terms_first():
    """A question sharing a rare word with one document scores that document highest; no score is negative."""
    # Setup
    index = BM25Index(["怎样激活新卡", "怎样重置网上银行密码", "怎样申请房贷"])

    # Run
    scores = index.scores(["房贷怎么申请", "密码忘了"])

    # Assert
    assert scores.argmax(axis=1).tolist() == [2, 1]
    assert scores.min() >= 0


def test_chinese_held_out_paraphrases_are_answered_far_above_chance(assistant, chinese_faq):
    """On the 234 Chinese rewordings the index never saw, top-1 is many times the 1-in-78 of guessing and top-3
    is higher still."""
    # Setup
    faq, paraphrases = chinese_faq

    # Run
    scores = evaluate_assistant(assistant, paraphrases["question"].tolist(), paraphrases["faq_id"].to_numpy())

    # Assert
    chance = 1 / len(faq)
    assert scores["questions"] == len(paraphrases) == 3 * len(faq)
    assert scores["top1_accuracy"] > 15 * chance
    assert scores["top3_accuracy"] > scores["top1_accuracy"]


def test_a_chinese_question_is_answered_in_chinese_not_handed_over_for_its_language(assistant):
    """A clear Chinese question gets the Chinese answer of the right entry (the English gate does not apply)."""
    # Run
    reply = assistant.answer("我的卡丢了，被偷了怎么办")

    # Assert
    assert reply.status == ANSWERED
    assert "挂失" in reply.answer
    assert reply.message_key is None


def test_the_chinese_assistant_saves_and_loads_with_the_same_ranking(assistant, tmp_path):
    """Saving and loading rebuilds the BM25 index from the saved FAQ: identical rankings."""
    # Setup
    questions = ["信用卡额度不够", "怎么往国外汇款"]

    # Run
    assistant.save(tmp_path / "faq_zh")
    loaded = load_model(tmp_path / "faq_zh")

    # Assert
    assert np.array_equal(loaded.rank(questions)[0], assistant.rank(questions)[0])


def test_an_unknown_language_is_refused_by_name(chinese_faq):
    """language must be "en" or "zh"; the error names the argument."""
    # Run / Assert
    with pytest.raises(InvalidParameterError, match="language"):
        FaqAssistant("bm25", language="fr").fit(chinese_faq[0])
