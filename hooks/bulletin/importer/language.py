"""Is the text Vietnamese? The importer reads Vietnamese originals and refuses other languages.

Most Vietnamese words carry a mark that no other Latin-script language uses (ơ, ư, ă, đ, ạ, ế, ữ …).
A text is Vietnamese when enough of its words do (``language.min_vietnamese_share`` of
data/importer.yml). Otherwise the answer names the script or language it most looks like, for the
message.
"""

from __future__ import annotations

import re
import unicodedata

# Letters of Vietnamese that French, Spanish, Portuguese … do not have.
VIETNAMESE_ONLY = set("ăắằẳẵặơớờởỡợưứừửữựđạảấầẩẫậẻẽẹếềểễệỉĩịỏọốồổỗộủũụỳỷỹỵ"
                      "ĂẮẰẲẴẶƠỚỜỞỠỢƯỨỪỬỮỰĐẠẢẤẦẨẪẬẺẼẸẾỀỂỄỆỈĨỊỎỌỐỒỔỖỘỦŨỤỲỶỸỴ")
WORD = re.compile(r"[^\W\d_]+")
FRENCH = {"le", "la", "les", "des", "du", "et", "en", "un", "une", "pour", "dans", "est", "au", "aux", "sur"}
ENGLISH = {"the", "of", "and", "to", "in", "for", "on", "with", "was", "is", "at", "by", "from"}


def vietnamese_share(text: str) -> float:
    words = WORD.findall(unicodedata.normalize("NFC", text))
    if not words:
        return 0.0
    return sum(1 for w in words if any(ch in VIETNAMESE_ONLY for ch in w)) / len(words)


def guess(text: str) -> str:
    """'tiếng Anh — English', … for the message (a guess: the text is not Vietnamese)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "không có chữ — no words"
    scripts = {}
    for ch in letters:
        name = unicodedata.name(ch, "")
        script = "CJK" if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) else name.split(" ")[0]
        scripts[script] = scripts.get(script, 0) + 1
    main = max(scripts, key=scripts.get)
    if main == "CJK":
        return "tiếng Trung, Nhật hoặc Hàn — Chinese, Japanese or Korean"
    if main == "CYRILLIC":
        return "tiếng Nga hoặc chữ Kirin khác — Russian or another Cyrillic language"
    if main == "ARABIC":
        return "tiếng Ả Rập — Arabic"
    if main != "LATIN":
        return f"chữ {main.title()} — {main.title()} script"
    words = [w.lower() for w in WORD.findall(text)]
    french = sum(w in FRENCH for w in words)
    english = sum(w in ENGLISH for w in words)
    if french > english:
        return "tiếng Pháp — French"
    return "tiếng Anh — English"
