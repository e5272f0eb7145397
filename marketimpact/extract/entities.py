"""Companies the text names, found as entities rather than looked up as aliases.

Three cues mark a company name, whatever tables we have:

* an exchange ticker or a Reuters code in parentheses after it: "Boeing (NYSE: BA)",
  "Volkswagen (VOWG_p.DE)", "Toyota (7203.T)", "Burberry (LSE: BRBY)";
* a share phrase: "shares of X", "shares in X", "X shares", "X's shares", "X's stock",
  "X stock";
* a legal suffix: "Rheinmetall AG", "Fast Retailing Co", "Orsted A/S", "Acme Holdings plc".

A name is a run of capitalised words (``&``, "of", "de" allowed inside). It is resolved
through the registry's aliases after folding accents and legal suffixes; an exchange code
is mapped to its Yahoo symbol (:func:`yahoo_symbol`). What cannot be resolved keeps its name
and ``ticker=None``: the claim is still returned and checked as "cannot check: unknown
instrument".

Currencies: :func:`fx_subject` tells which currency an FX instrument mention is about, and
:func:`fx_pair` finds the Yahoo pair for "<currency> against <counter-currency>" with the
direction rule of its quoting convention.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..instruments import _alias_index, all_instruments, find_instrument, is_world_ticker, on_registry_change
from .gates import Hinted
from .lexicon import find_places, places
from .patterns import any_substring

#: exchange prefixes in "(NYSE: BA)" → Yahoo suffix
EXCHANGE_SUFFIX = {
    "nyse": "", "nasdaq": "", "nyse american": "", "nysearca": "", "amex": "", "otc": "", "otcqx": "", "cboe": "",
    "lse": ".L", "lon": ".L", "aim": ".L", "tsx": ".TO", "tsxv": ".V", "asx": ".AX", "hkex": ".HK", "hkg": ".HK",
    "sehk": ".HK", "tse": ".T", "tyo": ".T", "tokyo": ".T", "xetra": ".DE", "etr": ".DE", "fwb": ".DE", "fra": ".DE",
    "epa": ".PA", "euronext paris": ".PA", "euronext": ".PA", "ams": ".AS", "euronext amsterdam": ".AS", "ebr": ".BR",
    "six": ".SW", "swx": ".SW", "bme": ".MC", "bit": ".MI", "nse": ".NS", "bse": ".BO", "krx": ".KS", "kospi": ".KS",
    "kosdaq": ".KQ", "twse": ".TW", "tadawul": ".SR", "jse": ".JO", "b3": ".SA", "bvmf": ".SA", "bovespa": ".SA",
    "cph": ".CO", "omxc": ".CO", "sto": ".ST", "omxs": ".ST", "osl": ".OL", "ose": ".OL", "hel": ".HE", "omxh": ".HE",
    "sgx": ".SI", "idx": ".JK", "bmv": ".MX", "bcba": ".BA", "wse": ".WA", "bist": ".IS", "tase": ".TA",
}
#: Reuters RIC suffix → Yahoo suffix (where they differ; the rest are the same)
RIC_SUFFIX = {"N": "", "O": "", "OQ": "", "A": "", "K": "", "P": "", "S": "SW", "VX": "SW", "SS": "SS", "SZ": "SZ",
              "SE": "SR", "J": "JO"}
#: Bloomberg exchange codes ("AAL LN", "BHP AU", "7203 JT") → Yahoo suffix
BLOOMBERG_SUFFIX = {
    "US": "", "UN": "", "UW": "", "UQ": "", "LN": ".L", "AU": ".AX", "FP": ".PA", "GY": ".DE", "GR": ".DE",
    "SM": ".MC", "IM": ".MI", "NA": ".AS", "SW": ".SW", "SE": ".SW", "VX": ".SW", "JP": ".T", "JT": ".T",
    "HK": ".HK", "KS": ".KS", "CN": ".TO", "CT": ".TO", "SJ": ".JO", "AB": ".SR", "DC": ".CO", "NO": ".OL",
    "SS": ".ST", "FH": ".HE", "BZ": ".SA", "BB": ".BR", "IN": ".NS", "IB": ".NS", "TT": ".TW", "MM": ".MX",
}
RE_BLOOMBERG = re.compile(
    r"(?<![\w.$€£-])(?P<code>[A-Z0-9]{1,6}(?:/[AB])?)\s(?P<exch>" + "|".join(BLOOMBERG_SUFFIX) + r")(?![\w-])"
)
#: a broker note's "CODE (Name, rating)": "LNG (Cheniere, OW)", "TELL (Tellurian, UW)"
RE_CODE_NAME_RATING = re.compile(
    r"(?<![\w.])(?P<code>[A-Z]{1,5})\s\((?P<name>[A-Z][\w&'’ .-]{1,40}?),\s?(?:OW|N|UW|EW|OP|UP|MP|Buy|Hold|Sell|"
    r"Neutral|Overweight|Underweight|Outperform|Underperform|Equal-weight)\)")
RE_PAREN_CODE = re.compile(
    r"\(\s?(?:(?P<exch>[A-Za-z][A-Za-z0-9 ]{0,17}?)\s?:\s?)?(?P<code>[A-Z0-9^][A-Za-z0-9]{0,9}(?:[_.\-=][A-Za-z0-9]{0,5}){0,2})"
    r"(?(exch)(?:,\s?[A-Z][A-Z0-9.]{0,7}){0,3})"  # "(Nasdaq: PARA, PARAA)": the first class's code names it
    r"\s?\)"
)
#: a capitalised word, or a digit-led one with a letter ("3M", "7-Eleven"); the digit branch splits at its
#: first letter, so a long run is matched in one pass (no two stars over the same characters)
_CAP = r"(?:[A-Z][\w&'’.\-]*|[0-9][0-9_&'’.\-]*[A-Za-z][\w&'’.\-]*)"
_JOIN = r"(?:&|and|of|de|du|la|van|der|von|y|e)"
RE_NAME_BEFORE = re.compile(rf"(?P<name>{_CAP}(?:\s(?:{_CAP}|{_JOIN}(?=\s[A-Z]))){{0,5}})\s*$")
RE_NAME_AFTER = re.compile(rf"^\s?(?P<name>{_CAP}(?:\s(?:{_CAP}|{_JOIN}(?=\s[A-Z]))){{0,5}})")
#: what a company's shares are called after its name ("scrip": the Indian press's word for a stock)
SHARE_NOUN = r"(?:shares|stock|scrip)"
SHARE_NOUN_WORDS = ("share", "stock", "scrip")  # (the same words, for a substring gate)
RE_SHARE_CUE = re.compile(rf"(?<=[\w.])(?=['’]s?\s|\s(?:{SHARE_NOUN}|share\sprice|ADRs)\b|\s[A-Z\-]+\sshares\b)")
RE_SHARES_OF = re.compile(r"(?<![\w])(?:shares|stock|stocks|the\s+stock|(?:the\s+)?(?:actions|papers|titles|ADRs?))\s+(?:of|in)\s+"
                          r"(?:the\s+(?:[a-z]+\s+){1,2})?"  # translated "the actions of the reinsurer IRB", "of the gas importer Uniper"
                          # a description before the name: "Shares in French power utility EDF"
                          # (the description may start with an index's name: "Shares in FTSE 100 hospital operator NMC Health")
                          r"(?-i:(?:(?:[A-Z][a-z]+|[A-Z&]{2,5}\s\d{2,3})\s+(?:[a-z][\w-]*\s+){0,2}(?:utility|giant|group|maker|producer|lender|"
                          r"bank|insurer|retailer|miner|carrier|airline|operator|developer|conglomerate|firm|company)\s+)?)"
                          r"(?=[A-Z0-9])", re.I)
RE_SHARES_AFTER = re.compile(r"^(?:['’]s?)?\s(?:(?:Class\s[A-C]|[A-Z]-|ordinary|common|preference|preferred|non-voting|voting|"
                             r"US-listed|Hong\sKong-listed|London-listed|ADR|American\sdepositary)\s){0,2}"
                             rf"(?:{SHARE_NOUN}|share\sprice|ADRs|depositary\sreceipts)\b")
_LEGAL = (r"Inc|Incorporated|Corp|Corporation|Co|Company|plc|PLC|Ltd|Limited|AG|SE|SA|S\.A|NV|N\.V|SpA|S\.p\.A|Oyj|ASA|"
          r"AB|A/S|KGaA|GmbH|Holdings|Holding|Group|Bhd|Tbk|PJSC|OAO|Berhad|LLC|LP")
RE_LEGAL_NAME = re.compile(
    rf"(?<![\w&'’.\-])(?P<name>{_CAP}(?:\s(?:{_CAP}|{_JOIN}(?=\s[A-Z]))){{0,4}}),?\s(?P<legal>{_LEGAL})\.?(?![\w/])"
)
#: capitalised words that start a sentence or a clause, never a company name by themselves
FUNCTION_WORDS = frozenset(
    "the a an in on at its their his her our this that these those shares stock stocks share but and or so as after "
    "before while when with by for from of to if it they we he she investors traders analysts markets market "
    "meanwhile however also elsewhere still yet then monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december us u.s. uk u.k. "
    "european asian american global world wall street chief ceo cfo group company bank banks europe asia africa "
    "america latin emerging".split()
)
#: a capitalised name right before a move with a number ("Deckers ended 3.3% higher", "Puma dropped 3.4%")
#: (its first word is ``_CAP`` with the look-behind after the first character, which spans it: a
#: pattern that starts with a character class is scanned for it in C instead of trying the
#: look-behind at every character; tests/test_extract_fastpaths.py compares it with the plain form)
_CAP_FIRST = r"[A-Z0-9](?<![\w&'’.\-].)(?:(?<=[A-Z])[\w&'’.\-]*|(?<=[0-9])[\w&'’.\-]*[A-Za-z][\w&'’.\-]*)"
#: the past-tense verbs of a price move that follow a company's name
_MOVE_VERBS = ("rose|fell|gained|lost|dropped|jumped|slid|slipped|sank|climbed|added|shed|tumbled|plunged|surged|soared|"
               "rallied|advanced|declined")
RE_NAME_MOVES = re.compile(
    rf"(?P<name>{_CAP_FIRST}(?:\s(?:{_CAP}|{_JOIN}(?=\s[A-Z]))){{0,3}})\s(?:{SHARE_NOUN}\s)?"
    rf"(?:{_MOVE_VERBS}|ended|closed|finished|was|were|is|are)\b"
)
#: a bare US-style symbol, and a move right after a "Name (CODE)": the code is the name's listing
RE_US_SYMBOL = re.compile(r"[A-Z]{1,5}")
RE_MOVES_AFTER_CODE = re.compile(rf"\s(?:shares\s|stock\s)?(?:{_MOVE_VERBS})\b")
RE_SHARE_WORD = re.compile(r"\b(?:[Ss]hares|[Ss]tocks?|ADRs?|ADSs?|[Dd]epositary)\b")
#: a name whose last word says it is a business (a listed company, whatever table knows it)
RE_BUSINESS_NAME_END = re.compile(r"\S\s(?:Airlines|Airways|Bank|Bancorp|Holdings|Motors|Mining|Minerals|Resources|"
                                  r"Petroleum|Pharmaceuticals|Pharma|Telecom|Steel|Insurance|Industries|"
                                  r"Shipping|Brewery|Breweries|Cement|Chemicals|Semiconductor)$")
RE_CARRIER_END = re.compile(r"\s(?:Airlines|Airways)$")
#: a region's name: "West Bank", "North Sea" (no company)
RE_COMPASS_START = re.compile(r"(?:West|East|North|South|Central)\s")
#: a preposition of place before a name: "traffic at Heathrow", "unemployment in the West Bank"
RE_PLACE_PREP_BEFORE = re.compile(r"\b(?:at|in|of|on|from|to)\s+(?:the\s+)?$", re.I)
#: words of public bodies, which no market lists: "the Central Bank", "the World Bank", "Reserve Bank"
RE_PUBLIC_BODY = re.compile(r"\b(?:Central|Reserve|World|Development|National|Federal|People['’]s|Investment|"
                            r"European|Export|Import|State)\b")
#: the same after a contrast ("…, while Whirlpool slipped 1.8%"): another subject's move
#: nouns that describe a business before its name: "airport operator TAV", "chipmaker Infineon"
_BUSINESS_WORDS = (r"operator|maker|producer|lender|bank|insurer|retailer|miner|carrier|airline|chipmaker|carmaker|"
                   r"automaker|developer|builder|conglomerate|group|rival|peer|supplier|manufacturer|refiner|utility")
RE_CONTRAST_NAME_MOVES = re.compile(
    rf"\b(?:while|whereas|but|and)\s+(?:(?:[a-z][a-z-]+\s+){{0,2}}?(?:{_BUSINESS_WORDS})\s+)?"  # "and airport operator TAV …"
    rf"(?P<name>{_CAP}(?:\s(?:{_CAP}|{_JOIN}(?=\s[A-Z]))){{0,3}})\s(?:{SHARE_NOUN}\s)?(?:(?:has|have|had)\s+)?"
    r"(?:rose|fell|gained|lost|dropped|jumped|slid|slipped|sank|climbed|added|shed|tumbled|plunged|surged|soared|"
    r"rallied|advanced|declined|ended|closed|finished|eased|edged)\s+(?:up\s+|down\s+|about\s+|nearly\s+)?\d"
)
_LEGAL_STRIP = re.compile(rf"[,\s]+(?:{_LEGAL}|the|class [abc])\.?$", re.I)
#: a legal suffix as a whole word (a cheap test before RE_LEGAL_NAME)
RE_LEGAL_WORD = re.compile(rf"(?<![\w&'’.\-])(?:{_LEGAL})\.?(?![\w/])")
#: the legal suffixes as plain words: a sentence with none of them has no RE_LEGAL_NAME match
_LEGAL_WORDS = tuple(a.replace("\\", "") for a in _LEGAL.split("|"))
_RE_LEGAL_WORDS = any_substring(_LEGAL_WORDS)
RE_LEGAL_WORD = Hinted(RE_LEGAL_WORD, _RE_LEGAL_WORDS)  # (gates.py: most sentences hold no suffix)
#: a Bloomberg exchange code as a word: a sentence without one has no RE_BLOOMBERG match (a pattern
#: of literal words is scanned in C for their first letters, far faster than RE_BLOOMBERG)
RE_BLOOMBERG_EXCH = re.compile("(?:" + "|".join(BLOOMBERG_SUFFIX) + r")(?![\w-])")


@dataclass(frozen=True)
class EntityMention:
    """A company named in a sentence; ``ticker`` is None when no table resolves it."""

    start: int
    end: int
    name: str
    ticker: str | None
    named: bool = False  # a benchmark named in RE_NAMED_BENCHMARK: wins over any alias inside it


def fold(text: str) -> str:
    """Lower case without accents ("Nestlé" → "nestle")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def _folded_aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for alias, ticker in _alias_index().items():
        out.setdefault(fold(alias), ticker)
    return out


#: words a reporter drops from a company's name ("Southwest" for Southwest Airlines)
_GENERIC_CORPORATE = frozenset(
    "airlines airline airways computer computers outdoor pharmaceuticals pharmaceutical pharma therapeutics insurance "
    "group holdings holding financial bank bancorp motor motors technologies technology systems industries "
    "international corporation corp co company inc inc. plc ag sa se nv ltd limited brands foods energy resources "
    "semiconductor semiconductors electronics entertainment communications networks software services solutions "
    "petroleum oil gas mining minerals metals steel chemicals labs laboratories health healthcare biosciences "
    "biotherapeutics retail stores automotive aerospace & the of and".split())


@lru_cache(maxsize=1)
def _prefix_index() -> dict[str, str | None]:
    """Leading words of every stock alias → its ticker (None when two companies share them):
    "southwest" → LUV ("southwest airlines"), "super micro" → SMCI."""
    out: dict[str, str | None] = {}
    for alias, ticker in _folded_aliases().items():
        inst = find_instrument(ticker)
        if inst is None or inst.kind != "stock" or is_world_ticker(ticker):
            continue  # world-table names are matched whole only
        words = alias.split()
        for n in range(1, len(words)):
            key = " ".join(words[:n])
            acronym = n == 1 and len(key) == 3 and inst.name.split()[0].isupper()  # "MTN" of "MTN Group"
            if (len(key) < 4 and not acronym) or not all(w in _GENERIC_CORPORATE for w in words[n:]):
                continue  # "Hydro" is not "Hydro One": only generic trailing words may be left out
            if key in out and out[key] != ticker:
                out[key] = None
            else:
                out.setdefault(key, ticker)
    return out


def without_legal_suffix(name: str) -> str:
    """A company name as written, without its trailing legal words ("Zephyrine Robotics Inc." →
    "Zephyrine Robotics")."""
    for _ in range(4):
        shorter = _LEGAL_STRIP.sub("", name).strip(" ,.&")
        if shorter == name or not shorter:
            break
        name = shorter
    return name


def _legal_core(name: str) -> str:
    """A company name folded, without its trailing legal words and joiners ("Carnival Corporation &
    plc" → "carnival")."""
    key = fold(" ".join(name.split())).strip(" ,.&")
    for _ in range(4):
        shorter = _LEGAL_STRIP.sub("", key).strip(" ,.&")
        if shorter == key:
            break
        key = shorter
    return key


@lru_cache(maxsize=1)
def _legal_core_index() -> dict[str, str]:
    """Stock tickers (comma-joined) by the core of their registered name, where at most two listings
    have that core: what a name written with a legal suffix ("Carnival Corp") resolves to even when
    the bare core is an everyday word that is no alias by itself ("carnival")."""
    seen: dict[str, set[str]] = {}
    for t, inst in all_instruments().items():
        if inst.kind == "stock":
            seen.setdefault(_legal_core(inst.name), set()).add(t)
    return {k: ",".join(sorted(ts)) for k, ts in seen.items() if len(ts) <= 2 and len(k) >= 3}


def resolve_name(name: str, prefix: bool = False) -> str | None:
    """Registry ticker for a company name as written ("Rheinmetall AG" → "RHM.DE"), else None.

    With ``prefix`` (used where the text already marks the name as a company: "X shares",
    "shares of X", a ticker code), a short name that begins exactly one company's name also
    resolves ("Southwest" → LUV, "Direct Line" → DLG.L)."""
    table = _folded_aliases()
    key = fold(" ".join(name.split())).strip(" ,.")
    for _ in range(4):
        if key in table:
            ticker = table[key]
            inst = find_instrument(ticker)
            return ticker if inst is not None and inst.kind == "stock" else None
        shorter = _LEGAL_STRIP.sub("", key).strip(" ,.")
        if shorter == key:
            break
        key = shorter
    if key != fold(" ".join(name.split())).strip(" ,.") and key in _legal_core_index():
        # "Carnival Corp": a legal suffix makes an everyday word a company; between two listings of
        # it the suffix says which ("Corp"/"Inc" a US one, "plc" London's)
        tickers = _legal_core_index()[key].split(",")
        if len(tickers) == 1:
            return tickers[0]
        want = ".L" if re.search(r"\bplc\b", name, re.I) else "" if re.search(r"\b(?:Corp|Corporation|Inc)\b", name) else None
        pick = [t for t in tickers if want is not None and (t.endswith(want) if want else "." not in t)]
        return pick[0] if len(pick) == 1 else None
    if prefix:
        return _prefix_index().get(key)
    return None


RE_CLASS_TICKER = re.compile(r"[A-Z]{1,5}-[ABC]")
RE_CLASS_WORD_BEFORE = re.compile(r"\bclass\s+$", re.I)
RE_SHARE_CLASS_NAME = re.compile(r"Class\s[A-C]")


#: a ticker as Canadian papers write it: root, hyphen, exchange letter (T Toronto, X TSX Venture,
#: N New York, Q Nasdaq); "-A"/"-B" stay share classes
RE_GLOBE_CODE = re.compile(r"(?P<root>[A-Z][A-Z0-9]{0,5}(?:\.[A-Z])?)-(?P<exch>T|X|N|Q)")
GLOBE_SUFFIX = {"T": ".TO", "X": ".V", "N": "", "Q": ""}
#: a B3 (São Paulo) share code: four letters, then 3 (ordinary), 4–8 (preferred classes) or 11 (units)
RE_B3_CODE = re.compile(r"(?!CM(?:CU|AL|AA|ZN|NI|PB|SN)3)[A-Z]{4}(?:[3-8]|11)")  # (not LME RICs: "CMNI3" nickel)
#: words that place a sentence on São Paulo's exchange, where a bare B3 code is a listing
RE_B3_CONTEXT = re.compile(r"\bB3\b|Bovespa|S[ãa]o\s+Paulo|R\$|\bBra[sz]il")


#: an exchange named in the sentence by a name of EXCHANGE_SUFFIX: "fell … in the Xetra trade", "on the ASX"
RE_VENUE_NAMED = re.compile(r"\b(?:Xetra|ASX|TSX|TSXV|JSE|NSE|BSE|SGX|HKEX|SIX|Euronext\s+Paris|Euronext\s+Amsterdam|"
                            r"Tadawul|BIST|KOSDAQ|KRX|TWSE|TASE)\b")


def venue_symbol(code: str, sentence: str) -> str | None:
    """"The share of the company (VAR1) fell in the Xetra trade" → VAR1.DE: a bare code on the one exchange
    the sentence names; None when it names none (or the code is no ticker's shape)."""
    if not RE_TICKER_SHAPE.fullmatch(code):
        return None
    venues = {EXCHANGE_SUFFIX.get(" ".join(v.lower().split())) for v in RE_VENUE_NAMED.findall(sentence)}
    venues.discard(None)
    return code + venues.pop() if len(venues) == 1 else None


RE_TICKER_SHAPE = re.compile(r"[A-Z][A-Z0-9]{1,5}|\d{4,6}")


#: ISO codes of currencies, which a bare capitalised code before a move may also be ("BRL fell 1.2%")
_ISO_CURRENCIES = frozenset("USD EUR GBP JPY CHF CAD AUD NZD CNY CNH HKD SGD INR KRW BRL MXN ZAR TRY RUB SEK NOK DKK "
                            "PLN HUF CZK ILS ARS CLP COP PEN IDR MYR THB PHP TWD VND NGN EGP KES SAR AED".split())
#: the code's own move and price: "closed Mon +69.5% at A$2.78", "rose 3% to C$"
RE_OWN_PRICE_BEFORE_SIGN = re.compile(r"^\s(?:closed|ended|finished|rose|fell|gained|lost|jumped|slid|dropped|climbed)\b"
                                      r"[^;]{0,40}?\b(?:at|to)\s+$")
#: currency signs that name one market: a bare code priced in one of them is listed there
_MARKET_SIGNS = {"A$": ".AX", "C$": ".TO", "HK$": ".HK", "R$": ".SA", "NZ$": ".NZ", "S$": ".SI"}
RE_MARKET_SIGN = re.compile(r"(?<![A-Za-z])(A|C|HK|R|NZ|S)\$\s?\d")


def _priced_market_symbol(code: str, after: str) -> str | None:
    """"LTR closed Mon +69.5% at A$2.78" → LTR.AX: a bare letter code whose own price is in a market's
    currency; None for a digit code or another currency."""
    m = RE_MARKET_SIGN.search(after)
    if m is None or not code.isalpha() or len(code) < 2 or code in _NOT_TICKERS or code in _ISO_CURRENCIES:
        return None  # "BRL fell 1.2% to R$5.10 per dollar" is the real; "ASIC was told …" a regulator
    return code + _MARKET_SIGNS[m[1] + "$"] if RE_OWN_PRICE_BEFORE_SIGN.search(after, 0, m.start()) else None


def b3_symbol(code: str, sentence: str) -> str | None:
    """"Gol (GOLL4)" in a sentence about São Paulo's exchange → GOLL4.SA; None elsewhere."""
    return code + ".SA" if RE_B3_CODE.fullmatch(code) and RE_B3_CONTEXT.search(sentence) else None


def yahoo_symbol(code: str, exchange: str | None = None) -> str | None:
    """Yahoo symbol for an exchange-prefixed ticker ("LSE", "BRBY" → "BRBY.L") or a Reuters
    code ("VOWG_p.DE" → "VOW3.DE", "BA.N" → "BA", "UBSG.S" → "UBSG.SW"); None when the code
    says nothing we can map."""
    code = code.strip()
    if exchange is not None:
        suffix = EXCHANGE_SUFFIX.get(" ".join(exchange.lower().split()))
        if suffix is None:
            return None
        if suffix == ".HK" and code.isdigit():
            code = code.zfill(4)
        return code.replace(".", "-") + suffix if suffix else code.replace(".", "-")
    globe = RE_GLOBE_CODE.fullmatch(code)
    if globe is not None:  # Canadian papers: "LSPD-T" on the TSX, "LSPD-N" in New York
        return globe["root"].replace(".", "-") + GLOBE_SUFFIX[globe["exch"]]
    if "." not in code:
        return code if code in all_instruments() else None
    root, ric = code.rsplit(".", 1)
    ric_up = ric.upper()
    if ric in ("A", "B", "C") and ric_up not in RIC_SUFFIX:
        return f"{root}-{ric}"  # "BRK.B", "BBD.B": a share class, written with a hyphen on Yahoo
    if ric_up not in RIC_SUFFIX and not re.fullmatch(r"[A-Z]{1,2}", ric_up):
        return None
    suffix = RIC_SUFFIX.get(ric_up, ric_up)
    preference = root.endswith("_p")
    root = root.removesuffix("_p")
    if suffix == "DE":
        # German RICs add G (and n for registered shares): SIEGn → SIE, VOWG_p → VOW3
        root = re.sub(r"n$", "", root)
        root = re.sub(r"G$", "", root) if len(root) > 3 else root
        if preference:
            root += "3"
    elif preference:
        root += "-P"
    root = re.sub(r"(?<=[A-Z])n$", "", root) if suffix not in ("", "T", "HK", "KS") else root
    if suffix == "HK" and root.isdigit():
        root = root[-4:].zfill(4) if len(root) > 4 and root.startswith("0") else root.zfill(4)
    cand = f"{root}.{suffix}" if suffix else root
    if cand in all_instruments():
        return cand
    return cand


#: exchange contract codes as traders write them: root + month letter + year ("NGH4" is March 2024
#: Henry Hub gas, "SK8" May 2018 soybeans): the claim is the front-month continuous contract
FUTURES_ROOTS = {
    "CL": "CL=F", "NG": "NG=F", "GC": "GC=F", "SI": "SI=F", "HG": "HG=F", "PL": "PL=F", "ZW": "ZW=F", "ZC": "ZC=F",
    "ZS": "ZS=F", "KE": "KE=F", "ES": "ES=F", "NQ": "NQ=F", "YM": "YM=F", "RB": "RB=F", "HO": "HO=F", "KC": "KC=F",
    "CC": "CC=F", "SB": "SB=F", "CT": "CT=F", "LCO": "BZ=F", "CO": "BZ=F", "W": "ZW=F", "S": "ZS=F", "C": "ZC=F",
}
#: futures exchanges: "COMEX (HG)" is the exchange's contract with that root
FUTURES_VENUES = frozenset({"COMEX", "NYMEX", "CME", "CBOT", "ICE", "GLOBEX"})
#: index-futures roots that traders write bare before a move ("ES +0.4%", "NQ -1.3%"): the
#: contract, whatever company has the same ticker
INDEX_FUTURES_SHORTHAND = {"ES": "ES=F", "NQ": "NQ=F", "YM": "YM=F", "RTY": "RTY=F"}
RE_FUTURES_CODE = re.compile(
    r"(?<![\w.$€£/-])(?P<root>LCO|CL|NG|GC|SI|HG|PL|ZW|ZC|ZS|KE|ES|NQ|YM|RB|HO|KC|CC|SB|CT|CO|(?=[SWC][FHKNUXZ]\d\b)[SWC])"
    r"(?P<month>[FGHJKMNQUVXZ])(?P<year>\d{1,2})(?![\w.])"
)
RE_FUTURES_CODE = Hinted(RE_FUTURES_CODE, re.compile(r"[FGHJKMNQUVXZ]\d"))  # the month code and its year
#: a bare exchange ticker as broker notes write it: "NOVN -0.8% at CHF 101.30", "MC closed Tue at",
#: "005930 closed -1.2%"; only a registry ticker's root, right before a move or a close
#: (the look-behind after the first character, as in RE_NAME_MOVES)
RE_BARE_TICKER = re.compile(
    r"(?P<code>[A-Z\d](?<![\w.$€£/-].)(?:(?<=[A-Z])[A-Z0-9]{1,5}|(?<=\d)\d{3,5})(?:\.[A-Z]{1,2}(?![\w.]))?)"
    r"(?=\s(?:[+\-−–]\d|(?:closed|ended|settled|finished|"
    r"opened|is|was|were|are|rose|fell|jumped|dropped|gained|lost|slid|climbed|traded|trading|indicated)\b))"
)
_NOT_TICKERS = frozenset("CEO CFO GDP CPI PMI ECB FED BOE BOJ SNB OPEC EU UK US USA IPO ETF AI EPS EBIT EBITDA FY HY "
                         "Q1 Q2 Q3 Q4 TP NAV API LNG API AGM SEC DOJ FTC IMF WTI TTF NYSE".split())


@lru_cache(maxsize=1)
def _ticker_roots() -> dict[str, str]:
    """Registry stock tickers by their root ("NOVN" → "NOVN.SW", "005930" → "005930.KS"), only
    where the root names one stock."""
    roots: dict[str, list[str]] = {}
    for t, inst in all_instruments().items():
        if inst.kind == "stock" and not is_world_ticker(t):
            roots.setdefault(t.split(".")[0], []).append(t)
    return {r: ts[0] for r, ts in roots.items() if len(ts) == 1 and r not in _NOT_TICKERS and len(r) >= 2}


def _shares_a_word(name: str, ticker: str) -> bool:
    """Whether ``name`` and the registry name of ``ticker`` share a word of three letters or more."""
    inst = find_instrument(ticker)
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", inst.name)} - _GENERIC_NAME_WORDS if inst else set()
    return any(w.lower() in words for w in re.findall(r"[A-Za-z]{3,}", name))


#: words many company names share ("Avis Budget Group" and "CAR Group" are not one company)
_GENERIC_NAME_WORDS = frozenset("group holdings holding corporation corp company inc incorporated limited ltd plc "
                                "international global the and bank industries".split())


@lru_cache(maxsize=1)
def _world_roots() -> dict[str, tuple[str, ...]]:
    """World-table tickers by their letter root ("ADP" → ("ADP.PA",)): a company the registry
    knows under the same short name in another market."""
    roots: dict[str, list[str]] = {}
    for t in all_instruments():
        root = t.split(".")[0]
        if "." in t and root.isalpha() and root.isupper() and len(root) >= 2 and is_world_ticker(t):
            roots.setdefault(root, []).append(t)
    return {r: tuple(ts) for r, ts in roots.items()}


def local_namesake(code: str, ticker: str, sentence: str) -> str | None:
    """The world-table company that an all-capitals name means where the sentence names its
    market: "Paris airports operator ADP" is ADP.PA (Aéroports de Paris), not the registry's
    ADP (Automatic Data Processing, New York). None when the sentence names no such place,
    or names the registry company's own place too."""
    candidates = _world_roots().get(code) if code.isupper() else None
    if not candidates:
        return None
    inst = find_instrument(ticker)
    zones = {p.timezone for p in find_places(sentence)}
    if inst is None or not zones or inst.timezone in zones:
        return None
    local = [t for t in candidates if (w := find_instrument(t)) is not None and w.timezone in zones]
    return local[0] if len(local) == 1 else None


def _is_acronym_of(code: str, name: str) -> bool:
    """'(ECB)' after 'European Central Bank' is an acronym, not a ticker."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’\-]*", name) if w[0].isupper())
    return len(code) >= 2 and code.isalpha() and code.upper() == initials.upper()


#: an all-capitals word right before a position: "PKO BP" (one name, not PKO and BP)
RE_CAPS_WORD_BEFORE = re.compile(r"(?<![\w.])([A-Z]{2,6})\s$")


def caps_name_before(sentence: str, start: int) -> bool:
    """Whether an all-capitals word that is neither a place nor an instrument's alias stands right before
    ``start`` ("PKO BP"; not "the UK BP", "FTSE movers BP")."""
    m = RE_CAPS_WORD_BEFORE.search(sentence, max(0, start - 8), start)
    if m is None or m.group(1).lower() in _alias_index() or m.group(1) in _NOT_TICKERS:
        return False
    from .lexicon import find_places

    return not find_places(m.group(1))


def _clean_name(name: str, known: bool = False) -> str | None:
    words = name.split()
    while words and words[0].lower().strip("'’") in FUNCTION_WORDS:
        words = words[1:]
    if not words:
        return None
    out = " ".join(words).strip(" ,.'’")
    if not out or (out in places() and not known) or out.lower() in FUNCTION_WORDS or out.endswith("-listed"):
        return None  # "New York-listed shares": which listing, not a company
    return out


#: a noun that points back at a company, before its exchange code
#: a noun phrase that points back at the story's company, before its code: "Shares of the company
#: (NSE: PAYTM)", "The FTSE 250 firm (CLLN.L)", "the Hong Kong-listed carmaker (2015.HK)"
RE_COMPANY_POINTER = re.compile(
    r"\b(?:the|its)\s+(?:[\w&.-]+\s+){0,3}?(?:company|firm|group|bank|lender|insurer|carrier|retailer|miner|"
    r"airline|chipmaker|carmaker|automaker|developer|builder|operator|conglomerate|maker|producer|giant|"
    r"reinsurer|brokerage|utility|explorer|startup|trader)"
    r"(?:\s+(?:from|in|based\s+in)\s+(?-i:[A-Z])[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?)?\s*$"  # "the company from Baden-Württemberg (VAR1)"
    # a share class told before its code: "the preferential actions (OIBR4)", "the ordinary (OIBR3)"
    r"|\b(?:preferential|preferred|preference|ordinary|common)(?:\s+(?:actions|shares|papers|stock))?\s*$", re.I)


#: legal forms used in one market only: a bare code after such a name is listed there
LEGAL_SUFFIX_EXCHANGE = {"Tbk": ".JK", "Bhd": ".KL", "Berhad": ".KL", "Oyj": ".HE", "ASA": ".OL", "SpA": ".MI",
                         "S.p.A": ".MI"}
RE_LEGAL_SUFFIX_END = re.compile(r"\s(Tbk|Bhd|Berhad|Oyj|ASA|SpA|S\.p\.A)\.?$")
#: a sentence that opens with a name and an apposition saying it is a business: "Steinhoff
#: International, the Stellenbosch-based owner of Pep, …", "Steinhoff Africa Retail, the recently
#: listed local retail arm, …"
_BUSINESS_NOUNS = (r"company|group|owner|operator|maker|producer|lender|bank|insurer|reinsurer|retailer|miner|carrier|"
                   r"airline|chipmaker|carmaker|automaker|developer|builder|conglomerate|arm|unit|subsidiary|parent|"
                   r"platform|firm|giant|manufacturer|supplier|provider|brokerage|chain|utility|explorer|refiner")
RE_APPOSITION_COMPANY = re.compile(
    rf"\W{{0,3}}(?P<name>{_CAP}(?:\s(?:{_CAP}|{_JOIN}(?=\s[A-Z]))){{0,3}}),\s+(?:the|a|an|its)\s+"
    rf"(?:[\w&'’.-]+\s+){{0,6}}?(?:{_BUSINESS_NOUNS})\b")


#: words that open a sentence before a comma and are no company: "Separately, the company said …"
_OPENERS = frozenset("separately meanwhile earlier later however still also overall elsewhere then now today yesterday "
                     "instead indeed moreover furthermore besides nonetheless nevertheless analysts investors "
                     "traders meanwhile finally first second third again recently previously".split())
_RE_DAY_OR_MONTH = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|"
                              r"August|September|October|November|December")


def opener_not_name(name: str) -> bool:
    """Whether a capitalised span before a comma is a sentence opener, not a company: "Separately",
    "On Tuesday", "In London", "Shortly"."""
    words = name.split()
    first = words[0].lower().strip("'’")
    return (first in FUNCTION_WORDS or first in _OPENERS or (len(words) == 1 and first.endswith("ly"))
            or _RE_DAY_OR_MONTH.search(name) is not None)


def place_only(name: str) -> bool:
    """Whether ``name`` is only a place ("Johannesburg", "South Africa"): an apposition then describes a place."""
    from .lexicon import find_places

    return any(p.span == (0, len(name)) for p in find_places(name))


def entity_mentions(sentence: str, taken: list[tuple[int, int]]) -> list[EntityMention]:
    """Company names in ``sentence`` not already covered by ``taken`` spans (see module docstring)."""
    from .lexicon import find_places

    found: list[EntityMention] = []

    def free(a: int, b: int) -> bool:
        return not any(a < t1 and t0 < b for t0, t1 in taken) and not any(a < f.end and f.start < b for f in found)

    def add(a: int, b: int, name: str, ticker: str | None) -> None:
        clean = _clean_name(name, known=ticker is not None or resolve_name(name) is not None)
        if clean is None:
            return
        a = b - len(name) + name.index(clean) if clean in name else a
        if free(a, b):
            found.append(EntityMention(a, b, clean, ticker or resolve_name(clean, prefix=True)))

    for m in (RE_PAREN_CODE.finditer(sentence) if "(" in sentence else ()):
        if m["code"].endswith(("=F", "=X")) and m["exch"] is None and m["code"] in all_instruments():
            add(m.start(), m.end(), m["code"], m["code"])  # "NYMEX Pd front-month (PA=F) +4.1%": Yahoo's own symbol
            continue
        before = RE_NAME_BEFORE.search(sentence, max(0, m.start() - 80), m.start())
        if before is not None:
            pointer = RE_COMPANY_POINTER.search(sentence, max(0, m.start() - 60), m.start())
            if pointer is not None and pointer.start() < before.start():
                before = None  # "the company from Baden-Württemberg (VAR1)": the name is where the company is from
        if before is None:
            pointer = RE_COMPANY_POINTER.search(sentence, max(0, m.start() - 40), m.start())
            ticker = ((b3_symbol(m["code"], sentence) or venue_symbol(m["code"], sentence)) if m["exch"] is None else None) or (
                yahoo_symbol(m["code"], m["exch"]) if pointer and (m["exch"] or "." in m["code"]) else None)
            ticker = ticker if pointer else None
            if ticker is not None:  # "Shares of the company (NSE: PAYTM)": the code names it
                found.append(EntityMention(pointer.start(), m.end(), m["code"], ticker))
            continue
        name = before["name"]
        code = m["code"]
        if name.upper() in FUTURES_VENUES and code in FUTURES_ROOTS and m["exch"] is None:
            add(before.start("name"), m.end(), name + " " + m.group(0), FUTURES_ROOTS[code])  # "COMEX (HG) +2.7%"
            continue
        if (_is_acronym_of(code, name) and m["exch"] is None) or (
                code.isdigit() and len(code) == 4 and m["exch"] is None and "." not in code):
            continue  # "(ECB)", "(2023)"; "Maple Rail Limited (TSX: MRL)" is a listing all the same
        root_ticker = _ticker_roots().get(code) if m["exch"] is None and "." not in code else None
        if (root_ticker is not None and "." in root_ticker and len(name.split()) >= 2 and not resolve_name(name)
                and not _shares_a_word(name, root_ticker)):
            # "Avis Budget Group (CAR)": a US symbol, not the root of CAR.AX (CAR Group); a one-word short name
            # ("M&S (MKS)", "Woolies (WOW)") may well be the registry's company
            root_ticker = None
        legal = RE_LEGAL_SUFFIX_END.search(name) if m["exch"] is None and "." not in code else None
        if legal is not None and root_ticker is None and code.isalnum():
            root_ticker = code + LEGAL_SUFFIX_EXCHANGE[legal.group(1)]  # "PT Aneka Tambang Tbk (ANTM)": ANTM.JK
        if m["exch"] is None and "." not in code and not resolve_name(name) and code not in all_instruments() \
                and root_ticker is None and not RE_GLOBE_CODE.fullmatch(code) and b3_symbol(code, sentence) is None:
            if (RE_US_SYMBOL.fullmatch(code) and RE_MOVES_AFTER_CODE.match(sentence, m.end())
                    and (RE_SHARE_WORD.search(sentence) or len(RE_PAREN_CODE.findall(sentence)) > 1)):
                # "Opendoor (OPEN) ended down 8.6%, while Redfin (RDFN) slipped 3.4%": among companies, its
                # symbol ("Nonfarm Payrolls (NFP) rose 0.2%" is no company: no share word, no other code)
                add(before.start("name"), before.end("name"), name, code)
            continue  # a bare "(XYZ)" after an unknown name says too little
        ticker = root_ticker or (b3_symbol(code, sentence) if m["exch"] is None else None) or yahoo_symbol(code, m["exch"])
        if ticker is None and m["exch"] is not None:
            continue
        if ticker is not None and "." not in ticker and RE_CLASS_TICKER.fullmatch(ticker):
            home = resolve_name(name, prefix=True)  # "Bombardier's class B shares (BBD.B)": its Toronto class B
            if home is not None and "." in home and home.split("-")[0] == ticker.split("-")[0]:
                ticker += home[home.index("."):]
        add(before.start("name"), before.end("name"), name, ticker)
    for m in (RE_CODE_NAME_RATING.finditer(sentence) if "(" in sentence else ()):
        # a broker's line: "NEXT (NextDecade, N) closed -8.9% at $5.66" — the code, then the name and the rating
        known = resolve_name(m["name"], prefix=True)
        ticker = known if known is not None and known.split(".")[0] == m["code"] else (
            m["code"] if known is None and "$" in sentence else None)
        if ticker is not None:
            add(m.start("code"), m.end(), m["name"], ticker)
    for m in (RE_BLOOMBERG.finditer(sentence) if RE_BLOOMBERG_EXCH.search(sentence) else ()):
        code = m["code"].replace("/", "-")
        suffix = BLOOMBERG_SUFFIX[m["exch"]]
        if suffix == ".HK" and code.isdigit():
            code = code.zfill(4)
        ticker = code + suffix
        if find_instrument(ticker) is not None or suffix in (".L", ".AX", ".T", ".HK", ".KS"):
            add(m.start(), m.end(), m.group(0), ticker)
    for m in RE_FUTURES_CODE.finditer(sentence):
        add(m.start(), m.end(), m.group(0), FUTURES_ROOTS[m["root"]])
    for m in RE_BARE_TICKER.finditer(sentence):
        if caps_name_before(sentence, m.start()):
            continue  # "Shares of PKO BP are going up": the end of a name in capitals, not the code BP
        if m["code"] in INDEX_FUTURES_SHORTHAND:  # "ES +0.4% in Asia": the E-mini, not Eversource
            add(m.start(), m.end("code"), m["code"], INDEX_FUTURES_SHORTHAND[m["code"]])
            continue
        if "." in m["code"]:  # "GLEN.L closed -4.0% at 247.3p": a Reuters code written bare
            ticker = yahoo_symbol(m["code"])
            # a registry listing, or a code already in Yahoo's form ("FLT.AX +1.8%": the suffix says which market)
            ticker = ticker if ticker is not None and (find_instrument(ticker) is not None or ticker == m["code"]) else None
        else:
            ticker = _ticker_roots().get(m["code"]) or _priced_market_symbol(m["code"], sentence[m.end() : m.end() + 60])
        if ticker is not None:
            add(m.start(), m.end("code"), m["code"], ticker)
    lower = sentence.lower()
    has_share = any(w in lower for w in SHARE_NOUN_WORDS)
    for m in (RE_SHARES_OF.finditer(sentence) if has_share else ()):
        after = RE_NAME_AFTER.match(sentence[m.end() : m.end() + 80])
        if after:
            a = m.end() + after.start("name")
            add(a, a + len(after["name"]), after["name"], None)
    for m in RE_NAME_MOVES.finditer(sentence):
        ticker = resolve_name(m["name"], prefix=True)
        if ticker is not None and resolve_name(m["name"]) is None and any(
                p.kind == "country" and p.span == (0, len(m["name"])) for p in find_places(m["name"])):
            ticker = None  # "rigs operating in the United States rose": a country that only begins a company's name
        if ticker is not None:  # an unknown capitalised subject of a move is too often not a company
            add(m.start("name"), m.end("name"), m["name"], ticker)
        elif (RE_BUSINESS_NAME_END.search(m["name"]) and not RE_PUBLIC_BODY.search(m["name"])
              and not RE_PLACE_PREP_BEFORE.search(sentence, max(0, m.start() - 12), m.start())
              and not any(p.span == (0, len(m["name"])) for p in find_places(m["name"]))
              and not RE_COMPASS_START.match(m["name"])
              and (not find_places(m["name"].split()[0]) or RE_CARRIER_END.search(m["name"]))):
            # ("Chinese Steel was 3% cheaper" is an industry; "Turkish Airlines" a carrier)
            # … unless its last word says it is a business: "Turkish Airlines is down 17% at 4.92 lira"
            add(m.start("name"), m.end("name"), m["name"], None)
    for m in (RE_LEGAL_NAME.finditer(sentence) if _RE_LEGAL_WORDS.search(sentence) else ()):
        add(m.start(), m.end(), m.group(0), None)
    m = RE_APPOSITION_COMPANY.match(sentence) if ", " in sentence[:60] else None
    if m and not place_only(m["name"]) and not opener_not_name(m["name"]):  # "Steinhoff Africa Retail, the recently listed local retail arm, dropped 21%"
        add(m.start("name"), m.end("name"), m["name"], None)
    for m in (RE_SHARE_CUE.finditer(sentence) if has_share or "ADR" in sentence else ()):
        if not RE_SHARES_AFTER.match(sentence[m.end() : m.end() + 60]):
            continue
        before = RE_NAME_BEFORE.search(sentence, max(0, m.end() - 80), m.end())
        if before and RE_SHARE_CLASS_NAME.fullmatch(before["name"]):
            continue  # "Paramount's non-voting Class B shares": the class, not a company (Paramount's cue finds it)
        if before and not (len(before["name"]) == 1 and RE_CLASS_WORD_BEFORE.search(sentence, 0, before.start("name"))):
            add(before.start("name"), before.end("name"), before["name"], None)  # not "class B" of "class B shares"
    return sorted(found, key=lambda e: e.start)


# --------------------------------------------------------------------------- currencies
CURRENCY_WORDS = {
    "dollar": "USD", "greenback": "USD", "u.s. dollar": "USD", "us dollar": "USD", "euro": "EUR", "single currency": "EUR",
    "yen": "JPY", "pound": "GBP", "sterling": "GBP", "franc": "CHF", "franken": "CHF", "swiss franc": "CHF", "yuan": "CNY",
    "renminbi": "CNY", "won": "KRW", "rupee": "INR", "peso": "MXN", "lira": "TRY", "rand": "ZAR", "real": "BRL",
    "rouble": "RUB", "ruble": "RUB", "krona": "SEK", "krone": "NOK", "zloty": "PLN", "złoty": "PLN", "zł": "PLN",
    "shekel": "ILS",
    "australian dollar": "AUD", "aussie": "AUD", "canadian dollar": "CAD", "loonie": "CAD",
    "new zealand dollar": "NZD", "kiwi": "NZD", "hong kong dollar": "HKD",
    # counters written after a number ("3.9440 soles", "4.28 ringgit", "36.5 baht")
    "sole": "PEN", "sol": "PEN", "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "naira": "NGN", "cedi": "GHS",
    "forint": "HUF", "koruna": "CZK", "dong": "VND", "hryvnia": "UAH", "tenge": "KZT", "reai": "BRL",
}
#: currencies written in the plural before "for": "26.50 crowns for euro" (one list, claims.py uses it too)
CURRENCY_PLURALS = "crowns|korunas|koruny|forints|zlotys|pesos|rupees|lei|dinars"
RE_COUNTER = re.compile(
    rf"\b(?:against|versus|vs\.?|to|per|on|(?:{CURRENCY_PLURALS})\s+for)\s+(?:the\s+|a\s+|one\s+)?"
    r"(?:U\.?S\.?\s+)?"  # "26.50 crowns for euro"
    r"(?P<ccy>australian\s+dollar|canadian\s+dollar|new\s+zealand\s+dollar|hong\s+kong\s+dollar|swiss\s+franc|"
    r"dollar|greenback|euro|yen|pound|sterling|franc|yuan|renminbi|rupee|peso|lira|rand|rouble|ruble|krona|krone|"
    r"zloty|złoty|shekel)s?\b"
    # (a nationality may come between: "153.80 Japanese yen", "1.4130 Canadian dollars")
    r"|\d\s?(?P<unit>(?:(?:japanese|chinese|indian|mexican|turkish|russian|korean|swiss|brazilian)\s+)?"
    r"(?:yen|yuan|rupees?|pesos?|lira|rand|roubles?|rubles?|francs?|[Ff]ranken|won|euros?|zł(?!\w)|zlotys?|"
    r"soles|ringgit|baht|rupiah|naira|cedis?|forints?|korunas?|dong|hryvnias?|tenge|reais)"
    r"|(?:canadian|australian|new\s+zealand)\s+dollars?)"
    r"(?:\b|(?<=ł))"
    r"|\b(?:to|at|of|below|above|past)\s+(?:about\s+|around\s+)?(?P<sign>[¥€₹₩£]|R\$)\s?\d",  # "down to ¥104.87"
    re.I,
)


@lru_cache(maxsize=1)
def _fx_table() -> dict[tuple[str, str], str]:
    """(numerator, denominator) currency → Yahoo ticker, from the registry units ("JPY per USD")."""
    out: dict[tuple[str, str], str] = {}
    for inst in all_instruments().values():
        m = re.fullmatch(r"([A-Z]{3}) per ([A-Z]{3})", inst.unit or "")
        if inst.kind == "fx" and m:
            out.setdefault((m[1], m[2]), inst.ticker)
    return out


#: a named market instrument that no table holds: "the Tadawul All Share Index", "Dubai crude",
#: "the 10-year gilt yield", "LME copper", "Japan's 10-year JGB yield" — returned with ticker None
RE_UNKNOWN_INSTRUMENT = re.compile(
    r"(?<![\w&'’.\-])(?P<name>(?:(?:[A-Z][\w&'’./\-]*|\d{1,2}[A-Z]?|of|ex-Japan)\s){1,4}"
    r"(?:[Ii]ndex|[Ii]ndices|crude|[Yy]ield|yields|futures|contract|benchmark|gauge|[Aa]verage|[Cc]omposite|"
    r"copper|aluminium|aluminum|nickel|zinc|LNG|gas|coal|iron\s+ore|spot\s+price)"
    r"|(?:\d{1,2}|two|three|five|ten|thirty)-year\s+(?:gilt|Bund|JGB|BTP|OAT|Bono|government\s+bond|bond)\s+yields?)\b"
)
#: every match of RE_UNKNOWN_INSTRUMENT holds one of these (its head words, or "-year"; keep them in
#: step): a sentence with none of them is not scanned (tests/test_extract_fastpaths.py checks)
UNKNOWN_INSTRUMENT_WORDS = ("ndex", "ndices", "crude", "ield", "futures", "contract", "benchmark", "gauge", "verage",
                            "omposite", "copper", "alumin", "nickel", "zinc", "LNG", "gas", "coal", "iron", "spot",
                            "-year")


#: benchmarks quoted in news that have no Yahoo symbol (named, so one word such as "JKM" is enough)
RE_NAMED_BENCHMARK = re.compile(
    r"(?<![\w-])(?P<name>(?:Russia['’]s\s+(?:flagship\s+)?)?Urals(?:\s+(?:crude|grade|blend|oil))?|JKM|ESPO(?:\s+blend)?|"
    r"Western\s+Canadian\s+Select|WCS|Murban(?:\s+crude)?|Dubai\s+crude|Oman\s+crude|"
    r"LME\s+(?:three-month\s+|3M\s+|cash\s+|benchmark\s+)?(?:copper|nickel|aluminium|aluminum|zinc|lead|tin|cobalt|lithium|"
    r"(?-i:Al|Cu|Ni|Zn|Pb|Sn))|"  # a broker's "LME 3M Al +9.4%"
    r"Euronext\s+(?:[\w-]+\s+){0,2}wheat|(?:[\w-]+\s+){0,2}milling\s+wheat\s+on\s+(?:Paris-based\s+)?Euronext|"
    r"MSCI['’]s\s+(?:broadest\s+)?index\s+of\s+(?:[\w-]+\s+){1,4}(?:shares|stocks)(?:\s+outside\s+Japan)?|"
    r"MSCI\s+(?:[A-Z][\w-]*\s+){1,4}(?:index|Index)|(?:\d{1,2}|two|five|ten|thirty)-year\s+Schatz\s+yields?|"
    r"Schatz\s+yields?|"
    r"(?:British\s+|UK\s+)?NBP(?:\s+(?:day-ahead|front-month|gas))?|"
    r"(?:Britain['’]s|British|UK)\s+(?:day-ahead|wholesale|front-month)\s+gas(?:\s+(?:price|contract))?|"
    r"(?:the\s+)?India\s+VIX|Newcastle\s+(?:thermal\s+)?coal(?:\s+futures)?)(?![\w-])"
)
#: every alternative of RE_NAMED_BENCHMARK holds one of these words (keep them in step): a sentence
#: with none of them is not scanned (tests/test_extract_fastpaths.py checks each alternative)
NAMED_BENCHMARK_WORDS = ("Urals", "JKM", "ESPO", "Western", "WCS", "Murban", "Dubai", "Oman", "LME", "Euronext", "MSCI",
                         "Schatz", "NBP", "Newcastle", "Britain", "British", "UK", "India")
_RE_NAMED_BENCHMARK_WORDS = any_substring(NAMED_BENCHMARK_WORDS)


#: a government bond yield named by its tenor and issuer ("the two-year Swiss government bond yield",
#: "yields on Turkey's 10-year lira-denominated government bond", "10y JGB yld"); US Treasuries are
#: in the registry (^TNX, ^TYX, ^FVX), every other issuer has no Yahoo symbol
_BOND = (r"(?:government\s+bonds?|bonds?|gilts?|Bunds?|JGBs?|BTPs?|OATs?|Bonos?|notes?|debt|paper|Treasury|Treasuries|"
         r"(?-i:Government\s+Securities|government\s+securities))")  # "the 10-year Malaysian Government Securities"
RE_YIELD_NAME = re.compile(
    r"(?<![\w-])(?P<name>(?:[A-Z][\w'’.-]*\s+){0,2}(?:benchmark\s+)?(?:\d{1,2}|[Tt]wo|[Tt]hree|[Ff]ive|[Ss]even|[Tt]en|[Tt]wenty|[Tt]hirty)"
    rf"[- ](?:year|yr)\s+(?:[\w'’.-]+\s+){{0,3}}?{_BOND}\s+(?:yield|yld)s?"
    rf"|(?:[Yy]ields?)\s+(?:on|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,5}}?{_BOND}"
    r"|\d{1,2}y\s+(?:[A-Z]{2,5}|gilt|Bund)\s+yld|\d{1,2}y\s+(?:JGBs?|gilts?|Bunds?|BTPs?|OATs?)"
    # "France's benchmark 10-year borrowing cost": a country's yield by another name
    r"|(?:[A-Z][\w'’.-]*\s+){1,2}(?:benchmark\s+)?(?:\d{1,2}|[Tt]wo|[Ff]ive|[Tt]en|[Tt]hirty)[- ]year\s+borrowing\s+costs?)"
    r"(?![\w-])"
)
#: a broker's tenor shorthand ("10y JGB"): the one yield name without the word "yield"
RE_SHORT_TENOR = Hinted(re.compile(r"\d{1,2}y\s+(?:JGB|gilt|Bund|BTP|OAT)"), ("JGB", "gilt", "Bund", "BTP", "OAT"))
#: a yield whose tenor has no Yahoo symbol ("the two-year yield", "2-year Treasury yields"): its claims
#: are kept with ticker null
RE_UNLISTED_TENOR = re.compile(r"(?<![\w-])(?:U\.?S\.?\s+)?(?:two|2|three|3|seven|7|twenty|20)[- ](?:year|yr)\s+"
                               r"(?:(?:Treasury|T-note|note|government\s+bond)\s+){0,2}yields?(?![\w-])", re.I)
RE_TENOR = re.compile(r"\b(\d{1,2}|five|ten|thirty)[- ](?:year|yr)\b", re.I)
#: Treasury tenors with a registry yield, by the word or number a text names them with
US_TENORS = {"10": "^TNX", "ten": "^TNX", "30": "^TYX", "thirty": "^TYX", "5": "^FVX", "five": "^FVX"}
_US_DEBT = re.compile(r"\b(?:Treasury|Treasuries|U\.?S\.?|American|T-note|T-bond)\b")
_NON_US_DEBT = re.compile(r"\b(?:government\s+bond|gilt|Bund|JGB|BTP|OAT|Bono)|(?:^|\s)[A-Z]")


#: a sovereign's debt: the word, and the country named right before it ("Italy's two-year government
#: bond", "Japanese government bonds", "the Italian Treasury") or the debt's own name ("JGBs", "Bunds")
RE_DEBT_WORD = re.compile(r"(?<![\w-])(?:government\s+bonds?|bonds?|debt|yields?|gilts?|Bunds?|JGBs?|BTPs?|OATs?|Bonos?|"
                          r"ACGBs?|USTs?|Treasury|Treasuries)(?![\w-])")
_DEBT_OWN_ZONE = {"jgb": "Asia/Tokyo", "bund": "Europe/Berlin", "gilt": "Europe/London", "btp": "Europe/Rome",
                  "oat": "Europe/Paris", "bono": "Europe/Madrid", "acgb": "Australia/Sydney", "ust": "America/New_York",
                  "treasury": "America/New_York", "treasuries": "America/New_York"}
RE_COUNTRY_BEFORE_TENOR = re.compile(r"(?:['’]s)?\s+(?:benchmark\s+)?$")


#: what makes a singular "Treasury" the debt rather than the ministry: "Treasury yields", "Treasury notes"
RE_TREASURY_DEBT_AFTER = re.compile(r"(?:['’]s)?\s(?:yields?|notes?|bonds?|bills?|market|prices|securities|futures|curve|"
                                    r"auctions?|debt|paper|rally|sell-off|selloff|(?:\d{1,2}|two|five|ten|thirty)[- ]year)\b")


def debt_mentions(text: str) -> list[tuple[int, str]]:
    """(position, zone) of each sovereign debt ``text`` names ("Italy's bonds", "JGBs", "Treasuries"), in order."""
    from .lexicon import find_places

    out: list[tuple[int, str]] = []
    last_end = -100
    for m in RE_DEBT_WORD.finditer(text):
        if m.start() - last_end < 12:
            last_end = m.end()
            continue  # "Germany's 10-year Bund yield": one debt named once, not once per word
        last_end = m.end()
        if m.group(0) == "Treasury" and not RE_TREASURY_DEBT_AFTER.match(text, m.end()):
            continue  # "after the Treasury announced …": the finance ministry, not its bonds
        places = [p for p in find_places(text[max(0, m.start() - 40) : m.start()]) if p.kind == "country"]
        if places:
            out.append((m.start(), places[-1].timezone))
            continue
        word = m.group(0).lower().rstrip("s") if not m.group(0).lower().startswith("treasur") else m.group(0).lower()
        if word in _DEBT_OWN_ZONE:
            out.append((m.start(), _DEBT_OWN_ZONE[word]))
    return out


def leading_debt(text: str) -> list[tuple[int, str]]:
    """(position, zone) at each debt ``text`` names: the debt named most so far (Treasuries on a tie)."""
    from collections import Counter

    seen: Counter[str] = Counter()
    out: list[tuple[int, str]] = []
    for pos, zone in debt_mentions(text):
        seen[zone] += 1
        lead, n = max(seen.items(), key=lambda kv: kv[1])
        out.append((pos, lead if n > seen.get("America/New_York", 0) else "America/New_York"))
    return out


def debt_market(text: str) -> str | None:
    """Zone of the sovereign whose debt ``text`` names most ("Italy's bonds", "JGBs", "Treasuries"),
    US Treasuries on a tie, None when it names none: what a bare "the 10-year yield" is about."""
    from collections import Counter

    seen: Counter[str] = Counter(zone for _, zone in debt_mentions(text))
    if not seen:
        return None
    zone, n = seen.most_common(1)[0]
    return zone if n > seen.get("America/New_York", 0) else "America/New_York"  # a tie stays with Treasuries


def country_before(sentence: str, start: int) -> str | None:
    """Zone of a country named right before ``start`` ("Italy's 10-year yield", "the Japanese 10-year
    yield"), or None."""
    from .lexicon import find_places

    left = sentence[max(0, start - 30) : start]
    places = [p for p in find_places(left) if p.kind == "country"]
    if places and RE_COUNTRY_BEFORE_TENOR.fullmatch(left[places[-1].span[1] :]):
        return places[-1].timezone
    return None


#: a base metal with no Yahoo symbol for its London price, named on its own as the subject of a move:
#: "Aluminum for three-month delivery on the London Metal Exchange rose …", "the benchmark three-month
#: nickel contract went vertical" ("tin" and "lead" are English words: only after "LME", in RE_NAMED_BENCHMARK)
RE_BASE_METAL = re.compile(
    r"(?<![\w-])(?P<name>(?:(?:the|benchmark|three-month|3M|spot|cash)\s+){0,3}(?:[Aa]lumin(?:i)?um|[Nn]ickel|[Zz]inc|[Cc]obalt)"
    r"(?:\s+(?:prices?|contract|futures|for\s+three[- ]months?\s+delivery(?:\s+on\s+the\s+London\s+Metal\s+Exchange)?))?)"
    r"(?![\w-])")
BASE_METAL_WORDS = ("lumin", "ickel", "inc", "obalt")
RE_CAP_WORD_BEFORE = re.compile(r"([A-Z][\w&.'’-]*)\s+$")


def unknown_instruments(sentence: str, taken: list[tuple[int, int]]) -> list[EntityMention]:
    """Named instruments outside the tables (see :data:`RE_UNKNOWN_INSTRUMENT` and
    :data:`RE_NAMED_BENCHMARK`), not overlapping ``taken``."""
    out = []
    named = _RE_NAMED_BENCHMARK_WORDS.search(sentence) is not None
    for m in (RE_NAMED_BENCHMARK.finditer(sentence) if named else ()):
        if not any(m.start() < t1 and t0 < m.end() for t0, t1 in taken):
            out.append(EntityMention(m.start(), m.end(), m.group(0), None, named=True))
    if "ield" in sentence or "yld" in sentence or "borrowing cost" in sentence or RE_SHORT_TENOR.search(sentence):
        for m in RE_YIELD_NAME.finditer(sentence):
            name = m.group(0)
            if any(m.start() < t1 and t0 < m.end() for t0, t1 in taken):
                continue
            if _US_DEBT.search(name):
                tenor = RE_TENOR.search(name)
                ticker = US_TENORS.get(tenor.group(1).lower()) if tenor else None
                if ticker:  # "the 10-year U.S. Treasury yield": the registry's ^TNX in another word order
                    lead = len(name) - len(re.sub(r"^(?:[Tt]he|[Aa])\s+", "", name))
                    out.append(EntityMention(m.start() + lead, m.end(), name[lead:], ticker, named=True))
                continue
            if not _NON_US_DEBT.search(name[1:] if name[:1].isupper() else name) and "borrowing" not in name:
                tenor = RE_TENOR.search(name)
                ticker = US_TENORS.get(tenor.group(1).lower()) if tenor else None
                if ticker and name[:1].islower():
                    # "the yield of ten-year bonds": nobody's debt named; the text's debt market decides
                    # (claims.py reads a US tenor against it), as for "the 10-year yield"
                    out.append(EntityMention(m.start(), m.end(), name, ticker, named=True))
                continue
            lead = len(name) - len(re.sub(r"^(?:[Tt]he|[Aa])\s+", "", name))
            out.append(EntityMention(m.start() + lead, m.end(), name[lead:], None, named=True))
    for m in (RE_BASE_METAL.finditer(sentence) if any(w in sentence for w in BASE_METAL_WORDS) else ()):
        before = RE_CAP_WORD_BEFORE.search(sentence, max(0, m.start() - 30), m.start())
        if before is not None and before.group(1) not in ("The", "LME", "Benchmark", "Spot", "Comex", "SHFE"):
            continue  # "Norilsk Nickel", "Jinchuan Nickel": a company's name
        if not any(m.start() < t1 and t0 < m.end() for t0, t1 in taken) and \
                not any(m.start() < o.end and o.start < m.end() for o in out):
            name = re.sub(r"^(?:[Tt]he)\s+", "", m["name"])
            out.append(EntityMention(m.end() - len(name), m.end(), name, None, named=True))
    if "yield" in sentence:
        for m in RE_UNLISTED_TENOR.finditer(sentence):
            if not any(m.start() < t1 and t0 < m.end() for t0, t1 in taken) and \
                    not any(m.start() < o.end and o.start < m.end() for o in out):
                out.append(EntityMention(m.start(), m.end(), m.group(0), None, named=True))
    for m in (RE_UNKNOWN_INSTRUMENT.finditer(sentence) if any(w in sentence for w in UNKNOWN_INSTRUMENT_WORDS) else ()):
        if any(m.start() < o.end and o.start < m.end() for o in out):
            continue
        a, b = m.span("name")
        words = m["name"].split()
        while words and words[0].lower().strip("'’") in FUNCTION_WORDS:
            a += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2 or any(a < t1 and t0 < b for t0, t1 in taken):
            continue
        if words[-1].lower() in ("contract", "benchmark") and place_only(" ".join(words[:-1])):
            continue  # "The New York contract": the story's contract named by its venue, not another one
        out.append(EntityMention(a, b, " ".join(words), None))
    return out


#: currency names several countries share → the code where the text is about that country
LOCAL_CURRENCIES = {
    "peso": {"Argentina": "ARS", "Chile": "CLP", "Mexico": "MXN", "Colombia": "COP", "Philippines": "PHP"},
    "pound": {"Egypt": "EGP", "United Kingdom": "GBP"},
    "krone": {"Denmark": "DKK", "Norway": "NOK"},
    "crown": {"Denmark": "DKK", "Norway": "NOK", "Sweden": "SEK", "Czech Republic": "CZK"},
    "rupee": {"India": "INR", "Pakistan": "PKR", "Sri Lanka": "LKR"},
}


RE_CAPITAL_AFTER = re.compile(r" [A-Z][a-z]")


def text_countries(text: str) -> tuple[str, ...]:
    """Countries a text names (by country name, demonym or city), most named first."""
    from collections import Counter

    from .lexicon import find_places

    if "peso" not in text and "pound" not in text and "kron" not in text and "crown" not in text and "rupee" not in text:
        return ()
    head = text[:80]
    dateline = head.split(" ", 3)[:3] if head[:1].isupper() else []
    # an upper-case dateline ("BUENOS AIRES. —") names the place too; a city followed by a capitalised
    # word is a person's or an organisation's name ("Santiago Bausili")
    lead = " ".join(w.title() for w in dateline if w.isupper())
    read = lead + " " + text  # built once: a per-place concatenation would be quadratic in a long text
    zones = Counter(p.timezone for p in find_places(read)
                    if not (p.kind == "city" and RE_CAPITAL_AFTER.match(read, p.span[1])))
    table = {"America/Argentina/Buenos_Aires": "Argentina", "America/Santiago": "Chile",
             "America/Mexico_City": "Mexico", "America/Bogota": "Colombia", "Asia/Manila": "Philippines",
             "Africa/Cairo": "Egypt", "Europe/London": "United Kingdom", "Europe/Copenhagen": "Denmark",
             "Europe/Oslo": "Norway", "Europe/Stockholm": "Sweden", "Asia/Kolkata": "India", "Asia/Karachi": "Pakistan",
             "Europe/Prague": "Czech Republic", "Asia/Colombo": "Sri Lanka"}
    return tuple(table[z] for z, _ in zones.most_common() if z in table)


def local_currency(alias: str, countries: tuple[str, ...]) -> str | None:
    """"peso" in a story about Argentina → ARS; None when the text names no such country."""
    word = alias.lower().removeprefix("the ").strip()
    options = LOCAL_CURRENCIES.get(word)
    if not options:
        return None
    return next((options[c] for c in countries if c in options), None)


def fx_subject(ticker: str, alias: str) -> str | None:
    """The currency an FX mention is about: "yen" → JPY, "euro" → EUR, a pair code → None."""
    code = alias.strip().upper()
    if "/" in alias or "-" in alias or (len(code) == 6 and fx_pair(code[:3], code[3:]) is not None):
        return None  # a pair code ("USD/JPY", "USDJPY") moves as the ticker does
    inst = find_instrument(ticker)
    m = re.fullmatch(r"([A-Z]{3}) per ([A-Z]{3})", (inst.unit if inst else "") or "")
    if m is None:
        return None
    return m[2] if m[1] == "USD" else m[1] if m[2] == "USD" else None


_SIGN_CODES = {"¥": "JPY", "€": "EUR", "₹": "INR", "₩": "KRW", "£": "GBP", "R$": "BRL"}


#: the end of the currency's own clause (a unit after it prices something else)
RE_COUNTER_CLAUSE_END = re.compile(r",\s+(?:and|while|but|whereas)\b|;")


def counter_currency(scope: str, subject: str, countries: tuple[str, ...] = ()) -> str | None:
    """The other currency of a move ("against the euro", "to 150.45 yen"), if named; a name several
    countries share is the one of the text's country ("4,080 pesos" in a Colombian story is COP)."""
    brk = RE_COUNTER_CLAUSE_END.search(scope, 0, 160)
    for m in RE_COUNTER.finditer(scope[:160]):
        if m["unit"] and brk is not None and m.start() > brk.start():
            continue  # "The dollar rose 0.3%, and HSBC rose 1% to 65.20 Hong Kong dollars": another clause's price
        if m["sign"]:
            code = _SIGN_CODES[m["sign"]]
            if code != subject:
                return code
            continue
        word = (m["ccy"] or m["unit"] or "").lower().rstrip("s") if not (m["ccy"] or "").lower().endswith("ss") else ""
        word = " ".join(word.split())
        code = CURRENCY_WORDS.get(word) or CURRENCY_WORDS.get(word + "s") or (
            CURRENCY_WORDS.get(word.split()[-1]) if m["unit"] and " " in word and not word.endswith("dollar") else None)
        if code and countries:
            code = local_currency(word, countries) or code
        if code and code != subject:
            return code
    return None


def fx_pair(subject: str, counter: str) -> tuple[str, bool] | None:
    """(ticker, inverted) for a move of ``subject`` against ``counter``: ``inverted`` when
    the ticker quotes ``subject`` per ``counter`` (a stronger subject is a lower ticker)."""
    table = _fx_table()
    if (subject, counter) in table:
        return table[(subject, counter)], True
    if (counter, subject) in table:
        return table[(counter, subject)], False
    return None


for _cache in (_folded_aliases, _prefix_index, _ticker_roots, _world_roots, _fx_table):
    on_registry_change(_cache.cache_clear)

