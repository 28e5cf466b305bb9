"""Inflected forms of the number words, for the languages whose quotes inflect them.

`num2words` writes a value's words in the nominative (and, for Russian, in every case). The
quotes also write them in other cases and as collective numerals ("двух", "трёх", "пяцярых",
"szesnastu", "dviejų"). Each table maps a nominative word, as `num2words` writes it, to its
other forms; `forms()` turns them into a lookup from a form to its nominative. Suffix rules
cover the regular classes (teens, tens), the lines below the irregular words.
"""

from __future__ import annotations

from functools import cache
from typing import Final

_TABLES: Final[dict[str, str]] = {
    "ru": """
        два: двое двоих двоим двоими
        три: трое троих троим троими
        четыре: четверо четверых четверым
        пять: пятеро пятерых пятерым
        шесть: шестеро шестерых
        семь: семеро семерых
        восемь: восьмеро восьмерых
        девять: девятеро девятерых
        десять: десятеро десятерых
    """,
    "be": """
        адзін: адна адно аднаго аднаму адным адной адну адною
        два: дзве двух двум двума дзвюх дзвюм дзвюма двое
        тры: трох тром трыма трое траіх
        чатыры: чатырох чатыром чатырма чацвёра чацвярых
        пяць: пяці пяццю пяцёра пяцярых пяцярым
        шэсць: шасці шасцю шасцёра шасцярых
        сем: сямі сямю сямёра сямярых
        восем: васьмі васьмю васьмёра васьмярых
        дзевяць: дзевяці дзевяццю дзевяцёра дзевяцярых
        дзесяць: дзесяці дзесяццю дзесяцёра дзесяцярых
        сорак: сарака
        пяцьдзясят: пяцідзесяці
        шэсцьдзясят: шасцідзесяці
        семдзесят: сямідзесяці
        восемдзесят: васьмідзесяці
        сто: ста
        дзвесце: двухсот дзвюхсот
        трыста: трохсот
        чатырыста: чатырохсот
        пяцьсот: пяцісот
        шэсцьсот: шасцісот
        семсот: сямісот
        восемсот: васьмісот
        дзевяцьсот: дзевяцісот
    """,
    "uk": """
        один: одна одне одного одному одним одній одну одною
        два: дві двох двом двома двоє двоїх
        три: трьох трьом трьома троє троїх
        чотири: чотирьох чотирьом чотирма четверо
        п'ять: п'яти п'ятьох п'ятьом п'ятьма п'ятьома п'ятеро
        шість: шести шістьох шістьом шістьма шістьома шестеро
        сім: семи сімох сьома сімома семеро
        вісім: восьми вісьмох вісьма вісьмома восьмеро
        дев'ять: дев'яти дев'ятьох дев'ятьма дев'ятеро
        десять: десяти десятьох десятьма десятеро
        сорок: сорока
        дев'яносто: дев'яноста
        сто: ста
        двісті: двохсот
        триста: трьохсот
        чотириста: чотирьохсот
        п'ятсот: п'ятисот
        шістсот: шестисот
        сімсот: семисот
        вісімсот: восьмисот
        дев'ятсот: дев'ятисот
    """,
    "pl": """
        jeden: jedna jedno jednego jednej jednemu jednym jedną
        dwa: dwie dwóch dwu dwom dwoma dwiema dwaj dwoje dwojga
        trzy: trzech trzem trzema trzej troje trojga
        cztery: czterech czterem czterema czterej czworo czworga
        pięć: pięciu pięcioma pięcioro
        sześć: sześciu sześcioma sześcioro
        siedem: siedmiu siedmioma siedmioro
        osiem: ośmiu ośmioma ośmioro
        dziewięć: dziewięciu dziewięcioma dziewięcioro
        dziesięć: dziesięciu dziesięcioma dziesięcioro
        dwanaście: dwunastu dwunastoma
        dwadzieścia: dwudziestu dwudziestoma
        sto: stu
        dwieście: dwustu
        trzysta: trzystu
        czterysta: czterystu
        pięćset: pięciuset
        sześćset: sześciuset
        siedemset: siedmiuset
        osiemset: ośmiuset
        dziewięćset: dziewięciuset
    """,
    "lt": """
        vienas: viena vieno vienos vienam vienai vieną vienu viename vienoje
        du: dvi dviejų dviem dvejų
        trys: trijų trims tris trimis
        keturi: keturios keturių keturiems keturis keturiais keturias
        penki: penkios penkių penkiems penkis penkiais penkias
        šeši: šešios šešių šešiems šešis šešiais šešias
        septyni: septynios septynių septyniems septynis septyniais
        aštuoni: aštuonios aštuonių aštuoniems aštuonis aštuoniais
        devyni: devynios devynių devyniems devynis devyniais
        šimtas: šimto šimtui šimtą šimtu šimte
        šimtai: šimtų šimtams šimtus
    """,
    "es": """
        uno: un una
        veintiuno: veintiún veintiuna
        doscientos: doscientas
        trescientos: trescientas
        cuatrocientos: cuatrocientas
        quinientos: quinientas
        seiscientos: seiscientas
        setecientos: setecientas
        ochocientos: ochocientas
        novecientos: novecientas
    """,
    "pt": """
        um: uma
        dois: duas
        duzentos: duzentas
        trezentos: trezentas
        quatrocentos: quatrocentas
        quinhentos: quinhentas
    """,
    "de": "eins: ein eine einen einem einer",
    "it": "uno: un una",
    "fr": "un: une",
}
# Regular endings: (nominative ending, other endings).
_SUFFIXES: Final[dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "be": (("наццаць", ("наццаці", "наццаццю")), ("ццаць", ("ццаці", "ццаццю"))),
    "uk": (
        ("дцять", ("дцяти", "дцятьох", "дцятьма", "дцятьом")),
        ("десят", ("десяти", "десятьох")),
    ),
    "pl": (
        ("naście", ("nastu", "nastoma")),
        ("dzieści", ("dziestu", "dziestoma")),
        ("dziesiąt", ("dziesięciu", "dziesięcioma")),
    ),
    "lt": (
        ("lika", ("likos", "likai", "likoje")),
        ("dešimt", ("dešimties", "dešimčiai", "dešimčia")),
    ),
}
# The words that multiply what comes before them, in any of their forms.
MULTIPLIERS: Final[dict[str, dict[str, int]]] = {
    "en": {"thousand": 1000, "million": 10**6},
    "ru": {
        f: 1000
        for f in "тысяча тысячи тысяч тысячу тысяче тысячей тысячью тысячам тысячами "
        "тысячах тыс".split()
    }
    | {f: 10**6 for f in "миллион миллиона миллионов млн".split()},
    "be": {f: 1000 for f in "тысяча тысячы тысяч тысячу тысячай тысячам тысячамі тыс".split()},
    "uk": {f: 1000 for f in "тисяча тисячі тисяч тисячу тисячею тисячам тисячами тис".split()},
    "pl": {f: 1000 for f in "tysiąc tysiące tysięcy tysiąca tysiącem tysiącu tys".split()},
    "lt": {
        f: 1000 for f in "tūkstantis tūkstančio tūkstančiai tūkstančių tūkstančius tūkst".split()
    },
    "es": {"mil": 1000, "millón": 10**6, "millones": 10**6},
    "pt": {"mil": 1000, "milhão": 10**6, "milhões": 10**6},
    "it": {"mille": 1000, "mila": 1000, "milione": 10**6, "milioni": 10**6},
    "de": {"tausend": 1000, "million": 10**6, "millionen": 10**6},
    "fr": {"mille": 1000, "million": 10**6, "millions": 10**6},
}


@cache
def forms(language: str) -> dict[str, str]:
    """Every listed inflected form of `language`'s number words, mapped to its nominative."""
    table: dict[str, str] = {}
    for line in _TABLES.get(language, "").strip().splitlines():
        nominative, _, others = line.partition(":")
        table.update(dict.fromkeys(others.split(), nominative.strip()))
    return table


def suffix_forms(language: str, word: str) -> dict[str, str]:
    """The regular inflected forms of one nominative word (`word`'s teens and tens endings)."""
    for ending, others in _SUFFIXES.get(language, ()):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return {stem + other: word for other in others}
    return {}
