"""Regenerate the synthesized Yahoo search (v1/finance/search) payloads in this folder.

Run from the repository root: ``python tests/data/yahoo/search/make_search_payloads.py``.
Nothing here was captured from the network: see SOURCE.md.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

SECTORS = {
    "Burberry Group plc": ("Consumer Cyclical", "Luxury Goods"),
    "Shell plc": ("Energy", "Oil & Gas Integrated"),
    "Shell Midstream Partners, L.P.": ("Energy", "Oil & Gas Midstream"),
    "Toyota Motor Corporation": ("Consumer Cyclical", "Auto Manufacturers"),
    "Toyota Industries Corporation": ("Industrials", "Specialty Industrial Machinery"),
    "Cemex, S.A.B. de C.V.": ("Basic Materials", "Building Materials"),
    "ACM Research, Inc.": ("Technology", "Semiconductor Equipment & Materials"),
    "ACMAT Corporation": ("Financial Services", "Insurance - Specialty"),
    "Acumen Pharmaceuticals, Inc.": ("Healthcare", "Biotechnology"),
}
EXCH_DISP = {"LSE": "London", "PNK": "OTC Markets", "NYQ": "NYSE", "NMS": "NASDAQ", "AMS": "Amsterdam",
             "JPX": "Tokyo", "MEX": "Mexico", "NYM": "NY Mercantile", "PCX": "NYSEArca"}
TYPE_DISP = {"EQUITY": "Equity", "ETF": "ETF", "FUTURE": "Futures"}


def quote(symbol: str, exchange: str, shortname: str, longname: str | None, score: float, qtype: str = "EQUITY") -> dict:
    q = {"exchange": exchange, "shortname": shortname, "quoteType": qtype, "symbol": symbol, "index": "quotes",
         "score": score, "typeDisp": TYPE_DISP[qtype]}
    if longname:
        q["longname"] = longname
    q["exchDisp"] = EXCH_DISP[exchange]
    if longname in SECTORS:
        sector, industry = SECTORS[longname]
        q |= {"sector": sector, "industry": industry, "sectorDisp": sector, "industryDisp": industry}
    q["isYahooFinance"] = True
    return q


def response(quotes: list[dict]) -> dict:
    """The top-level shape of a v1/finance/search answer (news, lists … empty: we ask for none)."""
    return {
        "explains": [], "count": len(quotes), "quotes": quotes, "news": [], "nav": [], "lists": [],
        "researchReports": [], "screenerFieldResults": [], "culturalAssets": [], "totalTime": 31,
        "timeTakenForQuotes": 412, "timeTakenForNews": 0, "timeTakenForAlgowatchlist": 400,
        "timeTakenForPredefinedScreener": 400, "timeTakenForCrunchbase": 0, "timeTakenForNav": 400,
        "timeTakenForResearchReports": 0, "timeTakenForScreenerField": 0, "timeTakenForCulturalAssets": 0,
        "timeTakenForSearchLists": 0,
    }


PAYLOADS = {
    # OTC lines listed first on purpose: taking Yahoo's first quote would be wrong
    "search_burberry.json": [
        quote("BURBY", "PNK", "BURBERRY GROUP PLC", "Burberry Group plc", 20031.0),
        quote("BBRYF", "PNK", "BURBERRY GROUP PLC", "Burberry Group plc", 20022.0),
        quote("BRBY.L", "LSE", "BURBERRY GROUP PLC ORD 0.05", "Burberry Group plc", 20014.0),
    ],
    "search_shell.json": [
        quote("SHEL", "NYQ", "Shell plc", "Shell plc", 20540.0),
        quote("SHEL.L", "LSE", "SHELL PLC ORD EUR0.07", "Shell plc", 20210.0),
        quote("SHELL.AS", "AMS", "SHELL PLC", "Shell plc", 20105.0),
        quote("SHLX", "NYQ", "Shell Midstream Partners, L.P.", "Shell Midstream Partners, L.P.", 20011.0),
    ],
    "search_toyota.json": [
        quote("TM", "NYQ", "Toyota Motor Corporation", "Toyota Motor Corporation", 20620.0),
        quote("7203.T", "JPX", "TOYOTA MOTOR CORP", "Toyota Motor Corporation", 20301.0),
        quote("TOYOF", "PNK", "TOYOTA MOTOR CORP", "Toyota Motor Corporation", 20040.0),
        quote("6201.T", "JPX", "TOYOTA INDUSTRIES CORP", "Toyota Industries Corporation", 20030.0),
        quote("TYIDY", "PNK", "TOYOTA INDUSTRIES CORP", "Toyota Industries Corporation", 20012.0),
    ],
    "search_cemex.json": [
        quote("CX", "NYQ", "Cemex, S.A.B. de C.V.", "Cemex, S.A.B. de C.V.", 20180.0),
        quote("CEMEXCPO.MX", "MEX", "CEMEX SAB DE CV", "Cemex, S.A.B. de C.V.", 20052.0),
    ],
    "search_acme.json": [
        quote("ACMR", "NMS", "ACM Research, Inc.", "ACM Research, Inc.", 20090.0),
        quote("ACMT", "PNK", "ACMAT CORP", "ACMAT Corporation", 20013.0),
        quote("ABOS", "NMS", "Acumen Pharmaceuticals, Inc.", "Acumen Pharmaceuticals, Inc.", 20008.0),
    ],
    "search_brent.json": [
        quote("BZ=F", "NYM", "Brent Crude Oil Last Day Financ", None, 20750.0, "FUTURE"),
        quote("BNO", "PCX", "United States Brent Oil Fund, LP", "United States Brent Oil Fund, LP", 20200.0, "ETF"),
    ],
    "search_empty.json": [],
}


def main() -> None:
    for name, quotes in PAYLOADS.items():
        (HERE / name).write_text(json.dumps(response(quotes), indent=1) + "\n", encoding="utf-8")
    (HERE / "yahoo_down_500.html").write_text(
        "<!DOCTYPE html><html><head><title>Yahoo</title></head><body><p>Will be right back...</p>"
        "<p>Thank you for your patience.</p></body></html>\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
