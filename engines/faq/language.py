"""A small, dependency-free guess of whether a question is written in English.

The assistant answers from an English FAQ, so a question in another language should get a polite hand-over, not a
confident wrong match. The guess counts very common function words of English and of five other Latin-script
languages, and treats text that is mostly in a non-Latin script (Chinese, Arabic, Cyrillic, ...) as not English.
Short or ambiguous text is given the benefit of the doubt ("en").
"""

from __future__ import annotations

import re
import unicodedata

_STOPWORDS: dict[str, frozenset[str]] = {
    "English": frozenset("""the a an is are was were be been do does did how what when where why who which can could
        my your i you it to of in on for with and or not no if my me we our this that there have has had will
        would should from at by about much many get got"""
                         .split()),
    "Spanish": frozenset("""el la los las un una es son está están cómo como qué que cuándo dónde por para con mi
        mis tu su sus del al no se puedo puede hay tengo mi cuenta tarjeta dinero quiero""".split()),
    "French": frozenset("""le la les un une est sont comment quoi quand où pourquoi je tu il elle nous vous mon ma
        mes ton ta votre pour avec dans sur pas ne de des du et ou carte compte argent puis veux""".split()),
    "German": frozenset("""der die das ein eine ist sind wie was wann wo warum ich du er sie wir ihr mein meine
        dein für mit nicht und oder auf zu von kann ich konto karte geld möchte""".split()),
    "Portuguese": frozenset("""o a os as um uma é são como que quando onde por para com meu minha não se posso
        tenho conta cartão dinheiro quero você""".split()),
    "Italian": frozenset("""il lo la gli le un una è sono come cosa quando dove perché io tu mio mia per con non
        e o posso conto carta soldi voglio""".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str) -> str:
    """"English", another language's name, "another script" (mostly non-Latin letters), or "unknown"."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "unknown"
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.5:
        return "another script"
    words = [w.lower() for w in _WORD.findall(text)]
    hits = {name: sum(w in words_set for w in words) for name, words_set in _STOPWORDS.items()}
    english = hits.pop("English")
    other, count = max(hits.items(), key=lambda item: item[1])
    # Words shared by several languages ("a", "no", "me") make single hits weak evidence: ask for a clear lead.
    if count >= 2 and count > english + 1:
        return other
    if english or len(words) <= 3 or count == 0:
        return "English"
    return "unknown"


def is_english(text: str) -> bool:
    """True unless the text looks clearly written in another language or script."""
    return guess_language(text) in ("English", "unknown")
