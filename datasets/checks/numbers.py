"""The numbers a quote writes, as values with their place in the text.

Digits are read with the thousands separators of every convention ("1,257", "1.601",
"1 257", "1\u00a0257", "1'257": a separator followed by exactly three digits), and with a
multiplier word ("2,8 тысячи" = 2,800, "17 thousand" = 17,000). Number words are read as whole
words and phrases: `num2words` writes every value from 1 to 999 in the quote's language (and
English), the inflected forms of `number_forms` are read as their nominative, and a multiplier
word ("thousand", "тысяч", "mil") scales what comes before it. A stem is never enough: "tri" in
"trials" or "six" in "sixteenth" is no number, "six-hour" holds 6.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Final

from num2words import CONVERTER_CLASSES, num2words

from datasets.checks.number_forms import MULTIPLIERS, forms, suffix_forms

_SEPARATORS: Final = ",.\u00a0\u202f\u2009'’ "
_DIGITS: Final = re.compile(
    rf"(?<!\d)(?<!\d[.,])(?P<int>\d{{1,3}}(?:(?P<sep>[{_SEPARATORS}])\d{{3}}(?:(?P=sep)\d{{3}})*)?|\d+)"
    r"(?![\d])(?:[.,](?P<frac>\d{1,2})(?!\d))?"
)
_MIXED: Final = re.compile(
    r"(?<![\d.,])(?:(?P<lead>\d{1,3})\s+)?(?P<word>[^\W\d_]+)\s+(?P<rest>\d{3})(?![\d.,]\d)"
)
_WORD: Final = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
# English: "a thousand", "a hundred", "an American citizen" (one person, in the singular).
_ARTICLE: Final = frozenset({"a", "an"})
_PERSONS: Final = frozenset(
    "citizen national person man woman prisoner detainee journalist priest activist dissident "
    "student lawyer".split()
)
_CONNECTORS: Final = frozenset({"and"})


@dataclass(frozen=True)
class Number:
    """One number of a quote: its value and where it is written (`start`:`end`)."""

    value: int
    start: int
    end: int
    words: bool = False


def numbers_in(quote: str, languages: Iterable[str] = ("en",)) -> list[Number]:
    """Every number the quote writes, in digits or in the words of `languages`, in order."""
    found = _digit_numbers(quote, languages)
    taken = [(n.start, n.end) for n in found]
    for language in dict.fromkeys(["en", *languages]):
        for number in _word_numbers(quote, language):
            if not any(s < number.end and number.start < e for s, e in taken):
                found.append(number)
                taken.append((number.start, number.end))
    return sorted(found, key=lambda n: (n.start, n.value))


def holds_value(quote: str, value: int, languages: Iterable[str] = ("en",)) -> bool:
    """The quote writes `value`, in digits or in words."""
    return any(n.value == value for n in numbers_in(quote, languages))


def _digit_numbers(quote: str, languages: Iterable[str]) -> list[Number]:
    multipliers = _multipliers(tuple(languages))
    out = _thousands_in_words(quote, multipliers)
    taken = [(n.start, n.end) for n in out]
    for match in _DIGITS.finditer(quote):
        if any(s <= match.start() < e for s, e in taken):
            continue
        whole = int(re.sub(r"\D", "", match["int"]))
        end, scale = _multiplier_after(quote, match.end(), multipliers)
        if scale:
            frac = match["frac"] or ""
            value = whole * scale + (int(frac) * scale // 10 ** len(frac) if frac else 0)
            out.append(Number(value, match.start(), end))
            continue
        out.append(Number(whole, match.start(), match.end("int")))
        if match["sep"] == " ":  # "13 123" may be two numbers
            start = match.start()
            for part in match["int"].split(" "):
                out.append(Number(int(part), start, start + len(part)))
                start += len(part) + 1
    return out


def _thousands_in_words(quote: str, multipliers: dict[str, int]) -> list[Number]:
    """ "mil 066", "2 mil 500": a thousands word between digit groups (1,066; 2,500)."""
    out = []
    for match in _MIXED.finditer(quote):
        scale = multipliers.get(match["word"].lower(), 0)
        if scale == 1000:
            value = int(match["lead"] or 1) * scale + int(match["rest"])
            out.append(Number(value, match.start(), match.end()))
    return out


def _multiplier_after(quote: str, position: int, multipliers: dict[str, int]) -> tuple[int, int]:
    match = _WORD.match(quote, position + (len(quote[position:]) - len(quote[position:].lstrip())))
    if match and match.group().lower() in multipliers:
        return match.end(), multipliers[match.group().lower()]
    return position, 0


@cache
def _multipliers(languages: tuple[str, ...]) -> dict[str, int]:
    table: dict[str, int] = {}
    for language in ("en", *languages):
        table.update(MULTIPLIERS.get(language, {}))
    return table


def _word_numbers(quote: str, language: str) -> list[Number]:
    """The numbers `language`'s words write in the quote."""
    if language not in CONVERTER_CLASSES:
        return []
    phrases, longest = _phrases(language)
    lookup = {_normal(k): _normal(v) for k, v in forms(language).items()}
    lookup.update(_regular_forms(language))
    words = [(m.start(), m.end(), _normal(m.group())) for m in _WORD.finditer(quote)]
    tokens = [lookup.get(w, w) for _, _, w in words]
    multipliers = MULTIPLIERS.get(language, {})
    out: list[Number] = []
    i = 0
    while i < len(tokens):
        value, j = _read(tokens, i, phrases, longest, multipliers, bare=language != "en")
        if j > i:
            out.append(Number(value, words[i][0], words[j - 1][1], words=True))
            i = j
        else:
            i += 1
    return out


def _read(
    tokens: list[str],
    i: int,
    phrases: dict[tuple[str, ...], int],
    longest: int,
    multipliers: dict[str, int],
    bare: bool,
) -> tuple[int, int]:
    """The value of the number words starting at `i`, and the index after them.

    A multiplier word alone counts once ("более тысячи", "mil"); in English only after an
    article or a number ("a thousand"), as "thousands" or "thousand-strong" count nothing.
    """
    if tokens[i] in _ARTICLE and _person_follows(tokens, i + 1):
        return 1, i + 1
    total, current, j = 0, 0, i
    while j < len(tokens):
        size, value = _phrase_at(tokens, j, phrases, longest)
        if size and not current:
            current, j = value, j + size
        elif tokens[j] in multipliers and (current or bare or _article(tokens, j)):
            total, current, j = total + (current or 1) * multipliers[tokens[j]], 0, j + 1
            if j < len(tokens) and tokens[j] in _CONNECTORS:
                j += 1
        else:
            break
    if j > i and tokens[j - 1] in _CONNECTORS:
        j -= 1
    return total + current, j


def _phrase_at(
    tokens: list[str], j: int, phrases: dict[tuple[str, ...], int], longest: int
) -> tuple[int, int]:
    for size in range(min(longest, len(tokens) - j), 0, -1):
        value = phrases.get(tuple(tokens[j : j + size]))
        if value is not None:
            return size, value
    if tokens[j] in _ARTICLE and j + 1 < len(tokens) and tokens[j + 1] in {"hundred", "dozen"}:
        return 2, 100 if tokens[j + 1] == "hundred" else 12
    return 0, 0


def _article(tokens: list[str], j: int) -> bool:
    """An English article just before position `j` ("a thousand", "an American citizen")."""
    return j > 0 and tokens[j - 1] in _ARTICLE


def _person_follows(tokens: list[str], j: int) -> bool:
    """One person in the singular: "an American citizen" (at most one word between)."""
    return any(t in _PERSONS for t in tokens[j : j + 2])


@cache
def _phrases(language: str) -> tuple[dict[tuple[str, ...], int], int]:
    """Every value from 1 to 999 as `num2words` writes it (and the usual variants), as words."""
    phrases: dict[tuple[str, ...], int] = {}
    for value in range(1, 1000):
        for text in _spellings(language, value):
            key = tuple(_normal(w) for w in _WORD.findall(text))
            phrases.setdefault(key, value)
    return phrases, max(map(len, phrases))


def _spellings(language: str, value: int) -> list[str]:
    text = num2words(value, lang=language)
    out = [text]
    if language == "en":
        out += [text.replace(" and ", " "), re.sub(r"^one hundred", "a hundred", text)]
    elif language == "lt":
        out.append(re.sub(r"^vienas šimtas", "šimtas", text))
    elif language == "de":
        out.append(re.sub(r"^einhundert", "hundert", text))
    elif language == "es" and value == 100:
        out.append("ciento")
    elif language == "ru":
        out += _russian_cases(value)
    return out


def _russian_cases(value: int) -> list[str]:
    """Russian words of `value` in every case and gender (`num2words` inflects them)."""
    return [
        num2words(value, lang="ru", case=case, gender=gender)
        for case in ("n", "g", "d", "a", "i", "p")
        for gender in ("m", "f", "n")
    ]


@cache
def _regular_forms(language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for value in [*range(11, 20), *range(20, 100, 10)]:
        word = _normal(num2words(value, lang=language)) if language in CONVERTER_CLASSES else ""
        table.update(suffix_forms(language, word))
    return table


def _normal(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
