"""The article-intake extractor, measured on hand-labelled articles and unit-tested.

The evaluation set is in articles/*.txt with labels in labels.json. Its "conventions" list
says how the labels were written. Run ``pytest tests/intake_tests -s`` to see the table.

Articles marked "heldout" were written after the dev set, and their figures are reported
apart from it. Each held-out round was written and labelled before the extractor saw it. It
was run once (FIRST_RUNS records those figures), and then its failures were fixed with
general rules. So only the first-run figures say how the extractor does on unseen articles.
Every group must now pass the thresholds, but for rounds that have been fixed that is a
regression check, not evidence.
"""

from __future__ import annotations

import datetime
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from claims import intake
from claims.intake import MAX_INPUT_CHARS, KnownSource, extract, html_to_text, normalize_name

HERE = Path(__file__).parent
LABELS = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
SOURCES = tuple(KnownSource(s["slug"], tuple(s["names"]), s["kind"]) for s in LABELS["sources"])

THRESHOLDS = {"precision": 0.95, "recall": 0.90, "anonymous": 0.95, "speaker": 0.85}

# Figures of each held-out round on its first run, before any rule was changed for it (not
# asserted; kept as the record of how the extractor does on articles it has not seen).
# Round 3's headline "FDA warns of contaminated eye drops" was found by the extractor but had
# not been labelled. The label was added after the first run; the second figures count it.
FIRST_RUNS = {
    "held-out round 1 (doping, quake)": {
        "precision": 0.944,
        "recall": 0.739,
        "anonymous": 0.941,
        "speaker": 0.824,
        "labels": 23,
    },
    "held-out round 2 (breach, wildfire, tariffs)": {
        "precision": 1.000,
        "recall": 0.724,
        "anonymous": 0.952,
        "speaker": 1.000,
        "labels": 29,
    },
    "held-out round 3 (railstrike, eyedrops, aidpackage)": {
        "precision": 0.893,
        "recall": 0.806,
        "anonymous": 1.000,
        "speaker": 1.000,
        "labels": 31,
    },
    "held-out round 3, headline label added": {
        "precision": 0.929,
        "recall": 0.813,
        "anonymous": 1.000,
        "speaker": 1.000,
        "labels": 32,
    },
    # Written and labelled by a colleague who never saw the extractor (a blind round).
    "held-out round 4 (centralbank, portcyber, transfer, hospitalstrike, satellite, border)": {
        "precision": 0.931,
        "recall": 0.753,
        "anonymous": 0.970,
        "speaker": 0.985,
        "labels": 89,
    },
    # Blind round 5, also written and labelled by a colleague who never saw the extractor, and
    # the first round run after round 4's fixes: the best estimate for unseen articles.
    "held-out round 5 (winefraud, drought, chipexport, avalanche, referendum, heist)": {
        "precision": 0.966,
        "recall": 0.884,
        "anonymous": 0.976,
        "speaker": 0.988,
        "labels": 95,
    },
    # Blind round 6, written and labelled by a colleague who never saw the extractor, run once
    # after round 5's fixes. Recall and precision met the targets; anonymous did not (two named
    # people whose first names were not known, each carried into their follow-up quotes).
    "held-out round 6 (bridgecollapse, airlineoutage, mineblast, energyceasefire, pointshaving, "
    "cyanidespill)": {
        "precision": 0.976,
        "recall": 0.910,
        "anonymous": 0.934,
        "speaker": 0.975,
        "labels": 134,
    },
    # Blind round 7, written and labelled in the same way and run once after round 6's fixes.
    # Recall missed the target: organisations named by a description first ("The ship's
    # operator, Singapore-based Orient Crescent Lines,"), a member "incident director at UKHSA",
    # "Shares of Ridgeway" taken for a person named Ridgeway. Then fixed with general rules.
    "held-out round 7 (dambreak, salmonella, parliamentprobe, shipgrounding, vaccinetrial, airportdrones)": {
        "precision": 0.958,
        "recall": 0.869,
        "anonymous": 1.000,
        "speaker": 0.991,
        "labels": 130,
    },
    # Blind round 8, written and labelled in the same way and run once after round 7's fixes:
    # precision and recall both below the targets. Then fixed with general rules: an
    # organisation that "owns" or "operates" something, a number with thousands separators,
    # "chief of X", "the force", lowercase public bodies ("the sports ministry"), a channel in a
    # relative clause ("who spoke to CNN"), names in other languages ("Universidad ...").
    "held-out round 8 (refineryfire, raillandslip, devaluation, prisonescape, olympicvenue)": {
        "precision": 0.910,
        "recall": 0.812,
        "anonymous": 0.967,
        "speaker": 0.989,
        "labels": 112,
    },
    # Blind round 9, written and labelled in the same way and run once after round 8's fixes:
    # recall far below the target (0.703). Fixed with round 10 by general rules (below).
    "held-out round 9 (pharmafine, ashcloud, techlayoffs, tapwater, bankrun, locusts)": {
        "precision": 0.898,
        "recall": 0.703,
        "anonymous": 0.990,
        "speaker": 0.969,
        "labels": 138,
    },
    # Blind round 10, written and labelled by a colleague who never read or ran the extractor,
    # and run once on the same extractor as round 9's first run (round 9 was not worked on):
    # a second sample of unseen articles. Rounds 9 and 10 were then fixed together with
    # general rules: a capitalised short form in the possessive ("the Commission's competition
    # chief"), "Its general secretary, X,", "the chief executive, X," (a role only an
    # organisation has), a name described by a person noun ("X, a volcanologist at Y,"), an
    # anaphor that skips names after a preposition and reaches further back for an organisation
    # of its kind, "it" after "the bank's" or after a name in the same sentence, "which cited"
    # relays, a cited document is no speaker, more nationality adjectives, "the Philippine
    # navy", "Rear Adm.", hyphenated names and roles ("Directorate-General", "director-general"),
    # a name described as an outlet is never "the hospital", "X, later spoke to reporters",
    # "City council member X", "a department spokeswoman" anywhere in a sentence.
    "held-out round 10 (labmeat, scarborough, skijumpsuits, legionella, tradefraud, coralbleach)": {
        "precision": 0.932,
        "recall": 0.872,
        "anonymous": 0.976,
        "speaker": 0.976,
        "labels": 141,
    },
    # Blind round 11, written and labelled by a colleague who never read or ran the extractor,
    # and run once after rounds 9 and 10 were fixed: precision, anonymous and speaker met the
    # targets, recall did not. Then fixed with general rules: "-ologist" with a short stem is
    # a person noun ("ecologist"), "she continued", "the trust" and "the mission", a name
    # ending in a place with no first name is a public body ("Natural England"), "which manages
    # X" is no name, "the Columbus broadcaster WBNS", "X of Columbus, Ohio," (a home town is
    # not part of the name), anyone "at" an organisation works there, "disputed" reports.
    "held-out round 11 (tallyrecount, ovenrecall, runwaytyre, envoyexpelled, lynxrelease, cityransom)": {
        "precision": 0.960,
        "recall": 0.779,
        "anonymous": 1.000,
        "speaker": 1.000,
        "labels": 122,
    },
    # Blind round 12, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 11 was fixed: precision and recall below the targets. Then
    # fixed with general rules: a short form in brackets ("(Cocobod)"), "Figures from X show",
    # "Accra radio station Joy FM", "CNN affiliate KXAN", "the fund", "the cooperative",
    # "blamed", a person placed by a long complement, "according to X" with no comma after,
    # "who studies ... at X", no report inside "whether", ", which said", "the concert's
    # promoter, X,", "Puerto Rican", a county's body, "A spokeswoman for the agency", "Its
    # co-founder", a capitalised "Now" in a name.
    "held-out round 12 (cocoaboard, robotaxi, concertcrush, sinkhole, prisonerswap, restitution)": {
        "precision": 0.943,
        "recall": 0.707,
        "anonymous": 0.990,
        "speaker": 0.970,
        "labels": 140,
    },
    # Blind round 13, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 12 was fixed: precision and recall below the targets. Part of
    # the precision loss was the scorer's: "FDA" was not matched to "US Food and Drug
    # Administration", nor "CalMac" to "Caledonian MacBrayne (CalMac)"; the scorer now matches
    # an acronym after a country and a short form the article gives in brackets. Then fixed
    # with general rules: a portfolio list in a name ("Ministry of Trade, Industry and
    # Fisheries"), "A Commission spokesperson", 'called the failure "..."', a programme after
    # "BBC Scotland's" is no person, acronyms and bracketed short forms spelled out, a full
    # name after "Corp." opens a sentence, "set up by ...", "nan", "the park", "campaigner",
    # "told a Holyrood committee" is no outlet, "welcomed the decision".
    "held-out round 13 (fishquota, cholera, ipopulled, ferries, sharknets, draftage)": {
        "precision": 0.852,
        "recall": 0.807,
        "anonymous": 0.954,
        "speaker": 1.000,
        "labels": 135,
    },
    # Blind round 14, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 13 was fixed: precision, anonymous and speaker met the targets;
    # recall fell one label short (119 of 133 found, 120 needed). Then fixed with general
    # rules: a quotation left open at a paragraph's end runs on, "a researcher who studies ...
    # at X", "who chairs the board", a society's portfolio list, a name said the other way
    # round ("the Energy and Mines Ministry"), "rejected", a described body matched however
    # far back, "they" after an unnamed group.
    "held-out round 14 (copperblockade, powerbanks, windverdict, spacedebris, eurobond, footballregulator)": {
        "precision": 0.960,
        "recall": 0.895,
        "anonymous": 1.000,
        "speaker": 1.000,
        "labels": 133,
    },
    # Blind round 15, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 14 was fixed: precision, anonymous and speaker met the targets;
    # recall did not (115 of 130 found, 117 needed). Then fixed with general rules: "parts of
    # X", a sentence-initial "Conservationists", a street is a place, "critic", hyphenated
    # titles ("Comptroller-General", "vice-chancellor"), "has described X as", a one-word
    # outlet alias inside a longer name ("Times Higher Education"), documents are no
    # speakers, the comma after a relay, "Raymond James analyst X".
    "held-out round 15 (heatgrid, teacherstrike, pangolins, drugprice, unifunding, artforgery)": {
        "precision": 0.950,
        "recall": 0.885,
        "anonymous": 1.000,
        "speaker": 1.000,
        "labels": 130,
    },
    # Blind round 16, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 15 was fixed: all four figures below the targets. Then fixed
    # with general rules: "told dpa" (the publisher in lowercase), "the company" is one whose
    # name says so ("Pty Ltd") and not one in its own appositive, "convener", "accused", a
    # friend is a person, "The Ahmedabad-based press, X,", a region's ministry, "the Dutch
    # agriculture ministry", "the district", a longer complement after a person, "Business
    # rescue practitioner X", "en" in names.
    "held-out round 16 (datacentrewater, crayboatrescue, constablepaperleak, birdflucull, fourdayweek, "
    "postofficebranches)": {
        "precision": 0.916,
        "recall": 0.870,
        "anonymous": 0.958,
        "speaker": 0.958,
        "labels": 138,
    },
    # Blind round 17, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 16 was fixed: precision, anonymous and speaker met the targets;
    # recall did not (100 of 124 found). Then fixed with general rules: "President and CEO X",
    # "the union" is one named as a federation or a local, "who chairs the union's ...",
    # "the orchestra" is no "League of American Orchestras", "the utility", a longer
    # description before "at X", "near X, Y,".
    "held-out round 17 (pharmacychain, metrofare, orchestrastrike, solarstorm, tunnelboring, smartlocks)": {
        "precision": 0.962,
        "recall": 0.806,
        "anonymous": 0.990,
        "speaker": 0.970,
        "labels": 124,
    },
    # Blind round 18, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 17 was fixed: precision and recall far below the targets. Then
    # fixed with general rules: a name described as "a ... group" is what "the group" means,
    # "zoo director X" after a quote, an organisation's "forecast", "senior economist at X", a
    # two-word bracketed short form, "Health NZ" and "NZNO Otago" spelled out, "the energy
    # ministry" as the ministry named in full (before or after), "the court-appointed receiver,
    # X,", "a partner at Toronto law firm X LLP who ...", a cruise line is a company, "the
    # sanctuary".
    "held-out round 18 (biodiesel, elephants, ricestockpile, condoreceivership, dunedinhospital, "
    "cruisenorovirus)": {
        "precision": 0.876,
        "recall": 0.723,
        "anonymous": 1.000,
        "speaker": 0.980,
        "labels": 137,
    },
    # Blind round 19, written and labelled by a colleague who never read or ran the extractor,
    # and run once after round 18 was fixed: precision, anonymous and speaker met the targets;
    # recall did not (114 of 133 found, 120 needed). Fixed with general rules on 2026-12-04.
    "held-out round 19 (wealthfund, scamliability, reactorcracks, busdrivers, clifferosion, rollercoaster)": {
        "precision": 0.958,
        "recall": 0.857,
        "anonymous": 0.991,
        "speaker": 0.982,
        "labels": 133,
    },
    # Round 20, written and labelled blind on 2026-12-04 and run once after round 19 was fixed:
    # anonymous and speaker met the targets; precision and recall did not (99 of 124 found, 112
    # needed).
    "held-out round 20 (lithiumroyalty, grizzlyrelocation, vanillatheft, windermere, gearboxcrack, "
    "arcticlicence)": {
        "precision": 0.943,
        "recall": 0.798,
        "anonymous": 1.0,
        "speaker": 1.0,
        "labels": 124,
    },
    # Round 21, written and labelled blind on 2026-12-04 and run once after round 20 was fixed:
    # anonymous and speaker met the targets; precision and recall did not (95 of 123 found, 111
    # needed; 105 proposed).
    "held-out round 21 (glaciallake, separatorplant, schoolbuscontract, grocerywatchdog, "
    "crewabandoned, chessengine)": {
        "precision": 0.905,
        "recall": 0.772,
        "anonymous": 0.979,
        "speaker": 0.979,
        "labels": 123,
    },
    # Round 22, written and labelled blind on 2026-12-04 and run once after round 21 was fixed:
    # precision and speaker met the targets; recall and anonymous did not (101 of 117 found, 106
    # needed; 94 of 101 anonymous flags right, 96 needed).
    "held-out round 22 (desalruling, proxyvote, ebikerecall, grainlockout, pertussisspray, boilnotice)": {
        "precision": 0.953,
        "recall": 0.863,
        "anonymous": 0.931,
        "speaker": 0.96,
        "labels": 117,
    },
    # Round 23, written and labelled blind on 2026-12-04 and run once after round 22 was fixed:
    # precision, anonymous and speaker met the targets; recall did not (112 of 131 found, 118
    # needed).
    "held-out round 23 (togrogslide, scopeinfections, ticketbreach, wolfcull, gondolafall, bauxitelicence)": {
        "precision": 0.974,
        "recall": 0.855,
        "anonymous": 0.964,
        "speaker": 0.991,
        "labels": 131,
    },
    # Round 24, written and labelled blind on 2026-12-04 and run once after round 23 was fixed:
    # anonymous and speaker met the targets; precision and recall did not (100 of 127 found, 115
    # needed; 112 proposed).
    "held-out round 24 (pensionmarch, insulinpens, santosstrike, retractions, fuelclosure, hackaccusation)": {
        "precision": 0.893,
        "recall": 0.787,
        "anonymous": 0.97,
        "speaker": 0.99,
        "labels": 127,
    },
    # Round 25, written and labelled blind on 2026-12-04 and run once after round 24 was fixed:
    # every target met (112 of 124 found, 112 needed; 116 proposed).
    "held-out round 25 (pipelineleak, launderingfine, tvrights, migrantrescue, aifine, protestban)": {
        "precision": 0.966,
        "recall": 0.903,
        "anonymous": 0.991,
        "speaker": 0.982,
        "labels": 124,
    },
    # Round 26, written and labelled blind on 2026-12-04 and run once right after round 25:
    # anonymous and speaker met the targets; precision and recall did not (105 of 128 found, 116
    # needed; 117 proposed).
    "held-out round 26 (emissionsraid, prisonriot, ferryfire, telcomerger, atcstrike, tramcrash)": {
        "precision": 0.897,
        "recall": 0.82,
        "anonymous": 0.981,
        "speaker": 0.99,
        "labels": 128,
    },
    # Round 27, written and labelled blind on 2026-12-04 and run once after round 26 was fixed:
    # anonymous and speaker met the targets; precision (0.949) and recall did not (111 of 126
    # found, 114 needed; 117 proposed).
    "held-out round 27 (gascap, teenban, goldsmuggling, airlinebailout, plagiarism, railfranchise)": {
        "precision": 0.949,
        "recall": 0.881,
        "anonymous": 0.955,
        "speaker": 1.0,
        "labels": 126,
    },
    # Round 28, written and labelled blind on 2026-12-04 and run once after round 27 was fixed:
    # precision, anonymous and speaker met the targets; recall did not (105 of 124 found, 112
    # needed).
    "held-out round 28 (esportsfixing, honeyfraud, shadowtanker, congestioncharge, stormclaims, "
    "gamblingfine)": {
        "precision": 0.955,
        "recall": 0.847,
        "anonymous": 1.0,
        "speaker": 0.99,
        "labels": 124,
    },
    # Round 29, written and labelled blind on 2026-12-04 and run once after round 28 was fixed:
    # anonymous and speaker met the targets; precision (0.913) and recall did not (115 of 129
    # found, 117 needed; 126 proposed).
    "held-out round 29 (canaldraft, reactorvote, garmentfire, parkfees, clubraid, chipsubsidy)": {
        "precision": 0.913,
        "recall": 0.891,
        "anonymous": 0.974,
        "speaker": 1.0,
        "labels": 129,
    },
    # Round 30, written and labelled blind on 2026-12-04 and run once after round 29 was fixed:
    # anonymous and speaker met the targets; precision (0.949) and recall did not (111 of 132
    # found, 119 needed; 117 proposed).
    "held-out round 30 (hospitalhack, trawlerseized, standclosure, bookprize, faminealert, "
    "developerdefault)": {
        "precision": 0.949,
        "recall": 0.841,
        "anonymous": 1.0,
        "speaker": 1.0,
        "labels": 132,
    },
    # Round 31, written and labelled blind on 2026-12-06 and run once after round 30 was fixed:
    # every target met (107 of 116 found, 108 proposed).
    "held-out round 31 (coffeerust, subseacable, visacap, plastictreaty, cryptofreeze, fluoride)": {
        "precision": 0.991,
        "recall": 0.922,
        "anonymous": 1.0,
        "speaker": 0.991,
        "labels": 116,
    },
    # Round 32, written and labelled blind on 2026-12-06 and run once on the same extractor as
    # round 31: anonymous and speaker met the targets; precision (0.936) and recall did not (103
    # of 123 found, 111 needed; 110 proposed).
    "held-out round 32 (marathon, meteorite, watchmakers, digitalid, dubbing, frigates)": {
        "precision": 0.936,
        "recall": 0.837,
        "anonymous": 1.0,
        "speaker": 1.0,
        "labels": 123,
    },
}
# Rounds whose first-run failures have not been worked on: their figures must still be their
# first run's (so they stay a measure of unseen articles until someone fixes them on purpose).
UNFIXED_ROUNDS: set[str] = set()


@pytest.fixture(autouse=True)
def strict_extractor(monkeypatch):
    """Errors inside the extractor surface in tests instead of being skipped."""
    monkeypatch.setattr(intake, "STRICT", True)


# --------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------


def speaker_words(s: str) -> list[str]:
    words = [w.strip(".,;:\"'“”‘’()").casefold() for w in (s or "").split()]
    words = [w for w in words if w]
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return words


def _name_key(name: str) -> list[str]:
    return [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in normalize_name(name).split()]


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def _initials(name: str) -> set[str]:
    """A name's possible acronyms: "UK Health Security Agency" is UKHSA (an acronym keeps a
    short all-capitals word whole), "Alabama Department of Corrections" ADC or ADOC."""
    words = re.findall(r"[A-Za-z][\w'’&-]*", name)

    def letters(w: str) -> str:
        return w if w.isupper() and len(w) <= 4 else w[0]

    caps = "".join(letters(w) for w in words if w[0].isupper())
    with_of = "".join(letters(w) for w in words if w[0].isupper() or w in ("of", "and"))
    return {caps.lower(), with_of.lower()}


# "Caledonian MacBrayne (CalMac)": a short form the article itself gives for a name.
_DECLARED_SHORT_FORM_RE = re.compile(
    r"([A-Z][\w'’&.-]*(?:\s+(?:(?:of|for|and|the|de|da|du|des|&)\s+)?[A-Z][\w'’&.-]*)*)\s+\(([A-Z][\w&.-]{1,11})\)"
)


def declared_short_forms(text: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in _DECLARED_SHORT_FORM_RE.finditer(text)}


def same_unknown(a: str, b: str, short_forms: dict[str, str] | None = None) -> bool:
    """The same organisation: equal or contained names, or one the acronym of the other
    ("CDC" and "Centers for Disease Control and Prevention"), perhaps after a country ("FDA"
    and "US Food and Drug Administration"), or one the short form the article gives for the
    other ("Ghana Cocoa Board (Cocobod)")."""
    if short_forms:
        if a in short_forms and same_unknown(short_forms[a], b):
            return True
        if b in short_forms and same_unknown(a, short_forms[b]):
            return True
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb or _contains(ka, kb) or _contains(kb, ka):
        return True
    for short, long in ((a, b), (b, a)):
        letters = re.sub(r"[^A-Za-z]", "", short)
        if 2 <= len(letters) <= 8 and letters.isupper() and len(long.split()) > 1:
            initials = _initials(long)
            if any(i.startswith(letters.lower()) for i in initials):
                return True
            if len(letters) >= 3 and any(
                i.endswith(letters.lower()) and len(i) - len(letters) <= 2 for i in initials
            ):
                return True
    return False


@dataclass
class Row:
    name: str
    group: str
    labels: int
    predicted: int
    tp: int
    anon_ok: int
    speaker_ok: int
    problems: list[str]


def evaluate_article(article: dict) -> Row:
    text = (HERE / "articles" / article["file"]).read_text(encoding="utf-8")
    published = article.get("published_on")
    result = extract(
        text,
        sources=SOURCES,
        publisher=article.get("publisher"),
        published_on=datetime.date.fromisoformat(published) if published else None,
    )
    for label in article["attributions"]:
        assert text.count(label["sentence"]) == 1, (article["file"], label["sentence"])
    short_forms = declared_short_forms(text)
    preds = list(result.attributions)
    used: set[int] = set()
    tp = anon_ok = speaker_ok = 0
    problems: list[str] = []
    for label in article["attributions"]:
        match = None
        for i, p in enumerate(preds):
            if i in used or label["sentence"] not in p.sentence:
                continue
            if "source" in label:
                ok = p.source == label["source"]
            else:
                ok = p.source is None and same_unknown(p.source_name, label["unknown"], short_forms)
            if ok:
                match = i
                break
        want = label.get("source") or "?" + label["unknown"]
        if match is None:
            problems.append(f"  missed  {want:28} {label['sentence'][:70]!r}")
            continue
        used.add(match)
        tp += 1
        p = preds[match]
        if p.anonymous == label["anonymous"]:
            anon_ok += 1
        else:
            problems.append(f"  anon    {want:28} got {p.anonymous} in {label['sentence'][:50]!r}")
        if speaker_words(p.speaker) == speaker_words(label["speaker"]):
            speaker_ok += 1
        else:
            problems.append(f"  speaker {want:28} got {p.speaker!r}, want {label['speaker']!r}")
    for i, p in enumerate(preds):
        if i not in used:
            got = p.source or "?" + p.source_name
            problems.append(f"  extra   {got:28} {p.sentence[:70]!r} (speaker {p.speaker!r})")
    group = f"held-out round {article.get('round', 1)}" if article.get("heldout") else "dev"
    return Row(
        article["file"], group, len(article["attributions"]), len(preds), tp, anon_ok, speaker_ok, problems
    )


def summarise(rows: list[Row]) -> dict[str, float]:
    labels = sum(r.labels for r in rows)
    predicted = sum(r.predicted for r in rows)
    tp = sum(r.tp for r in rows)
    return {
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / labels if labels else 1.0,
        "anonymous": sum(r.anon_ok for r in rows) / tp if tp else 1.0,
        "speaker": sum(r.speaker_ok for r in rows) / tp if tp else 1.0,
        "labels": labels,
        "predicted": predicted,
        "tp": tp,
    }


def table(rows: list[Row]) -> str:
    header = ("article", "labels", "pred", "tp", "prec", "recall", "anon", "speaker")
    widths = (22, 6, 5, 4, 6, 6, 6, 7)
    lines = [
        " ".join(
            f"{h:{'<' if i == 0 else '>'}{w}}" for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    ]

    def line(name: str, s: dict[str, float]) -> str:
        return (
            f"{name:22} {s['labels']:>6} {s['predicted']:>5} {s['tp']:>4} {s['precision']:>6.3f} "
            f"{s['recall']:>6.3f} {s['anonymous']:>6.3f} {s['speaker']:>7.3f}"
        )

    for r in rows:
        mark = {
            "dev": "",
            "held-out round 1": "*",
            "held-out round 2": "**",
            "held-out round 3": "***",
            "held-out round 4": "****",
            "held-out round 5": "*****",
            "held-out round 6": "******",
            "held-out round 7": "*******",
            "held-out round 8": "********",
            "held-out round 9": "*********",
            "held-out round 10": "**********",
            "held-out round 11": "***********",
            "held-out round 12": "************",
            "held-out round 13": "*************",
            "held-out round 14": "**************",
            "held-out round 15": "***************",
            "held-out round 16": "****************",
            "held-out round 17": "*****************",
            "held-out round 18": "******************",
            "held-out round 19": "*******************",
            "held-out round 20": "********************",
            "held-out round 21": "*" * 21,
            "held-out round 22": "*" * 22,
            "held-out round 23": "*" * 23,
            "held-out round 24": "*" * 24,
            "held-out round 25": "*" * 25,
            "held-out round 26": "*" * 26,
            "held-out round 27": "*" * 27,
            "held-out round 28": "*" * 28,
            "held-out round 29": "*" * 29,
            "held-out round 30": "*" * 30,
            "held-out round 31": "*" * 31,
            "held-out round 32": "*" * 32,
        }.get(r.group, "?")
        lines.append(line(r.name + mark, summarise([r])))
    for group, members in groups(rows).items():
        lines.append(line(group.upper().replace("HELD-OUT ROUND ", "HELD-OUT R"), summarise(members)))
    lines.append(line("ALL", summarise(rows)))
    return "\n".join(lines)


def groups(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r.group, []).append(r)
    return out


def test_evaluation_set_meets_the_targets():
    rows = [evaluate_article(a) for a in LABELS["articles"]]
    assert len(rows) >= 8
    print("\n" + table(rows))
    for r in rows:
        if r.problems:
            print(f"{r.name}:\n" + "\n".join(r.problems))
    for group, members in groups(rows).items():
        s = summarise(members)
        if group in UNFIXED_ROUNDS:
            (first,) = (figures for name, figures in FIRST_RUNS.items() if name.startswith(group + " "))
            assert {m: round(s[m], 3) for m in first} == first, f"{group} moved from its first run"
            continue
        for metric, floor in THRESHOLDS.items():
            assert s[metric] >= floor, f"{group} {metric} {s[metric]:.3f} < {floor}"


def test_labels_are_well_formed():
    names = {s["slug"] for s in LABELS["sources"]}
    assert len({a["file"] for a in LABELS["articles"]}) == len(LABELS["articles"])
    assert sum(1 for a in LABELS["articles"] if a.get("heldout")) >= 2
    for article in LABELS["articles"]:
        assert (HERE / "articles" / article["file"]).exists()
        for label in article["attributions"]:
            assert ("source" in label) != ("unknown" in label)
            assert label.get("source", "cnn") in names
            assert isinstance(label["anonymous"], bool)
            assert label["anonymous"] == bool(label["anonymous"] and label["speaker"])


# --------------------------------------------------------------------------------------
# Unit tests
# --------------------------------------------------------------------------------------

CNN = KnownSource("cnn", ("CNN",), "outlet")
BBC = KnownSource("bbc", ("BBC News", "BBC"), "outlet")
ISW = KnownSource("isw", ("Institute for the Study of War", "ISW"), "research")
WSJ = KnownSource("wsj", ("The Wall Street Journal", "WSJ", "Wall Street Journal", "the Journal"), "outlet")
WH = KnownSource(
    "white-house", ("The White House", "White House", "National Security Council", "NSC"), "government"
)
UN = KnownSource("un", ("United Nations", "U.N."), "other")
BASIC = (CNN, BBC, ISW, WSJ, WH, UN)


def attributions(text, sources=BASIC, **kw):
    return extract(text, sources=sources, **kw).attributions


def pairs(text, sources=BASIC, **kw):
    return [(a.source or "?" + a.source_name, a.speaker) for a in attributions(text, sources, **kw)]


def test_empty_and_oversized_text_raise_value_error():
    with pytest.raises(ValueError, match="empty"):
        extract("  \n\t ", sources=BASIC)
    with pytest.raises(ValueError, match="limit"):
        extract("a" * (MAX_INPUT_CHARS + 1), sources=BASIC)
    assert extract("a" * MAX_INPUT_CHARS, sources=BASIC).attributions == ()


def test_offsets_match_the_text():
    text = 'Headline here\n\n- A bullet.\nOfficials said  it rained.  "Yes," CNN reported.\r\nDone.'
    result = extract(text, sources=BASIC)
    for a in result.attributions:
        assert result.text[a.start : a.end] == a.sentence
    assert [a.source for a in result.attributions] == ["cnn"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gen. Mark Milley and Dr. Jill Stein met in the U.S. Capitol on Jan. 5. They spoke.", 2),
        ("The U.S. economy grew 2.5% last year. The Fed said so.", 2),
        ("John F. Kennedy was president. He was shot.", 2),
        ('"We will rebuild," she said. "We always do."', 2),
        ('He asked, "Is it over?" she replied.', 1),
        ("Acme Inc. bought Beta Corp. for $3.5 billion. The deal closed.", 2),
        ("- first bullet\n- second bullet\nA line.", 3),
        ("A hard-wrapped line that goes on\nand continues here. Next one.", 2),
        ("It happened at 4 a.m. The storm hit.", 2),
    ],
)
def test_sentence_splitting(text, expected):
    sentences = intake._split_sentences(text)
    assert len(sentences) == expected, [s.text for s in sentences]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_reporting_patterns():
    assert pairs("Two officials told CNN that troops moved.") == [("cnn", "Two officials")]
    assert pairs("Troops moved, CNN reported.") == [("cnn", "")]
    assert pairs("According to CNN, troops moved.") == [("cnn", "")]
    assert pairs("Troops moved, according to the BBC.") == [("bbc", "")]
    assert pairs("Per the BBC, troops moved.") == [("bbc", "")]
    assert pairs("The minister said in a statement to CNN that troops moved.") == [("cnn", "The minister")]
    assert pairs("The Institute for the Study of War assessed that troops moved.") == [("isw", "")]
    assert pairs("ISW estimated that 1,000 troops moved.") == [("isw", "")]
    assert pairs("The White House denied the report.") == [("white-house", "")]
    assert pairs("A spokesperson told the BBC's Today programme that it was over.") == [
        ("bbc", "A spokesperson")
    ]
    assert pairs("She told CNN's State of the Union that it was over.") == []  # no antecedent


def test_no_attribution_without_a_named_source():
    for text in (
        "Analysts believe that Russia moved troops.",
        "Reports suggest that Ukraine gained ground.",
        "Russia is reported to have moved conscripts.",
        "Officials said the road was closed.",
        "CNN has covered the story for years.",
        "Troops moved, according to US sources.",
        "The US says a task force will expand patrols.",
        "Prices rose 3 per cent, and per share earnings fell.",
        "An FTC spokesperson declined to comment.",
        "The company did not say when the plant would reopen.",
    ):
        assert attributions(text) == (), text


def test_multiple_sources_in_one_sentence():
    assert pairs("Two officials told CNN and the BBC that troops moved.") == [
        ("cnn", "Two officials"),
        ("bbc", "Two officials"),
    ]
    assert sorted(pairs("CNN reported the strike, while the BBC said it was a drill.")) == [
        ("bbc", ""),
        ("cnn", ""),
    ]


def test_relays():
    (a,) = attributions("CNN, citing ISW, reported that Russia advanced.")
    assert (a.source, a.relies_on, a.relies_on_name) == ("cnn", "isw", None)
    (a,) = attributions("Reuters reported, quoting the BBC, that Russia advanced.")
    assert (a.source, a.source_name, a.relies_on) == (None, "Reuters", "bbc")
    (a,) = attributions("According to CNN, citing the Kyiv Independent, Russia advanced.")
    assert (a.source, a.relies_on, a.relies_on_name) == ("cnn", None, "Kyiv Independent")
    result = extract("According to CNN, citing the Kyiv Independent, Russia advanced.", sources=BASIC)
    assert "Kyiv Independent" in result.unknown_sources
    (a,) = attributions("Russia advanced, CNN reported, citing two US officials.")
    assert (a.source, a.speaker, a.anonymous, a.relies_on) == ("cnn", "two US officials", True, None)


def test_name_matching_ignores_case_punctuation_the_and_possessives():
    assert pairs("Troops moved, the Journal reported.") == [("wsj", "")]
    assert pairs("Troops moved, the Journal's reporters said.")[0][0] == "wsj"
    assert pairs("THE WALL STREET JOURNAL reported that troops moved.") == [("wsj", "")]
    assert pairs("Troops moved, the UN said.") == [("un", "")]
    assert pairs("CNN's analysis found that troops moved.") == [("cnn", "")]
    # a known alias inside a longer name is not that source
    assert pairs("Troops moved, the Financial Journal reported.") == [("?Financial Journal", "")]
    # lowercase ordinary words are not aliases
    assert pairs("The study, published in a medical journal, found that it works.") == []


def test_unknown_sources_are_listed_sorted_and_distinct():
    result = extract(
        "Reuters reported the strike. The AP said it too. Reuters later said more. "
        "Zoe Smith told Reuters that it hurt.",
        sources=BASIC,
    )
    assert result.unknown_sources == ("AP", "Reuters")
    assert all(a.source is None for a in result.attributions)
    # people and pronouns are never unknown sources
    assert "Zoe Smith" not in result.unknown_sources


def test_speaker_named_spokesperson_and_pronouns():
    text = (
        "Speaking at a White House press briefing on Thursday, national security spokesperson "
        "John Kirby was cautious.\n"
        '"We have seen some units move," he said. "It is not clear how many."\n'
        "Kirby added that more could follow."
    )
    result = attributions(text, published_on=datetime.date(2024, 8, 16))
    assert [(a.source, a.speaker, a.anonymous) for a in result] == [
        ("white-house", "national security spokesperson John Kirby", False)
    ] * 3
    assert result[0].date_hint == "on Thursday"
    assert result[0].published_on == datetime.date(2024, 8, 15)
    assert result[0].quote == "We have seen some units move"


def test_speaker_to_outlet_vs_organisation_speaking():
    assert pairs("Pentagon spokesperson Sabrina Singh told CNN that aid was coming.") == [
        ("cnn", "Pentagon spokesperson Sabrina Singh")
    ]
    assert pairs("White House spokesperson Karine Jean-Pierre told reporters that aid was coming.") == [
        ("white-house", "White House spokesperson Karine Jean-Pierre")
    ]
    assert pairs("Jane Doe, a spokeswoman for the White House, said aid was coming.") == [
        ("white-house", "Jane Doe")
    ]
    (a,) = attributions("A White House official said aid was coming.")
    assert (a.source, a.speaker, a.anonymous) == ("white-house", "A White House official", True)


def test_publisher():
    (a,) = attributions("The mayor told this newspaper that the dam held.", publisher="cnn")
    assert (a.source, a.speaker) == ("cnn", "The mayor")
    (a,) = attributions("The mayor told The Valley Post that the dam held.", publisher="The Valley Post")
    assert (a.source, a.source_name) == (None, "Valley Post")
    # unattributed text is never the publisher's
    assert attributions("The dam held overnight.", publisher="cnn") == ()
    (a,) = attributions("The mayor told us that the dam held.", publisher="Valley Post")
    assert (a.source, a.source_name) == (None, "Valley Post")


def test_quote_is_the_quoted_words_or_the_reported_clause():
    (a,) = attributions('"We will win," a commander told the BBC.')
    assert a.quote == "We will win"
    (a,) = attributions('A spokesperson told CNN that a "relatively small" number had moved.')
    assert a.quote == 'a "relatively small" number had moved'
    (a,) = attributions("Russia has made advances nearby, the Institute for the Study of War reported.")
    assert a.quote == "Russia has made advances nearby"
    (a,) = attributions("According to the BBC, the bridge collapsed at dawn.")
    assert a.quote == "the bridge collapsed at dawn"


@pytest.mark.parametrize(
    "hint_text, expected_hint, expected_date",
    [
        ("said on Tuesday", "on Tuesday", datetime.date(2024, 8, 13)),
        ("said Friday", "Friday", datetime.date(2024, 8, 16)),
        ("said yesterday", "yesterday", datetime.date(2024, 8, 15)),
        ("said last week", "last week", datetime.date(2024, 8, 16)),
        ("said this week", "this week", datetime.date(2024, 8, 16)),
        ("said on Aug. 2", "on Aug. 2", datetime.date(2024, 8, 2)),
        ("said last Friday", "last Friday", datetime.date(2024, 8, 9)),
    ],
)
def test_date_hints(hint_text, expected_hint, expected_date):
    (a,) = attributions(f"CNN {hint_text} that troops moved.", published_on=datetime.date(2024, 8, 16))
    assert a.date_hint == expected_hint
    assert a.published_on == expected_date
    (a,) = attributions(f"CNN {hint_text} that troops moved.")
    assert a.published_on is None


def test_date_in_the_reported_clause_is_not_the_report_date():
    (a,) = attributions(
        "CNN reported that the strike happened on Monday.", published_on=datetime.date(2024, 8, 16)
    )
    assert a.date_hint is None
    assert a.published_on == datetime.date(2024, 8, 16)


def test_as_dict_shape():
    result = extract(
        "On Tuesday, a spokesperson told CNN that troops moved.",
        sources=BASIC,
        published_on=datetime.date(2024, 8, 16),
    )
    d = result.as_dict()
    assert set(d) == {"text", "attributions", "unknown_sources"}
    (a,) = d["attributions"]
    assert set(a) == {
        "sentence",
        "start",
        "end",
        "source",
        "source_name",
        "speaker",
        "anonymous",
        "quote",
        "relies_on",
        "relies_on_name",
        "published_on",
        "date_hint",
    }
    assert a["published_on"] == "2024-08-13"
    assert a["date_hint"] == "On Tuesday"
    json.dumps(d)


def test_module_has_no_django_imports():
    source = Path(intake.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(?:from|import)\s+(?:django|claims\.models|rest_framework)", source, re.M)


def test_html_to_text():
    html = (
        "<html><head><title>t</title><script>var x = 1;</script></head><body><nav>Menu</nav>"
        "<article><h1>Storm hits coast</h1><p>The storm made landfall early Wednesday, the "
        "National Hurricane Center said.</p><p>Two officials told CNN that damage was severe "
        "across the region, and that crews were already at work restoring power.</p></article>"
        "</body></html>"
    )
    text = html_to_text(html)
    assert "Two officials told CNN" in text
    assert "var x" not in text
    assert html_to_text("") == ""
    # trafilatura finds nothing in a fragment: the tag strip takes over
    assert html_to_text("<b>CNN</b> said &amp; so") == "CNN said & so"


def test_the_tag_strip_drops_comments_and_scripts_even_unclosed():
    assert intake._strip_tags("a<!-- x --> b<script>bad()</script> c<style>p{}</style>d<br>e") == "a b c d\ne"
    assert intake._strip_tags("kept <script>never closed <p>lost") == "kept"
    assert intake._strip_tags("kept <!-- never closed <p>lost") == "kept"
    assert intake._strip_tags("x < y and y > z") == "x < y and y > z"


@pytest.mark.parametrize(
    "html",
    ["<head" * 20_000, "<!--" * 25_000, "<" * 100_000, "<p" * 50_000, "<script>" + "a<script " * 11_000],
    ids=["heads", "comments", "brackets", "open-tags", "scripts"],
)
def test_pathological_html_finishes_quickly(html):
    started = time.perf_counter()
    intake._strip_tags(html)
    html_to_text(html)
    assert time.perf_counter() - started < 3


def test_sources_may_be_any_object_with_slug_names_and_kind():
    class Row:
        slug = "cnn"
        names = ["CNN", "Cable News Network"]
        kind = "outlet"

    result = extract("Troops moved, Cable News Network reported.", sources=[Row(), object()])
    assert [a.source for a in result.attributions] == ["cnn"]


def test_apostrophes_are_not_quotation_marks():
    (a,) = attributions("In the '90s, CNN reported that the players' union had folded.")
    assert (a.source, a.quote) == ("cnn", "the players' union had folded")
    (a,) = attributions("'We will rebuild,' a spokesperson told the BBC.")
    assert (a.source, a.quote) == ("bbc", "We will rebuild")


def test_a_weekday_before_the_first_date_there_is_keeps_the_attribution():
    cnn = KnownSource("cnn", ("CNN",), "outlet")
    result = extract(
        "On Tuesday, officials told CNN that it rained.", sources=[cnn], published_on=datetime.date.min
    )
    (attribution,) = result.attributions
    assert attribution.published_on == datetime.date.min and attribution.date_hint == "On Tuesday"


@pytest.mark.parametrize(
    "text, expected",
    [
        # organisation names, and an organisation's officers before a name
        ("The Reserve Bank of India said inflation would ease.", [("?Reserve Bank of India", "")]),
        ("The People's Bank of China said it would cut rates.", [("?People's Bank of China", "")]),
        ("Bank Indonesia said it would defend the rupiah.", [("?Bank Indonesia", "")]),
        (
            "European Central Bank President Christine Lagarde said rates would stay high.",
            [("?European Central Bank", "European Central Bank President Christine Lagarde")],
        ),
        (
            "IMF Managing Director Kristalina Georgieva said growth would slow.",
            [("?IMF", "IMF Managing Director Kristalina Georgieva")],
        ),
        ("Texas Governor Greg Abbott said the border was closed.", []),
        (
            "The Finance Ministry said it. Finance Minister Jane Roe told reporters it was over.",
            [("?Finance Ministry", "")],
        ),
        (
            "The ECB held rates, with President Christine Lagarde saying inflation was easing.",
            [("?ECB", "President Christine Lagarde")],
        ),
        ("The Bank of Canada held rates and said it would wait for more data.", [("?Bank of Canada", "")]),
        ("Officials met on Monday and said the road was closed.", []),
        (
            "The International Energy Agency (IEA) said demand would peak.",
            [("?International Energy Agency", "")],
        ),
        # "an analyst at ORG": the organisation after the role, not the field before it
        (
            "John Smith, a Europe analyst at Eurasia Group, said the vote was close.",
            [("?Eurasia Group", "John Smith")],
        ),
        # descriptions and descriptive follow-ups
        (
            "Volkswagen said sales fell. The German carmaker said it would cut jobs.",
            [("?Volkswagen", ""), ("?Volkswagen", "")],
        ),
        (
            "Ajax confirmed the signing. The Dutch club said the fee was undisclosed.",
            [("?Ajax", ""), ("?Ajax", "")],
        ),
        (
            "The Bank of Japan kept rates unchanged. The Bank said prices would rise.",
            [("?Bank of Japan", "")],
        ),
        (
            "Oxford Economics said growth would slow. Its chief economist, Jane Doe, said it was a risk.",
            [("?Oxford Economics", ""), ("?Oxford Economics", "Jane Doe")],
        ),
        ("Osprey Dynamics, which makes drones, said the order was cancelled.", [("?Osprey Dynamics", "")]),
        ("The country's biggest lender, Sberbank, said profits fell.", [("?Sberbank", "")]),
        ("Cybersecurity firm Falcon Intelligence said it was an attack.", [("?Falcon Intelligence", "")]),
        ("The minister told German newspaper Bild that talks had failed.", [("?Bild", "The minister")]),
        ("The coach told French sports daily L'Equipe that he would stay.", [("?L'Equipe", "The coach")]),
        # a part of an organisation speaks for it
        (
            "The European Commission's competition department said the deal was cleared.",
            [("?European Commission", "")],
        ),
        # generic plurals and people with no organisation give nothing
        ("Shipping officials said the canal was closed.", []),
        ("Oil analysts said prices would rise.", []),
        ('"It is hard," said Dragos Vasilescu.', []),
        ('"It is hard," said Dragos Vasilescu, who owns a bakery in the town.', []),
        # unnamed speakers
        (
            "A spokesperson for Secretary-General Anna Berg told CNN it was over.",
            [("cnn", "A spokesperson for Secretary-General Anna Berg")],
        ),
        ("Residents of Tarnovo told the BBC they heard explosions.", [("bbc", "Residents of Tarnovo")]),
    ],
)
def test_organisation_patterns(text, expected):
    assert pairs(text) == expected


def test_unnamed_speakers_are_anonymous():
    (a,) = attributions("A spokesperson for Secretary-General Anna Berg told CNN it was over.")
    assert a.anonymous
    (a,) = attributions("Residents of Tarnovo told the BBC they heard explosions.")
    assert a.anonymous
    (a,) = attributions("An engineer who worked on the engine told CNN that staff were worried.")
    assert (a.speaker, a.anonymous) == ("An engineer who worked on the engine", True)


def test_a_lowercase_letter_word_before_an_initial_ends_the_sentence():
    assert len(intake._split_sentences("Halcyon said in a post on X. There were no injuries.")) == 2
    assert len(intake._split_sentences("John F. Kennedy was president.")) == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        # a description, the name in apposition, then a relative clause
        (
            "Germany's financial regulator, BaFin, which supervises the banks, said it had opened an "
            "inquiry. Several lenders were fined, the regulator added.",
            [("?BaFin", ""), ("?BaFin", "")],
        ),
        (
            "His attorney, Carl Benning, who has represented him for years, told CNN it was over.",
            [("cnn", "Carl Benning")],
        ),
        # "description, Name," where the description is an organisation's: the name is no person
        ("The fashion house, Maison Roux, said it had cut ties.", [("?Maison Roux", "")]),
        ("The fashion house, Maison Roux, told CNN it had cut ties.", [("cnn", "Maison Roux")]),
        # "citing <people at ORG>": the people are the speaker
        (
            "Kyodo News, citing officials at the Foreign Ministry, reported that talks would resume.",
            [("?Kyodo News", "officials at the Foreign Ministry")],
        ),
        # a people noun with its own complement before "at ORG"
        (
            "Anna Berg, a professor of international law at Leiden University, said the ruling was binding. "
            '"It is final," she said.',
            [("?Leiden University", "Anna Berg"), ("?Leiden University", "Anna Berg")],
        ),
        # who publishes an outlet is not a source
        (
            "Der Spiegel, a magazine published by the Spiegel Group, reported that the bank was warned.",
            [("?Der Spiegel", "")],
        ),
        ("The company was reported by CNN to have cut jobs.", [("cnn", "")]),
        # "the police", "the museum": only an organisation named with that word, however far back
        (
            "The Lyon police said a man was arrested. Two others fled. A car was found. It was burnt. "
            "Nobody was hurt. The suspect was 34, the police said.",
            [("?Lyon police", ""), ("?Lyon police", "")],
        ),
        ("The Acme Corp said it was robbed. The suspect was 34, the police said.", [("?Acme Corp", "")]),
        (
            "Thieves raided the Harbour Museum of Art. Two men fled. A car was found. It was burnt. "
            "Nobody was hurt. The museum said in a post on Instagram that it would reopen.",
            [("?Harbour Museum of Art", "")],
        ),
        # "who" after a noun makes it a person, listed or not
        (
            'A ski instructor who saw the slide told the BBC that it was huge. "It was loud," he said.',
            [("bbc", "A ski instructor who saw the slide")] * 2,
        ),
        # a surname follow-up keeps the antecedent's source ...
        (
            "Green Party leader Jane Novak told CNN that the vote was rigged. Novak said the party "
            "would appeal.",
            [("cnn", "Green Party leader Jane Novak")] * 2,
        ),
        (
            "Party leader Jane Novak told CNN that the vote was rigged. Novak said the party would appeal.",
            [("cnn", "Party leader Jane Novak")] * 2,
        ),
        # ... unless it names a channel of its own: then the person's organisation remains
        (
            "Green Party leader Jane Novak told CNN that the vote was rigged. Novak later said in a "
            "post on X that the party would appeal.",
            [("cnn", "Green Party leader Jane Novak"), ("?Green Party", "Green Party leader Jane Novak")],
        ),
    ],
)
def test_appositions_relays_and_follow_ups(text, expected):
    assert pairs(text) == expected


def test_an_organisation_speaking_to_an_outlet_is_an_anonymous_speaker():
    (a,) = attributions("The carmaker, Volvo, said in a statement to the BBC that sales fell.")
    assert (a.source, a.speaker, a.anonymous) == ("bbc", "Volvo", True)
    (a,) = attributions(
        "Kyodo News, citing officials at the Foreign Ministry, reported that talks would resume."
    )
    assert (a.anonymous, a.relies_on_name) == (True, "Foreign Ministry")
    zelensky = KnownSource("zelensky", ("Volodymyr Zelensky", "Zelensky"), "individual")
    (a,) = attributions("Zelensky told CNN that the front held.", sources=(*BASIC, zelensky))
    assert (a.source, a.speaker, a.anonymous) == ("cnn", "Zelensky", False)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A role straight after the comma, no article: the run before it is a person.
        (
            "Andriy Moroz, director of the Energy Policy Institute, told CNN that the grid was failing.",
            [("cnn", "Andriy Moroz", False)],
        ),
        # Names from beyond the English first-name list.
        (
            "Rescue coordinator Ricardo Pinzón told the BBC that the miners were alive.",
            [("bbc", "Rescue coordinator Ricardo Pinzón", False)],
        ),
        # "the union's official": a member of the organisation named before, named or not.
        (
            "The Harbour Union said staff had been abused. The union's official, Seán Doherty, said "
            "crews were left alone. The union's spokesperson said talks would resume.",
            [
                ("?Harbour Union", "", False),
                ("?Harbour Union", "Seán Doherty", False),
                ("?Harbour Union", "The union's spokesperson", True),
            ],
        ),
        # A role word inside an organisation's name is no title.
        (
            "The American Society of Civil Engineers, which grades roads, estimated the cost at $1bn.",
            [("?American Society of Civil Engineers", "", False)],
        ),
        # "the agency" is the agency named before, though "agency" also describes news agencies.
        (
            'The National Mining Agency said 23 miners were trapped. "The teams are working in '
            'difficult conditions," the agency said.',
            [("?National Mining Agency", "", False), ("?National Mining Agency", "", False)],
        ),
        # A role with lowercase modifiers in an apposition: "incident director at UKHSA".
        (
            "Dr Ayesha Malik, incident director at UKHSA, said most people recovered.",
            [("?UKHSA", "Dr Ayesha Malik", False)],
        ),
        # An organisation described first, then named: it speaks for itself.
        (
            "The ship's operator, Singapore-based Orient Crescent Lines, said the engine failed. "
            "The farm's owner, Sunrise Blooms Ltd, said in a statement that it was sorry.",
            [("?Orient Crescent Lines", "", False), ("?Sunrise Blooms Ltd", "", False)],
        ),
        # "Shares of Ridgeway" is no person whose surname is Ridgeway.
        (
            "Ridgeway Biologics said it halted a trial. Shares of Ridgeway fell 38% on Tuesday. "
            "Ridgeway said it had enough cash.",
            [("?Ridgeway Biologics", "", False), ("?Ridgeway", "", False)],
        ),
    ],
)
def test_people_and_members_found_by_general_rules(text, expected):
    got = [(a.source or "?" + a.source_name, a.speaker, a.anonymous) for a in attributions(text)]
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A number with thousands separators is not two comma-separated phrases.
        (
            "Harbor Chemicals, which employs 12,500 people, said the leak was contained.",
            [("?Harbor Chemicals", "", False)],
        ),
        # What owns or operates something is an organisation, even with a place-like name.
        (
            "Southern, which runs the commuter trains, said services would resume on Monday.",
            [("?Southern", "", False)],
        ),
        # "chief of X": the person is a member of X.
        (
            "Lena Ortiz, chief of the Riverside Police Department, said two officers were hurt.",
            [("?Riverside Police Department", "Lena Ortiz", False)],
        ),
        # "the force" is the police force named before.
        (
            "Greater Manchester Police said the man was arrested. He was released on bail, the force said.",
            [("?Greater Manchester Police", "", False), ("?Greater Manchester Police", "", False)],
        ),
        # A public body named by what it does, in lowercase, is itself (not the last body named).
        (
            "The Football Association said the match would go ahead. The interior ministry said "
            "extra police would be sent. Spain's national statistics office said prices rose.",
            [
                ("?Football Association", "", False),
                ("?interior ministry", "", False),
                ("?Spain's national statistics office", "", False),
            ],
        ),
        # A channel inside a relative clause: the outlet is the source.
        (
            "A nurse at the clinic, who spoke to the BBC on condition of anonymity, said beds ran out.",
            [("bbc", "A nurse at the clinic", True)],
        ),
        # A relation of a named person does not name the speaker.
        (
            "The father of Amir Haddad told CNN that his son had been detained.",
            [("cnn", "The father of Amir Haddad", True)],
        ),
        # "Central bank governor X": a member of the bank named before.
        (
            "Bank Negara Malaysia held rates on Thursday. Central bank governor Adnan Yusof said "
            "inflation was easing.",
            [("?Bank Negara Malaysia", "Central bank governor Adnan Yusof", False)],
        ),
        # "Its chief analyst for the region, X," and "its spokesman X": members of "it".
        (
            "Scope Ratings said it would review the rating. Its chief analyst for the region, "
            'Pieter de Wit, said the outlook was negative. "We see risks," its spokesman Marco '
            "Bellini said.",
            [
                ("?Scope Ratings", "", False),
                ("?Scope Ratings", "Pieter de Wit", False),
                ("?Scope Ratings", "its spokesman Marco Bellini", False),
            ],
        ),
        # Organisations named in another language, with a title word inside the name.
        (
            '"Prices will keep rising," said Ana Lopes, an economist at Universidade Federal do Rio.',
            [("?Universidade Federal do Rio", "Ana Lopes", False)],
        ),
        # A leading phrase before "the newspaper X, citing ..."; "a point also made by" a name
        # with "Co-operation and" inside; "The association and X both urged"; "a gendarmerie
        # statement" is the National Gendarmerie's, but "a written statement" nobody's; "the
        # directive" is the issuer's (an agency that is no news agency); a union described with
        # a relative clause about workers is no person; a name may open with a digit.
        (
            "In Nuuk, the newspaper Sermitsiaq, citing a source in the government, said the decision "
            "was late. The Chilean Lithium Producers Association said rules were needed, a point also "
            "made by the Organisation for Economic Co-operation and Development (OECD) in a review. The "
            "association and the National Mining Society both urged a settlement. The National "
            "Gendarmerie said on Monday that gendarmes were sent to Sava. Two thieves were arrested, "
            "according to a gendarmerie statement. Three died, according to a written statement. The "
            "European Union Aviation Safety Agency issued a directive on Tuesday. Operators must "
            "inspect the gearbox, the directive said. Industri Energi, the Norwegian union that "
            'represents many offshore workers, called the crack "deeply worrying" and said its members '
            "were afraid. 3Sixty Helicopters said it had paused flights.",
            [
                ("?Sermitsiaq", "a source in the government", True),
                ("?Chilean Lithium Producers Association", "", False),
                ("?Organisation for Economic Co-operation and Development", "", False),
                ("?Chilean Lithium Producers Association", "", False),
                ("?National Mining Society", "", False),
                ("?National Gendarmerie", "", False),
                ("?National Gendarmerie", "", False),
                ("?European Union Aviation Safety Agency", "", False),
                ("?Industri Energi", "", False),
                ("?3Sixty Helicopters", "", False),
            ],
        ),
        # Names written with a lowercase start or a hyphen ("easyJet", "techUK", "the Co-op"), and
        # a long name in brackets after a name ("(Havariekommando)").
        (
            "Sales fell. easyJet said it would cut flights. Sainsbury's and the Co-op said they had "
            "done the same. Jobs fell 4%, according to estimates from the trade body techUK. The "
            "Central Command for Maritime Emergencies (Havariekommando) said the ship was towed. The "
            "mRNA vaccine was safe.",
            [
                ("?easyJet", "", False),
                ("?Sainsbury", "", False),
                ("?Co-op", "", False),
                ("?techUK", "", False),
                ("?Central Command for Maritime Emergencies", "", False),
            ],
        ),
        # "according to satellite measurements by X"; the news site "24.kg"; ", known as X," is another
        # name; "X news agency reported"; "an offer the ministry said" is the writer's aside, no part of
        # the report; "the emergencies ministry" is the Ministry of Emergency Situations, not a nearer one.
        (
            "Kyrgyzstan's Ministry of Emergency Situations warned on Monday that the lake could burst. "
            "The lake has grown by a third, according to satellite measurements by the Central Asian "
            "Institute for Applied Geosciences. Local news site 24.kg, citing an official in the regional "
            "administration, reported that two pumps had broken. Kyrgyzstan's Agency for "
            "Hydrometeorology, known as Kyrgyzhydromet, said temperatures had fallen. Russia's RIA "
            "Novosti news agency reported that Moscow had offered two helicopters, an offer the Kyrgyz "
            "foreign ministry said on Wednesday it had accepted. A smaller lake drained in 2012, "
            "according to the emergencies ministry's own records.",
            [
                ("?Kyrgyzstan's Ministry of Emergency Situations", "", False),
                ("?Central Asian Institute for Applied Geosciences", "", False),
                ("?24.kg", "an official in the regional administration", True),
                ("?Kyrgyzstan's Agency for Hydrometeorology", "", False),
                ("?RIA Novosti news agency", "", False),
                ("?Kyrgyz foreign ministry", "", False),
                ("?Kyrgyzstan's Ministry of Emergency Situations", "", False),
            ],
        ),
        # "Kang Min-jae" is Kang later; "issued a snowfall warning"; "Environment and Climate Change
        # Canada" is one name; "the boards" are the two boards named before, not the police between.
        (
            '"The business was priced for a boom," said Kang Min-jae, an analyst at Mirae Asset '
            "Securities Co. in Seoul. Kang said in a note to clients that he had cut his target. "
            "Environment and Climate Change Canada issued a snowfall warning for the city on Thursday. "
            "The Lakehead District School Board said 41 routes were cut. The Thunder Bay Catholic "
            "District School Board said 17 routes were affected. The Thunder Bay Police Service urged "
            "drivers to take care. The boards said they were negotiating with taxi companies.",
            [
                ("?Mirae Asset Securities Co.", "Kang Min-jae", False),
                ("?Mirae Asset Securities Co.", "Kang Min-jae", False),
                ("?Environment and Climate Change Canada", "", False),
                ("?Lakehead District School Board", "", False),
                ("?Thunder Bay Catholic District School Board", "", False),
                ("?Thunder Bay Police Service", "", False),
                ("?Thunder Bay Catholic District School Board", "", False),
                ("?Lakehead District School Board", "", False),
            ],
        ),
        # "The ITF's Gulf inspector"; "Lloyd's List"; "a chaplain with the Mission to Seafarers"; "head of
        # research at London consultancy X"; ", known by its French acronym FIDE," names FIDE in full;
        # "The tournament's organiser, Stavanger Sjakklubb," is an organisation.
        (
            "The seafarers are unpaid, according to the International Transport Workers' Federation "
            "(ITF). The ITF's Gulf inspector, Samir Haddad, said the crew were down to one meal a day. "
            "The ship arrived in March, Lloyd's List reported, citing port agents. The Rev. Thomas "
            "Kinsella, a port chaplain with the Mission to Seafarers in the Gulf, said volunteers had "
            'taken out medicine. "It is a symptom of a two-tier fleet," said Rebecca Thorne, head of '
            "research at London consultancy Halyard Maritime Advisory. The International Chess "
            "Federation, known by its French acronym FIDE, said he had cheated. The tournament's "
            "organiser, Stavanger Sjakklubb, said it would strip him of his prize. FIDE Director-General "
            "Anna Petrosyan said the federation would require scanning.",
            [
                ("?International Transport Workers' Federation", "", False),
                ("?International Transport Workers' Federation", "Samir Haddad", False),
                ("?Lloyd's List", "port agents", True),
                ("?Mission to Seafarers", "The Rev. Thomas Kinsella", False),
                ("?Halyard Maritime Advisory", "Rebecca Thorne", False),
                ("?International Chess Federation", "", False),
                ("?Stavanger Sjakklubb", "", False),
                ("?International Chess Federation", "FIDE Director-General Anna Petrosyan", False),
            ],
        ),
        # "the Health Service Executive" and "the Leinster Leader" are names, not roles; "X Council and Y
        # Council" and "CNN and Fox News" are two; "a study by researchers at X" is X's own finding; "was
        # quoted by the daily The Star as saying"; "the federation's commercial partner" is no member.
        (
            "The Health Service Executive (HSE) said there had been no confirmed cases. The Leinster "
            "Leader reported last year that the plant had failed. Fingal County Council and Meath County "
            "Council both said they would help. CNN and Fox News said so too. A 2023 study by researchers "
            "at the Catholic University of the North found that brine plumes cut larvae. Lim's campaign "
            "manager, Azlan Rahim, was quoted by the Malaysian daily The Star as saying the complaints "
            "were sour grapes. The Badminton World Federation said it would review the vote. Aerion "
            "Sports, the federation's largest commercial partner, said it was watching closely.",
            [
                ("?Health Service Executive", "", False),
                ("?Leinster Leader", "", False),
                ("?Fingal County Council", "", False),
                ("?Meath County Council", "", False),
                ("cnn", "", False),
                ("?Fox News", "", False),
                ("?Catholic University of the North", "", False),
                ("?Star", "Azlan Rahim", False),
                ("?Badminton World Federation", "", False),
                ("?Aerion Sports", "", False),
            ],
        ),
        # "after 41 reports of fires" is a count; "a testing company in Ann Arbor" is the company later;
        # "said the company's chief engineer, Ben Osei" names Ben Osei; "X, whose family ...," and "a
        # mother" are people; "vice-president of operations"; ", formerly known as X,".
        (
            "A Michigan company is recalling batteries after 41 reports of fires, the U.S. Consumer "
            "Product Safety Commission (CPSC) said Thursday. SafeCharge Labs, an independent battery "
            'testing company in Ann Arbor, said the packs had been certified. "Certification is a '
            "snapshot,\" said the company's chief engineer, Ben Osei. Marisol Vega, whose family lost "
            'their home in a fire, told CNN that the flames spread in minutes. "My first son had whooping '
            'cough," Tamsin Lee, a Melbourne mother whose family took part, told the BBC. Kaien Island '
            'Grain Terminals Ltd. locked out its workers. "We could not keep running," the company\'s '
            "vice-president of operations, Greg Tolan, said in a statement. Uisce Eireann said it had "
            "issued a boil notice. The utility, formerly known as Irish Water, said a power surge had "
            "knocked out the plant.",
            [
                ("?U.S. Consumer Product Safety Commission", "", False),
                ("?SafeCharge Labs", "", False),
                ("?SafeCharge Labs", "Ben Osei", False),
                ("cnn", "Marisol Vega", False),
                ("bbc", "Tamsin Lee", False),
                ("?Kaien Island Grain Terminals Ltd.", "Greg Tolan", False),
                ("?Uisce Eireann", "", False),
                ("?Uisce Eireann", "", False),
            ],
        ),
        # A court's ruling and order are its statements; other orders are not.
        (
            "Chile's Supreme Court on Thursday ordered work to stop on the plant. The Santiago Court of "
            "Appeals ruled that the permit was lawful. Police ordered residents to leave.",
            [("?Chile's Supreme Court", "", False), ("?Santiago Court of Appeals", "", False)],
        ),
        # Lists of names before or after a description, closed by "all" or "both"; "NABU's wolf
        # expert" is NABU's, but "Coquimbo's regional governor" is a region's, no organisation's.
        (
            "Unite, Unison and the GMB, the three unions representing sterile services staff, all said "
            "their members had no training. Three of the country's larger concert promoters, Kaze "
            "Promotions, Sunrise Live Co. and Tenma Entertainment, all said they had moved sales. Two "
            "other producers, Tianli Mining and Kindia Bauxite Co., both said their operations were not "
            "affected. The conservation group NABU said it would appeal. NABU's wolf expert, Jens "
            "Hoffmeister, said the cull was wrong. Coquimbo's regional governor, Ana Lia Cortes, said the "
            "ruling was a blow.",
            [
                ("?Unite", "", False),
                ("?Unison", "", False),
                ("?GMB", "", False),
                ("?Kaze Promotions", "", False),
                ("?Sunrise Live Co.", "", False),
                ("?Tenma Entertainment", "", False),
                ("?Tianli Mining", "", False),
                ("?Kindia Bauxite Co.", "", False),
                ("?NABU", "", False),
                ("?NABU", "Jens Hoffmeister", False),
            ],
        ),
        # "X, whose 78-year-old father ...," is a person; "resort President X" is the resort's president;
        # "in a statement seen by the BBC".
        (
            "Margaret Kerr, whose 78-year-old father was among those infected, told CNN he had gone in "
            "for a routine check. Arapaho Peak Resort said in a statement that the gondola was closed. "
            '"Our hearts are with the four people who were hurt," resort President Dana Corliss said in '
            "the statement. Acme Corp said in a statement seen by the BBC that it would appeal.",
            [
                ("cnn", "Margaret Kerr", False),
                ("?Arapaho Peak Resort", "", False),
                ("?Arapaho Peak Resort", "resort President Dana Corliss", False),
                ("bbc", "Acme Corp", True),
            ],
        ),
        # "General Administration of Customs" is a body, not a general.
        (
            "Exports fell 5% in November, data from China's General Administration of Customs showed.",
            [("?China's General Administration of Customs", "", False)],
        ),
        # "Tasmania's Fisheries Minister" is a place's minister, even where "Tasmania Police" is a
        # name; "Consumer group X called ... and said": the name after its description speaks.
        (
            "Tasmania Police Inspector Paul Grainger said the crew had done everything right. "
            "Tasmania's Fisheries Minister, Rob Carney, said the government would wait. Consumer group "
            'El Poder del Consumidor called the increase "a tax on the poorest" and said families would '
            "suffer.",
            [
                ("?Tasmania Police", "Tasmania Police Inspector Paul Grainger", False),
                ("?El Poder del Consumidor", "", False),
            ],
        ),
        # "the Journal of X" is not the Journal; "X, Y and Z all said"; a list of names with their
        # leanings after a description, "the Christian CSC" no person; "a care worker from Liege" names a
        # home town, no employer; ", part of GCHQ,".
        (
            "The Journal of Cardiac Metabolism, which published six of the papers, said it had retracted "
            "four. EasyJet, Ryanair and Loganair all said flights were cancelled. The three unions that "
            "called the march, the socialist FGTB, the Christian CSC and the liberal CGSLB, put the "
            "figure at 110,000. Martine Dewulf, a 59-year-old care worker from Liege, said she had "
            "planned to retire. Britain's National Cyber Security Centre (NCSC), part of the GCHQ "
            "intelligence agency, said four utilities had been affected.",
            [
                ("?Journal of Cardiac Metabolism", "", False),
                ("?EasyJet", "", False),
                ("?Ryanair", "", False),
                ("?Loganair", "", False),
                ("?FGTB", "", False),
                ("?Christian CSC", "", False),
                ("?CGSLB", "", False),
                ("?Britain's National Cyber Security Centre", "", False),
            ],
        ),
        # A seat on a named committee, but not on "the Senate health committee"; "the advisory" is all
        # the bodies that issued it; "the airport" is the airport named before; "Its Eastbridge branch
        # president" is a member of what "its" stands for.
        (
            "Rep. Andrea Holt, the top Democrat on the House Homeland Security Committee, said grants had "
            "been cut. Sen. Dana Whitlock, a Democrat on the Senate health committee, said in a statement "
            "that it was bad. The Cybersecurity and Infrastructure Security Agency, the FBI and the "
            "National Security Agency said in a joint advisory that the group had used stolen passwords. "
            "The advisory said the hackers had mapped control systems. Edinburgh Airport said flights "
            "were cancelled. The airport said it had no record of any complaint. The National Tertiary "
            "Education Union said it was angry. Its Eastbridge branch president, Dr Omar Haddad, said "
            "early-career people would suffer.",
            [
                ("?House Homeland Security Committee", "Rep. Andrea Holt", False),
                ("?Cybersecurity and Infrastructure Security Agency", "", False),
                ("?FBI", "", False),
                ("?National Security Agency", "", False),
                ("?Cybersecurity and Infrastructure Security Agency", "", False),
                ("?FBI", "", False),
                ("?National Security Agency", "", False),
                ("?Edinburgh Airport", "", False),
                ("?Edinburgh Airport", "", False),
                ("?National Tertiary Education Union", "", False),
                ("?National Tertiary Education Union", "Dr Omar Haddad", False),
            ],
        ),
        # A party speaks through its spokesperson; a member of parliament names no organisation.
        (
            "Labour health spokeswoman Dr Rangi Tuhiwai said the party would restore funding. Scottish "
            "Labour's health spokesperson, Jackie Ross, said families found out from letters. Local TD "
            "Gerry Coyle said residents had been left in the dark. Thunder Bay-Superior North MPP Denise "
            'Kuhl called the situation "entirely avoidable".',
            [
                ("?Labour", "Labour health spokeswoman Dr Rangi Tuhiwai", False),
                ("?Scottish Labour", "Jackie Ross", False),
            ],
        ),
        # "France 24's Clara Dumont"; "RTÉ News reports" at the end; the lowercase agency "dpa"; "the
        # union" is the SNCTA, described as one after "called by".
        (
            "France 24's Clara Dumont reported from Orly that most check-in desks had closed. At Dublin "
            "Airport, passengers queued for hours to rebook, RTÉ News reports. A Lufthansa spokesperson "
            "told dpa that about 60 flights were cancelled. The strike was called by the SNCTA, the "
            "largest controllers' union, over staffing. The union said in a statement that controllers "
            "were exhausted.",
            [
                ("?France 24", "France 24's Clara Dumont", False),
                ("?RTÉ News", "", False),
                ("?dpa", "A Lufthansa spokesperson", True),
                ("?SNCTA", "", False),
            ],
        ),
        # "the X (OIP), a watchdog, said"; "The UFAP-UNSa Justice union called for ... and said"; a title-case
        # headline makes nobody a person; "in a memo to staff seen by the BBC".
        (
            "France's prisons held a record 84,000 people, the International Prison Observatory (OIP), a "
            "watchdog, said in a report last week. The UFAP-UNSa Justice union called for a national day "
            "of action and said staff would block entrances. Denmark Blocks Nordtel's Takeover of Rival "
            "Fjordmobil. Nordtel said it was disappointed. Its chief executive officer, Rasmus Holmgaard, "
            "said in a memo to staff seen by the BBC that Nordtel would keep investing.",
            [
                ("?International Prison Observatory", "", False),
                ("?UFAP-UNSa Justice", "", False),
                ("?Nordtel", "", False),
                ("bbc", "Rasmus Holmgaard", False),
            ],
        ),
        # "X, whose director ...," is a company; "a private investor, Reuters reports" makes Reuters no
        # person; "the news agency" is the outlet named before; "a 15-year-old from X" and "one of the
        # authors" are people.
        (
            "Mukuvisi Minerals, whose director was among those charged, said in a statement that it was "
            "shocked. Croatia's government approved a package for Air Adriatica, which has been unable to "
            "find a private investor, Reuters reports. The package still needs approval from the European "
            "Commission, according to the news agency. Ava Mitchell, a 15-year-old from Tauranga, told "
            "the BBC she used Instagram. Jordi Puig, one of the authors, told CNN that he had recognised "
            "his own sentences.",
            [
                ("?Mukuvisi Minerals", "", False),
                ("?Reuters", "", False),
                ("?Reuters", "", False),
                ("bbc", "Ava Mitchell", False),
                ("cnn", "Jordi Puig", False),
            ],
        ),
        # "A Commission spokesperson": the European Commission named only after "from", when no
        # commission spoke.
        (
            "Croatia approved a rescue package for Air Adriatica that still needs approval from the "
            "European Commission. Air Adriatica said it would cut jobs. Ryanair called the package "
            "illegal and said it would challenge it. A Commission spokesperson said it would assess the "
            "plan.",
            [
                ("?Air Adriatica", "", False),
                ("?Ryanair", "", False),
                ("?European Commission", "A Commission spokesperson", True),
            ],
        ),
        # "told the Post" is a newspaper, "a post on X" a channel; "she said no." ends a sentence; "head
        # of the office's anti-corruption division" and "Its organiser" are members of what was named.
        (
            "The Federation of Small Businesses opposed the plan. Its West of England representative, "
            "Priya Lal, told the Post that tradespeople would suffer. In a post on X, she said no. The "
            "Seoul Central District Prosecutors' Office said it had indicted nine people. \"The players "
            "were approached,\" Lee Jae-hoon, head of the office's anti-corruption division, told a press "
            "briefing. Bristol Says No said it would fight. Its organiser, Colin Ashdown, said the group "
            "had raised money.",
            [
                ("?Post", "Priya Lal", False),
                ("?Federation of Small Businesses", "Priya Lal", False),
                ("?Seoul Central District Prosecutors' Office", "", False),
                ("?Seoul Central District Prosecutors' Office", "Lee Jae-hoon", False),
                ("?Bristol Says No", "", False),
                ("?Bristol Says No", "Colin Ashdown", False),
            ],
        ),
        # but "No. 10" does not end one.
        (
            "He lives at No. 10 Downing Street, the BBC reported.",
            [
                ("bbc", "", False),
            ],
        ),
        # "The authority, known by its Spanish initials ACP," makes ACP the authority named before;
        # "the authority's administrator, X," is its head, a person; "called on every brand to";
        # but "called on Monday" is no demand.
        (
            "The Panama Canal Authority said on Friday it would cut transits. The authority, known by its "
            'Spanish initials ACP, said the limits would start on Dec 15. "We are facing a pattern," the '
            "authority's administrator, Rogelio Quintero, told a news conference. About 36 vessels were "
            "waiting, according to the ACP's website. IndustriALL Global Union called on every brand that "
            "had sourced from the factory to contribute to compensation. Acme called on Monday.",
            [
                ("?Panama Canal Authority", "", False),
                ("?Panama Canal Authority", "", False),
                ("?Panama Canal Authority", "Rogelio Quintero", False),
                ("?Panama Canal Authority", "", False),
                ("?IndustriALL Global Union", "", False),
            ],
        ),
        # A plural people noun before a capitalised preposition opens a body's name ("Physicians
        # Without Frontiers"), but a list of named people after one is still people.
        (
            "Physicians Without Frontiers said clinics were full. Teachers for Climate Justice said "
            "schools would close. Nurses Aino Tamm and Liis Kask told the BBC the ward was full.",
            [
                ("?Physicians Without Frontiers", "", False),
                ("?Teachers for Climate Justice", "", False),
                ("bbc", "Nurses Aino Tamm and Liis Kask", False),
            ],
        ),
        # A plural people noun directly before a name makes it a firm of them ("Forensic
        # accountants Halden Rowe, which ..."), but not after a verb ("told reporters Okonkwo had").
        (
            "Forensic accountants Halden Rowe, which audited the fund, said the books were wrong. A "
            "spokesperson for the firm said it would help the police. The mayor told reporters Okonkwo "
            "had resigned. Okonkwo said he was tired.",
            [("?Halden Rowe", "", False), ("?Halden Rowe", "A spokesperson for the firm", True)],
        ),
        # "Abu Dhabi-based": the words before "-based" are the place's; "the United States" is a
        # place, never what "the company" means.
        (
            "Tarek Aziz, an analyst at Abu Dhabi-based Falcon Ridge Partners, said oil would rise.",
            [("?Falcon Ridge Partners", "Tarek Aziz", False)],
        ),
        (
            "Homes across the United States lost power after Kestry Labs shipped a faulty update. The "
            "company said it had fixed the bug.",
            [("?Kestry Labs", "", False)],
        ),
        # "It" is the pronoun, not the "IT" of "an IT contractor"; after "It said", a name is no
        # subject of the "urged" that follows.
        (
            "Harbor Health said a ransomware attack hit its records. It said patients were safe. The "
            "attackers used an IT contractor's account, police said. The Veltra Archive welcomed the "
            "ruling. It said forged Veltras had flooded the market and urged buyers to check.",
            [("?Harbor Health", "", False)] * 2 + [("?Veltra Archive", "", False)] * 2,
        ),
        # "Six charities, including Shelter and Crisis, said": the bodies named speak; people
        # named so do not.
        (
            "Six charities, including Shelter and Crisis, said in a joint letter that rents were too "
            "high. Several residents, including Maria Lopez and Ana Diaz, said the noise was bad.",
            [("?Shelter", "", False), ("?Crisis", "", False)],
        ),
        # "the company" is one whose name ends in "Co.", the one that spoke, not the adviser it hired.
        (
            "Hanwa Steel Co. said it had missed a payment and had hired Norvik Capital Corp. as an "
            'adviser. "Cash is tight," the company said.',
            [("?Hanwa Steel Co.", "", False)] * 2,
        ),
        # No information, and no organisation: no pair.
        (
            "Acme Mining said it would not comment on the inquiry. The local MP said the mine must "
            "stay shut. Unions at the plant have also warned about safety.",
            [],
        ),
        # German "für" is part of a name, like "de" or "von".
        (
            "The Zentrum für Klimaforschung said the summer was the hottest on record.",
            [("?Zentrum für Klimaforschung", "", False)],
        ),
        # "which estimated" reports, as "which said" does.
        (
            "The fire was seen by satellites of the Copernicus Emergency Service, which estimated that "
            "3,000 hectares had burned.",
            [("?Copernicus Emergency Service", "", False)],
        ),
        # Initials written in lowercase after an outlet's description are its name; an adverb is not.
        ("Public broadcaster ndr reported that the port was closed.", [("?ndr", "", False)]),
        ("The newspaper first reported the leak.", []),
        # A name after an outlet's description is the outlet's, though its last word recurs alone.
        (
            "Sports weekly Kicker Sports reported that the coach would stay. Sports betting is growing.",
            [("?Kicker Sports", "", False)],
        ),
        # A plural people noun's possessive opens the name it is part of.
        (
            "Exports fell, according to the Growers' Cooperative of the Rhone Valley.",
            [("?Growers' Cooperative of the Rhone Valley", "", False)],
        ),
        # "X and consultancy Y": two names, the description only Y's.
        (
            "Prices rose, according to a study by Lazard and consultancy Kearney Hale.",
            [("?Lazard", "", False), ("?Kearney Hale", "", False)],
        ),
        # The place after a body's "of" says where it is; it is no second body.
        (
            "The Office of Culture of the canton of Ticino said the fresco was safe.",
            [("?Office of Culture", "", False)],
        ),
        # ", ruling that" is a court's finding (a time after the subject does not hide it); "ruling
        # out" is no finding, and a mayor does not rule.
        (
            "The Supreme Court on Friday blocked the merger, ruling that the regulator had erred.",
            [("?Supreme Court", "", False)],
        ),
        (
            "The Harbor Union blocked the road, ruling out talks. The mayor halted the plan, ruling that "
            "it was illegal.",
            [],
        ),
        # "X, a description, which said": the name the description is about.
        (
            "The strike was called by the ATU-9, the drivers' branch of the national transport union, "
            "which said pay talks had failed.",
            [("?ATU-9", "", False)],
        ),
        # A German plural for all genders is one word of a name.
        (
            "The Verband der Lehrer:innen, the teachers' association, said the reform was rushed.",
            [("?Verband der Lehrer:innen", "", False)],
        ),
        # The opposition is no named organisation.
        ("Opposition health spokeswoman Mara Lind said the plan was cruel.", []),
        # A nationality opens a subject after a leading phrase as at the start of a sentence.
        (
            "At a briefing in Madrid, Spanish interior ministry spokesperson Lucia Gomez said the border "
            "would reopen.",
            [("?Spanish interior ministry", "Spanish interior ministry spokesperson Lucia Gomez", False)],
        ),
        # Dealers, like traders, are people.
        ("Dealers said buyers were cautious.", []),
        # A role with capitalised words before "at": the employer is after "at".
        (
            '"Demand is thin," said Marta Ruiz, head of Latin America sales at Geneva-based merchant Cafexa.',
            [("?Cafexa", "Marta Ruiz", False)],
        ),
        # A plural people noun after a body's "of" is whom the body is of, not a title.
        (
            "The Federation of Disabled Workers Norway said the rules were unfair.",
            [("?Federation of Disabled Workers Norway", "", False)],
        ),
        # A people noun before an organisation's noun is whom it is for; people polled are no source.
        ("A poll by the patient platform Careview found that waits had grown.", [("?Careview", "", False)]),
        ("A poll of patients found that waits had grown.", []),
        # A country's possessive before a ministry, whatever its first word; its officials are no body.
        (
            "Saudi Arabia's finance ministry said the budget was balanced.",
            [("?Saudi Arabia's finance ministry", "", False)],
        ),
        ("Saudi finance officials said the budget was balanced.", []),
        # "calling itself X": the name the group gives itself.
        (
            "A coalition of farmers calling itself Save Our Valley said it would sue.",
            [("?Save Our Valley", "", False)],
        ),
    ],
)
def test_organisations_found_by_general_rules(text, expected):
    got = [(a.source or "?" + a.source_name, a.speaker, a.anonymous) for a in attributions(text)]
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A capitalised short form in the possessive before a role: a member of the body named before.
        (
            "The Federal Trade Commission sued the retailer on Monday. \u201cIt misled shoppers,\u201d "
            "Dana Reyes, the Commission's enforcement chief, told reporters.",
            [("?Federal Trade Commission", "Dana Reyes", False)],
        ),
        # "the alliance's president": an alliance is an organisation, like a union or a league.
        (
            "The Northern Farmers Alliance opposed the plan. \u201cIt will ruin us,\u201d said Tom Berg, "
            "the alliance's president.",
            [("?Northern Farmers Alliance", "Tom Berg", False)],
        ),
        # "Its general secretary, X,": a title is a role of "it" too.
        (
            "The Seafarers' Union said talks had failed. Its general secretary, Mira Holt, said a strike "
            "was likely.",
            [("?Seafarers' Union", "", False), ("?Seafarers' Union", "Mira Holt", False)],
        ),
        # "The chief executive, X,": only an organisation has one, so it is the one in focus.
        (
            "Orbis Foods said it had recalled 40,000 jars. The chief executive, Paul Grant, said the "
            "fault was found at one plant.",
            [("?Orbis Foods", "", False), ("?Orbis Foods", "Paul Grant", False)],
        ),
        # A name that a person noun describes is a person's, whoever the first name is.
        (
            "Marta Quinlan, a glaciologist at the Nordic Polar Institute, said the ice was thinning.",
            [("?Nordic Polar Institute", "Marta Quinlan", False)],
        ),
        # "the bank" is the bank that spoke, not one named after "from"; a "Bancorp" is a bank.
        (
            "Crestline Bancorp said it had borrowed $2 billion from the Atlantic Home Loan Bank. The "
            "bank said deposits had stabilised.",
            [("?Crestline Bancorp", "", False), ("?Crestline Bancorp", "", False)],
        ),
        # "it" after "the bank's" in the same sentence is that bank, not the last outlet.
        (
            "Crestline Bancorp said deposits fell. CNN reported that rivals were interested. The bank's "
            "troubles began when it said it would set aside $500 million.",
            [("?Crestline Bancorp", "", False), ("cnn", "", False), ("?Crestline Bancorp", "", False)],
        ),
        # "which cited" relays like "citing": the cited people speak; a cited document does not.
        (
            "The vote was delayed, according to Kyodo News, which cited government sources. The plant "
            "was shut, according to Nikkei, which cited a memo sent to suppliers.",
            [("?Kyodo News", "government sources", True), ("?Nikkei", "", False)],
        ),
        # A creditor, a shareholder: people, whatever the word's ending.
        (
            "The Daily Post, citing a creditor, reported that the firm had defaulted.",
            [("?Daily Post", "a creditor", True)],
        ),
        # Nationality adjectives are no organisation; a party called the Greens is one.
        (
            "Swedish officials said the talks were over. The Greens said they would vote against the bill.",
            [("?Greens", "", False)],
        ),
        # "the Brazilian navy" is that country's navy; "Rear Adm." is one title.
        (
            "A spokesman for the Brazilian navy, Rear Adm. Paulo Lima, said the ship was safe.",
            [("?Brazilian navy", "Rear Adm. Paulo Lima", False)],
        ),
        # "it said" refers to the organisation the same sentence has just named.
        (
            "Kenyan broadcaster KTN aired footage that it said showed the flooding.",
            [("?KTN", "", False)],
        ),
        # A hyphenated organisation word ("Directorate-General") and role ("director-general");
        # the short form the article gives in brackets is the same organisation, and the
        # country's possessive belongs with it.
        (
            "Spain's Directorate-General of Traffic (DGT) said roads were closed. \u201cStay at home,\u201d "
            "the DGT director-general, Pere Navarro, told reporters.",
            [
                ("?Spain's Directorate-General of Traffic", "", False),
                ("?Spain's Directorate-General of Traffic", "Pere Navarro", False),
            ],
        ),
        # An organisation described as an outlet is never what "the hospital" means.
        (
            "The newspaper Kathimerini, citing a ministry memo, said beds were short. Patients were "
            "moved to Evangelismos hospital. The hospital said it had opened a ward.",
            [("?Kathimerini", "", False)],
        ),
        # A filler after the comma that closes the subject; "spoke to reporters" reports.
        (
            "The Rowing Federation of Ireland suspended its coach. The federation's president, Aoife "
            "Byrne, later spoke to reporters.",
            [("?Rowing Federation of Ireland", "Aoife Byrne", False)],
        ),
        # "City council member X", with no council named before: the city council.
        (
            "Acme Water said the plant was safe. City council member Rosa Diaz said it was not.",
            [("?Acme Water", "", False), ("?City council", "City council member Rosa Diaz", False)],
        ),
        # "a department spokeswoman" anywhere in the sentence is the department named before.
        (
            "The Ohio Department of Health said tests were under way. Results are due Friday, a "
            "department spokeswoman said.",
            [
                ("?Ohio Department of Health", "", False),
                ("?Ohio Department of Health", "a department spokeswoman", True),
            ],
        ),
        # The cited member of an organisation is the speaker, unnamed unless named right there.
        (
            "The Leeds Gazette, citing a council source at the depot, reported that bins went uncollected.",
            [("?Leeds Gazette", "a council source at the depot", True)],
        ),
        # A long name before a relative clause is still the subject (the owner speaks for its part).
        (
            "The International Union for Conservation of Nature's Species Survival Commission, "
            "which assesses species, said the frog was endangered.",
            [("?International Union for Conservation of Nature", "", False)],
        ),
        # "the Commission's ruling": a document of the body that short form stands for.
        (
            "The Federal Trade Commission ruled on Monday. According to the Commission's ruling, the "
            "merger would raise prices.",
            [("?Federal Trade Commission", "", False)],
        ),
        # "-ologist" with a short stem is a person noun; "she continued" goes on quoting her.
        (
            'Seals returned to the estuary. "We counted every pup," said Maria Okafor, the survey\'s '
            'senior ecologist at the Coastal Seal Trust. "It was a record year," she continued.',
            [("?Coastal Seal Trust", "Maria Okafor", False), ("?Coastal Seal Trust", "Maria Okafor", False)],
        ),
        # "the trust" and "the mission" refer back to an organisation named with that word.
        (
            "The Riverside Heritage Trust bought the mill. The trust said repairs would take a year. "
            "The Regional Election Observation Mission reported a low turnout. The mission said the "
            "count was slow.",
            [
                ("?Riverside Heritage Trust", "", False),
                ("?Regional Election Observation Mission", "", False),
                ("?Regional Election Observation Mission", "", False),
            ],
        ),
        # A name that ends in a place and starts with no first name is a public body, even
        # described by a person noun.
        (
            "Sport Scotland, the government's adviser on sport, approved the plan. A spokesman for "
            "Sport Scotland said funding was secured.",
            [("?Sport Scotland", "A spokesman for Sport Scotland", True)],
        ),
        # "which runs the port" is a relative clause, not a name set off after a description.
        (
            "Freight volumes fell. Harbour Links, which runs Dover, said crossings were delayed.",
            [("?Harbour Links", "", False)],
        ),
        # A place before an outlet's description; a home town after a person's name.
        (
            "Rain flooded the town. One resident, Carla Nunez of Tucson, Arizona, told the Tucson "
            "broadcaster KGUN that her car was swept away. She said she was unhurt.",
            [("?KGUN", "Carla Nunez", False), ("?KGUN", "Carla Nunez", False)],
        ),
        # A person described as anything "at" an organisation works there; "disputed" reports.
        (
            "Owen Price, a housing watchdog at Shelter Cymru, said rents had doubled. The Welsh "
            "Landlords Association disputed those figures.",
            [("?Shelter Cymru", "Owen Price", False), ("?Welsh Landlords Association", "", False)],
        ),
        # A short form in brackets after a name belongs to it; "Figures from X show".
        (
            "Exports slowed. The Kenya Tea Board (Teaboard) said exports fell. Figures from the Bank "
            "of Ghana show inflation fell.",
            [("?Kenya Tea Board", "", False), ("?Bank of Ghana", "", False)],
        ),
        # A place and two words of description before an outlet; "FM" ends no person's name.
        (
            "Prices rose. Maria Osei told Kumasi radio station Luv FM that prices rose.",
            [("?Luv FM", "Maria Osei", False)],
        ),
        # "the fund" refers back; "blamed" reports.
        (
            "The Asian Development Fund said malaria cases rose. The fund blamed funding cuts for the rise.",
            [("?Asian Development Fund", "", False), ("?Asian Development Fund", "", False)],
        ),
        # A person placed by a long complement is still the subject.
        (
            "Power failed. An engineer at one of the largest state-owned power distribution "
            "companies, who asked not to be named, told Reuters that the grid was failing.",
            [
                (
                    "?Reuters",
                    "An engineer at one of the largest state-owned power distribution companies",
                    True,
                )
            ],
        ),
        # "according to X" with no comma before the clause it sources.
        (
            "Prices rose, and according to The Wall Street Journal some bakers have begun shrinking loaves.",
            [("wsj", "", False)],
        ),
        # "CNN affiliate WSB" is WSB.
        ("A witness told CNN affiliate WSB that the roof fell.", [("?WSB", "A witness", True)]),
        # "who studies ... at X", before or after the verb: X is the person's organisation.
        (
            "Lena Fischer, who studies glaciers at the University of Innsbruck, said the ice was "
            'thinning. "It is a trap," said Tomas Lind, who teaches engineering at the Royal '
            "Institute of Technology.",
            [
                ("?University of Innsbruck", "Lena Fischer", False),
                ("?Royal Institute of Technology", "Tomas Lind", False),
            ],
        ),
        # A report inside "whether" is no report.
        ("The regulator is checking whether Acme Corp reported the leak on time.", []),
        # ", which said" after an organisation's name.
        (
            "The bridge is run by the Harbour Bridge Authority, which said it would reopen on Friday.",
            [("?Harbour Bridge Authority", "", False)],
        ),
        # "The festival's promoter, X," describes an organisation; "Productions" names one.
        (
            "The festival's promoter, Sunwave Productions, said ticket sales had stopped.",
            [("?Sunwave Productions", "", False)],
        ),
        # "Costa Rican" is a nationality, not an organisation.
        ("The Costa Rican singer, who performs as Luz, said on Instagram that she was sad.", []),
        # A county's body; "A spokeswoman for the agency, X,"; "the cooperative".
        (
            "Pinellas County Utilities said the water was safe. The Florida Geological Survey said the "
            "hole was growing. A spokeswoman for the agency, Dana Hill, said more geologists were "
            "coming. Sunrise Dairy Cooperative said milk prices fell. The cooperative said farmers "
            "would be paid.",
            [
                ("?Pinellas County Utilities", "", False),
                ("?Florida Geological Survey", "", False),
                ("?Florida Geological Survey", "Dana Hill", False),
                ("?Sunrise Dairy Cooperative", "", False),
                ("?Sunrise Dairy Cooperative", "", False),
            ],
        ),
        # A capitalised "Now" ends a name, not a clause; "Its co-founder, X,".
        (
            "The campaign group Clean Rivers Now said the fine was too low. Its co-founder, Amara "
            "Diallo, said it would appeal.",
            [("?Clean Rivers Now", "", False), ("?Clean Rivers Now", "Amara Diallo", False)],
        ),
        # A body named by a list of portfolios is one name.
        (
            "Quotas fell. Canada's Department of Fisheries, Oceans and Coast Guard said the cod stock "
            "was low.",
            [("?Canada's Department of Fisheries, Oceans and Coast Guard", "", False)],
        ),
        # "A Service spokesperson": a member of the organisation its capitalised short form names.
        (
            "The Kenya Wildlife Service said it had counted more elephants. A Service spokesperson, "
            "Ruth Njeri, said poaching was down.",
            [("?Kenya Wildlife Service", "", False), ("?Kenya Wildlife Service", "Ruth Njeri", False)],
        ),
        # 'called the plan "..."' reports; "Guild" names an organisation.
        (
            'The Welsh Farmers\' Guild called the plan "a betrayal of the uplands." Its president, '
            "Gareth Owen, said members would protest.",
            [("?Welsh Farmers' Guild", "", False), ("?Welsh Farmers' Guild", "Gareth Owen", False)],
        ),
        # A programme's name after an outlet's possessive is no person: the role stays unnamed.
        (
            "Rain fell. Wales's rural affairs secretary told BBC Wales's Good Evening Wales programme "
            "that help was coming.",
            [("bbc", "Wales's rural affairs secretary", True)],
        ),
        # An acronym, or a short form given in brackets, is the organisation named in full before.
        (
            "Shares fell after a warning letter from the US Consumer Product Safety Commission. The "
            "CPSC said the heaters could overheat. Northern Rail Partners (NRP) said trains were late. "
            "NRP said it would add carriages on Monday.",
            [
                ("?US Consumer Product Safety Commission", "", False),
                ("?Northern Rail Partners", "", False),
                ("?Northern Rail Partners", "", False),
            ],
        ),
        # A full name after "Corp." opens a sentence.
        (
            "Prices rose at Acme Corp. Jan Kowalski, an analyst at Polska Bank, said the deal was off.",
            [("?Polska Bank", "Jan Kowalski", False)],
        ),
        # "set up by ..." is an appositive; "nan" joins a Gaelic name.
        (
            "The Harbour Traders Group, set up by shopkeepers in 2019, said sales had halved. "
            "Comhairle nan Eilean Siar said the road was shut.",
            [("?Harbour Traders Group", "", False), ("?Comhairle nan Eilean Siar", "", False)],
        ),
        # "the park"; "Greenpeace campaigner X".
        (
            "Sea World said the dolphin was sick. The animal drowned in August, the park said. "
            "Greenpeace campaigner Ana Ruiz said the nets killed dolphins.",
            [
                ("?Sea World", "", False),
                ("?Sea World", "", False),
                ("?Greenpeace", "Greenpeace campaigner Ana Ruiz", False),
            ],
        ),
        # "told a Senate committee" is a hearing, not an outlet; "welcomed the decision" reports.
        (
            "The Harbour Trust said the pier was safe. The trust's chief executive, Ian Moss, told a "
            "Senate committee that repairs would cost more. The White House welcomed the decision.",
            [
                ("?Harbour Trust", "", False),
                ("?Harbour Trust", "Ian Moss", False),
                ("white-house", "", False),
            ],
        ),
        # A quotation left open at a paragraph's end runs on into the next paragraph's.
        (
            "Dr Ana Silva, a physicist at the University of Porto, said the risk was rising.\n\n"
            '"We got lucky this time," she said. "Next time it could be a school.\n\n'
            '"There is no reason to wait."',
            [("?University of Porto", "Dr Ana Silva", False)] * 4,
        ),
        # "a researcher who studies ... at X"; "who chairs the board".
        (
            "Prices fell. Carla Ruiz, a researcher who studies water rights at the University of "
            "Chile, said the dispute was old. The Harbour Board said it would review the rule. Ann "
            "Cole, who chairs the board, said a hearing was planned.",
            [
                ("?University of Chile", "Carla Ruiz", False),
                ("?Harbour Board", "", False),
                ("?Harbour Board", "Ann Cole", False),
            ],
        ),
        # A society's portfolio list; a name said the other way round; "rejected".
        (
            "The National Society of Mining, Petroleum and Energy said output fell. Chile's Ministry "
            "of Energy and Mines said it had sent mediators. The Energy and Mines Ministry later said "
            "talks had failed. The Harbour Authority rejected the union's claims.",
            [
                ("?National Society of Mining, Petroleum and Energy", "", False),
                ("?Chile's Ministry of Energy and Mines", "", False),
                ("?Chile's Ministry of Energy and Mines", "", False),
                ("?Harbour Authority", "", False),
            ],
        ),
        # A described body ("the consumer agency") is the organisation named with its words,
        # however far back.
        (
            "Japan's Consumer Affairs Agency said it had opened an inquiry. Sales fell. Shares fell. "
            "Stores emptied. Prices rose. Buyers waited. The consumer agency said it would report in March.",
            [
                ("?Japan's Consumer Affairs Agency", "", False),
                ("?Japan's Consumer Affairs Agency", "", False),
            ],
        ),
        # "they" after an unnamed group in the same sentence is that group.
        (
            "Acme Wind spokeswoman Tricia Ambler said it complied. The families' lawyers presented "
            "readings, which they said showed loud noise.",
            [("?Acme Wind", "Acme Wind spokeswoman Tricia Ambler", False)],
        ),
        # "parts of X" and "Conservationists" (capitalised as the first word) are no organisations;
        # nor is "Wall Street".
        (
            "Residents of Riverside, Hilltop and parts of Oakmere said the power failed for hours. "
            "Conservationists say the birds are rare. Wall Street broadly welcomed the decision.",
            [],
        ),
        # A party's "critic"; "X's vice-chancellor".
        (
            "The Manitoba NDP's health critic, Uzoma Asagwara, said wait times had doubled. Fees rose. "
            "Harrowgate's vice-chancellor, Prof Ann Lee, said cuts were needed.",
            [("?Manitoba NDP", "Uzoma Asagwara", False), ("?Harrowgate", "Prof Ann Lee", False)],
        ),
        # A hyphenated title before a name: "KRA Comptroller-General X".
        (
            "The Kenya Revenue Authority (KRA) said goods were seized. KRA Comptroller-General Amos "
            "Wako told journalists that the haul was big.",
            [
                ("?Kenya Revenue Authority", "", False),
                ("?Kenya Revenue Authority", "KRA Comptroller-General Amos Wako", False),
            ],
        ),
        # "has described X as Y" reports; "Journal Sentinel" is not "the Journal".
        (
            "The World Health Organization has described the outbreak as a grave threat. The Journal "
            "Sentinel reported that the mayor resigned.",
            [("?World Health Organization", "", False), ("?Journal Sentinel", "", False)],
        ),
        # Documents are no speakers, and the comma after a relay closes the description before it.
        (
            "Prices rose. The Daily Trust, a newspaper, citing court documents, reported that the firm "
            "was linked.",
            [("?Daily Trust", "", False)],
        ),
        # Only a firm has analysts: "Raymond James analyst X", whatever the firm's name looks like.
        (
            "Prices rose. Raymond James analyst Priya Doshi said the cut was big. "
            '"That is a lot," Doshi said.',
            [("?Raymond James", "Raymond James analyst Priya Doshi", False)] * 2,
        ),
        # "the company" is the organisation whose name says it is one, and not one named in its
        # own appositive; "Tasmania Police" in between is no company.
        (
            "Huon Rock Lobster Pty Ltd owns the trawler. Tasmania Police said the "
            "crew was safe. In a statement, the company said it was relieved.",
            [("?Tasmania Police", "", False), ("?Huon Rock Lobster Pty Ltd", "", False)],
        ),
        (
            "Minera Sur halted the mine on Monday. The company, a unit of Andes Pacific Copper Ltd, "
            "said output would fall.",
            [("?Minera Sur", "", False)],
        ),
        # "convener of X"; "accused" reports; a friend is a person.
        (
            "Ramesh Gurjar, convener of the Rajasthan Youth Federation, which called the protest, said "
            "the exam was unfair. The Congress Party accused the government of a cover-up. The "
            "Examiner, citing a family friend, reported that the crew member was young.",
            [
                ("?Rajasthan Youth Federation", "Ramesh Gurjar", False),
                ("?Congress Party", "", False),
                ("?Examiner", "a family friend", True),
            ],
        ),
        # "The Ahmedabad-based press, X,"; a region's ministry; a nationality's ministry.
        (
            "The Ahmedabad-based press, Shree Ganesh Offset, said in a statement that staff were "
            "suspended. Lower Saxony's Agriculture Ministry said farmers would be paid. The Dutch "
            "agriculture ministry said it had ordered culls.",
            [
                ("?Shree Ganesh Offset", "", False),
                ("?Lower Saxony's Agriculture Ministry", "", False),
                ("?Dutch agriculture ministry", "", False),
            ],
        ),
        # "the district" is only ever a district named before, however far back.
        (
            "The Brookline School District approved the plan. Parents were split. Buses will run. "
            "Teachers agreed. Meals stay. Fees rose. The district said it would hold meetings.",
            [("?Brookline School District", "", False)],
        ),
        # A long complement after a person; "Business rescue practitioner X" is a person; "en".
        (
            "An engineer at one of the data centres already operating in the region, who asked not to "
            "be named, told AFP that water use varied. Business rescue practitioner Thandi Mahlangu "
            "told News24 the plan depended on a bailout. Ecologistas en Acci\u00f3n, which joined the "
            'complaint, called the permits "a transfer of public water".',
            [
                ("?AFP", "An engineer at one of the data centres already operating in the region", True),
                ("?News24", "Business rescue practitioner Thandi Mahlangu", False),
                ("?Ecologistas en Acci\u00f3n", "", False),
            ],
        ),
        # "President and CEO X": one title, and "X" said again is the same person.
        (
            'Prices fell. NBSO President and CEO Margaret Linde said the orchestra had run deficits. "We '
            'love these musicians," Linde said.',
            [("?NBSO", "NBSO President and CEO Margaret Linde", False)] * 2,
        ),
        # "the union" is the one named as a federation or a local, even if it has not spoken;
        # "a cellist who chairs the union's negotiating committee" is its member.
        (
            "About 60 players, represented by Local 9 of the American Federation of Musicians, walked "
            "out. Tomas Reyes, a cellist who chairs the union's negotiating committee, said pay was low.",
            [("?Local 9 of the American Federation of Musicians", "Tomas Reyes", False)],
        ),
        # "the orchestra" is no "League of American Orchestras"; "the utility" is the water company.
        (
            "The Harbour Symphony Orchestra cancelled concerts. Pay rose 11%, according to the League "
            "of American Orchestras. Refunds will follow, the orchestra said. Severn Vale Water "
            "confirmed the stoppage. Surfers Against Sewage said the river was dirty. The utility said "
            "it would update customers.",
            [
                ("?League of American Orchestras", "", False),
                ("?Harbour Symphony Orchestra", "", False),
                ("?Severn Vale Water", "", False),
                ("?Surfers Against Sewage", "", False),
                ("?Severn Vale Water", "", False),
            ],
        ),
        # A longer description before "at X"; a place after "near X,".
        (
            "Dr Ana Cole, a senior lecturer in geotechnical engineering at the University of Bristol, "
            'said the ground was soft. "The tractor stopped," Kyle Brandvold, who farms 4,000 acres '
            "near Grafton, North Dakota, told The Associated Press.",
            [
                ("?University of Bristol", "Dr Ana Cole", False),
                ("?Associated Press", "Kyle Brandvold", False),
            ],
        ),
        # A name described as "a ... group" is an organisation, the one "the group" means, even
        # with a title-like word in it ("Justice").
        (
            "Prices rose. In 2022, Animal Justice Now, a California-based animal rights group, sued the "
            "City of Spokane. The group has said the yard was too small. The group's campaign director, "
            "Marcy Okafor, said she was happy.",
            [("?Animal Justice Now", "", False), ("?Animal Justice Now", "Marcy Okafor", False)],
        ),
        # '"...," zoo director X said': the zoo named before; an organisation "forecast".
        (
            'The elephants left Riverfront Zoo at dawn. "It is a bittersweet morning," zoo director '
            "Lauren Michaels said in a statement. The National Weather Service forecast snow showers "
            "over the pass on Tuesday.",
            [
                ("?Riverfront Zoo", "zoo director Lauren Michaels", False),
                ("?National Weather Service", "", False),
            ],
        ),
        # "X, senior economist at Y,"; a bracketed short form of two words.
        (
            "Prices rose. Hiroko Sato, senior economist at the Japan Research Institute, said rice was "
            "dear. The National Federation of Agricultural Cooperative Associations (JA Zen-Noh) said it "
            "had paid farmers more.",
            [
                ("?Japan Research Institute", "Hiroko Sato", False),
                ("?National Federation of Agricultural Cooperative Associations", "", False),
            ],
        ),
        # "Health NZ" is "Health New Zealand"; "NZNO Otago" (a branch) is the NZNO.
        (
            "Health New Zealand approved the plan. Health NZ said work would continue. The New Zealand "
            "Nurses Organisation said wards were full. NZNO Otago delegate Karen Ashby said nurses were "
            "tired.",
            [
                ("?Health New Zealand", "", False),
                ("?New Zealand Nurses Organisation", "", False),
                ("?New Zealand Nurses Organisation", "NZNO Otago delegate Karen Ashby", False),
            ],
        ),
        # "the energy ministry" is the ministry named in full, even after it.
        (
            "Indonesia will delay the blend, the energy ministry said on Tuesday. The Ministry of Energy "
            "and Mineral Resources said in a statement that it would start in 2028.",
            [("?Ministry of Energy and Mineral Resources", "", False)] * 2,
        ),
        # "The court-appointed receiver, X,"; "the receiver"; "a partner at Toronto law firm X LLP
        # who ..."; and "the company" is the cruise line.
        (
            "The court-appointed receiver, Harcourt Advisory Inc., said work had stopped. The receiver "
            "said deposits were safe. Mark Feldman, a partner at Toronto law firm Goldblatt Shaw LLP who "
            "represents buyers, said they would ask the court for a say.",
            [
                ("?Harcourt Advisory Inc.", "", False),
                ("?Harcourt Advisory Inc.", "", False),
                ("?Goldblatt Shaw LLP", "Mark Feldman", False),
            ],
        ),
        (
            "Meridian Cruise Line cut the trip short, the AP reports. In a statement, the company said "
            "it had stepped up cleaning.",
            [("?AP", "", False), ("?Meridian Cruise Line", "", False)],
        ),
        # An appositive with a list inside it; "the coalition"; "the platform's policy director".
        (
            "The NGO Shipbreaking Platform, a Brussels-based coalition of environmental, human rights and "
            "labor groups, said 247 ships were broken up. At least 18 workers died, the coalition said. "
            '"Every ship had an owner," said Farida Akhter, the platform\'s policy director.',
            [("?NGO Shipbreaking Platform", "", False)] * 2
            + [("?NGO Shipbreaking Platform", "Farida Akhter", False)],
        ),
        # "the council" is the Council on Ethics named three sentences back, not the fund nearer.
        (
            "The fund sold its stake after the Council on Ethics found problems. Norges Bank Investment "
            "Management said on Tuesday that it had sold. The stake was worth $100 million. In its "
            "recommendation, the council said the company knew the risks.",
            [("?Norges Bank Investment Management", "", False), ("?Council on Ethics", "", False)],
        ),
        # A relative clause with clauses of its own is no part of the speaker.
        (
            "A 67-year-old retiree who lost $48,000 after downloading what she thought was a delivery app "
            "told CNN she had been shut out.",
            [("cnn", "A 67-year-old retiree", True)],
        ),
        # "Transit" ends a company's name; "a spokesman for that district" after "X, a district
        # served by ...,".
        (
            "The contractor, Buckeye Student Transit, said it has 14 vacancies. WTOL 11 reported that "
            "Anthony Wayne Local Schools, a neighboring district served by the same contractor, had been "
            "told to expect cuts. A spokesman for that district said it had not received any notice.",
            [
                ("?Buckeye Student Transit", "", False),
                ("?WTOL 11", "", False),
                ("?Anthony Wayne Local Schools", "A spokesman for that district", True),
            ],
        ),
        # "the Sentinel" is the Orlando Sentinel; a contrast ends a clause, and a relay between a
        # subject and its verb is that subject's.
        (
            "The coaster stopped, the Orlando Sentinel reported. Ken Martin told the Sentinel that riders "
            "should be reached. The New York Times reported in 2023 that riders were trapped at a fair, "
            "while TMZ, citing a park employee, reported Saturday that the ride had been shut twice.",
            [
                ("?Orlando Sentinel", "", False),
                ("?Orlando Sentinel", "Ken Martin", False),
                ("?New York Times", "", False),
                ("?TMZ", "a park employee", True),
            ],
        ),
        # A contraction after "May." opens a sentence; "Sen. X, R-Mont.,"; "a statement sent to AFP".
        (
            "Dale Smith told CNN that a grizzly killed three calves in May. \"I'm not asking anybody to "
            'kill every bear," he said. Sen. Dale Kittredge, R-Mont., told the BBC on Sunday that the '
            "relocations were a waste. Sava Aromatiques said in a statement sent to AFP that it had "
            "suspended the two men.",
            [
                ("cnn", "Dale Smith", False),
                ("cnn", "Dale Smith", False),
                ("bbc", "Sen. Dale Kittredge", False),
                ("?AFP", "Sava Aromatiques", True),
            ],
        ),
        # A word alone that the article also writes in lowercase is no surname: "Beyond Vanilla"
        # and "Northfell Water" stay organisations; ", a Paris-based NGO that ...," says so too.
        (
            "Vanilla is the second-biggest export, and natural vanilla sells well. Beyond Vanilla, a "
            "Paris-based NGO that works with grower cooperatives, welcomed the deployment. "
            "Windermere: Water firm fined. In a statement, Northfell Water said it apologised to the "
            "people who use the water.",
            [("?Beyond Vanilla", "", False), ("?Northfell Water", "", False)],
        ),
        # An officer's title with no organisation is the one in focus's officer ("chief operating
        # officer", "City spokeswoman" after the city), but a "campaign spokesperson" is not a
        # pollster's; a sentence may open with its own channel ("In a video posted ...").
        (
            'Aster Rotor said in a statement that it had paused flights. "Safety comes first," chief '
            "operating officer Lars Eide said in the statement. The city of Tulsa said its network was "
            "down. City spokeswoman Michelle Brooks said the attack was detected early. Emerson College "
            'said Smith led by four points. "Polls don\'t vote," campaign spokesperson Amir Patel said. '
            "Northfell Water said it was sorry. Its chief executive, Martin Oduya, told CNN he was "
            "sorry. In a video posted on the company's website, Oduya said the board would give up its "
            "bonus.",
            [
                ("?Aster Rotor", "", False),
                ("?Aster Rotor", "chief operating officer Lars Eide", False),
                ("?Tulsa", "", False),
                ("?Tulsa", "City spokeswoman Michelle Brooks", False),
                ("?Emerson College", "", False),
                ("?Northfell Water", "", False),
                ("cnn", "Martin Oduya", False),
                ("?Northfell Water", "Martin Oduya", False),
            ],
        ),
        # "Russian defence ministry spokesman X": modifiers between the first word and the body's
        # noun; but "A senior ministry official" says how senior, not which body.
        (
            "Prices rose. Russian defence ministry spokesman Oleg Vetrov told a briefing that drones "
            "were downed. He said more would follow. A senior ministry official said talks would go on.",
            [("?Russian defence ministry", "Russian defence ministry spokesman Oleg Vetrov", False)] * 2,
        ),
        # "the headquarters" is the body whose part was called so; "the coast guard" the last words
        # of a name; "according to coast guard data" its own count. "The headquarters" with none
        # named is nobody.
        (
            "The Japan Coast Guard's Kushiro regional headquarters said a ship had run aground. Oil was "
            "seen near the bow, the headquarters said. The crew is safe, the coast guard said. It is the "
            "third this year, according to coast guard data.",
            [("?Japan Coast Guard", "", False)] * 4,
        ),
        ("Roads were shut overnight. The headquarters said the roads would reopen.", []),
        # "according to company data" is the company's; "government data" names no body.
        (
            "Ostrava Steel AG said output fell. Exports rose 4%, according to company data. Imports "
            "fell, according to government data.",
            [("?Ostrava Steel AG", "", False)] * 2,
        ),
        # "figures from X quoted by Y": Y reports them; whom a letter was sent to is no speaker.
        (
            "Sales rose 30%, according to figures from Circana quoted by the BBC. Fares will rise, "
            "according to a letter to passengers seen by CNN.",
            [("bbc", "", False), ("cnn", "", False)],
        ),
        # "One of them said" is one of those "they" would mean; with no speaker before, nobody.
        (
            "Two nurses told the BBC on condition of anonymity that wards were full. One of them said "
            "staff were leaving. Police arrested five men. One of them told reporters he was innocent.",
            [("bbc", "Two nurses", True)] * 2,
        ),
        # "the museum" after a museum named with "für"; a sentence's opening "But" is no part of a
        # name that "the foundation" refers to.
        (
            "The Museum für Volkskunde in Hamburg said the mask was stolen in 1994. The museum said it "
            "would ask for its return.",
            [("?Museum für Volkskunde", "", False)] * 2,
        ),
        (
            "But the Stiftung Kunstschutz, a private foundation, argued in a statement that the sale was "
            "legal. A spokeswoman for the foundation said it would appeal.",
            [
                ("?Stiftung Kunstschutz", "", False),
                ("?Stiftung Kunstschutz", "A spokeswoman for the foundation", True),
            ],
        ),
        # ", X said." at the end of a sentence is the whole sentence's, the clause before included.
        (
            "Measurements showed that the spill had reached the river, the Danube Water Authority said "
            "on Monday.",
            [("?Danube Water Authority", "", False)],
        ),
        # A body of federations is "the federation"; a league of orchestras is no orchestra.
        (
            "The Korea Association of Skating Federations said the event would go ahead. Tickets sold "
            "out, the federation said.",
            [("?Korea Association of Skating Federations", "", False)] * 2,
        ),
        (
            "The League of European Orchestras said the tour was cancelled. The orchestra said it was sorry.",
            [("?League of European Orchestras", "", False)],
        ),
        # ", and X noted that": a second main clause, not part of the first one's reported clause.
        (
            "Harbor Power said that the plant would close, and the Grid Safety Board noted that supplies "
            "were secure.",
            [("?Harbor Power", "", False), ("?Grid Safety Board", "", False)],
        ),
        # "Transport" after "the Department of Transport" is that department.
        (
            "The audit found that the Department of Transport had overspent. Transport said it accepted "
            "the findings. A Transport spokesperson said costs were under control.",
            [
                ("?Department of Transport", "", False),
                ("?Department of Transport", "A Transport spokesperson", True),
            ],
        ),
        # "the group" is the body that spoke just before, not one described as a group further back,
        # unless the one that spoke is a body of another kind.
        (
            "The Civic Rights Forum, a campaign group, opposed the bill. Fares rose. Roads closed. Trains "
            "ran late. Greenlight Alliance said it would sue. The group said the law was unconstitutional.",
            [("?Greenlight Alliance", "", False)] * 2,
        ),
        (
            "The Civic Rights Forum, a campaign group, opposed the bill. Fares rose. Roads closed. Trains "
            "ran late. The Interior Ministry said the bill was needed. The group said the law was "
            "unconstitutional.",
            [("?Interior Ministry", "", False), ("?Civic Rights Forum", "", False)],
        ),
        # "Its <description>, <Name>,": a member of what "it" is, whatever the description's noun.
        (
            "The Ocean Trust said the ban was overdue. Its fisheries campaign lead, Nadia Brook, told "
            "reporters the fleet must shrink.",
            [("?Ocean Trust", "", False), ("?Ocean Trust", "Nadia Brook", False)],
        ),
        # An organisation citing studies makes its case; a person with no organisation names no source.
        (
            "The Lakeside Water Board said fluoride was safe. The board cited studies from Finland showing "
            "fewer cavities.",
            [("?Lakeside Water Board", "", False)] * 2,
        ),
        ("Dr Anna Rivera, a dentist, cited research from Finland.", []),
    ],
)
def test_members_anaphors_and_relays_found_by_general_rules(text, expected):
    got = [(a.source or "?" + a.source_name, a.speaker, a.anonymous) for a in attributions(text)]
    assert got == expected


def test_told_the_publisher_however_it_writes_its_name():
    text = (
        "Experts blame wild birds. Anja Kuehne, a virologist at the FLI, told dpa that the virus had spread."
    )
    got = [(a.source_name, a.speaker) for a in attributions(text, publisher="dpa")]
    assert got == [("dpa", "Anja Kuehne")]
