"""The FAQ assistant in the page: accuracy and latency beside the TF-IDF baseline, and a question box that answers
with the matched entry and a confidence, or hands over to a person.

A reader of the Chinese page asks the Chinese assistant (BM25 over jieba words and character pairs, on the Chinese
FAQ: the packaged MiniLM reads English only); the page states its top-1 accuracy on held-out Chinese paraphrases
next to the English assistant's, so neither figure stands for both."""

from __future__ import annotations

import re

import streamlit as st

from dashboard.banking.labels import value_label
from dashboard.banking.shipped import AssistantLoader, chinese_assistant
from dashboard.glossary import help_text
from dashboard.i18n import current_language, error_text, localised, percent, t
from engines.errors import EngineError, ModelFileError
from engines.faq.answer import METHODS, FaqAnswer

_HISTORY_KEY = "bank_faq_history"
WAIT_SECONDS = 45
_METHOD_KEYS = {label: key for key, label in METHODS.items()}


def ask(loader: AssistantLoader, question: str) -> tuple[FaqAnswer, str | None]:
    """Answer with the semantic assistant (waiting for it to finish loading if needed), or with the TF-IDF
    fallback when the sentence model cannot be used, saying so; a Chinese reader's question goes to the Chinese
    assistant."""
    if current_language() == "zh":
        with st.spinner(t("banking.faq.chinese_starting")):
            return chinese_assistant().answer(question), None
    if not loader.semantic_ready:
        with st.spinner(t("banking.faq.starting")):
            loader.wait(WAIT_SECONDS)
    if loader.semantic_ready and loader.semantic.method_used_ == "semantic":
        try:
            return loader.semantic.answer(question), None
        except EngineError as error:
            fallback_reason = t("banking.faq.fallback.failed", error=error_text(error))
    else:
        fallback_reason = loader.error or t("banking.faq.fallback.not_ready")
    if loader.tfidf is None:
        raise ModelFileError(f"The FAQ assistant could not start: {fallback_reason}.", key="banking.faq.error.no_start",
                             reason=fallback_reason)
    return loader.tfidf.answer(question), t("banking.faq.fallback", reason=fallback_reason)


def _note_text(note: str) -> str:
    """An engine note of a reply in the reader's language."""
    long = re.fullmatch(r"Your question is long; only its first (\d+) characters were read\.", str(note))
    return t("banking.faq.note.long", chars=int(long[1])) if long else localised(note)


def show_answer(reply: FaqAnswer, note: str | None) -> None:
    """One reply as a chat message."""
    with st.chat_message("user"):
        st.write(reply.question or t("banking.faq.empty_question"))
    with st.chat_message("assistant", avatar=":material/support_agent:"):
        if reply.status == "answered":
            st.markdown(f"**{reply.matched_question}**\n\n{reply.answer}")
            st.caption(t("banking.faq.reply_caption", confidence=percent(reply.confidence, decimals=0),
                         method=value_label("faq_method", _METHOD_KEYS.get(reply.method, reply.method)),
                         ms=f"{reply.latency_ms:.0f}", topic=value_label("faq_topic", reply.topic)))
        elif reply.status == "handover":
            st.warning(localised(reply), icon=":material/support_agent:")
            st.markdown("\n".join(f"- {a['question']} ({percent(a['confidence'], decimals=0)})"
                                  for a in reply.alternatives))
        else:
            st.info(localised(reply), icon=":material/translate:" if reply.status == "other_language" else ":material/edit:")
        for line in [_note_text(n) for n in reply.notes] + ([note] if note else []):
            st.caption(line)


def show_faq(loader: AssistantLoader, results: dict, examples: list[str], chinese: dict | None = None,
             chinese_examples: list[str] | None = None) -> None:
    """Draw the section. `chinese` holds the Chinese assistant's figures (faq_zh.json); a Chinese reader sees
    them first, beside the English ones, and asks the Chinese assistant."""
    sem, base = results["results"]["semantic"], results["results"]["tfidf"]
    zh = (chinese or {}).get("results", {}).get("bm25")
    in_chinese = current_language() == "zh" and zh is not None
    cols = st.columns(4)
    if in_chinese:
        cols[0].metric(t("banking.faq.metric.chinese_top1"), percent(zh["top1_accuracy"], decimals=0),
                       help=t("banking.faq.metric.chinese_top1.help", questions=int(zh["questions"])) + " "
                       + help_text("Top-1 accuracy") + " " + help_text("BM25"))
        cols[1].metric(t("banking.faq.metric.english_top1"), percent(sem["top1_accuracy"], decimals=0),
                       help=t("banking.faq.metric.english_top1.help", questions=int(sem["questions"])) + " "
                       + help_text("Sentence model"))
        cols[2].metric(t("banking.faq.metric.chinese_top3"), percent(zh["top3_accuracy"], decimals=0),
                       help=t("banking.faq.metric.top3.help"))
        cols[3].metric(t("banking.faq.metric.latency"), t("banking.faq.ms", ms=f"{zh['latency_median_ms']:.1f}"),
                       help=t("banking.faq.metric.latency.help", p95=f"{zh['latency_p95_ms']:.1f}"))
        st.info(t("banking.faq.takeaway.chinese", questions=int(zh["questions"]),
                  chinese=percent(zh["top1_accuracy"], decimals=0), top3=percent(zh["top3_accuracy"], decimals=0),
                  english=percent(sem["top1_accuracy"], decimals=0), english_questions=int(sem["questions"]),
                  handover=percent(zh["handover_share"], decimals=0),
                  threshold=percent(chinese.get("handover_threshold", 0.4), decimals=0),
                  answered=percent(zh["answered_accuracy"], decimals=0)), icon=":material/lightbulb:")
    else:
        cols[0].metric(t("banking.faq.metric.semantic"), percent(sem["top1_accuracy"], decimals=0),
                       t("banking.faq.metric.semantic.delta",
                         change=f"{(sem['top1_accuracy'] - base['top1_accuracy']) * 100:+.0f}"),
                       help=f"{help_text('Top-1 accuracy')} {help_text('Sentence model')}")
        cols[1].metric(t("banking.faq.metric.keyword"), percent(base["top1_accuracy"], decimals=0),
                       help=help_text("TF-IDF"))
        cols[2].metric(t("banking.faq.metric.top3"), percent(sem["top3_accuracy"], decimals=0),
                       help=t("banking.faq.metric.top3.help"))
        cols[3].metric(t("banking.faq.metric.latency"), t("banking.faq.ms", ms=f"{sem['latency_median_ms']:.0f}"),
                       help=t("banking.faq.metric.latency.help", p95=f"{sem['latency_p95_ms']:.0f}"))
        values = {"questions": int(sem["questions"]), "semantic": percent(sem["top1_accuracy"], decimals=0),
                  "keyword": percent(base["top1_accuracy"], decimals=0),
                  "threshold": percent(results["handover_threshold"], decimals=0),
                  "handover": percent(sem["handover_share"], decimals=0),
                  "answered": percent(sem["answered_accuracy"], decimals=0),
                  "top3": percent(sem["top3_accuracy"], decimals=0)}
        target = "met" if sem["top1_accuracy"] >= 0.9 else "missed"
        if zh is not None:
            st.info(t(f"banking.faq.takeaway.{target}.with_chinese", chinese=percent(zh["top1_accuracy"], decimals=0),
                      **values), icon=":material/lightbulb:")
        else:
            st.info(t(f"banking.faq.takeaway.{target}", **values), icon=":material/lightbulb:")
    shown_examples = (chinese_examples or []) if in_chinese else examples
    with st.form("bank_faq_form", clear_on_submit=False, border=False):
        question = st.text_input(t("banking.faq.ask_label"), key="bank_faq_question", max_chars=2000,
                                 placeholder=t("banking.faq.placeholder", example=shown_examples[0] if shown_examples
                                               else t("banking.faq.placeholder_default")))
        asked = st.form_submit_button(t("banking.faq.ask"), icon=":material/send:")
    if shown_examples:
        st.caption(t("banking.faq.try", examples=t("banking.list.examples").join(
            t("banking.faq.quoted", text=e) for e in shown_examples[:4])))
    history: list = st.session_state.setdefault(_HISTORY_KEY, [])
    if asked:
        history.insert(0, ask(loader, question))
        del history[5:]
    for reply, note in history:
        show_answer(reply, note)
