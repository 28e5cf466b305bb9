"""Does the quote hold the claim's value, the way the claim's `counted` says it was read?

- empty: the quote writes the value (digits or number words, `numbers.numbers_in`);
- `sum`: some two or more of the quote's numbers add up to the value ("three women and seven
  men" = 10), or the value is one more than a number of "others" ("Tsikhanouski and 13 other
  political prisoners" = 14: the one named and the 13);
- `names`: the quote names at least as many people as the value (a name is two or more
  capitalised words; a name right after "according to" or before "said" is the speaker, not
  one of those counted), and does not write the value itself;
- `misprint`: the quote writes the value's digits in order with a misplaced separator
  ("2,1474" for 21,474), and not the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from datasets.checks.numbers import Number, numbers_in

COUNTED: Final = ("sum", "names", "misprint")
_TOKEN: Final = re.compile(r"\d[\d,.\u00a0\u202f\u2009'’ ]*\d|\d")
_OTHERS: Final = re.compile(
    r"^\s+(?:other|others|more|otros|otras|других|іншых|інших|innych)\b", re.IGNORECASE
)
_CAPITAL: Final = r"[A-ZА-ЯЁІЎЄЇҐ][a-zа-яёіўєїґ'’\-]+"
_NAME: Final = re.compile(rf"{_CAPITAL}(?:\s+(?:{_CAPITAL}|[A-Z]\.))+")
_SPEAKER_BEFORE: Final = re.compile(
    r"(?:according to|said|says|told|citing|per)(?:\s+[\w.]+){0,4}\s*$", re.IGNORECASE
)
# Capitalised at the start of a sentence or as a date, never the first word of a name.
_NOT_NAMES: Final = frozenset(
    "a an the in on at of for from by to and but as after before with since this that last "
    "earlier later january february march april may june july august september october "
    "november december monday tuesday wednesday thursday friday saturday sunday".split()
)
_SPEAKER_AFTER: Final = re.compile(r"^\s*(?:said|says|told|announced)\b", re.IGNORECASE)


def value_problems(quote: str, value: int, counted: str, languages: Iterable[str]) -> Iterator[str]:
    """What is wrong with how the quote holds `value` (nothing when all is well)."""
    numbers = numbers_in(quote, languages)
    written = any(n.value == value for n in numbers)
    if not counted:
        if not written:
            yield f"the quote does not hold the number {value}"
    elif counted not in COUNTED:
        yield f"counted {counted!r} is not empty, {', '.join(COUNTED)}"
    elif written:
        yield f"counted={counted}, but the quote writes {value} itself (leave counted empty)"
    elif counted == "sum" and not adds_up(quote, numbers, value):
        yield f"counted=sum, but no two or more of the quote's numbers add up to {value}"
    elif counted == "names" and len(named_people(quote)) < value:
        yield f"counted=names, but the quote names {len(named_people(quote))} people, not {value}"
    elif counted == "misprint" and not holds_misprinted(quote, value):
        yield f"the quote holds no misprint of the number {value}"


def adds_up(quote: str, numbers: list[Number], value: int) -> bool:
    """Two or more of the numbers add up to `value`, or `value` is "N others" and the one named."""
    if any(n.value + 1 == value and _OTHERS.match(quote[n.end :]) for n in numbers):
        return True
    one: set[int] = set()
    more: set[int] = set()
    for number in numbers:
        more |= {s + number.value for s in one | more if s + number.value <= value}
        one.add(number.value)
    return value in more


def named_people(quote: str) -> list[str]:
    """The names of people the quote names (two or more capitalised words), less its speakers."""
    names = []
    for match in _NAME.finditer(quote):
        before, after = quote[: match.start()], quote[match.end() :]
        words = match.group().split()
        while words and words[0].lower() in _NOT_NAMES:
            words.pop(0)
        if len(words) < 2 or _SPEAKER_BEFORE.search(before) or _SPEAKER_AFTER.match(after):
            continue
        names.append(" ".join(words))
    return names


def holds_misprinted(quote: str, value: int) -> bool:
    """The quote writes the number's digits in order with a misplaced separator ("2,1474")."""
    return any(re.sub(r"\D", "", token) == str(value) for token in _TOKEN.findall(quote))
