"""Article intake: turn a news article into proposed citations.

Pure functions only. Nothing in this module touches Django or the database, so it imports
and runs without settings. The API, the admin's "Import an article" page and the
``import_article`` management command pass it the article text and the known sources, and
get back an :class:`Intake`.

This is a careful rule-based extractor, with no statistical model and nothing downloaded at
run time. In outline:

1. The text is split into sentences, keeping character offsets. Abbreviations, initials,
   decimals, quotes that end sentences, bullets and hard-wrapped lines are handled.
2. Each paragraph's quotations are found, and inside each sentence they are masked, so
   reporting verbs in quoted speech are never read as attributions.
3. A first pass registers the people and organisations the article names. Evidence for a
   person: a title or role word before the name, a common first name, an age or ", who"
   after it. Evidence for an organisation: a known source, an organisation suffix, "Bank of
   X", an acronym, "the" before a proper name, ", which" after it, or a role noun after it
   ("Entergy spokesperson"). A description before a name ("cybersecurity firm X",
   "Portuguese sports daily X") is not another organisation, and a part of an organisation
   ("the WHO's Europe office") speaks for the organisation.
4. Each sentence is searched for attribution frames: a reporting verb with its subject
   ("X said", "X told S", "said X"), "according to", "per", "reported by", channels ("in an
   interview with S", "speaking to S", "appeared on S"), and relays ("citing T", "quoting
   T"). Each frame is resolved to a source, a speaker and an anonymity flag. Pronouns,
   surnames, "the company", "the Portuguese club", "the outlet" and similar follow-ups are
   resolved against the same or the previous sentences; a capitalised "the Bank" against
   the last name with that word ("Bank of England"), and "the police" or "the museum"
   only against a name with that word, however far back. A surname follow-up keeps its
   antecedent's source, as a pronoun does, unless it names a channel of its own. A verb
   sharing the sentence's subject ("X cut rates but said ...") and "with Chair P saying"
   take the sentence's subject. "Citing officials at ORG" makes those people the speaker.
5. A sentence that only continues an attributed quotation takes that quotation's
   attribution.

An attribution needs a named source: an organisation or outlet named in the sentence (known
or not), a known source of any kind, or one carried over from an antecedent. Unnamed
attributions ("analysts believe", "officials said", "shipping agents said", "according to US
sources") and people who speak for no organisation are skipped entirely, because nothing
names their source.

Conventions
-----------
- Source: when someone speaks *to* an outlet ("told CNN's State of the Union", "in an
  interview with the BBC", "confirmed to Reuters"), the outlet is the source. When an
  organisation speaks publicly, itself or through a member ("the Pentagon said", "Kremlin
  spokesman Dmitry Peskov said", "a spokesperson for the City of Tacoma said"), the
  organisation is.
- speaker: the subject noun phrase as written, without leading conjunctions or adverbs and
  without comma-separated appositives ("His attorney, Carl Benning, told" -> "Carl
  Benning"). It is "" when the organisation speaks for itself. A pronoun takes its
  antecedent's speaker; a surname takes the speaker of that person's last attribution, or
  the surname as written.
- anonymous: the speaker is not empty and names no person (an organisation speaking to an
  outlet, "The auction house, Ashford & Lam, said in a statement to the Guardian", is an
  anonymous speaker).
- quote: the quoted words. When a short quoted fragment sits inside a reported clause
  ('that a "relatively small" number ...'), the whole clause is used instead.
- Names match known sources with case, punctuation, a leading "the" and a possessive "'s"
  ignored. A match must start where a capitalised name starts, so the "Times" in "Financial
  Times" is not "the Times", and "BBC Radio 4" is the BBC. A single lowercase word never
  matches an alias, unless the alias itself is lowercase ("a medical journal" is not "the
  Journal").
"""

from __future__ import annotations

import bisect
import datetime
import html as html_module
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "MAX_INPUT_CHARS",
    "SOURCE_KINDS",
    "Attribution",
    "Intake",
    "KnownSource",
    "extract",
    "html_to_text",
    "normalize_name",
]

MAX_INPUT_CHARS = 100_000
SOURCE_KINDS = ("outlet", "research", "government", "military", "ngo", "individual", "other")

# When true, an unexpected error while analysing one sentence propagates; otherwise that
# sentence is skipped. Tests switch it on to surface bugs; in production the extractor must
# never fail on any text.
STRICT = False


# --------------------------------------------------------------------------------------
# Public data classes
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownSource:
    slug: str
    names: tuple[str, ...]  # the source's name followed by its aliases
    kind: str  # one of SOURCE_KINDS


@dataclass(frozen=True)
class Attribution:
    sentence: str
    start: int
    end: int
    source: str | None
    source_name: str
    speaker: str
    anonymous: bool
    quote: str
    relies_on: str | None
    relies_on_name: str | None
    published_on: datetime.date | None
    date_hint: str | None

    def as_dict(self) -> dict:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "source_name": self.source_name,
            "speaker": self.speaker,
            "anonymous": self.anonymous,
            "quote": self.quote,
            "relies_on": self.relies_on,
            "relies_on_name": self.relies_on_name,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "date_hint": self.date_hint,
        }


@dataclass(frozen=True)
class Intake:
    text: str
    attributions: tuple[Attribution, ...]
    unknown_sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "attributions": [a.as_dict() for a in self.attributions],
            "unknown_sources": list(self.unknown_sources),
        }


# --------------------------------------------------------------------------------------
# Word lists (all lowercase)
# --------------------------------------------------------------------------------------


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Last words that make a capitalised run an organisation.
ORG_SUFFIXES = _words(
    """
    news times post journal press herald tribune gazette telegraph guardian independent observer
    chronicle examiner inquirer courier mail express star standard mirror review magazine monitor
    sentinel bulletin dispatch ledger enquirer advertiser argus clarion courant statesman gleaner
    insider wire daily weekly radio tv television broadcasting network channel media agency agencies
    institute institution ministry department dept council service services office bureau
    productions producciones guild
    commission committee authority administration center centre centers centres foundation fund
    trust association federation union league party parliament congress senate assembly court
    tribunal police army navy force forces guard command staff corps university college school
    academy hospital clinic bank group holdings inc corp corporation co company companies ltd llc
    plc gmbh partners capital securities research analytics associates consulting labs
    laboratories technologies systems airlines airways motors pharmaceuticals watch international
    coalition alliance organization organisation board society observatory programme program
    initiative pac unit brigade battalion regiment directorate secretariat cabinet government
    kremlin pentagon exchange reserve survey museum museums gallery library embassy consulate
    orchestra zoo theatre theater transit logistics railways utilities
    industries schools
    """
)
# Company forms that are organisation suffixes only in capitals ("Siemens AG", not "Paulo Sa").
CORPORATE_CAPS = frozenset("SA AG NV SE SPA SpA BV AB ASA".split())
# Organisation suffixes that name an outlet, the kind of thing one speaks *to*.
MEDIA_SUFFIXES = _words(
    """
    news times post journal press herald tribune gazette telegraph guardian independent observer
    chronicle examiner inquirer courier mail express star standard mirror review magazine monitor
    sentinel bulletin dispatch ledger enquirer advertiser argus clarion courant statesman gleaner
    insider wire daily weekly radio tv television broadcasting network channel media agency today
    report fm
    """
)
# Organisations that are not outlets even when someone "told" them.
NOT_OUTLET_SUFFIXES = _words(
    """
    committee council court tribunal department ministry commission parliament congress senate
    assembly board house cabinet government police
    """
)
# "Council" and its kin, tried after a lowercase modifier before a role noun:
# "national security spokesperson" -> "National Security Council".
ALIAS_SUFFIX_EXPANSIONS = (
    "council",
    "department",
    "office",
    "agency",
    "ministry",
    "service",
    "institute",
    "commission",
    "committee",
    "command",
    "bureau",
    "center",
    "centre",
)
ORG_PREFIXES_OF = _words(
    "city town county state port bank university ministry department office institute council "
    "court republic government board school college museum church diocese province region"
)
# First words of organisations' names in other languages ("Universidad Mayor de San Andrés",
# "Banco Central de Bolivia", "Cour des comptes"), accents folded.
FOREIGN_ORG_HEADS = _words(
    """
    universidad universidade universite universita universitat banco banque banca ministerio
    ministere ministero ministerium instituto institut istituto fundacion fundacao fondation
    fondazione stiftung asociacion associacao associazione comision commissione corte cour
    conseil consejo conselho consiglio agencia agence agenzia partido parti partito sindicato
    syndicat confederacion confederation federacion federation gobierno gouvernement governo
    hopital hospital ospedale policia polizia polizei compagnie compania companhia grupo groupe
    gruppo empresa caisse caja cassa tribunale tribunal oficina office ufficio procuraduria
    procura fiscalia parquet bundesamt bundesanstalt bundesministerium verband landesamt
    """
)
DOC_NOUNS = _words(
    """
    report reports reporting statement statements data figures analysis assessment assessments
    survey surveys poll polls study studies filing filings update updates estimate estimates
    tally count release bulletin advisory forecast forecasts note notes memo document documents
    records research findings review audit website post tweet letter notice announcement briefing
    map maps tracker database investigation projections calculations numbers model models
    decision ruling directive directives decree circular guidance measurements readings observations
    statistics imagery transcript transcripts tallies analyses
    """
)
# Nouns for people. With one of them, a noun phrase is a speaker, not an organisation.
PERSON_NOUNS = _words(
    """
    mother father wife husband widow widower son daughter grandmother grandfather sister brother
    grower loader
    official officials source sources spokesperson spokesman spokeswoman spokespeople
    spokespersons analyst analysts expert experts executive executives ceo cfo coo cto president
    vice director directors chairman chairwoman chair head leader leaders commander commanders
    officer officers soldier soldiers troops fighters militants militant employee employees
    staffer staffers worker workers researcher researchers scientist scientists economist
    economists strategist strategists lawyer lawyers attorney attorneys adviser advisers advisor
    advisors aide aides people person member members engineer engineers representative
    representatives negotiator negotiators diplomat diplomats minister ministers secretary
    governor mayor senator senators lawmaker lawmakers legislator legislators manager managers
    founder cofounder coowner fellow fellows partner partners investor investors trader traders
    broker brokers dealers agent agents policymaker policymakers forecaster forecasters meteorologist
    meteorologists correspondent correspondents reporter reporters editor editors journalist
    journalists host anchor commentator commentators insider coordinator coordinators
    supervisor supervisors superintendent curator technician technicians paramedic paramedics
    surgeon surgeons physician physicians epidemiologist epidemiologists geologist geologists
    seismologist seismologists hydrologist hydrologists toxicologist ecotoxicologist
    statistician statisticians accountant accountants banker bankers miner miners driver
    drivers ranger rangers warden wardens trustee trustees clerk clerks
    insiders resident residents witness witnesses doctor doctors nurse nurses student students
    voter voters campaigner campaigners activist activists congresswoman congressman politician
    politicians candidate candidates judge judges prosecutor prosecutors investigator
    investigators inspector inspectors auditor auditors treasurer commissioner commissioners
    chancellor premier ambassador ambassadors envoy envoys general generals colonel captain
    sergeant admiral pilot pilots crew rescuers firefighters authorities observers critics
    supporters opponents scholar scholars professor professors historian historians consultant
    consultants owner owners farmer farmers teacher teachers coach player players victims
    survivors relatives neighbor neighbors neighbour neighbours colleagues deputy deputies
    whistleblower planners organizers organisers administrator administrators specialist
    specialists counsel solicitor barrister man woman men women someone anyone one two three four
    several some many others both all each commentator spokespeople staff chief boss
    creditor debtor shareholder stakeholder bystander passenger commuter herder villager
    fisherman fishermen landlord tenant tenants donor donors customer customers client clients
    patient patients parent parents advocate advocates organiser organizer critic critics
    friend friends convener convenor practitioner practitioners delegate delegates
    """
)
# Role nouns: a proper name right before one of them is an organisation ("Kremlin spokesman").
ORG_ROLES = _words(
    """
    spokesperson spokesman spokeswoman spokespeople official officials executive executives ceo
    cfo coo cto president chairman chairwoman chair director directors manager managers analyst
    analysts economist economists strategist strategists researcher researchers scientist
    scientists engineer engineers lawyer lawyers attorney attorneys employee employees staff
    staffer staffers officer officers commander commanders militants fighters member members
    leader leaders representative representatives source sources insider insiders investigator
    investigators correspondent correspondents reporter reporters editor editors journalist
    journalists host anchor forecaster forecasters meteorologist meteorologists founder owner
    adviser advisers advisor aide aides negotiator negotiators chief head boss deputy agent agents
    policymaker policymakers coowner cofounder fellow fellows coordinator coordinators supervisor
    supervisors superintendent curator technician technicians inspector inspectors campaigner
    campaigners critic comptroller vicechancellor provost dean rector convener convenor delegate
    """
)
# Roles that only an organisation has: "the chief executive" needs no "its" to be the one in focus
# (unlike "the president" or "the lawyer").
OFFICER_ROLES = _words(
    "executive ceo cfo coo cto chairman chairwoman chair founder cofounder spokesperson spokesman spokeswoman"
)
# The rest of an officer's title: "chief operating officer", "deputy managing director"
_OFFICER_TITLE_WORDS = _words(
    "chief operating financial technology technical officer managing director deputy vice"
)
# Titles whose modifier is a portfolio or a place, never an organisation ("Environment Secretary").
GOV_TITLES = _words(
    """
    secretary minister governor gov mayor senator sen rep ambassador envoy chancellor premier judge
    justice prosecutor commissioner sheriff king queen prince princess pope general gen lt col maj
    capt sgt adm admiral colonel major captain sergeant lieutenant dr mr mrs ms miss prof professor
    rev sir dame lord lady attorney treasurer auditor
    """
)
# Offices a place has, not an organisation: "Tasmania's Fisheries Minister"
_PLACE_OFFICE_TITLES = _words("minister governor mayor premier senator ambassador envoy")
# Ranks: unlike portfolio titles, the word before them is the service ("Cal Fire Capt.").
RANKS = _words(
    "general gen lt col maj capt sgt adm admiral colonel major captain sergeant lieutenant chief "
    "cmdr commander officer inspector detective"
)
# Words that, directly before a capitalised run, make it a person's name.
TITLES_BEFORE_NAME = (
    _words(
        """
        gov sen rep dr mr mrs ms miss prof gen lt col maj capt sgt adm president secretary minister
        mayor governor senator judge justice king queen prince princess pope sir dame lord lady
        chancellor premier ambassador commissioner sheriff democrat republican rev father cardinal
        bishop rabbi imam coach chief director executive host anchor correspondent reporter
        spokesperson spokesman spokeswoman analyst economist strategist founder lawyer attorney
        treasurer officer commander captain colonel general admiral sergeant lieutenant
        congresswoman congressman senator representative premier manager chairman chairwoman
        chair auditor adviser advisor aide envoy negotiator trustee inspector detective
        superintendent deputy chair
        """
    )
    | PERSON_NOUNS
)
# Multi-word titles kept together inside a capitalised run.
MULTIWORD_TITLES = (
    ("rear", "admiral"),
    ("rear", "adm"),
    ("vice", "admiral"),
    ("vice", "adm"),
    ("chief", "executive", "officer"),
    ("chief", "executive"),
    ("chief", "operating", "officer"),
    ("chief", "financial", "officer"),
    ("secretary", "of", "state"),
    ("attorney", "general"),
    ("prime", "minister"),
    ("press", "secretary"),
    ("foreign", "minister"),
    ("vice", "president"),
    ("secretary", "general"),
    ("secretary-general",),
    ("managing", "director"),
    ("executive", "director"),
    ("general", "manager"),
    ("general", "counsel"),
    ("executive", "vice", "president"),
    ("senior", "vice", "president"),
)
PRONOUNS = _words("he she they it we i you")
# "-ologist" needs only a short stem ("ecologist", "biologist"); the plural endings need a longer
# one so that short words ("hers", "ants") stay out.
_PERSON_NOUN_RE = re.compile(
    r"^(?:[a-z]{2,}ologists?|[a-z]{4,}(?:ists|ians|ers|ors|ants|ents|ician|icians))$"
)


def _role_before_of(words: Sequence[_Tok]) -> bool:
    """ "chief engineer", "vice-president of operations": a people noun ends the phrase or comes
    before its "of"."""
    if not words:
        return False
    k = next((i for i, t in enumerate(words) if t.low == "of" and i > 0), len(words))
    return _person_noun(words[k - 1].low)


def _person_noun(low: str) -> bool:
    """A word for people: listed, or shaped like one ("seismologists", "campaigners")."""
    if low in DOC_NOUNS or low in ("headquarters", "quarters"):
        return False  # "documents", "assessments" have the shape of a people noun
    if "-" in low and _person_noun(low.rsplit("-", 1)[1]):
        return True  # "vice-chancellor", "comptroller-general"
    return low in PERSON_NOUNS or low in MEMBER_ABBREVIATIONS or bool(_PERSON_NOUN_RE.match(low))


# "the company said", "the outlet reported": definite references to an organisation.
ORG_ANAPHORS = _words(
    """
    company firm agency department ministry office group outlet network newspaper paper
    broadcaster publication institute organization organisation bank regulator utility council
    commission committee campaign service watchdog union station website site magazine channel
    tank lender insurer airline carrier operator provider retailer maker manufacturer developer
    publisher consultancy center centre board administration government military army navy panel
    court tribunal body federation association league club team party authority foundation
    charity trust mission fund cooperative park zoo sanctuary receiver university hospital school
    cabinet bureau corporation conglomerate giant
    carmaker automaker chipmaker drugmaker planemaker shipbuilder exporter supplier refiner startup
    exchange chain directorate inspectorate secretariat alliance coalition consortium ngo
    """
)
# Organisation nouns that refer only to an organisation named with the same word ("the museum"
# after "the Lichtenau Museum", "the police" after "the Valais cantonal police"), however far
# back; with none named, they are generic ("the police said" names no source).
STRICT_ORG_ANAPHORS = _words(
    "police museum gallery library zoo sanctuary theatre theater orchestra embassy consulate force district"
    " airport headquarters"
    " platform"
)
# Words an anaphor may find in the name it stands for besides its own: "the force" is a police force.
_CORPORATE_NAME_WORDS = (
    *("inc", "corp", "ltd", "plc", "llc", "pty", "gmbh", "holdings", "limited"),
    *("line", "airlines", "airways", "cruises"),  # "Meridian Cruise Line"
)
# Words any organisation answers to ("the group said"), and words in a name that say it is
# a body of a kind those words do not refer to
_GENERIC_BODY_WORDS = _words("group organisation organization")
_NOT_GROUP_WORDS = _words(
    "government administration ministry department council office police agency authority court "
    "tribunal legislature parliament assembly commission committee bureau cabinet bank company "
    "corporation corp inc ltd plc university hospital school"
)
# Bodies whose members are bodies of their kind or people
_BODIES_OF_MEMBERS = _words(
    "federation confederation association union league alliance coalition council society"
)
_CORPORATE_ENDINGS = frozenset({"co", "cos"} | {c.lower() for c in CORPORATE_CAPS})
ANAPHOR_NAME_WORDS = {
    "force": ("force", "police", "constabulary"),
    "bank": ("bank", "banc"),
    # "the company" is the one whose name says it is a company: "Huon Rock Lobster Pty Ltd"
    "company": ("company", *_CORPORATE_NAME_WORDS),
    "firm": ("firm", *_CORPORATE_NAME_WORDS),
    # a union is often named a federation, a local or a brotherhood; a utility by what it supplies
    "union": ("union", "federation", "local", "brotherhood", "guild"),
    "utility": ("utility", "utilities", "water", "power", "electric", "energy", "gas"),
}
ORG_ANAPHORS = ORG_ANAPHORS | STRICT_ORG_ANAPHORS
OUTLET_ANAPHORS = _words(
    "outlet network newspaper paper broadcaster publication station website site magazine channel daily"
)
# Lowercase nouns that describe an outlet before its name: "Portuguese sports daily A Bola".
MEDIA_DESCRIPTORS = OUTLET_ANAPHORS | _words(
    "daily weekly tabloid agency broadcaster radio television tv programme program show podcast affiliate "
    "blog wire newsletter journal"
)
# Kinds of organisation, as written before a name: "oil major TotalEnergies", "firm Kestrel".
ORG_TYPE_NOUNS = ORG_ANAPHORS | MEDIA_DESCRIPTORS | _words("major house")  # "auction house"
# Heads of a description that an organisation's name then gives: "the farm's owner, Sunrise
# Blooms Ltd," (the owner here is a company; before a person's name it is a role).
ORG_DESCRIPTION_HEADS = ORG_TYPE_NOUNS | _words(
    "owner owners parent operator buyer seller contractor promoter promoters sponsor press printer receiver "
    "liquidator administrator"
)
PLURAL_ORG_ANAPHORS = _words(
    "companies firms groups agencies banks outlets organizations organisations boards councils unions "
    "ministries"
)
DETERMINERS = _words("a an the this that these those its his her their our your my some any")
PREPOSITIONS = _words(
    "of for at in on with from by to into onto near outside inside within across around about "
    "against among between during over under after before since until via per amid"
)
AUXILIARIES = _words(
    "is are was were be been being has have had will would could can may might must should shall "
    "does did do also"
)
# Past-tense verbs that betray a clause where a noun phrase was expected.
COMMON_PAST_VERBS = _words(
    """
    rose fell made took gave went came saw left won lost hit ran began grew led struck told said
    became kept held brought sent spent built paid met set put cut found fought flew drove broke
    """
)
LEADING_FILLERS = _words(
    """
    but and so yet however meanwhile still also separately instead now then moreover furthermore
    additionally nationally locally currently earlier later overall indeed meantime elsewhere
    similarly likewise notably previously
    """
)
TRAILING_FILLERS = _words(
    """
    also has have had will would previously later first further again initially recently both all
    separately then now publicly privately repeatedly once still already reportedly earlier
    had been has since subsequently
    """
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
DATE_WORDS = (
    frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | _words(
        "today yesterday tomorrow tonight christmas easter ramadan thanksgiving day gmt utc edt est "
        "bst cet pdt pst am pm"
    )
)
# Demonyms, parties and points of the compass: adjectives, never organisations.
DEMONYMS = _words(
    """
    us u.s. usa uk u.k. american americans british britons english scottish welsh irish french
    rican ricans
    german germans italian spanish portuguese dutch belgian swiss austrian polish czech slovak
    hungarian romanian bulgarian greek turkish cypriot russian russians ukrainian ukrainians
    belarusian moldovan georgian armenian azerbaijani kazakh uzbek iranian iranians iraqi syrian
    lebanese israeli israelis palestinian palestinians jordanian egyptian saudi emirati qatari
    kuwaiti yemeni omani libyan tunisian algerian moroccan sudanese ethiopian somali kenyan
    nigerian ghanaian south african african africans chinese japanese korean taiwanese
    vietnamese thai filipino indonesian malaysian singaporean indian pakistani afghan bangladeshi
    sri lankan nepalese australian canadian mexican brazilian argentine argentinian chilean
    colombian venezuelan peruvian cuban haitian european europeans asian arab arabs western
    eastern northern southern central middle latin nordic baltic balkan gulf pacific atlantic
    democratic democrat democrats republican republicans labour conservative conservatives tory
    tories liberal liberals progressive green socialist communist gop federal national
    international regional local global foreign domestic senior junior former allied
    philippine filipinos swedish norwegian danish finnish icelandic estonian latvian lithuanian
    croatian serbian slovenian slovene bosnian albanian macedonian montenegrin kosovar maltese
    scandinavian burmese cambodian mongolian malian senegalese ivorian cameroonian congolese
    ugandan tanzanian rwandan zambian zimbabwean angolan mozambican ecuadorian bolivian
    paraguayan uruguayan guatemalan honduran salvadoran nicaraguan panamanian jamaican
    """
)
PLACES = (
    _words(
        """
    afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil britain bulgaria cambodia cameroon canada
    chile china colombia congo croatia cuba cyprus czechia denmark ecuador egypt england eritrea
    estonia ethiopia finland france gaza georgia germany ghana greece guatemala haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
    kazakhstan kenya korea kosovo kuwait kyrgyzstan laos latvia lebanon libya lithuania
    luxembourg madagascar malaysia mali malta mexico moldova mongolia montenegro morocco
    mozambique myanmar namibia nepal netherlands nicaragua niger nigeria norway oman pakistan
    palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda
    scotland senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland
    syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda ukraine uruguay
    uzbekistan venezuela vietnam wales yemen zambia zimbabwe america europe asia africa
    antarctica arctic crimea donbas donbass kursk belgorod kharkiv kherson zaporizhzhia donetsk
    luhansk pokrovsk toretsk bakhmut avdiivka odesa odessa lviv mariupol kyiv kiev moscow
    washington london paris berlin brussels beijing tokyo seoul delhi mumbai karachi tehran
    baghdad damascus beirut jerusalem tel aviv cairo riyadh dubai doha ankara istanbul athens
    rome madrid lisbon dublin amsterdam vienna warsaw prague budapest bucharest sofia belgrade
    minsk tbilisi baku yerevan kabul islamabad dhaka bangkok hanoi manila jakarta singapore
    sydney canberra ottawa toronto montreal vancouver havana caracas bogota lima santiago
    brasilia nairobi lagos abuja accra johannesburg pretoria khartoum addis ababa geneva
    strasbourg hague davos shanghai rotterdam copenhagen stockholm oslo helsinki alabama alaska
    arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois
    indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
    texas utah vermont virginia wisconsin wyoming dakota carolina jersey york hampshire mexico
    chicago boston houston dallas atlanta miami seattle denver phoenix detroit philadelphia
    baltimore pittsburgh cleveland columbus orleans angeles francisco diego vegas
    """
    )
    | DEMONYMS
)
# Capitalised words that are ordinary words at the start of a sentence.
COMMON_WORDS = (
    _words(
        """
        the a an this that these those it its he she they we i you his her their our my your who
        what when where why how which whose there here if but and or so yet as at by for from in
        into of on to with without after before since until while although though because
        however meanwhile still also now then later earlier today yesterday some many most
        several few all both each every any no not one two three four five six seven eight nine
        ten first second third last next new more less much other others another such officials
        official analysts analyst experts expert police authorities sources source residents
        witnesses prosecutors investigators critics observers forecasters scientists researchers
        people insurers jurors lawmakers diplomats economists doctors health state city local
        federal government election military security defense defence intelligence public
        private national regional international news reports report data polls survey study
        schools school officials asked speaking according citing per under over despite amid
        nationally locally overall even only just already again once instead perhaps maybe
        currently separately elsewhere together thousands hundreds millions dozens shares prices
        stocks markets investors voters workers students families children parents troops
        soldiers forces rescuers firefighters crews teams fans supporters opponents rivals
        relatives neighbors neighbours survivors victims opposition
        """
    )
    | PERSON_NOUNS
    | DOC_NOUNS
    | PREPOSITIONS
    | LEADING_FILLERS
    | ORG_ANAPHORS
)
ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof gen lt col maj capt sgt adm cmdr rep sen gov pres rev hon jr sr st mt ft
    messrs no nos vol vols fig figs approx est dept univ assn bros inc corp co ltd plc llc vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec ave blvd rd wash calif fla ga ill mass mich
    minn pa tenn tex va ariz colo conn ind kan ky la md mo neb nev okla ore wis wyo ala ark del
    miss mont vt cf al op pp ed eds ch sec art gov't
    """
)
# Abbreviations that end a name, their full stop with them: "Acme Corp.".
_NAME_FINAL_ABBREVIATIONS = _words("inc corp co ltd plc llc bros jr sr")
# Abbreviations that end a sentence when an ordinary sentence opener follows.
SOFT_ABBREVIATIONS = (
    _words("inc corp co ltd plc llc etc bros jr sr art")  # "the Museum of Modern Art. Two men"
    | _words("no")  # "she said no. The office ...", but "No. 10"
    | frozenset(k for k in MONTHS if len(k) <= 4)
    | _words(
        "wash calif fla ga ill mass mich minn pa tenn tex va ariz colo conn ind kan ky la md mo "
        "neb nev okla ore wis wyo ala ark del miss mont vt"
    )
)
SENTENCE_OPENERS = _words(
    """
    the a an he she it they we i this that these those there his her their its but and yet so
    in on at after before when while as if for however meanwhile still also some many most one two
    three officials police analysts experts according speaking
    """
)
FIRST_NAMES = _words(
    """
    aaron abdul abdullah abigail adam adrian ahmed aisha alan albert alex alexander alexandra
    alexei ali alice alicia allison amanda amber amir amy ana andrea andrei andrew andy angela
    ann anna anne anthony antonio antony arthur ashley barack barbara ben benjamin bernie beth
    betty bill billy bob bobby boris brad brandon brenda brian bruce bryan carl carla carlos
    carol caroline catherine charles charlie chen cheryl chris christian christina christine
    christopher chuck cindy claire claudia colin connor craig crystal cynthia dale dan dana daniel
    danielle darnell dave david dawn dean deborah debra denis dennis derek diana diane dmitry
    dmytro donald donna doris dorothy doug douglas dylan ed eddie edward elena elizabeth ellen
    emily emma emmanuel eric erica erin ethan eugene evan fatima frank fred gabriel gary george
    gerald gina gloria grace greg gregory hannah harold harry heather helen henry hillary holly
    howard hugh ian igor isaac ivan jack jackie jacob jake james jamie jane janet janice jason
    jean jeff jeffrey jennifer jeremy jerome jerry jessica jim jimmy joan joe joel john johnny
    jon jonathan jordan jorge jose joseph josh joshua joy joyce juan judith judy julia julian
    julie justin karen karine kate katherine kathleen kathryn kathy katie keith kelly ken
    kenneth kevin kim kimberly kristen kyle larry lars laura lauren lee leonard linda lisa liz
    lori louis lucas luis lydia maria marie marilyn mark martha martin mary matt matthew maxim
    megan melissa michael michelle mike mikhail miriam mohammed muhammad nancy natalie nathan
    nicholas nick nicole nikki noah norman oleg oleh olena oliver olivia omar owen pamela
    patricia patrick paul paula peter philip phillip priya rachel rafael ralph randy ray raymond
    rebecca richard rick rita rob robert roberto robin roger ron ronald rose roy ruth ryan sally
    sam samantha samuel sandra sara sarah scott sean sergei sergey shannon sharon shirley
    sophia sophie stacy stephanie stephen steve steven stuart susan tammy tanya teresa terry
    tessa theresa thomas tim timothy tina todd tom tony tracy tyler valerie vanessa victor
    victoria vincent virginia vladimir volodymyr walter wang wayne wendy william willie xi
    yahya yulia yuri zach zachary
    """
) | _words(
    # Common first names beyond English, so that reporting from anywhere names its people:
    # Spanish and Portuguese, French, Italian, German and Dutch, Nordic, Slavic and Baltic,
    # Hungarian and Romanian, Greek, Turkish, Arabic and Persian, South and East Asian, African.
    # Names that are also everyday English words ("Said", "Per", "Young", "Angel") are left out:
    # a capitalised word opening a sentence would be read as a person.
    """
    alejandro alberto alvaro andres beatriz camila carmen catalina cristina diego eduardo
    elena emilio enrique esteban fernando francisco gabriela gonzalo guillermo gustavo hector
    hernando ignacio isabel javier jesus joaquin julio lucia luz manuel marcela marcos mariana
    mario marta mateo miguel monica nicolas oscar pablo pedro pilar ramon raul ricardo rodrigo
    rosa santiago sergio sofia teresa valentina xavier joao paulo tiago goncalo ines rui
    alain amelie antoine aurelien benoit bernard camille celine chloe claude didier dominique
    elodie emilie etienne fabien florence francois frederic gerard guillaume helene herve jacques
    julien laurent luc manon marc marion mathieu maxime michel nathalie olivier pascal philippe
    pierre remi renaud sandrine sebastien sylvie thierry valerie yves
    alessandro andrea angelo antonella carlo chiara claudio domenico enrico fabio federica
    francesca franco gianluca giorgia giovanni giulia giuseppe luca lucia luigi marco massimo
    matteo paola roberta salvatore silvia simona stefano vittorio
    andreas anja birgit dieter dirk elke florian frank gerhard gunter hans heike heinz helmut
    jan jens jurgen karl katrin klaus lena lukas manfred markus matthias monika niklas olaf
    ralf sabine sandra stefan thorsten torsten ursula uwe werner wolfgang bram daan sanne
    willem pieter joost maarten annelies
    anders bjorn erik ingrid johan karin lars magnus mikael nils olof sigrid sven ulf
    henrik mette niels freja kasper jonas eva
    aleksandr aleksei aleksandra alexey anastasia andriy andrii anatoly boris bohdan dmitri
    galina halyna iryna irina kateryna katerina konstantin maria mykola mykhailo natalia
    nataliya nikolai oksana olga pavel pavlo petro roman ruslan serhiy serhii stanislav svetlana
    taras tatiana tetiana vadim valentin valeriy vasyl viktor vitaliy vitali yaroslav yevhen
    yevgeny yelena yuliia zoran milan dragan goran ivana jelena marko nikola stefan tomasz
    piotr pawel krzysztof agnieszka katarzyna malgorzata marek jakub lukasz andrzej wojciech
    jiri petr tomas jana lenka martina andrius jonas ieva
    gabor laszlo istvan zoltan janos ferenc attila peter katalin zsuzsanna eszter agnes
    andrei bogdan cristian dan florin gheorghe ioana ion ionut mihai radu raluca vlad
    dimitris giorgos konstantinos nikos yannis eleni maria sofia kostas
    ahmet ayse burak emre fatih hakan mehmet mustafa murat selim zeynep
    abdel abdelaziz abu adel ahmad amal amina anwar ayman bashar fadi farah farid hamza hassan
    hussein ibrahim issa jamal karim khaled khalid layla leila mahmoud majid mariam maryam
    mohamed mohammad mona mostafa nabil nadia nasser omar rami rania reza saeed salim
    sami samir sara tariq walid yasmin youssef yousef zainab ali hamid mehdi mohsen parisa
    aarav amit anand anil anita arjun deepak divya ganesh gaurav kavita lakshmi manoj meera
    nikhil pooja rahul raj rajesh ravi rohan sanjay sunil sunita vijay vikram shreya arvind
    chen hui jun li lin ming wei xin yan ying yong zhang hiroshi kenji takeshi yuki haruki
    naoko akira satoshi yoshiko kazuo ji min seo joon hyun jae soo kwame kofi ama
    chinedu ngozi oluwaseun tunde amara abiodun musa fatou aminata moussa thabo sipho nomvula
    wanjiru otieno achieng juma
    niamh siobhan aoife ciaran conor cormac declan eamon eoin fionn liam padraig roisin sean
    seamus
    """
)
SOCIAL_PLATFORMS = _words("telegram twitter facebook instagram tiktok youtube linkedin threads bluesky")

# Reporting verbs. STRONG ones attribute on their own; WEAK ones only before "that" or after
# a document subject ("the survey found ...").
STRONG_VERBS = _words(
    """
    said says say told tells tell reported reports confirmed confirms denied denies estimated
    estimates assessed assesses wrote writes announced announces stated states added adds noted
    notes claimed claims warned warns explained explains insisted insists acknowledged
    acknowledges admitted admits argued argues cautioned predicted predicts disclosed discloses
    revealed reveals asserted asserts alleged alleges concluded concludes testified tweeted
    reiterated stressed emphasized emphasised conceded contended countered declared quoted cited
    advised advises urged urges recommended recommends signaled signalled signals disputed disputes
    blamed blames rejected rejects accused accuses
    """
)
# Verbs an outlet uses of its own reporting: "the BBC understands", "CNN has learned".
OUTLET_ONLY_VERBS = _words("understands understood learned learnt")
WEAK_VERBS = _words(
    "found finds show showed shows shown suggested suggests indicated indicates projected projects forecast "
    "forecasts calculated learned ruled rules"
)
TOLD_VERBS = _words("told tells tell") | {
    f"{verb} {to}" for verb in ("spoke", "speaks", "talked", "talks") for to in ("to", "with")
}
INVERTIBLE_VERBS = _words("said says added adds wrote writes reported noted explained warned asked")
# Nouns after which a capitalised word is a place: "the Donetsk region".
GEO_NOUNS = _words(
    "region regions area areas city town village border front coast province oblast district "
    "county valley river sea basin peninsula strait mountains capital side direction sector axis "
    "island islands state states prefecture countryside suburbs outskirts neighborhood "
    "neighbourhood frontline line lines highway road airport port harbor harbour bay gulf delta"
)
# Words that may join place names into a multi-word place ("New Orleans", "West Texas").
PLACE_PARTS = _words(
    "new los san santa las north south west east northern southern western eastern st saint city "
    "tel el abu hong kong sri lanka salt lake rio de janeiro buenos aires costa rica puerto rico "
    "salvador saudi arabia united states kingdom emirates arab gulf coast valley bay island "
    "islands sea river of the"
)

# Places none of whose words is one alone.
MULTIWORD_PLACES = frozenset(
    {
        "united states",
        "united kingdom",
        "united arab emirates",
        "hong kong",
        "sri lanka",
        "saudi arabia",
        "costa rica",
        "puerto rico",
        "el salvador",
        "new zealand",
    }
)

# --------------------------------------------------------------------------------------
# Names: normalisation and matching against known sources
# --------------------------------------------------------------------------------------

_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
# A number with thousands separators is one token: "340,000-barrel-a-day" must not read as
# two comma-separated phrases.
# A German plural for all genders is one word too: "Sprecher:innen", "Lehrer*innen".
_TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:[\w&'’.\-]*[^\W_])?"
    r"|[^\W_](?:[\w&'’.\-]*[^\W_])?(?:(?<=[a-zäöüß])[:*]innen\b)?(?:['’](?:s\b)?)?|&"
)


def _fold(s: str) -> str:
    """Lowercase, accents stripped, for comparisons."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def _norm_token(tok: str) -> str:
    tok = _POSSESSIVE_RE.sub("", tok)
    return _NON_ALNUM_RE.sub("", _fold(tok))


def _name_tokens(name: str) -> tuple[str, ...]:
    toks = [_norm_token(t) for t in _TOKEN_RE.findall(name)]
    toks = [t for t in toks if t]
    if toks and toks[0] == "the":
        toks = toks[1:]
    return tuple(toks)


def normalize_name(name: str) -> str:
    """The comparison key of a source name: case, punctuation, a leading "the" and a
    possessive "'s" ignored ("The Journal's" -> "journal")."""
    return " ".join(_name_tokens(name))


@dataclass
class _AliasIndex:
    by_tokens: dict[tuple[str, ...], str]
    lowercase_ok: set[tuple[str, ...]]
    kinds: dict[str, str]
    names: dict[str, str]
    max_len: int

    @classmethod
    def build(cls, sources: Iterable[KnownSource]) -> _AliasIndex:
        by_tokens: dict[tuple[str, ...], str] = {}
        lowercase_ok: set[tuple[str, ...]] = set()
        kinds: dict[str, str] = {}
        names: dict[str, str] = {}
        max_len = 1
        for src in sources:
            # KnownSource, or anything with the same three attributes
            slug = getattr(src, "slug", None)
            if not isinstance(slug, str) or not slug:
                continue
            src_names = getattr(src, "names", None) or ()
            if isinstance(src_names, str):
                src_names = (src_names,)
            src_names = tuple(n for n in src_names if isinstance(n, str))
            kinds[slug] = str(getattr(src, "kind", "") or "other")
            names[slug] = src_names[0] if src_names else slug
            for name in src_names:
                toks = _name_tokens(name)
                if not toks or len(toks) > 12:
                    continue
                by_tokens.setdefault(toks, slug)
                if name == name.lower():
                    lowercase_ok.add(toks)
                max_len = max(max_len, len(toks))
        return cls(by_tokens, lowercase_ok, kinds, names, max_len)

    def lookup(self, name: str) -> str | None:
        return self.by_tokens.get(_name_tokens(name))


# --------------------------------------------------------------------------------------
# Text, paragraphs, sentences, quotations
# --------------------------------------------------------------------------------------

_MASK = "~"
_OPEN_QUOTES = "“„«‹"
_CLOSE_QUOTES = "”»›"
_BULLET_RE = re.compile(r"(?:[-•*–—▪●◦‣·>]+|\d{1,2}[.)])\s+")
_SENT_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_WORD_BEFORE_RE = re.compile(r"([\w.'’&-]+)$")


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    para: int
    text: str
    masked: str = ""
    quotes: list[tuple[int, int]] = field(default_factory=list)  # interiors, sentence-local
    quote_ids: list[int] = field(default_factory=list)  # global quotation ids touched
    dateline_end: int = 0
    first_in_para: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks of text between line breaks; hard-wrapped lines are joined back."""
    blocks: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    cur: tuple[int, int] | None = None
    for ls, le in lines:
        seg = text[ls:le]
        if not seg.strip():
            if cur:
                blocks.append(cur)
                cur = None
            continue
        if cur is None:
            cur = (ls, le)
            continue
        prev = text[cur[0] : cur[1]].rstrip()
        nxt = seg.lstrip()
        joins = (
            prev
            and (prev[-1].islower() or prev[-1] in ",;-–")
            and nxt[:1].islower()
            and not _BULLET_RE.match(nxt)
        )
        if joins:
            cur = (cur[0], le)
        else:
            blocks.append(cur)
            cur = (ls, le)
    if cur:
        blocks.append(cur)
    return blocks


def _is_boundary(block: str, end: int, punct: str) -> bool:
    """Whether the sentence punctuation `punct`, ending at `end` (exclusive), ends a sentence."""
    rest = block[end:]
    stripped = rest.lstrip()
    if not stripped:
        return True
    if len(rest) == len(stripped):
        return False  # no whitespace after: "U.S.-led", "3.5", "end.The"
    nxt = stripped[0]
    if (nxt.islower() and not _CAMEL_NAME_RE.match(stripped)) or nxt in ",;:)]}%":
        return False  # but "easyJet said" opens a sentence
    core = punct.rstrip("\"'”’»)]")
    if core != ".":
        return True  # "?", "!", "...", or several stops
    if len(core) != len(punct):
        return True  # a full stop followed by a closing quote or bracket
    # A single full stop: abbreviations and initials.
    m = _WORD_BEFORE_RE.search(block[max(0, end - 41) : end - 1])
    if not m:
        return True
    base = m.group(1).strip("'’").lower()
    following = re.match(r"[\"'“‘(]*([\w’'.-]+)", stripped)
    next_word = following.group(1).lower() if following else ""
    # "in May. \"I'm not asking\"": a contraction opens a sentence as its first word would
    opener = re.split(r"['’]", next_word)[0] in SENTENCE_OPENERS
    if len(base) == 1 and base.isalpha():
        # An initial ("John F. Kennedy"), unless a lowercase word comes before the letter and an
        # ordinary opener after it: "posted on X. There were ..."
        before = _WORD_BEFORE_RE.search(block[max(0, end - 43) : end - 2].rstrip())
        return bool(opener and before and before.group(1)[:1].islower())
    if "." in base:  # "U.S.", "a.m.", "U.N."
        return opener
    if base in _NAME_FINAL_ABBREVIATIONS and re.match(r"[\"'“‘(]*[\w’'.-]+\s+[A-Z][a-z]", stripped):
        # "rivals such as Edwards Lifesciences Corp. Jan Meier, an analyst, said": a person's
        # full name after a company's opens a sentence
        opener = opener or next_word in FIRST_NAMES
    if base in SOFT_ABBREVIATIONS:
        return opener
    if base in ABBREVIATIONS:
        return False
    return True


def _split_sentences(text: str) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    for para_index, (ps, pe) in enumerate(_paragraphs(text)):
        block = text[ps:pe]
        cuts = [0]
        for m in _SENT_END_RE.finditer(block):
            if _is_boundary(block, m.end(), m.group(0)):
                cuts.append(m.end())
        cuts.append(len(block))
        # Bullets and line breaks inside a joined block still start sentences.
        for a, b in zip(cuts, cuts[1:], strict=False):
            for piece_s, piece_e in _line_pieces(block, a, b):
                s, e = piece_s, piece_e
                while s < e and block[s].isspace():
                    s += 1
                bm = _BULLET_RE.match(block, s, e)
                if bm and bm.end() < e:
                    s = bm.end()
                while e > s and block[e - 1].isspace():
                    e -= 1
                if e > s and any(c.isalnum() for c in block[s:e]):
                    first = not sentences or sentences[-1].para != para_index
                    sentences.append(
                        _Sentence(
                            len(sentences),
                            ps + s,
                            ps + e,
                            para_index,
                            text[ps + s : ps + e],
                            first_in_para=first,
                        )
                    )
    return sentences


def _line_pieces(block: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split [a, b) at line breaks that were not joined (bullet lines inside a block)."""
    pieces = []
    start = a
    idx = block.find("\n", a, b)
    while idx != -1:
        after = block[idx + 1 : b].lstrip(" \t")
        if _BULLET_RE.match(after):
            pieces.append((start, idx))
            start = idx + 1
        idx = block.find("\n", idx + 1, b)
    pieces.append((start, b))
    return pieces


def _quotations(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Interiors (start, end) of quotations, in text offsets. A quotation never crosses a
    paragraph; an unclosed one runs to the paragraph's end."""
    spans: list[tuple[int, int]] = []
    for ps, pe in paragraphs:
        open_at: int | None = None
        open_char = ""
        i = ps
        while i < pe:
            c = text[i]
            if open_at is None:
                if c == '"' or c in _OPEN_QUOTES:
                    open_at, open_char = i + 1, c
                elif (
                    c in "‘'"
                    and (i == ps or not text[i - 1].isalnum())
                    and i + 1 < pe
                    and (text[i + 1].isalpha() or (c == "‘" and text[i + 1].isalnum()))
                ):
                    close = _find_single_close(text, i + 1, pe, c)
                    if close is not None:
                        spans.append((i + 1, close))
                        i = close + 1
                        continue
            else:
                closes = (
                    (c == '"' and open_char == '"')
                    or (c in _CLOSE_QUOTES and open_char in _OPEN_QUOTES)
                    or (c == '"' and open_char in _OPEN_QUOTES)
                    or (c in _CLOSE_QUOTES and open_char == '"')
                )
                if closes:
                    spans.append((open_at, i))
                    open_at = None
            i += 1
        if open_at is not None and open_at < pe:
            spans.append((open_at, pe))
    return spans


def _find_single_close(text: str, start: int, end: int, opener: str = "‘") -> int | None:
    """The closing single quote of a quotation opened at start - 1: one that ends a word and is
    not an apostrophe ("Moody’s", "states’ rights" are skipped as best we can)."""
    closer = "’" if opener == "‘" else "'"
    for j in range(start, min(end, start + 600)):
        if text[j] != closer or j <= start or text[j - 1] in " \t":
            continue
        after = text[j + 1] if j + 1 < end else " "
        if after.isalnum():
            continue  # an apostrophe inside a word
        if (
            text[j - 1] == "s"
            and after == " "
            and j + 2 < end
            and text[j + 2].islower()
            and text[j - 1 : j]
            and text[j - 2 : j - 1] not in ",.!?"
        ):
            continue  # a plural possessive: "the players’ union"
        return j
    return None


_DATELINE_RES = (
    # NEW ORLEANS (AP) —   KYIV, Ukraine (AP) —   TACOMA, Wash. —   LONDON, May 8 (Reuters) -
    re.compile(
        r"[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}(?:\s+\d{1,2})?)?\s*"
        r"(?:\([A-Za-z.&' ]{1,30}\))?\s*(?:—|–|--|-)\s+"
    ),
    # (CNN) —
    re.compile(r"\([A-Z][A-Za-z.&' ]{0,30}\)\s*(?:—|–|--|-)\s+"),
    # Nov 4 (Reuters) -
    re.compile(r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\([A-Za-z.&' ]{1,30}\)\s*(?:—|–|--|-)\s+"),
)


def _dateline_length(sentence: str) -> int:
    for rx in _DATELINE_RES:
        m = rx.match(sentence)
        if m and len(m.group(0)) < 80:
            head = m.group(0)
            # A dateline's place is in capitals, or it carries an agency in brackets.
            if "(" in head or re.match(r"[A-Z][A-Z.'’\- ]{2,}", head):
                return m.end()
    return 0


_BRACKETED_ACRONYM_RE = re.compile(
    r"(?<=[A-Za-z])\s*(\([A-Z][A-Za-z&.\-]{1,19}(?:\s[A-Z][A-Za-z&.\-]{1,11})?\))(?!\s*(?:—|–|--|-\s))"
)


_CAP_WORDS = r"[A-Z][\w'’-]*(?:\s+(?:of|and|&)?\s*[A-Z][\w'’-]*)*?"
_PORTFOLIO_LIST_RE = re.compile(
    r"\b(?:Ministry|Ministries|Department|Minister|Secretary|Committee|Commission|Office|Agency|Council|"
    r"Society|Association|Federation|Confederation|Institute|Chamber|Union)"
    rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP_WORDS}(?:,\s*{_CAP_WORDS})+,?\s+and\s+[A-Z]"
)


def _prepare(sentences: list[_Sentence], quotes: list[tuple[int, int]]) -> None:
    """Masks each sentence: quoted words and a leading dateline become "~"."""
    qi = 0
    for sent in sentences:
        chars = list(sent.text)
        while qi < len(quotes) and quotes[qi][1] <= sent.start:
            qi += 1
        j = qi
        while j < len(quotes) and quotes[j][0] < sent.end:
            qs, qe = max(quotes[j][0], sent.start), min(quotes[j][1], sent.end)
            if qe > qs:
                sent.quotes.append((qs - sent.start, qe - sent.start))
                sent.quote_ids.append(j)
                for k in range(qs - sent.start, qe - sent.start):
                    chars[k] = _MASK
            j += 1
        dl = _dateline_length(sent.text) if sent.first_in_para else 0
        if dl:
            sent.dateline_end = dl
            for k in range(dl):
                chars[k] = _MASK
        # An acronym or short form in brackets after a name belongs to the name: "the National
        # Cyber Security Directorate (DNSC) said" reads as "the National Cyber Security
        # Directorate said", and so does "The Ghana Cocoa Board (Cocobod) said".
        for am in _BRACKETED_ACRONYM_RE.finditer(sent.text, dl):
            if chars[am.start(1)] != _MASK:
                for k in range(am.start(1), am.end(1)):
                    chars[k] = " "
        # A body named by a list of portfolios is one name: "Ministry of Trade, Industry and
        # Fisheries", "Department for Environment, Food and Rural Affairs".
        for pm in _PORTFOLIO_LIST_RE.finditer(sent.text, dl):
            for k in range(pm.start(), pm.end()):
                if sent.text[k] == "," and chars[k] != _MASK:
                    chars[k] = " "
        sent.masked = "".join(chars)


# --------------------------------------------------------------------------------------
# Tokens and capitalised runs
# --------------------------------------------------------------------------------------


@dataclass
class _Tok:
    text: str
    s: int  # offsets in the sentence
    e: int
    base: str  # without a possessive
    low: str
    norm: str
    cap: bool
    poss: bool
    pre: str = ""  # the text between the previous token and this one


_QUANTIFIERS = _words("one two three four several some many others both all each someone anyone")
_FIRM_ROLES = _words("analyst analysts economist economists strategist strategists")
# ", a neighboring district served by the same contractor,": what the description calls it
_ORG_TYPE_DESCRIPTION_RE = re.compile(
    # (or "the": "the SNCTA, the largest controllers' union,")
    r",\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?([a-z]+|NGO)"
    r"(?:\s+(?:[a-z]+ed|run|set|led|owned|known|built|held|founded|backed|funded)\s+(?:by|in|from|for|with)\b[^,;~]*"
    r"|\s+(?:that|which)\s[^,;~]*"
    # "an independent battery testing company in Ann Arbor"
    r"|\s+(?:in|of|from|near|outside)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?"
    r"\s*,"
)


def _role_head(toks: list[_Tok], k: int) -> str:
    """The noun of a role that starts at toks[k], past up to two lowercase modifiers: "senior
    economist" is an economist."""
    for j in range(k, min(len(toks), k + 3)):
        t = toks[j]
        if t.low in PERSON_NOUNS:
            return t.low
        if (
            t.cap
            or not t.low.isalpha()
            or t.low in DETERMINERS
            or t.low in PREPOSITIONS
            or t.low.endswith("ing")
        ):
            break  # "citing a source" is no role
    return toks[k].low if k < len(toks) else ""


_IRREGULAR_PARTICIPLES = _words("set run built led known made held founded owned backed funded")
_TO_NAME_HEADS = _words("mission missions campaign coalition alliance society action movement")
_RUN_CONNECTORS = _words(
    "of for the and & de du des von van der den al bin la le del da di y on dello della delle degli "
    "dei do dos das nan en für"
)
MEMBER_ABBREVIATIONS = _words("mp mps mep meps msp msps mla mlas mpp mpps td tds")
# (an elected member's title too: "Labour MP Jane Smith", "Local TD Gerry Coyle")
_ROLE_LIKE = (ORG_ROLES | GOV_TITLES | TITLES_BEFORE_NAME | MEMBER_ABBREVIATIONS) - _QUANTIFIERS


# Outlets that write their names in lowercase: "told dpa", "told franceinfo"
_LOWERCASE_NAMES = frozenset({"dpa", "franceinfo"})
# A word of consonants only is initials, not a word: "rbb", "ndr"
_LOWERCASE_INITIALS_RE = re.compile(r"[b-df-hj-np-tv-xz]{2,5}")
_HYPHENED_GIVEN_NAME_RE = re.compile(r"[A-Z][a-z]{1,4}-[a-z]{2,5}")
_HYPHEN_SUFFIX_WORDS = _words(
    "led run era old born made wide based owned style area level like free long term year bound"
)
_DIGIT_NAME_RE = re.compile(r"\d+[A-Z][a-z]{2,}\w*|\d+\.[a-z]{2,3}")  # "3Sixty", the news site "24.kg"
_CAMEL_NAME_RE = re.compile(r"(?:[a-z]{2,}|e)[A-Z][A-Za-z]+")  # "easyJet", "techUK", "eBay"


_PLACE_BASED_RE = re.compile(r"-(?:based|born|headquartered|registered|listed|owned|run|led|backed|funded)$")


def _tokenize(s: str) -> list[_Tok]:
    toks = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(s):
        text = m.group(0)
        poss = bool(_POSSESSIVE_RE.search(text)) and text not in ("'", "’") and len(text) > 1
        base = _POSSESSIVE_RE.sub("", text) if poss else text
        if not base:
            base = text
        first = base[0]
        # a name may open with a digit or a lowercase letter: "3Sixty Helicopters", "techUK",
        # "easyJet" (but "3D" and "5G" are no names)
        cap = first.isupper() or bool(
            _DIGIT_NAME_RE.fullmatch(base) or _CAMEL_NAME_RE.fullmatch(base) or base in _LOWERCASE_NAMES
        )
        if cap and "-" in base:
            last = base.rsplit("-", 1)[-1]
            # "Copenhagen-based", "U.S.-led"; but the British "Co-operation" and "Co-ordination"
            # are words of a name ("Organisation for Economic Co-operation and Development")
            if last[:1].islower() and not (base[:3] == "Co-" and last.startswith(("op", "ordinat"))):
                cap = False
            # "Kang Min-jae", "Kim Jong-un": a given name after a surname
            if (
                not cap
                and toks
                and toks[-1].cap
                and s[toks[-1].e : m.start()] == " "
                and _HYPHENED_GIVEN_NAME_RE.fullmatch(base)
                and last not in _HYPHEN_SUFFIX_WORDS
            ):
                cap = True
        low = base.lower()
        if (
            not cap
            and toks
            and toks[-1].low in MEDIA_DESCRIPTORS
            and not toks[-1].cap
            and base not in MEDIA_DESCRIPTORS
            and _LOWERCASE_INITIALS_RE.fullmatch(base)
            and s[toks[-1].e : m.start()] == " "
        ):
            cap = True  # "regional broadcaster rbb": initials written in lowercase are a name
        if not cap and first.isupper() and _PLACE_BASED_RE.search(base):
            # "Hong Kong-based", "New York-owned": the words before are the place's, no name
            k = len(toks) - 1
            while k >= 0 and len(toks) - k <= 2 and toks[k].cap and not toks[k].poss:
                if (s[toks[k].e : (toks[k + 1].s if k + 1 < len(toks) else m.start())]) != " ":
                    break
                toks[k] = replace(toks[k], cap=False)
                k -= 1
        toks.append(
            _Tok(text, m.start(), m.end(), base, low, _norm_token(base), cap, poss, s[prev_end : m.start()])
        )
        prev_end = m.end()
    return toks


def _firm_noun(toks: list[_Tok], k: int) -> bool:
    """Whether toks[k] is a plural people noun directly before a name, which then names a firm
    of them: "structural engineers Hartley Nash", "solicitors Leigh Day" (a title before a
    person's name is singular)."""
    if k < 0 or k + 1 >= len(toks):
        return False
    t, nxt = toks[k], toks[k + 1]
    prev = toks[k - 1].low if k > 0 else ""
    if prev in STRONG_VERBS or prev in WEAK_VERBS or prev in TOLD_VERBS or prev in AUXILIARIES:
        return False  # "told reporters Okonkwo had resigned": the object, then a clause
    if prev.endswith("ed") or prev in ("tell", "telling", "asking", "reminding", "warning"):
        return False
    return (
        not t.poss
        and (not t.cap or k == 0)
        and len(t.low) > 4
        and t.low.endswith("s")
        and t.low.isalpha()
        and _person_noun(t.low)
        and nxt.cap
        and nxt.norm not in FIRST_NAMES
        and _joined(t, nxt)
    )


def _joined(prev: _Tok, tok: _Tok) -> bool:
    """Whether nothing but spaces (or an abbreviation's full stop) separates two tokens."""
    gap = tok.pre
    if not gap or gap.isspace():
        return True
    g = gap.strip()
    if g == "." and (prev.low in ABBREVIATIONS or len(prev.base) == 1 or "." in prev.base):
        return True
    return False


# Abbreviations that name an elected member, not an organisation: "The local MP said".


def _org_suffix(tok: _Tok) -> bool:
    """An organisation's word, alone or joined to another: "Ministry", "Directorate-General"."""
    if tok.norm in ORG_SUFFIXES:
        return True
    return "-" in tok.base and any(_norm_token(part) in ORG_SUFFIXES for part in tok.base.split("-"))


def _role_word(tok: _Tok) -> bool:
    """A role, alone or joined to another word: "spokesman", "director-general", "editor-in-chief"."""
    if tok.norm in ORG_ROLES:
        return True
    return "-" in tok.base and _norm_token(tok.base.split("-", 1)[0]) in ORG_ROLES


def _is_acronym(tok: _Tok) -> bool:
    if tok.low in MEMBER_ABBREVIATIONS:
        return False
    letters = [c for c in tok.base if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(tok.base) <= 12


_CAPITAL_DETERMINERS = _words("its their his her our my your these those")
# Words that open a sentence before "the", never the first word of a name
_OPENING_WORDS = LEADING_FILLERS | PREPOSITIONS | _words("when while as if because although though")


def _runs(toks: list[_Tok], lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Capitalised runs in toks[lo:hi] as (first, last+1) index pairs."""
    hi = len(toks) if hi is None else hi
    runs: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        t = toks[i]
        if not t.cap or (t.low in _CAPITAL_DETERMINERS and i + 1 < hi and toks[i + 1].cap):
            i += 1  # "Its Eastbridge branch president": a determiner capitalised to open a sentence
            continue
        if t.base == "It" and not t.poss:
            i += 1  # the pronoun, never the "IT" of "an IT supplier" named elsewhere
            continue
        if t.low in _OPENING_WORDS and i + 1 < hi and toks[i + 1].low == "the" and not toks[i + 1].cap:
            i += 1  # "But the Landesamt ...": a conjunction capitalised to open a sentence
            continue
        j = i + 1
        end = i + 1
        if not t.poss or _poss_continues(toks, j, hi):
            while j < hi:
                tj = toks[j]
                if not _joined(toks[j - 1], tj):
                    break
                if tj.cap or (tj.base[:1].isdigit() and len(tj.base) <= 4) or tj.base == "&":
                    end = j + 1
                    j += 1
                    if tj.poss and not _poss_continues(toks, j, hi):
                        break
                    continue
                # "Mission to Seafarers", "Campaign to Protect Rural England"
                # but "on" only after a body's word: "Council on Ethics", not "Democrat on the House"
                if tj.low == "on" and toks[j - 1].norm not in ORG_SUFFIXES:
                    break
                if tj.low in _RUN_CONNECTORS or (tj.low == "to" and toks[j - 1].norm in _TO_NAME_HEADS):
                    # a connector joins only if a capitalised word follows
                    k = j
                    while (
                        k < hi
                        and (toks[k].low in _RUN_CONNECTORS or (k == j and tj.low == "to"))
                        and not toks[k].cap
                        and _joined(toks[k - 1], toks[k])
                    ):
                        k += 1
                    if (
                        k < hi
                        and toks[k].cap
                        and k - j <= 2
                        and _joined(toks[k - 1], toks[k])
                        and toks[k].norm not in DATE_WORDS
                    ):
                        if any(toks[x].low == "and" for x in range(j, k)) and any(
                            toks[x].low == "the" for x in range(j, k)
                        ):
                            break  # "CNN and the BBC"
                        j = k
                        continue
                break
        run = (i, end)
        runs.extend(_split_and(toks, run))
        i = end
    return runs


def _run_at(toks: list[_Tok], k: int) -> tuple[int, int]:
    """The capitalised run that starts at toks[k] (or toks[k] alone)."""
    return next((r for r in _runs(toks, k, min(len(toks), k + 12)) if r[0] == k), (k, k + 1))


def _poss_continues(toks: list[_Tok], j: int, hi: int) -> bool:
    """A possessive inside a name: "Washington State Auditor's Office"."""
    # and a title: "Lloyd's List", "Lloyd's Register"
    words = ORG_SUFFIXES | _words("list register")
    if j < hi and toks[j].cap and toks[j].norm in words and (j + 1 >= hi or not toks[j + 1].cap):
        return True
    # "the Employers' Convention of the Swiss Watch Industry": a plural people noun's possessive
    # opens a name it is part of
    prev = toks[j - 1]
    return (
        j < hi
        and toks[j].cap
        and prev.cap
        and prev.text.endswith(("s'", "s’"))
        and _person_noun(prev.low)
        and _joined(prev, toks[j])
    )


_PORTFOLIO_WORDS = _words("health transport justice defence defense finance labour labor energy trade")


def _split_and(toks: list[_Tok], run: tuple[int, int]) -> list[tuple[int, int]]:
    a, b = run
    ands = [k for k in range(a, b) if toks[k].low == "and"]
    if not ands:
        return [run]
    has_of = any(toks[k].low in ("of", "for") for k in range(a, ands[0]))
    ends_suffix = toks[b - 1].norm in ORG_SUFFIXES
    # "Environment and Climate Change Canada", "Fisheries and Oceans Canada": a country's
    # department named by its portfolios, not a word and a place
    portfolio_of_place = (
        len(ands) == 1
        and ands[0] == a + 1
        and b - a >= 4
        and toks[b - 1].norm in PLACES
        and (toks[a].low.endswith(("ment", "ies", "tion", "ture", "ics")) or toks[a].low in _PORTFOLIO_WORDS)
    )
    # "Fingal County Council and Meath County Council": two names, each ending in its suffix
    two_named = (
        ends_suffix
        and len(ands) == 1
        and ands[0] - a >= 2
        and b - ands[0] >= 3
        and toks[ands[0] - 1].norm in ORG_SUFFIXES
        and toks[ands[0] + 1].norm not in ORG_SUFFIXES
        and not any(toks[k].low in ("of", "for") for k in range(a, b))
    )
    # "CNN and Fox News", "Reuters and Sky News": a name alone, then an outlet's name
    name_and_outlet = (
        ends_suffix
        and len(ands) == 1
        and ands[0] - a == 1
        and b - ands[0] >= 3
        and (
            toks[b - 1].norm in MEDIA_SUFFIXES - {"agency"}
            or (toks[a].base.isupper() and len(toks[a].base) >= 2)
        )
        and not has_of
    )
    if (has_of or ends_suffix or portfolio_of_place) and not (two_named or name_and_outlet):
        return [run]
    out = []
    start = a
    for k in ands:
        if k > start:
            out.append((start, k))
        start = k + 1
    if start < b:
        out.append((start, b))
    return out


# MULTIWORD_TITLES as normalised words, by their first word, so that each lookup is one probe
_MULTIWORD_TITLE_NORMS: dict[str, list[tuple[str, ...]]] = {}
for _mw in MULTIWORD_TITLES:
    _norms = tuple(_NON_ALNUM_RE.sub("", w) for w in _mw)
    _MULTIWORD_TITLE_NORMS.setdefault(_norms[0], []).append(_norms)


_NAME_PREPOSITIONS = PREPOSITIONS | _words("without beyond sans")


def _title_at(toks: list[_Tok], k: int, b: int) -> int:
    """Length of a title starting at toks[k] (0 if none)."""
    for mw in _MULTIWORD_TITLE_NORMS.get(toks[k].norm, ()):
        n = len(mw)
        if k + n <= b and tuple(toks[k + x].norm for x in range(n)) == mw and not toks[k + n - 1].poss:
            return n
    # A possessive owns what follows rather than titling it: "The People's Bank of China".
    if (
        # "Comptroller-General", but not "Leader-Post"
        (
            toks[k].norm in _ROLE_LIKE
            or ("-" in toks[k].base and _role_word(toks[k]) and _person_noun(toks[k].low))
        )
        and toks[k].norm not in ("one", "two", "three", "four")
        and not toks[k].poss
        # "Doctors Without Borders", "Lawyers for Human Rights": a plural people noun before a
        # capitalised preposition opens a body's name; no person's name starts with "Without"
        and not (
            toks[k].low.endswith("s") and toks[k].cap and k + 1 < b and toks[k + 1].low in _NAME_PREPOSITIONS
        )
    ):
        return 1
    return 0


def _title_in_org_name(toks: list[_Tok], a: int, t_start: int, t_end: int, b: int) -> bool:
    """A title word that is part of an organisation's name, not a person's title.

    "American Society of Civil Engineers": a role ending the run after an "of" or "for" in it.
    "National Directorate General for Water Management": "General" after a word that is no title.
    """
    if t_end == b and t_start > a and any(toks[k].low in ("of", "for") for k in range(a, t_start)):
        return True
    if t_start > a and toks[a].norm in FOREIGN_ORG_HEADS and b - a >= 3:
        return True  # "Universidad Mayor de San Andrés"
    if (
        toks[t_start].low.endswith("s")
        and _person_noun(toks[t_start].low)
        and any(toks[k].low in ("of", "for") and _org_suffix(toks[k - 1]) for k in range(a + 1, t_start))
    ):
        return True  # "Council of International Students Australia": whom the body is of
    if t_end == b and t_start > a and b < len(toks) and not toks[b].cap and toks[b].low in ORG_ANAPHORS:
        return True  # "the UFAP-UNSa Justice union": the name of a body of that kind
    if (
        t_end + 2 < b
        and (toks[t_end].norm in ORG_PREFIXES_OF or toks[t_end].norm in ORG_SUFFIXES)
        and toks[t_end + 1].low in ("of", "for")
    ):
        return True  # "General Administration of Customs": a body's name, not a general's
    if (
        t_end == b
        and t_end - t_start == 1
        and toks[t_start].norm in ("executive", "leader")
        and t_start - a >= 1
        and not any(_title_at(toks, k, t_start) for k in range(a, t_start))
        and not toks[t_start].poss
    ):
        return True  # "the Health Service Executive", the newspaper "the Leinster Leader"
    return (
        t_end - t_start == 1
        and toks[t_start].norm == "general"
        and t_start > a
        and toks[t_start - 1].cap
        and not _title_at(toks, t_start - 1, b)
        and t_end < b
        and toks[t_end].low in ("for", "of")
    )


def _segment(
    toks: list[_Tok], run: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Split a run into (modifier, title, name): "Harlow | Chief Executive | Dana Okafor"."""
    a, b = run
    if toks[b - 1].norm in ORG_SUFFIXES and not toks[b - 1].poss:
        return (a, b), (b, b), (b, b)
    k = a
    while k < b:
        n = _title_at(toks, k, b)
        if n and _title_in_org_name(toks, a, k, k + n, b):
            k += n
            continue
        if n:
            t_start = k
            t_end = k + n
            while t_end < b:
                more = _title_at(toks, t_end, b)
                if not more and toks[t_end].low in ("and", "&") and t_end + 1 < b:
                    joined = _title_at(toks, t_end + 1, b)  # "President and CEO"
                    more = 1 + joined if joined else 0
                if not more:
                    break
                t_end += more
            if (
                t_end < b
                and toks[t_end].low in _RUN_CONNECTORS
                and toks[t_end - 1].low.endswith("s")
                and toks[t_end - 1].low in PERSON_NOUNS
            ):
                # "Residents of Sotk": people of a place or body, not a title before a name
                return (a, t_start), (t_start, t_end), (b, b)
            return (a, t_start), (t_start, t_end), (t_end, b)
        k += 1
    return (a, b), (b, b), (b, b)


# --------------------------------------------------------------------------------------
# The article: registry of people and organisations, classification of names
# --------------------------------------------------------------------------------------

KNOWN, ORG, PERSON, PLACE, DATE, COMMON, PROPER = (
    "known",
    "org",
    "person",
    "place",
    "date",
    "common",
    "proper",
)


@dataclass
class _Person:
    key: str
    name: str  # as first written in full
    surname: str
    known: str | None = None


@dataclass
class _OrgRef:
    name: str
    slug: str | None
    kind: str | None = None

    @property
    def key(self) -> str:
        return self.slug or ("?" + normalize_name(self.name))


# A relative clause that only an organisation takes: "X, which owns / operates / runs ...".
_ORG_RELATIVE_RE = re.compile(
    r",\s*which\s+(?:(?:also|now|still|jointly|partly|largely)\s+)?"
    r"(?:owns|operates|runs|manages|employs|represents|manufactures|makes|builds|built|controls|"
    r"supplies|insures|publishes|organises|organizes|oversees|regulates|funds|sponsors|develops|"
    r"developed|produces|distributes|administers|licenses|licences|lobbies|campaigns|"
    r"owned|operated|ran|managed|represented|organised|organized)\b"
)


_NUMBER_WORDS = _words("two three four five six seven eight nine ten dozens hundreds thousands several")
# Words for a body's leaning before its name in a list: "the socialist FGTB, the liberal CGSLB"
_LEANING_ENDINGS = ("ist", "al", "ian", "ic", "ive")
# Family words after "whose": "X, whose 78-year-old father ...," is a person (but "whose
# director" may be a company's)
_KIN_WORDS = _words(
    "family children son daughter sons daughters father mother husband wife parents brother sister "
    "grandson granddaughter grandfather grandmother home house"
)
# Anaphors that a capitalised short name makes ("A Commission spokesperson"): they stand for the
# body named with that word, however it was named
_NAME_ANAPHORS = _words("commission council parliament ministry court")
_AGE_RE = re.compile(r"\d{1,3}-year-old")
# What one organisation is to another: "the federation's largest commercial partner"
_ORG_RELATION_NOUNS = _words(
    "partner partners sponsor sponsors supplier suppliers customer customers client clients"
)
# Roles an organisation holds as often as a person: "the tournament's organiser"
_ORG_HELD_ROLES = _words("organiser organizer organisers organizers owner contractor sponsor sponsors")
_DOCUMENT_SUBJECT_RE = re.compile(
    r"(?:[Aa]n?|[Tt]he)\s+(?:(?:\d{4}|new|recent|separate|latest|peer-reviewed)\s+)*(?:"
    + "|".join(sorted(DOC_NOUNS))
    + r")\s+(?:by|from)\s"
)
_COURT_RE = re.compile(r"\b(?:[Cc]ourt|[Tt]ribunal|[Jj]udge|[Jj]ustice)s?\s*$")
_PARTY_SPOKESPERSON_RE = re.compile(
    r"((?:(?:Scottish|Welsh|Irish|British|Australian|New\s+Zealand)\s+)?(?:Labour|Conservatives|Tories|Greens|Liberal\s+Democrats))"
    r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}?spokes(?:person|man|woman)\b"
)
_KNOWN_AS_RE = re.compile(
    # (words of a name, with no full stop but inside one: "U.S.", not the end of a sentence)
    r"\b((?:[A-Z][\w'’&-]*(?:\.[\w'’&-]+)*\s+(?:(?:of|for|and|to|the|&)\s+)*){1,8}"
    r"[A-Z][\w'’&-]*(?:\.[\w'’&-]+)*),\s+known\s+"
    r"(?:by\s+its\s+(?:[A-Za-z]+\s+)?(?:acronym|initials|abbreviation)\s+|(?:locally\s+|simply\s+)?as\s+)"
    r"([A-Z][\w&.-]{1,15})\s*,"
)


_TITLE_SMALL_WORDS = _words("a an the of and for to in on at by with as or from over after")


def _title_case(toks: list[_Tok]) -> bool:
    """A headline in title case: "Denmark Blocks Nordtel's $1.9 Billion Takeover of Rival Fjordmobil"."""
    words = [t for t in toks if t.low.isalpha() and t.low not in _TITLE_SMALL_WORDS]
    return len(words) >= 4 and sum(t.cap for t in words) >= 0.8 * len(words)


_ANAPHOR_KNOWN_AS_RE = re.compile(
    r"\b[Tt]he\s+([a-z]+),\s+known\s+(?:by\s+its\s+(?:[A-Za-z]+\s+)?(?:acronym|initials|abbreviation)\s+|as\s+)"
    r"([A-Z][\w&.-]{1,15})\s*,"
)


class _Doc:
    def __init__(self, text: str, sentences: list[_Sentence], index: _AliasIndex):
        self.text = text
        self.sentences = sentences
        self.index = index
        self.lower_words = {w for w in re.findall(r"\b[a-z][a-z'’-]+\b", text)}
        self.persons: dict[str, _Person] = {}
        self.surnames: dict[str, _Person] = {}
        self.orgs: set[str] = set()
        self.org_firsts: set[str] = set()
        self.places: set[str] = set()
        self.things: set[str] = set()  # names followed by ", which": never people
        # "Defence" after "the Department of Defence": a department called by its portfolio
        self.portfolios: set[str] = set()
        # what an organisation is called by its description: "In Defense of Animals, a
        # California-based animal rights group," is a group ("the group" means it)
        self.org_types: dict[str, set[str]] = {}
        # "The International Chess Federation, known by its French acronym FIDE,": the short
        # name is the same organisation, and proposals name it in full
        self.full_names = {m.group(2): _clean_name(m.group(1)) for m in _KNOWN_AS_RE.finditer(text)}
        # "The Panama Canal Authority said ... The authority, known by its Spanish initials ACP,":
        # the short name is the body named before with that word
        for m in _ANAPHOR_KNOWN_AS_RE.finditer(text):
            named = re.findall(
                rf"((?:[A-Z][\w'’&-]*\s+){{1,6}}{m.group(1).capitalize()})\b", text[: m.start()]
            )
            if named:
                self.full_names.setdefault(m.group(2), _clean_name(named[-1]))
        self.toks: list[list[_Tok]] = [_tokenize(s.masked) for s in sentences]
        # words that stand alone as a name inside a sentence, where a capital marks a name
        self.mid_caps = {toks[a].norm for toks in self.toks for a, b in _runs(toks) if b - a == 1 and a > 0}

    # -- classification ------------------------------------------------------------------

    def known_match(self, toks: list[_Tok], a: int, b: int) -> tuple[str, int] | None:
        """The known source whose alias covers toks[a:b] (or a prefix of it that leaves no
        other organisation behind): (slug, end)."""
        index = self.index
        n = min(b - a, index.max_len)
        for length in range(n, 0, -1):
            key = tuple(t.norm for t in toks[a : a + length] if t.norm)
            if key and key[0] == "the":
                key = key[1:]
            slug = index.by_tokens.get(key)
            if not slug:
                continue
            if not any(t.cap for t in toks[a : a + length]) and len(key) == 1:
                if key not in index.lowercase_ok:
                    continue
            rest = toks[a + length : b]
            if rest and any(t.norm in ORG_SUFFIXES and t.norm not in MEDIA_SUFFIXES for t in rest):
                continue
            if len(key) == 1 and key[0] in MEDIA_SUFFIXES and rest and rest[0].cap:
                continue  # "Times Higher Education" is not "the Times"
            if (
                len(key) == 1
                and a + length + 1 < b
                and toks[a + length].low in ("of", "for", "on")
                and toks[a + length + 1].cap
            ):
                continue  # "the Journal of Cardiac Metabolism" is not "the Journal"
            # "BBC Radio 4" is the BBC. "Times" inside "Financial Times" never matches, because
            # a match must start where the name starts.
            return slug, a + length
        return None

    def named_org(self, toks: list[_Tok], a: int, b: int) -> bool:
        """Whether toks[a:b] is an organisation by its own form, without the article's other
        mentions: a known source, an organisation suffix, "Bank of ...", an acronym. Before a
        government title only such a name is an organisation: "Bank of England Governor",
        "NATO Secretary General", but not "Finance Minister"."""
        a, _ = self.strip_the(toks, a, b)
        if a >= b:
            return False
        km = self.known_match(toks, a, b)
        if km and km[1] == b:
            return True
        last = toks[b - 1]
        if last.norm in ORG_SUFFIXES or (b - a >= 2 and last.base in CORPORATE_CAPS):
            return not (b - a == 1 and toks[a].low in COMMON_WORDS)
        if b - a >= 3 and toks[a].norm in ORG_PREFIXES_OF and toks[a + 1].low == "of":
            return True
        t = toks[a]
        return b - a == 1 and _is_acronym(t) and t.norm not in PLACES and t.low not in DEMONYMS

    def names_end_with(self, words: Sequence[str]) -> bool:
        """Whether an organisation named in the article ends with these (lowercase) words and
        has more before them: "coast guard" and "the Korea Coast Guard"."""
        n = len(words)
        tail = " " + " ".join(words)
        return n > 0 and any(key.endswith(tail) and len(key.split()) > n for key in self.orgs)

    def strip_the(self, toks: list[_Tok], a: int, b: int) -> tuple[int, bool]:
        if a < b and toks[a].low in ("the", "a", "an") and b - a > 1:
            return a + 1, True
        return a, False

    def classify(
        self,
        toks: list[_Tok],
        a: int,
        b: int,
        *,
        had_the: bool = False,
        next_tok: _Tok | None = None,
        sentence_start: bool = False,
    ) -> tuple[str, str | None]:
        a2, the2 = self.strip_the(toks, a, b)
        had_the = had_the or the2
        a = a2
        if a >= b:
            return COMMON, None
        km = self.known_match(toks, a, b)
        if km and km[1] == b:
            return KNOWN, km[0]
        if km and not any(t.norm in ORG_SUFFIXES for t in toks[km[1] : b]):
            return KNOWN, km[0]
        norms = [t.norm for t in toks[a:b] if t.norm]
        if not norms:
            return COMMON, None
        if (
            b - a == 1
            and norms[0] in self.portfolios
            and not toks[a].poss
            and (
                not (sentence_start or a == 0)
                or (next_tok is not None and (next_tok.low in STRONG_VERBS or next_tok.norm in ORG_ROLES))
            )
        ):
            return ORG, None  # "Defence said", "A Defence spokesperson": the Department of Defence
        last = toks[b - 1]
        last_norm = last.norm
        if "-" in last.base:
            last_norm = _norm_token(last.base.rsplit("-", 1)[-1])
        if b - a >= 3 and toks[a].norm in ORG_PREFIXES_OF and toks[a + 1].low == "of":
            return ORG, None
        if b - a >= 2 and toks[a].norm in FOREIGN_ORG_HEADS and toks[a].cap:
            return ORG, None
        # "Wall Street broadly welcomed": a street is a place (and its traders no organisation)
        if b - a >= 2 and last_norm in ("street", "avenue", "boulevard") and not last.poss:
            return PLACE, None
        # A county's body: "Hernando County Fire Rescue", "Hernando County Utilities"
        county = next(
            (k for k in range(a + 1, b - 1) if toks[k].norm in ("county", "parish", "borough")), None
        )
        if county is not None and all(t.cap and not t.poss for t in toks[county:b]):
            return ORG, None
        for k in range(a, b - 1):
            if toks[k].low in ("of", "for") and k > a and _org_suffix(toks[k - 1]):
                return ORG, None
        # Sentence-initial ordinary words are stripped from a longer run ("Two US"), but not
        # after "the": "The National Gendarmerie" is a name even where "gendarmerie" is a word.
        while (
            b - a > 1
            and not the2
            and toks[a].low in COMMON_WORDS
            and toks[a].low not in ORG_ANAPHORS  # "Bank Indonesia"
            and last_norm not in ORG_SUFFIXES
            and toks[a + 1].cap
            and not self.known_match(toks, a, b)
        ):
            a += 1
            norms = norms[1:]
        if all(n in DATE_WORDS or n.isdigit() for n in norms):
            return DATE, None
        if last_norm in ORG_SUFFIXES and not (b - a == 1 and toks[a].low in COMMON_WORDS):
            return ORG, None
        if b - a >= 2 and last.base in CORPORATE_CAPS:
            return ORG, None  # "Siemens AG", but not "Paulo Sa"
        for k in range(a, b - 1):
            if toks[k].low in ("of", "for") and k > a and _org_suffix(toks[k - 1]):
                return ORG, None
        if b - a >= 3 and toks[a].norm in ORG_PREFIXES_OF and toks[a + 1].low == "of":
            return ORG, None
        if b - a == 1:
            t = toks[a]
            if _is_acronym(t) and t.norm not in PLACES and t.low not in DEMONYMS:
                return ORG, None
            if re.search(r"\.[a-z]{2,4}$", t.base) and t.base[0].isalnum():
                return ORG, None
        key = " ".join(norms)
        if key in self.persons or (len(norms) == 1 and norms[0] in self.surnames):
            if key not in self.orgs:
                return PERSON, None
        if (
            len(norms) >= 2
            and norms[0] in FIRST_NAMES
            and not had_the  # "the Christian CSC" is a union, "the Grace Foundation" no person
            and len(norms) <= 4
            and norms[-1] not in MEDIA_SUFFIXES  # "Joy FM", "Grace Radio"
            and key not in self.orgs
            and key not in self.things
        ):
            return PERSON, None
        if key in self.orgs or (len(norms) == 1 and norms[0] in self.org_firsts):
            return ORG, None
        if all(n in PLACES or n in PLACE_PARTS for n in norms) and any(n in PLACES for n in norms):
            return PLACE, None
        if key in MULTIWORD_PLACES:
            return PLACE, None  # "the United States", "Hong Kong": no word of them a place alone
        if key in self.places:
            return PLACE, None
        if len(norms) == 1:
            low = toks[a].low
            if had_the and toks[a].cap and low in MEDIA_SUFFIXES - {"report", "review", "today"}:
                return ORG, None  # "told the Post": a newspaper, though "post" is also a document
            if low in COMMON_WORDS or low in DEMONYMS:
                return COMMON, None
            if (
                (sentence_start or a == 0)
                and not the2
                and norms[0] not in self.mid_caps
                and _person_noun(low)
                and next_tok is not None
                and not next_tok.cap
                and next_tok.low not in STRONG_VERBS | WEAK_VERBS
                # but "Reuters and Sky News reported": a name in a list of names
                and not (
                    next_tok.low in ("and", "&")
                    and b + 2 < len(toks)
                    and (toks[b + 1].cap or (toks[b + 1].low == "the" and toks[b + 2].cap))
                )
            ):
                return COMMON, None  # "Seismologists at the University of Tokyo"
            if (sentence_start or a == 0) and low in self.lower_words:
                return COMMON, None
            if low in MEMBER_ABBREVIATIONS:
                return COMMON, None  # "the local MP"
            if (
                (sentence_start or a == 0)
                and not the2
                and (low in PLURAL_ORG_ANAPHORS or (low.endswith("s") and low[:-1] in ORG_ANAPHORS))
                and norms[0] not in self.mid_caps
            ):
                return COMMON, None  # "Unions on building sites warned": kinds of organisation
            if (
                (sentence_start or a == 0)
                and low.endswith("ing")
                and len(low) > 5
                and next_tok is not None
                and not next_tok.cap
                and norms[0] not in self.mid_caps
                and norms[0] not in self.orgs
            ):
                return COMMON, None  # "Shipping agents said", "Mining companies"
            if (
                (sentence_start or a == 0)
                and not the2
                and next_tok is not None
                and not next_tok.cap
                and next_tok.low.endswith("s")
                and (_person_noun(next_tok.low) or next_tok.low in PLURAL_ORG_ANAPHORS)
                and norms[0] not in self.mid_caps
                and norms[0] not in self.orgs
            ):
                # "Oil analysts said", "Port officials said": a word capitalised only because it
                # opens the sentence, before a plural people noun, names no organisation
                return COMMON, None
            if norms[0] in FIRST_NAMES and not had_the:
                return PERSON, None
        if all(n in DEMONYMS for n in norms):
            return COMMON, None
        if had_the:
            if next_tok is not None and not next_tok.cap and next_tok.low in GEO_NOUNS:
                return PLACE, None  # "the Donetsk region"
            return ORG, None
        return PROPER, None

    def org_ref(
        self, toks: list[_Tok], a: int, b: int, sent: _Sentence, cls: str, slug: str | None
    ) -> _OrgRef:
        a, _ = self.strip_the(toks, a, b)
        if cls == KNOWN and slug:
            km = self.known_match(toks, a, b)
            end = km[1] if km else b
            name = sent.masked[toks[a].s : toks[end - 1].e]
            if toks[end - 1].poss:
                name = sent.masked[toks[a].s : toks[end - 1].s] + toks[end - 1].base
            return _OrgRef(_clean_name(name), slug, self.index.kinds.get(slug))
        # A country's or region's possessive belongs with the organisation: "Ukraine's General
        # Staff", "Lower Saxony's Agriculture Ministry".
        if a >= 2 and toks[a - 1].poss and toks[a - 1].norm in PLACES:
            a = a - 1
        elif a >= 1 and toks[a - 1].poss and toks[a - 1].cap and cls == ORG:
            owner = next((r for r in _runs(toks, max(0, a - 3), a) if r[1] == a), None)
            if owner is not None and self.classify(toks, *owner)[0] in (PLACE, PROPER):
                a = owner[0]
        s0, s1 = toks[a].s, toks[b - 1].s
        # the commas of a portfolio list masked in _prepare are the name's own
        name = "".join(
            t if t == "," and m == " " else m
            for m, t in zip(sent.masked[s0:s1], sent.text[s0:s1], strict=True)
        )
        name += toks[b - 1].base
        last = toks[b - 1]
        if (
            not last.poss
            and last.low in ABBREVIATIONS
            and sent.masked[last.e : last.e + 1] == "."
            and (last.low in _NAME_FINAL_ABBREVIATIONS or sent.masked[last.e + 1 :].strip())
        ):
            name += "."  # "Acme Corp.", "Karen Clark & Co.", but not "the Museum of Modern Art."
        name = _clean_name(name)
        return _OrgRef(self.full_names.get(name, name), None, None)

    # -- registry ---------------------------------------------------------------------

    def _common_word_alone(self, toks: list[_Tok], a: int, masked: str) -> bool:
        """ "Water regulator Ofwat said", "Vanilla is ...", "told the Sentinel": a capitalised
        word alone that is no surname, because a surname is not written after "the" nor, at the
        start of a sentence, as a word the article also uses in lowercase, unless it speaks."""
        if a > 0 and toks[a - 1].low == "the":
            return True
        nxt = toks[a + 1] if a + 1 < len(toks) else None
        speaks = nxt is not None and (nxt.low in STRONG_VERBS or nxt.low in AUXILIARIES)
        opens = a == 0 or any(
            c in ":—–" for c in masked[toks[a - 1].e : toks[a].s]
        )  # "Windermere: Water firm"
        return opens and toks[a].low in self.lower_words and not speaks

    def register(self) -> None:
        singles: set[str] = set()
        multi: list[tuple[list[_Tok], int, int]] = []
        for toks, sent in zip(self.toks, self.sentences, strict=True):
            if _title_case(toks):
                continue  # a headline's capitals say nothing about who is a person
            for a, b in _runs(toks):
                if b - a == 1:
                    if not self._common_word_alone(toks, a, sent.masked):
                        singles.add(toks[a].norm)
                elif b - a <= 3:
                    multi.append((toks, a, b))
        for si, sent in enumerate(self.sentences):
            toks = self.toks[si]
            if _title_case(toks):
                continue
            for a, b in _runs(toks):
                while (
                    b - a > 1
                    and toks[a].low in COMMON_WORDS
                    and toks[a].low not in ("new",)
                    and toks[a].low not in ORG_ANAPHORS
                    and toks[b - 1].norm not in ORG_SUFFIXES
                    and toks[a + 1].cap
                ):
                    a += 1
                self._register_run(toks, a, b, sent)
        # People are referred to by their surname, organisations by their first word:
        # a two- or three-word name whose last word recurs alone is a person ("Kiara Bennett" ...
        # "Bennett said"), unless it looks like an organisation.
        for toks, a, b in multi:
            last = toks[b - 1].norm
            key = normalize_name(" ".join(t.base for t in toks[a:b]))
            if (
                last in singles
                and key not in self.persons
                and key not in self.orgs
                and key not in self.things
                and toks[a].norm not in self.org_firsts
                and toks[a].norm not in DEMONYMS  # "Former Kingsford" is no name
                and last not in ORG_SUFFIXES
                and last not in PLACES  # "Samu-Urgences de France" ... "in France"
                and not any(t.low in ("of", "for", "and", "&") for t in toks[a:b])  # "Shares of Ridgeway"
                # "sports daily Nikkan Sports": what an outlet's description names is an outlet
                and not (a > 0 and not toks[a - 1].cap and toks[a - 1].low in MEDIA_DESCRIPTORS)
                and self.classify(toks, a, b)[0] == PROPER
            ):
                self.orgs.discard(last)
                _m, (ta, tb), (na, nb) = _segment(toks, (a, b))
                # "CEO Margaret Linde" ... "Linde said": the person is Margaret Linde
                self._add_person(toks, *((na, nb) if tb > ta and nb > na else (a, b)))

    def _add_person(self, toks: list[_Tok], a: int, b: int) -> None:
        b = a + _without_home_town(toks[a:b])
        names = [t.norm for t in toks[a:b] if t.norm]
        if not names or len(names) > 4:
            return
        if any(n in ORG_SUFFIXES for n in names):
            return
        if len(names) == 1 and (names[0] in PLACES or names[0] in COMMON_WORDS or _is_acronym(toks[a])):
            return
        key = " ".join(names)
        if key in self.persons or (len(names) == 1 and key in self.surnames):
            return
        text = " ".join(t.base for t in toks[a:b])
        km = self.known_match(toks, a, b)
        known = km[0] if km and km[1] == b else None
        # "Kang Min-jae" is Kang on second mention: a hyphenated given name follows the surname
        surname = (
            names[0] if len(names) == 2 and _HYPHENED_GIVEN_NAME_RE.fullmatch(toks[b - 1].base) else names[-1]
        )
        p = _Person(key, text, surname, known)
        self.persons[key] = p
        if len(names) >= 2 or known:
            self.surnames.setdefault(surname, p)

    def _add_org(self, toks: list[_Tok], a: int, b: int) -> None:
        names = [t.norm for t in toks[a:b] if t.norm]
        if names and names[0] == "the":
            names = names[1:]
        if not names:
            return
        self.orgs.add(" ".join(names))
        body = names[3:] if names[2:3] == ["the"] else names[2:]
        portfolio = names[0] in ("department", "ministry") and names[1:2] == ["of"] and len(body) == 1
        if portfolio and toks[b - 1].cap:
            self.portfolios.add(body[0])
            self.full_names.setdefault(toks[b - 1].base, _clean_name(" ".join(t.base for t in toks[a:b])))
        first = names[0]
        if (
            len(names) > 1
            and first not in FIRST_NAMES
            and first not in PLACES
            and first not in COMMON_WORDS
            and first not in DEMONYMS
            and toks[a].cap
        ):
            self.org_firsts.add(first)

    def _register_run(self, toks: list[_Tok], a: int, b: int, sent: _Sentence) -> None:
        prev = toks[a - 1] if a > 0 else None
        nxt = toks[b] if b < len(toks) else None
        described = _ORG_TYPE_DESCRIPTION_RE.match(sent.masked, toks[b - 1].e)
        if described and described.group(1).lower() in ORG_ANAPHORS and not toks[b - 1].poss:
            key = normalize_name(" ".join(t.base for t in toks[a:b]))
            if key:
                self.org_types.setdefault(key, set()).add(described.group(1).lower())
                self._add_org(toks, a, b)  # what a description calls a group is an organisation
        (ma, mb), (ta, tb), (na, nb) = _segment(toks, (a, b))
        if tb > ta and nb > na:
            self._add_person(toks, na, nb)
            if mb > ma:
                gov = any(toks[k].norm in GOV_TITLES - RANKS for k in range(ta, tb))
                role = any(toks[k].norm in ORG_ROLES | RANKS for k in range(ta, tb))
                cls = self.classify(toks, ma, mb)[0]
                if (gov and self.named_org(toks, ma, mb)) or (
                    cls in (ORG, PROPER, KNOWN) and role and not gov
                ):
                    self._add_org(toks, ma, mb)
            return
        if (
            _firm_noun(toks, a - 1)
            and not (nxt is not None and nxt.low in ("and", "&"))
            and toks[b - 1].norm not in PLACES
            and self.classify(toks, a, b)[0] in (PROPER, ORG)
        ):
            self._add_org(toks, a, b)  # "Structural engineers Hartley Nash": a firm
            return
        if (
            prev is not None
            and not prev.cap
            and "," not in sent.masked[prev.e : toks[a].s]  # "a private investor, Reuters reports"
            and (prev.norm in _ROLE_LIKE or (_person_noun(prev.low) and not prev.low.endswith("s")))
            and prev.norm not in ("major", "general")  # "oil major TotalEnergies"
            and b - a <= 4
            # "The tournament's organiser, Stavanger Sjakklubb,": a role an organisation holds
            and not (prev.low in ORG_ANAPHORS | _ORG_HELD_ROLES and toks[a].norm not in FIRST_NAMES)
        ):
            if toks[b - 1].norm not in ORG_SUFFIXES:
                self._add_person(toks, a, b)
                return
        # (the owner may end in a number: "France 24's Clara Dumont")
        owner_cap = prev is not None and (prev.cap or (prev.base.isdigit() and a >= 2 and toks[a - 2].cap))
        if prev is not None and prev.poss and owner_cap and 2 <= b - a <= 3:
            # "CNN's Jake Tapper", but not "BBC Scotland's Good Morning Scotland programme"
            if (
                toks[b - 1].norm not in ORG_SUFFIXES
                # nor "Russia's RIA Novosti news agency"
                and not (
                    nxt is not None and not nxt.cap and (nxt.low in MEDIA_DESCRIPTORS or nxt.low == "news")
                )
                and self.classify(toks, a, b)[0] in (PROPER, PERSON)
            ):
                self._add_person(toks, a, b)
                return
        # An age after the name: "Darnell Pitre, 58,"; a relative clause: "Ionut Dragomir, who
        # runs a business" is a person, "Atletico Douro, which is listed" is not.
        rest = sent.masked[toks[b - 1].e : toks[b - 1].e + 8]
        if re.match(r",\s*\d{1,3},", rest) and 1 <= b - a <= 4:
            self._add_person(toks, a, b)
            return
        if not toks[b - 1].poss and toks[b - 1].norm not in ORG_SUFFIXES:
            # "whose family", "whose 78-year-old father"
            whose = re.match(
                r",\s*whose\s+((?:[\w-]+\s+){0,2}[a-z]+)", sent.masked[toks[b - 1].e : toks[b - 1].e + 40]
            )
            kin = bool(whose) and any(w in _KIN_WORDS for w in whose.group(1).split())
            if kin and 2 <= b - a <= 3:
                if self.classify(toks, a, b)[0] == PROPER:
                    self._add_person(toks, a, b)  # "Marisol Vega, whose family lost their home,"
                    return
            relative = re.match(r",\s*(who|which)\b", rest)
            if relative and relative.group(1) == "who" and 2 <= b - a <= 4:
                if self.classify(toks, a, b)[0] == PROPER:
                    self._add_person(toks, a, b)
                    return
            if relative and relative.group(1) == "which":
                key = normalize_name(" ".join(t.base for t in toks[a:b]))
                if key:
                    self.things.add(key)
                if _ORG_RELATIVE_RE.match(sent.masked, toks[b - 1].e):
                    # "Gulfstar Energy, which owns the refinery,", "Northern, which operates the
                    # service,": what owns or runs something is an organisation, not a place
                    self._add_org(toks, a, b)
                    return
        # A description of a person after the name: "Feargal Sharkey, a campaigner who ..."
        # But a name that ends in a place and starts with no first name is a public body:
        # "Natural England, the government's conservation adviser,".
        place_body = toks[b - 1].norm in PLACES and toks[a].norm not in FIRST_NAMES
        if (
            2 <= b - a <= 3
            and not place_body
            and toks[b - 1].norm not in ORG_SUFFIXES
            and nxt is not None
            and "," in sent.masked[toks[b - 1].e : nxt.s]
            and not nxt.cap
            and nxt.low not in _SUBORDINATORS  # "Mukuvisi Minerals, whose director ...,"
            and _role_head(toks, b) in PERSON_NOUNS - _QUANTIFIERS
            and not _role_head(toks, b).endswith("s")  # one person's role, not "members" or "staff"
            and self.classify(toks, a, b)[0] == PROPER
        ):
            # "Andriy Moroz, director of the Energy Policy Institute,": a role with no article
            self._add_person(toks, a, b)
            return
        if (
            2 <= b - a <= 3
            and not place_body
            and toks[b - 1].norm not in ORG_SUFFIXES
            and nxt is not None
            and "," in sent.masked[toks[b - 1].e : nxt.s]
            and nxt.low in ("a", "an", "the", "one")
        ):
            for k in range(b + 1, min(len(toks), b + 7)):
                if "," in sent.masked[toks[k - 1].e : toks[k].s]:
                    break
                if not toks[k].cap and (
                    toks[k].low in _SUBORDINATORS
                    or (toks[k].low in ORG_ANAPHORS | _ORG_RELATION_NOUNS and not toks[k].poss)
                ):
                    # "Industri Energi, the Norwegian union that represents many workers,";
                    # "Aerion Sports, the federation's largest commercial partner,"
                    break
                # ("a 15-year-old from Tauranga", "one of the authors")
                people = toks[k].low in PERSON_NOUNS or _AGE_RE.fullmatch(toks[k].low)
                if not people and toks[k - 1].low == "the" and k >= 3 and toks[k - 2].low == "of":
                    # (but not after "a spokesperson for Apex Sportsbook, one of the operators")
                    people = (
                        toks[k - 3].low == "one"
                        and _person_noun(toks[k].low)
                        and (prev is None or prev.low not in PREPOSITIONS)
                    )
                if people and not toks[k].cap:
                    if self.classify(toks, a, b)[0] == PROPER:
                        self._add_person(toks, a, b)
                        return
                    break
        cls, _slug = self.classify(toks, a, b, next_tok=nxt)
        if cls == PERSON and prev is not None and prev.low == "the":
            cls = PROPER  # "the Christian CSC": a first name after "the" starts no person's name
        if (
            cls == PERSON
            and nxt is not None
            and not nxt.cap
            and nxt.norm in _FIRM_ROLES
            and b + 1 < len(toks)
            and toks[b + 1].cap
            and _joined(toks[b - 1], nxt)
        ):
            # "Raymond James analyst Priya Doshi": only a firm has analysts, whatever its name
            self._add_org(toks, a, b)
            return
        if cls == PERSON:
            self._add_person(toks, a, b)
            return
        if cls in (ORG, KNOWN):
            self._add_org(toks, a, b)
        if (
            nxt is not None
            and not nxt.cap
            and nxt.norm in ORG_ROLES
            and cls in (PROPER, ORG)
            and not (b - a == 1 and toks[a].norm in self.surnames)
            and not _role_complement(toks, b)
            and _joined(toks[b - 1], nxt)  # not "Hiroshi Tanaka, chief strategist at ..."
        ):
            self._add_org(toks, a, b)
        if (
            prev is not None
            and prev.low in ("in", "near", "outside", "across", "around", "into")
            and cls == PROPER
            and not toks[b - 1].poss  # "in Kingsford's history": an owner, not a place
        ):
            self.places.add(" ".join(t.norm for t in toks[a:b] if t.norm))


def _clean_name(name: str) -> str:
    name = name.strip(" ,;:~\"'“”‘’")
    name = re.sub(r"^(?:the|The|THE)\s+", "", name)
    return re.sub(r"\s+", " ", name)


# --------------------------------------------------------------------------------------
# Noun phrases
# --------------------------------------------------------------------------------------


@dataclass
class _NP:
    kind: str  # self member person surname generic pronoun anaphor_* place empty
    span: tuple[int, int] | None  # the speaker phrase, sentence offsets
    orgs: list[_OrgRef] = field(default_factory=list)
    named: bool = False
    person: _Person | None = None
    word: str = ""  # the pronoun, or the anaphor's noun
    roles: bool = False  # has a role or person noun


_WEEKDAY_SET = frozenset(WEEKDAYS)
_TIME_UNITS = _words("week weekend month year morning afternoon evening night")


def _time_len(toks: list[_Tok], k: int, hi: int) -> int:
    """Tokens in a time expression starting at toks[k]: "on Tuesday", "last week", ..."""

    def at(x: int) -> str:
        return toks[x].norm if x < hi else ""

    n = 0
    if at(k) in ("on", "late", "early", "earlier", "by", "last", "this", "next", "later"):
        n = 1
        if at(k) in ("earlier", "later", "late") and at(k + 1) in ("this", "last"):
            n = 2
    w = at(k + n)
    if w in _WEEKDAY_SET:
        n += 1
        if at(k + n) in _TIME_UNITS:
            n += 1
        return n
    if w in _TIME_UNITS and n:
        return n + 1
    if w in MONTHS and at(k + n + 1).isdigit():
        return n + 2
    if n == 0 and w in ("yesterday", "today", "tonight", "earlier", "later"):
        return 1
    return 0


def _time_len_back(toks: list[_Tok], lo: int, b: int) -> int:
    for n in (3, 2, 1):
        if b - n >= lo and _time_len(toks, b - n, b) == n:
            return n
    return 0


def _trim(toks: list[_Tok], a: int, b: int) -> tuple[int, int]:
    changed = True
    while changed and a < b:
        changed = False
        if toks[a].low in LEADING_FILLERS and not toks[a].poss:
            a += 1
            changed = True
            continue
        n = _time_len(toks, a, b)
        if n and a + n < b:
            a += n
            changed = True
    changed = True
    while changed and b > a:
        changed = False
        t = toks[b - 1]
        # a capitalised word after a name is the name's: "Restitution Now said"
        in_name = t.cap and toks[b - 2].cap and b - 2 >= a
        if (
            (t.low in TRAILING_FILLERS and not in_name)
            or (not t.cap and t.low.endswith("ly") and len(t.low) > 4)
        ) and b - 1 > a:
            b -= 1
            changed = True
            continue
        n = _time_len_back(toks, a, b)
        if n and b - n > a:
            b -= n
            changed = True
    return a, b


def _tok_range(toks: list[_Tok], s: int, e: int) -> tuple[int, int]:
    """Indexes [a, b) of the tokens inside [s, e)."""
    a = _first_at(toks, s)
    b = a
    while b < len(toks) and toks[b].e <= e and b - a < 400:
        b += 1
    return a, b


def _first_at(toks: list[_Tok], pos: int) -> int:
    """Index of the first token starting at or after pos."""
    return bisect.bisect_left(toks, pos, key=lambda t: t.s)


# Modifiers that say nothing of which body is meant: "the same ministry", "the local council".
_VAGUE_MODIFIERS = _words(
    "same new former local national federal state regional city county main top other own "
    "whole entire relevant responsible competent country nation government"
)


def _described_body(toks: list[_Tok], a: int, b: int, sent: _Sentence) -> list[_OrgRef]:
    """ "the sports ministry", "the interior ministry": a public body named by what it does, in
    lowercase. Its description is its name when no body named before has that noun."""
    words = toks[a + 1 : b - 1]
    if (
        toks[a].low != "the"
        or toks[b - 1].low not in _GOV_ORG_NOUNS
        or not 1 <= len(words) <= 3
        # a nationality may lead: "the Dutch agriculture ministry"
        or any((t.cap and (k > 0 or t.norm not in DEMONYMS)) for k, t in enumerate(words))
        or any(not t.low.isalpha() or t.low in _VAGUE_MODIFIERS for t in words)
        or any(t.low in AUXILIARIES or t.low in PREPOSITIONS or t.low in DETERMINERS for t in words)
    ):
        return []
    return [_OrgRef(_clean_name(sent.masked[words[0].s : toks[b - 1].e]), None, None)]


_CALLING_ITSELF_RE = re.compile(r"\b(?:calling|calls|called)\s+(?:itself|themselves)\s+(?=[A-Z])")
# "One of them said": some of the people "they" would refer to
_SOME_OF_THEM = _words("one two three some several both each all many most")
# What an organisation counts about itself: "according to company data".
_DATA_NOUNS = _words("data figures statistics numbers")
_NOT_DATA_OWNERS = _words("government court military army navy party")
_ACCORDING_BEFORE_RE = re.compile(r"\b[Aa]ccording\s+to\s+$")
# Words that say how high a person ranks, never which body they serve
_ROLE_MODIFIERS = _words("senior junior deputy chief acting assistant associate principal leading ranking")


def _analyze_np(doc: _Doc, si: int, s: int, e: int) -> _NP:
    toks = doc.toks[si]
    a, b = _tok_range(toks, s, e)
    a, b = _trim(toks, a, b)
    if a >= b:
        return _NP("empty", None)
    sent = doc.sentences[si]
    span = (toks[a].s, toks[b - 1].e)
    n = b - a
    lows = [t.low for t in toks[a:b]]
    if n == 1 and lows[0] in PRONOUNS:
        return _NP("pronoun", span, word=lows[0])
    calls = _CALLING_ITSELF_RE.search(sent.masked, span[0], span[1]) if "sel" in sent.masked else None
    if calls:
        # "A group of parents calling itself Keep Harlan Falls Smiling": the name it gives itself
        x = _first_at(toks, calls.end())
        named_runs = _runs(toks, x, b)
        if named_runs and named_runs[0] == (x, b) and doc.classify(toks, x, b)[0] in (KNOWN, ORG, PROPER):
            cls, slug = doc.classify(toks, x, b)
            return _NP("self", span, [doc.org_ref(toks, x, b, sent, cls, slug)])
    if n == 3 and lows[1:] == ["of", "them"] and lows[0] in _SOME_OF_THEM:
        return _NP("pronoun", span, word="they")  # "One of them said": some of those "they" means
    if n == 2 and lows[0] == "its" and _person_noun(lows[1]) and not lows[1].endswith("s"):
        return _NP("anaphor_member", span, word="it", roles=True)  # "Its organiser, Colin Ashdown,"
    party = _PARTY_SPOKESPERSON_RE.match(sent.masked, span[0])
    if party and party.end() <= span[1]:
        # "Labour health spokeswoman Dr Rangi Tuhiwai", "Scottish Labour's health spokesperson": a
        # party speaks through its spokesperson (a party word is otherwise only an adjective)
        ref = _OrgRef(_clean_name(party.group(1)), None, None)
        return _NP(
            "member",
            span,
            [ref],
            named=bool(_runs(toks, _tok_range(toks, party.end(), span[1])[0], b)),
            roles=True,
        )
    if (
        lows[0] == "its"
        and 3 <= n <= 5
        and _person_noun(lows[-1])
        and not lows[-1].endswith("s")
        and toks[a + 1].cap
    ):
        # "Its Eastbridge branch president": a member of the organisation "it" stands for, where
        # it is based before the role
        return _NP("anaphor_member", span, word="it", roles=True)
    if (
        n >= 3
        and lows[1] == "of"
        and lows[0] in ("parts", "part", "areas", "much", "most", "residents", "people")
    ):
        return _NP("generic", span)  # "parts of Mustafabad", "residents of Burari": places
    if (
        n == 1
        and a == 0
        and (lows[0] in PERSON_NOUNS or re.fullmatch(r"[a-z]{4,}(?:ists|ians)", lows[0]))
        and lows[0].endswith("s")
    ):
        return _NP("generic", span)  # "Conservationists say", capitalised only as the first word
    if (
        n == 2
        and lows[0] == "the"
        and toks[a + 1].cap
        and not toks[a + 1].poss
        and lows[1] in ORG_ANAPHORS
        and doc.known_match(toks, a + 1, b) is None
    ):
        # "the Bank said", "the Commission said": the short form of a name named before
        return _NP("anaphor_named", span, word=lows[1])
    if (
        n >= 3
        and lows[0] == "the"
        and toks[a + 1].cap
        and toks[a + 1].poss
        and lows[1] in ORG_ANAPHORS
        and all(t.low in DOC_NOUNS or t.low in _words("latest new own recent") for t in toks[a + 2 : b])
        and doc.known_match(toks, a + 1, a + 2) is None
    ):
        # "the Commission's decision": a document of the organisation that short form stands for
        return _NP("anaphor_named", span, word=lows[1])
    if (
        3 <= n <= 4
        and lows[0] in ("a", "an", "the")
        and toks[a + 1].cap
        and not toks[a + 1].poss
        and lows[1] in ORG_ANAPHORS
        and all(not t.cap for t in toks[a + 2 : b])
        and any(t.norm in ORG_ROLES for t in toks[a + 2 : b])
        and doc.known_match(toks, a + 1, a + 2) is None
    ):
        # "A Commission spokesperson": a member of the organisation the short form stands for
        return _NP("anaphor_member", span, word=lows[1], roles=True)
    # Demonyms are adjectives here: "the Portuguese club", "its deputy chief UK economist";
    # so are places before an organisation noun: "the west London club".
    place_ok = lows[-1] in ORG_ANAPHORS and lows[-1] not in _GOV_ORG_NOUNS and not toks[b - 1].cap
    if not any(
        t.cap
        and t.low not in DETERMINERS
        and t.norm not in DEMONYMS
        and not (place_ok and t.norm in PLACES and not t.poss)
        for t in toks[a:b]
    ):
        head_end = next((k for k in range(1, n) if lows[k] in PREPOSITIONS), n)  # "... for the country"
        norms = [t.norm for t in toks[a:b]]  # "co-founder" is "cofounder"
        if (
            lows[0] == "its"
            and head_end >= 2
            and (_person_noun(lows[head_end - 1]) or _person_noun(norms[head_end - 1]))
            and any(x in ORG_ROLES or x in GOV_TITLES for x in lows[1:head_end] + norms[1:head_end])
        ):
            # "Its chief economist", "Its lead analyst for the country", "Its general secretary":
            # a member of the organisation "it" stands for
            return _NP("anaphor_member", span, word="it", roles=True)
        if (
            lows[0] in ("a", "an", "the", "one")
            and head_end >= 2
            and n - head_end in (3, 4)  # "for the agency", "with the fire department"
            and not toks[b - 2].cap  # but "for the Philippine navy" is that country's navy
            and _person_noun(lows[head_end - 1])
            and lows[head_end] in ("for", "at", "of", "with")
            and lows[head_end + 1] in ("the", "that", "this")
            and lows[-1] in ORG_ANAPHORS
        ):
            # "A spokeswoman for the agency", "a battalion chief with the department", "a
            # spokesman for that district": a member of the organisation "the agency" stands for
            return _NP("anaphor_member", span, word=lows[-1], roles=True)
        if (
            n == 3
            and lows[0] in ("a", "an", "the")
            and lows[2] in DOC_NOUNS
            and not toks[a + 1].cap
            and lows[1].isalpha()
            and lows[1] not in DOC_NOUNS
        ):
            # "according to a gendarmerie statement": the body named before with that word
            # ("the National Gendarmerie"); resolve keeps it only if the name has the word
            return _NP("anaphor_org", span, word=lows[1])
        owner_role = n >= 3 and lows[0] == "the" and toks[a + 1].poss and toks[a + 1].low in ORG_ANAPHORS
        if lows[0] in ("the", "this", "that") and n <= 4 and lows[-2:] == ["news", "agency"]:
            return _NP("anaphor_outlet", span, word="outlet")  # "according to the news agency"
        if lows[0] in ("the", "this", "that", "both") and n <= 4 and not owner_role:
            head = lows[-1]
            if head in PLURAL_ORG_ANAPHORS:
                return _NP("anaphor_plural", span, word=head)
            if head in OUTLET_ANAPHORS:
                return _NP("anaphor_outlet", span, word=head)
            if head in ORG_ANAPHORS:
                return _NP("anaphor_org", span, orgs=_described_body(toks, a, b, sent), word=head)
            if head in DOC_NOUNS:
                return _NP("anaphor_doc", span, word=head)
            if head in PERSON_NOUNS:
                return _NP("anaphor_role", span, word=head, roles=True)
            if lows[0] == "the" and n >= 3 and doc.names_end_with(norms[1:]):
                # "the coast guard" after "the Korea Coast Guard": the last words of a name
                return _NP("anaphor_org", span, word=norms[-1])
        if (
            2 <= n <= 3
            and lows[-1] in _DATA_NOUNS
            and all(t.low.isalpha() and t.low not in DETERMINERS for t in toks[a : b - 1])
            and _ACCORDING_BEFORE_RE.search(sent.masked, 0, span[0])
        ):
            # "according to company data", "according to coast guard data": what the company or
            # the coast guard in focus counts itself
            body = norms[: n - 1]
            if (n == 2 and body[0] in ORG_ANAPHORS and body[0] not in _NOT_DATA_OWNERS) or (
                doc.names_end_with(body)
            ):
                return _NP("anaphor_org", span, word=body[-1])
        # "a statement from the companies", "the department's report"
        for k in range(a + 1, b - 1):
            if (
                toks[k].low in ("from", "by", "of")
                and toks[k + 1].low in ("the", "both")
                and any(toks[x].low in DOC_NOUNS for x in range(a, k))
                and b - k <= 4
            ):
                head = toks[b - 1].low
                if head in PLURAL_ORG_ANAPHORS:
                    return _NP("anaphor_plural", span, word=head)
                if head in ORG_ANAPHORS:
                    return _NP("anaphor_org", span, word=head)
        # "the emergencies ministry's own records": what the ministry named before published
        owner = next((k for k in range(a + 1, min(b - 1, a + 4)) if toks[k].poss), None)
        if (
            toks[a].low == "the"
            and owner is not None
            and owner > a + 1
            and toks[owner].low in ORG_ANAPHORS
            and not any(t.cap for t in toks[a + 1 : owner + 1])
            and all(
                t.low in DOC_NOUNS or t.low in _words("latest new own recent") for t in toks[owner + 1 : b]
            )
        ):
            body = _OrgRef(
                _clean_name(sent.masked[toks[a + 1].s : toks[owner].s] + toks[owner].base), None, None
            )
            return _NP("anaphor_org", span, orgs=[body], word=toks[owner].low)
        if toks[a].low == "the" and n >= 2 and toks[a + 1].poss and toks[a + 1].low in ORG_ANAPHORS:
            rest = toks[a + 2 : b]
            if all(t.low in DOC_NOUNS or t.low in _words("latest new own recent") for t in rest):
                return _NP("anaphor_org", span, word=toks[a + 1].low)
            if any(t.norm in ORG_ROLES for t in rest) or _role_before_of(rest):
                # "the company's chief executive", "the office's top prosecutor"
                return _NP("anaphor_member", span, word=toks[a + 1].low, roles=True)
    if (
        toks[a].low == "the"
        and n >= 3
        and toks[a + 1].poss
        and toks[a + 1].low in ORG_ANAPHORS
        and (any(t.norm in ORG_ROLES for t in toks[a + 2 : b]) or _role_before_of(toks[a + 2 : b]))
    ):
        # "the company's chief executive, Dana Okafor"; "the Commission's competition chief": the
        # short form of a name given before, as in "the Commission said"
        runs = _runs(toks, a + 2, b)
        if runs or (toks[a + 1].cap and doc.known_match(toks, a + 1, a + 2) is None):
            return _NP("anaphor_member", span, word=toks[a + 1].low, roles=True, named=bool(runs))

    if lows[0] == "its" and n >= 3:
        # "its spokeswoman Clara Morand": a named member of the organisation "it" stands for
        c = next((k for k in range(a + 1, b) if toks[k].cap), b)
        if (
            c < b
            and any(toks[k].norm in ORG_ROLES for k in range(a + 1, c))
            and _runs(toks, c, b) == [(c, b)]
            and doc.classify(toks, c, b)[0] in (PERSON, PROPER)
        ):
            key = " ".join(t.norm for t in toks[c:b] if t.norm)
            return _NP("anaphor_member", span, word="it", roles=True, named=True, person=doc.persons.get(key))
    # "Central bank president Edwin Rojas": a lowercase organisation noun after a word that
    # opens the sentence, before a role, is that organisation's member
    # (or after an article anywhere: "..., a department spokeswoman said")
    # (a nationality is capitalised anywhere: "At a briefing, Chinese foreign ministry spokesperson X")
    opens = a == 0 or toks[a].low in ("a", "an", "the") or (toks[a].norm in DEMONYMS and toks[a].cap)
    noun = a
    for k in range(a + 1, min(a + 4, b - 1)) if opens and n >= 3 else ():
        if not toks[k].cap and toks[k].low in ORG_ANAPHORS:
            noun = k  # "Chinese foreign ministry spokesperson Lin Haoran": modifiers between
            break
        if (
            toks[k].poss
            or not toks[k].low.isalpha()
            or toks[k].low in DETERMINERS | PREPOSITIONS | _VAGUE_MODIFIERS | _ROLE_MODIFIERS
            or (k > a + 1 and toks[a].low not in DETERMINERS and toks[a].norm not in DEMONYMS)
        ):
            break  # ("A senior ministry official": how senior the person is, not which body)
        if toks[k].cap and toks[k].norm not in DEMONYMS:
            break
    lead = sent.masked[: toks[a].s].rstrip()
    after_quote = bool(lead) and lead[-1] in ',"”~'  # '"...," zoo director Lauren Michaels said'
    if (
        toks[noun].low in ORG_ANAPHORS
        and (toks[noun].cap or noun > a or (after_quote and toks[noun].low in STRICT_ORG_ANAPHORS))
        and not toks[noun].poss
        and noun + 1 < b
        and (toks[noun + 1].norm in ORG_ROLES or (noun > a and toks[noun + 1].norm in GOV_TITLES))
        and (a == 0 or toks[a - 1].low in DETERMINERS or noun > a)
    ):
        # "City council member X": with no council named before, the city council itself
        described = []
        if noun > a and (toks[a].low not in DETERMINERS or noun > a + 1):
            first = a + 1 if toks[a].low in DETERMINERS else a
            described = [_OrgRef(_clean_name(sent.text[toks[first].s : toks[noun].e]), None, None)]
        a = noun
        # the name right after the role ("a navy officer aboard the BRP Lapu-Lapu" names nobody)
        names = [
            (x, y)
            for x, y in _runs(toks, a + 2, b)
            if x == a + 2 and doc.classify(toks, x, y)[0] in (PERSON, PROPER)
        ]
        member_person = None
        if names:
            # "Party leader Jane Novak": the person, so that "Novak said" can refer back
            key = " ".join(t.norm for t in toks[names[0][0] : names[0][1]] if t.norm)
            member_person = doc.persons.get(key)
        return _NP(
            "anaphor_member",
            span,
            described,
            word=toks[a].low,
            roles=True,
            named=bool(names),
            person=member_person,
        )
    runs = _runs(toks, a, b)
    in_run = set()
    for ra, rb in runs:
        in_run.update(range(ra, rb))
    persons: list[tuple[int, int]] = []
    members: list[_OrgRef] = []
    heads: list[_OrgRef] = []
    known_person: _OrgRef | None = None
    # A possessive people noun names whom an organisation is for, not a speaker: "the
    # emergency physicians' association X", "the players' union".
    roles = any(
        _person_noun(toks[k].low)
        and not toks[k].poss
        and not _surveyed(toks, a, k)  # "a poll of economists"
        and not (_firm_noun(toks, k) and doc.classify(toks, *_run_at(toks, k + 1))[0] == ORG)
        and not _recipients(toks, a, k)  # "an email sent to supporters and seen by X"
        # "the student platform Studyportals": whom a body is for, before the body's noun
        and not (
            k + 1 < b
            and not toks[k + 1].cap
            and toks[k + 1].low in ORG_TYPE_NOUNS
            and toks[k].low not in _QUANTIFIERS  # but "several school principals"
        )
        for k in range(a, b)
        if k not in in_run
    )
    owner_start = owner_end = -1  # where a possessive organisation name starts and ends
    head_end = a  # where the last organisation speaking for itself ends

    for ra, rb in runs:
        had_the = ra > a and toks[ra - 1].low == "the"
        nxt = toks[rb] if rb < len(toks) else None
        (ma, mb), (ta, tb), (na, nb) = _segment(toks, (ra, rb))
        principal = _principal_of_role(toks, a, ra)
        if tb > ta:
            roles = True
            if nb > na and not _owner_of_role(toks, nb, b):
                km = doc.known_match(toks, na, nb)
                known = km is not None and km[1] == nb and doc.index.kinds.get(km[0]) == "individual"
                if principal:
                    if known and km is not None:
                        members.append(doc.org_ref(toks, na, nb, sent, KNOWN, km[0]))
                else:
                    persons.append((na, nb))
                    if known and km is not None:
                        known_person = doc.org_ref(toks, na, nb, sent, KNOWN, km[0])
            title_norms = {toks[k].norm for k in range(ta, tb)}
            gov = bool(title_norms & (GOV_TITLES | MEMBER_ABBREVIATIONS)) and not (
                title_norms & ((ORG_ROLES | RANKS) - (GOV_TITLES - RANKS))
            )
            if mb > ma:
                # A portfolio or a place before a government title ("Environment Secretary",
                # "Texas Governor") is no organisation; a name that is one is ("Bank of England
                # Governor", "NATO Secretary General").
                cls, slug = doc.classify(toks, ma, mb, had_the=had_the, sentence_start=(ma == 0))
                if cls in (KNOWN, ORG, PROPER) and (not gov or doc.named_org(toks, ma, mb)):
                    members.append(doc.org_ref(toks, ma, mb, sent, cls, slug))
            continue
        desc_end = _descriptor_end(toks, rb, b)
        if desc_end and not toks[rb - 1].poss:
            # "Cybersecurity firm Kestrel Intelligence", "Ratings agency Moody's": a description
            # of the organisation named next, not another organisation
            in_run.update(range(ra, desc_end))
            continue
        cls, slug = doc.classify(toks, ra, rb, had_the=had_the, next_tok=nxt, sentence_start=(ra == 0))
        if ra == owner_end and cls in (PLACE, PROPER, ORG) and not toks[rb - 1].poss:
            # A part of the organisation named before it: "The World Health Organization's
            # Europe office" is the WHO speaking.
            k = rb
            while k < b and k - rb < 2 and not toks[k].cap and toks[k].low.isalpha():
                if toks[k].low in _GOV_ORG_NOUNS or toks[k].low in ORG_ANAPHORS:
                    rb = k + 1
                    # "the headquarters said" after "the Korea Coast Guard's Jungbu regional
                    # headquarters" is that organisation again
                    owner_key = normalize_name(" ".join(t.base for t in toks[owner_start:ra]))
                    if owner_key:
                        doc.org_types.setdefault(owner_key, set()).add(toks[k].low)
                    break
                k += 1
            in_run.update(range(ra, rb))
            continue
        if cls in (KNOWN, ORG) and toks[rb - 1].poss:
            owner_start, owner_end = ra, rb
        if (
            cls in (PLACE, PROPER)
            or (cls == ORG and (had_the or toks[ra].low == "the") and not doc.named_org(toks, ra, rb))
        ) and (not toks[rb - 1].poss or cls == PLACE):
            # (a country's own body too: "France's national audit office")
            # "the Valais cantonal police", "the Lyon police": a place and a public body's noun
            k = rb
            while (
                k < b
                and k - rb < 2
                and not toks[k].cap
                and toks[k].low.isalpha()
                and toks[k].low not in PREPOSITIONS
                and toks[k].low not in DETERMINERS
                and toks[k].low not in _GOV_ORG_NOUNS
                and toks[k].low not in _FORCE_NOUNS
                and toks[k].low not in AUXILIARIES
            ):
                k += 1
            named_next = toks[rb - 1].poss and k + 1 < b and toks[k + 1].cap  # "agency Eurocontrol"
            # "the Philippine navy" is that country's navy; "the Portuguese club" is no name
            national_force = had_the and k == rb and k < b and toks[k].low in _FORCE_NOUNS
            if (
                k < b
                and (toks[k].low in _GOV_ORG_NOUNS or national_force)
                and not toks[k].cap
                # ("Saudi Arabia's energy ministry": a country's possessive, whatever its first word)
                and (toks[ra].norm not in DEMONYMS or national_force or (cls == PLACE and toks[rb - 1].poss))
                and not named_next
            ):
                first = ra + 1 if toks[ra].low in ("a", "an") and ra + 1 < rb else ra
                ref = _OrgRef(_clean_name(sent.text[toks[first].s : toks[k].e]), None, None)
                prep = ra - 2 if had_the else ra - 1
                # "A spokeswoman for the Philippine navy": its member speaks
                employs = prep > a and toks[prep].low in ("for", "at", "of", "with", "from")
                employs = employs and _person_before(toks, a, prep)
                if (
                    not any(_person_noun(toks[x].low) for x in range(k + 1, b))
                    and not persons
                    and not employs
                ):
                    heads.append(ref)
                    head_end = k + 1
                else:
                    members.append(ref)
                for x in range(rb, k + 1):
                    in_run.add(x)
                continue
        if cls == PERSON and _owner_of_role(toks, rb, b):
            continue
        if principal and (
            cls == PERSON or (cls == KNOWN and doc.index.kinds.get(slug or "") == "individual")
        ):
            # "A spokesperson for Secretary-General Antonio Guterres": the speaker is unnamed
            if cls == KNOWN:
                members.append(doc.org_ref(toks, ra, rb, sent, cls, slug))
            continue
        if cls == PERSON:
            persons.append((ra, rb))
            km = doc.known_match(toks, ra, rb)
            if km and km[1] == rb and doc.index.kinds.get(km[0]) == "individual":
                known_person = doc.org_ref(toks, ra, rb, sent, KNOWN, km[0])
            continue
        if cls == KNOWN and doc.index.kinds.get(slug or "") == "individual":
            persons.append((ra, rb))
            known_person = doc.org_ref(toks, ra, rb, sent, cls, slug)
            continue
        if cls not in (KNOWN, ORG, PROPER):
            continue
        if (
            cls == PROPER
            and toks[rb - 1].poss
            and any(x == rb and doc.classify(toks, x, y)[0] == ORG for x, y in runs)
        ):
            continue  # "Lower Saxony's Agriculture Ministry": the region owns the ministry that speaks
        ref = doc.org_ref(toks, ra, rb, sent, cls, slug)
        if ref.slug is None and ra > a and not toks[ra - 1].cap and toks[ra - 1].low in MEDIA_DESCRIPTORS:
            # "The newspaper Público": an outlet, which "the hospital" or "the company" never means
            ref = _OrgRef(ref.name, None, "outlet")
        # Modifier of a role noun: "Kremlin spokesman", "Houthi military spokesman", "CNN's Jake Tapper"
        k = rb
        skipped = 0
        attached = False
        while k < b and skipped <= 3:
            tk = toks[k]
            if (_role_word(tk) or (not tk.cap and tk.norm in RANKS | {"secretary"})) and (
                not tk.cap or k in in_run
            ):
                attached = True
                break
            if (
                toks[rb - 1].poss
                and cls in (ORG, KNOWN)
                and not tk.cap
                and tk.low in PERSON_NOUNS - GOV_TITLES
                and not tk.low.endswith("s")
            ):
                attached = True  # "NABU's wolf expert": one of the owner's people
                break
            if tk.cap and toks[rb - 1].poss and doc.classify(toks, k, k + 1)[0] == PLACE:
                skipped += 1  # "The ITF's Gulf inspector": the region a member covers
                k += 1
                continue
            if tk.cap or tk.low in PREPOSITIONS or tk.low in DETERMINERS or tk.low in AUXILIARIES:
                break
            skipped += 1
            k += 1
        field_of_role = attached and not toks[rb - 1].poss and _role_complement(toks, k)
        if (
            toks[rb - 1].poss
            and cls in (PROPER, ORG)
            and any(toks[j].norm in _PLACE_OFFICE_TITLES for j in range(rb, min(b, rb + 3)))
            and not doc.named_org(toks, ra, rb)
        ):
            continue  # "Tasmania's Fisheries Minister": a place's government, no organisation
        if not attached and toks[rb - 1].poss and rb < b:
            nt = toks[rb]
            if (
                nt.norm in ORG_ROLES
                or any(pa == rb for pa, _ in persons)
                or (nt.cap and doc.classify(toks, rb, min(b, rb + 3))[0] == PERSON)
            ):
                attached = True
        if not attached:
            # After a role noun and a preposition: "spokesperson for the City of Tacoma"
            k = ra - 1
            if k >= a and toks[k].low == "the":
                k -= 1
            hops = 0
            while (
                k >= a
                and hops < 3
                and not toks[k].cap
                and toks[k].low not in PREPOSITIONS
                and toks[k].low not in PERSON_NOUNS
            ):
                k -= 1
                hops += 1
            # ("a care worker from Liege": one word of no known kind after "from" is a home town)
            home_town = toks[k].low in ("from", "in") and rb - ra == 1 and cls == PROPER and ra == k + 1
            if (
                k > a
                and toks[k].low in ("for", "at", "of", "with", "from", "within", "inside", "in")
                and _person_before(toks, a, k)
                and not home_town
            ):
                attached = True
            elif k > a and toks[k].low in ("in", "near", "across", "around", "outside"):
                continue  # where the speakers are, not who speaks: "Unions on sites in the Alps"
        if field_of_role:
            # "a South Caucasus analyst at the International Crisis Group": the name before the
            # role is a field; the organisation after it is the employer
            continue
        if attached:
            members.append(ref)
        elif (
            heads
            and any(toks[x].low == "of" for x in range(head_end, ra))
            and all(not toks[x].cap and toks[x].low not in ("and", "or") for x in range(head_end, ra))
            and "," not in sent.masked[toks[head_end - 1].e : toks[ra].s]
        ):
            # "The Department of the Economy of the canton of Jura": the place after the name's
            # "of" is where the body is, not another body speaking
            continue
        else:
            heads.append(ref)
            head_end = rb

    # A lowercase modifier that names a known source with an organisation word added:
    # "national security spokesperson" -> "National Security Council".
    for k in range(a, b):
        if toks[k].norm not in ORG_ROLES or toks[k].cap:
            continue
        mods = []
        j = k - 1
        while (
            j >= a
            and not toks[j].cap
            and toks[j].low.isalpha()
            and toks[j].low not in DETERMINERS
            and toks[j].low not in PREPOSITIONS
            and toks[j].low not in AUXILIARIES
            and len(mods) < 4
        ):
            mods.insert(0, toks[j].norm)
            j -= 1
        while len(mods) >= 2:
            slug = doc.index.by_tokens.get(tuple(mods))
            for suffix in ALIAS_SUFFIX_EXPANSIONS:
                if slug:
                    break
                slug = doc.index.by_tokens.get((*mods, suffix))
            if slug:
                members.append(_OrgRef(doc.index.names.get(slug, slug), slug, doc.index.kinds.get(slug)))
                break
            mods = mods[1:]

    named = bool(persons)
    person = None
    if persons:
        pa, pb = persons[0]
        key = " ".join(t.norm for t in toks[pa:pb] if t.norm)
        person = (doc.surnames.get(key) if pb - pa == 1 else None) or doc.persons.get(key)
    if members:
        return _NP("member", span, _dedupe_orgs(members), named=named, roles=True, person=person)
    if known_person is not None and not roles_outside(toks, a, b, in_run):
        return _NP("self", span, [known_person], named=True)
    if heads and not persons and not roles:
        return _NP("self", span, _dedupe_orgs(heads))
    if persons:
        pa, pb = persons[0]
        key = " ".join(t.norm for t in toks[pa:pb] if t.norm)
        kind = "person"
        if pb - pa == 1 and person is not None and person.key != key:
            kind = "surname"
        elif person is not None and pb - pa == 1:
            kind = "surname"
        if known_person is not None:
            person = person or _Person(key, key, key, known_person.slug)
            person.known = known_person.slug
        return _NP(kind, span, named=True, person=person, roles=roles)
    if heads and roles:
        return _NP("generic", span, roles=True)
    if roles:
        return _NP("generic", span, roles=True)
    if runs and all(doc.classify(toks, ra, rb)[0] in (PLACE, COMMON, DATE) for ra, rb in runs):
        return _NP("place", span)
    return _NP("generic", span)


_SENT_NOUNS = DOC_NOUNS | _words("email emails e-mail message messages")


def _recipients(toks: list[_Tok], a: int, k: int) -> bool:
    """Whether the people noun toks[k] is whom a document was sent to: "an email (sent) to
    supporters", "a letter to the members", "a memo to staff"."""
    j = k - 1
    if j > a and toks[j].low in DETERMINERS:
        j -= 1
    return j > a and toks[j].low == "to" and any(toks[x].low in _SENT_NOUNS for x in range(a, j))


def _surveyed(toks: list[_Tok], a: int, k: int) -> bool:
    """Whether the people noun toks[k] is whom a document asked: "a poll of (25) economists"."""
    j = k - 1
    while j > a and (toks[j].base[:1].isdigit() or toks[j].low in _QUANTIFIERS or toks[j].low == "more"):
        j -= 1
    return j > a and toks[j].low == "of" and toks[j - 1].low in DOC_NOUNS


def _person_before(toks: list[_Tok], a: int, k: int) -> bool:
    """Whether a people noun ends the phrase before the preposition toks[k], perhaps with its
    own short complement: "spokesperson" (for ...), "a specialist in wine authentication"
    (at ...), "a professor of economics" (at ...)."""
    j = k - 1
    if j < a:
        return False
    if _person_noun(toks[j].low):
        return True
    hops = 0
    while (
        j > a
        and hops < 4
        and not toks[j].cap
        and toks[j].low.isalpha()
        and toks[j].low not in PREPOSITIONS
        and toks[j].low not in DETERMINERS
        and toks[j].low not in AUXILIARIES
        and toks[j].low not in _SUBORDINATORS
    ):
        j -= 1
        hops += 1
    return (
        hops > 0
        and j > a
        and toks[j].low in ("in", "of", "on")
        and not toks[j - 1].cap
        and _person_noun(toks[j - 1].low)
    )


def _descriptor_end(toks: list[_Tok], rb: int, b: int) -> int:
    """When the lowercase words from toks[rb] end in a kind of organisation directly before a
    name ("firm" in "Cybersecurity firm Kestrel"), the index of that name; else 0."""
    for j in range(rb, min(b - 1, rb + 3)):
        t = toks[j]
        if t.cap or t.poss or not t.low.isalpha() or t.low in PREPOSITIONS or t.low in DETERMINERS:
            return 0
        if t.low in AUXILIARIES or t.low in _SUBORDINATORS or t.low in STRONG_VERBS:
            return 0
        if t.low in ("and", "or"):
            return 0  # "by Morgan Stanley and consultancy LuxeConsult": two names, each its own
        if (t.low in ORG_TYPE_NOUNS) and toks[j + 1].cap and _joined(t, toks[j + 1]):
            return j + 1
    return 0


def _role_complement(toks: list[_Tok], k: int) -> bool:
    """Whether the role noun toks[k] is followed by its organisation: "analyst at the
    International Crisis Group", "correspondent for CNN"."""
    j = k + 1
    if j >= len(toks) or toks[j].low not in ("at", "for", "with") or toks[j].cap:
        return False
    j += 1
    if j < len(toks) and toks[j].low == "the":
        j += 1
    return j < len(toks) and toks[j].cap and _joined(toks[j - 1], toks[j])


def _principal_of_role(toks: list[_Tok], a: int, ra: int) -> bool:
    """Whether the name starting at `ra` is whom a role before it serves: "a spokesperson for
    Antonio Guterres", "an aide to the President"."""
    k = ra - 1
    if k > a and toks[k].low == "the":
        k -= 1
    if k > a and toks[k].low == "of" and not toks[k - 1].cap and toks[k - 1].low in KIN_NOUNS:
        return True  # "the mother of Darnell Pruitt": she is not named
    return (
        k > a
        and toks[k].low in ("for", "to")
        and not toks[k - 1].cap
        and _person_noun(toks[k - 1].low)
        and toks[k - 1].low in ORG_ROLES | _words("adviser advisor aide aides assistant lawyer attorney")
    )


# People named by whom they are related to.
KIN_NOUNS = _words(
    "mother father parents parent son sons daughter daughters wife husband widow widower brother "
    "brothers sister sisters aunt uncle cousin grandmother grandfather partner fiancee fiance "
    "girlfriend boyfriend family relatives relative friend friends neighbour neighbor"
)


def _owner_of_role(toks: list[_Tok], end: int, b: int) -> bool:
    """Whether the name ending at `end` owns the role after it ("Scholz's spokesperson")."""
    return toks[end - 1].poss and end < b and not toks[end].cap and _person_noun(toks[end].low)


_LEADS_RE = re.compile(
    r"^(?:who|which)\s+(?:\w+\s+)?(?:leads|leading|led|heads|heading|runs|running|works|working|"
    r"directs|directing|chairs|chairing|oversees|overseeing|manages|managing|represents|representing|"
    r"studies|studying|teaches|teaching|researches|researching|lectures|lecturing)\b"
)
# "Teresa Murray, a consumer watchdog at U.S. PIRG,": a person described as something at an
# organisation works there, whatever the noun.
_AT_ORG_RE = re.compile(
    r"^(?:[Aa]n?\s+(?:[a-z-]+\s+){1,6}?"
    # or a role without an article: "head of research at London consultancy Halyard"
    # ("head of Central America trading at Swiss-based merchant Volcafe")
    r"|(?:head|director|chief|manager|editor|professor|partner|analyst|economist|strategist)\s+(?:[\w-]+\s+){0,4}?)"
    r"(?:who\s+[a-z]+\s+(?:[a-z-]+\s+){0,3})?(at|with)\s+(?:the\s+)?[A-Z]"
    # or a seat on a body: "the top Democrat on the House Homeland Security Committee"
    r"|^(?:[Tt]he|[Aa]n?)\s+(?:[A-Za-z-]+\s+){1,3}?(on)\s+the\s+[A-Z]"
)
# "who chairs the board", "a cellist who chairs the union's negotiating committee"
_LEADS_THE_RE = re.compile(r"(?:^|\s)" + _LEADS_RE.pattern[1:] + r"\s+the\s+([a-z]+)(?:['’]s\s+[a-z -]+)?$")
_PART_OF_THE_RE = re.compile(r"^(?:the\s+)?(?:[a-z-]+\s+){0,2}?(?:of|at|in)\s+the\s+([a-z]+)['’]s\s")
_ORG_POSSESSIVE_RE = re.compile(
    r"\b[Tt]he\s+("
    + "|".join(sorted(ORG_ANAPHORS - {"government", "military", "army", "navy", "campaign"}))
    + r")['’]s\b"
)
_GOV_ORG_NOUNS = _words(
    "government administration ministry department council office police agency authority court "
    "legislature parliament assembly commission"
)


# A country's armed services, named by its adjective: "the Philippine navy".
_FORCE_NOUNS = _words("navy army military")


def roles_outside(toks: list[_Tok], a: int, b: int, in_run: set[int]) -> bool:
    return any(_person_noun(toks[k].low) and not toks[k].cap for k in range(a, b) if k not in in_run)


def _dedupe_orgs(orgs: list[_OrgRef]) -> list[_OrgRef]:
    seen = set()
    out = []
    for o in orgs:
        if o.key not in seen:
            seen.add(o.key)
            out.append(o)
    return out


# --------------------------------------------------------------------------------------
# Frames: where a sentence attributes something
# --------------------------------------------------------------------------------------

_VERB_RE = re.compile(
    r"\b("
    + "|".join(sorted(STRONG_VERBS | WEAK_VERBS | OUTLET_ONLY_VERBS, key=len, reverse=True))
    + r"|(?:put|puts|pegged|pegs|placed|places)(?=\s+(?:the|its|their|a|an)\s+(?:[\w-]+\s+){0,3}?at\s+\S)"
    + r"|(?:pointed|points)(?=\s+to\b)"
    # "The United Nations has described wildlife trafficking as ...": a characterisation
    + r"|(?:described|describes)(?=\s+(?:[\w'’-]+\s+){1,8}?as\b)"
    # "Environment Canada issued a snowfall warning": a warning or statement it gave
    + r"|(?:issued|issues)(?=\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:warning|statement|advisory|alert)\b)"
    # "Chile's Supreme Court on Thursday ordered work to stop": a court's order (checked below)
    + r"|(?:ordered|orders)(?=\s)"
    # "The White House welcomed the decision": a reaction is a statement
    + r"|(?:welcomed|welcomes)(?=\s+(?:the|this|that|its|their)\b)"
    # "IndustriALL called on every brand to contribute", "The union called for a strike": a demand
    + r"|(?:called|calls)(?=\s+on\s+(?:[\w'’-]+\s+){1,8}?to\s+[a-z])"
    + r"|(?:called|calls)(?=\s+for\s+(?:an?|the|more|new|his|her|their|its)\b)"
    # 'X called the failure "a disaster"': a verdict in the speaker's words
    + r"|(?:called|calls)(?=\s+(?:[\w'’-]+\s+){0,5}?[\"“‘']?~)"
    # '"...," she continued.': a speaker going on, only where the clause ends at the verb
    + r"|(?:continued|continues)(?=\s*[,.:;])"
    + r"|(?:spoke|speaks|talked|talks)\s+(?:to|with)(?=\s+(?:the\s+)?(?:reporters|journalists|press|[A-Z]))"
    + r"|(?:expects|expect|expected)(?=\s+(?:that\b|(?:[\w'’%.-]+\s+){1,4}?to\s+[a-z])))\b"
)
# What an organisation cites as its own case: "The department cited research from Calgary"
_EVIDENCE_RE = re.compile(
    r"\s+(?:(?:new|recent|its\s+own|internal)\s+)?"
    r"(?:research|studies|study|data|figures|evidence|statistics|analysis|findings)\b"
)
# "A poll had pointed to a cut": weak, like "found", and only after a document.
POINT_VERBS = _words("pointed points")
# "The Bank expects inflation to peak": a forecast, when an organisation itself expects it.
EXPECT_VERBS = _words("expects expect expected")
_ACCORDING_RE = re.compile(r"\b[Aa]ccording\s+to\s+")
_PER_RE = re.compile(r"(?:^|(?<=[\s,;(—–~]))[Pp]er\s+(?=(?:the\s+|The\s+)?[A-Z])")
_BY_RE = re.compile(
    r"\b(?:(?:was|were|is|been|as|first|originally|previously|earlier|initially)\s+)*"
    r"(?:reported|revealed|disclosed|published|confirmed|broken|announced)\s+(?:first\s+)?by\s+"
    # "a point also made by the OECD", "a concern echoed by the union"
    r"|\b(?:a|the)\s+(?:point|view|concern|warning|criticism|argument|call)\s+(?:\w+ly\s+|also\s+)?"
    r"(?:made|raised|voiced|echoed|shared|expressed|repeated)\s+by\s+"
)
_RELAY_RE = re.compile(r"(,\s*)?\b(citing|quoting|which\s+(?:cited|quoted))\s+")
_QUOTED_BY_RE = re.compile(r"\s+(?:quoted|cited|published|reported)\s+by\s+")
_QUOTED_AS_RE = re.compile(r"\b(?:quoted|cited)\s+")
_CHANNEL_RES = (
    re.compile(
        r"\b(?:in|during)\s+(?:an?|the|his|her|their|its|one)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:interview|interviews|statement|statements|comments|remarks|email|e-mail|emails|call|"
        r"conversation|appearance|op-ed|podcast|message|letter|memo)\s+"
        # "in a statement seen by AFP", "in a memo to staff seen by Bloomberg News": the outlet
        # that has it
        r"(?:(?:(?:to|for)\s+[a-z]+\s+)?seen\s+by|(?:(?:sent|emailed|given|provided)\s+)?(?:with|to|on|for))\s+",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:[Ss]peaking|[Tt]alking|[Ww]riting)\s+(?:to|with|on|in)\s+"),
    re.compile(r"\b(?:appear(?:ed|ing|s)?|interviewed)\s+(?:on|by)\s+"),
    re.compile(
        r"\b(?:confirmed|said|explained|wrote|revealed|disclosed|admitted|denied|described|"
        r"confided|insisted)\s+to\s+(?=(?:the\s+|The\s+)?[A-Z])"
    ),
    re.compile(r"\b(?:said|says|told|speaking|added)\s+(?:on|in)\s+(?=(?:the\s+|The\s+)?[A-Z])"),
    re.compile(r"\bon\s+(?=[A-Z][\w.&-]*['’]s\s+[A-Z])"),
)
# "The association and" before a name: a subject the coordination rule leaves out
_ASIDE_RE = re.compile(r"an?\s+[a-z]+\s+(?:that\s+|which\s+)?(?:the\s+)?[A-Z]")
_ANAPHOR_AND_RE = re.compile(r"(?:^|[,;]\s*|\b(?:while|but|and)\s+)[Tt]he\s+([a-z]+)\s+and\s+(?:the\s+)?$")
_OWN_CHANNEL_RE = re.compile(
    # the sentence may open with it: "In a video posted on the company's website, Oduya said"
    r"\b(?:[Ii]n|[Dd]uring|[Aa]t|[Oo]n|[Vv]ia|[Tt]hrough)\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|video|post|address|speech|conference|briefing|note|report|advisory|filing|"
    r"tweet|message|letter|remarks|rally|hearing|testimony|podcast|broadcast)\b"
    r"|\b(?:on|via)\s+(?:Telegram|X|Twitter|Facebook|Instagram|TikTok|YouTube|LinkedIn|Truth Social|"
    r"social media)\b"
    r"|\btold\s+(?:reporters|journalists|lawmakers|legislators|supporters|the crowd|an audience|"
    r"a (?:news|press) conference|a briefing)\b",
)
_BRIEFING_RE = re.compile(
    r"\b(?:at|during|from)\s+(?:an?|the)\s+((?:[A-Z][\w.&'’-]*\s+){1,5})"
    r"(?:press\s+|news\s+|media\s+|daily\s+|regular\s+|weekly\s+)?"
    r"(?:briefing|conference|event|hearing|podium|meeting|summit)"
)
_PUBLISHER_SELF_RE = re.compile(
    r"^(?:this|our)\s+(?:newspaper|paper|publication|outlet|website|site|network|station|"
    r"magazine|reporter|correspondent|news\s+agency|agency)$|^(?:us|me)$",
    re.IGNORECASE,
)
_MAX_FRAMES = 40  # reporting verbs looked at in one sentence; real sentences have a handful
_SUBORDINATORS = _words(
    "that who which whose whom where when while as because after before since although though if "
    "but so whereas than until unless whether"
)
_HARD_BOUNDARY = set(';:()[]"“”«»~—–')


@dataclass
class _Frame:
    pos: int
    end: int
    kind: str  # verb according per by
    verb: str = ""
    subj: _NP | None = None
    descs: list[_NP] = field(default_factory=list)
    outlets: list[_OrgRef] = field(default_factory=list)
    outlet_anaphor: bool = False
    clause: tuple[int, int] | None = None
    speaker_np: _NP | None = None  # from "citing <people>" or "quoted X as saying"
    relays: list[_OrgRef] = field(default_factory=list)
    trailing_subject: bool = False
    that_clause: bool = False
    owner: _OrgRef | None = None  # the organisation a titled speaker belongs to ("with Chair X saying")


def _gap_stops(masked: str, a: int, b: int, prev: _Tok | None) -> bool:
    gap = masked[a:b]
    if not gap:
        return False
    if any(c in ',;:!?~"“”()[]—–«»' for c in gap):
        return True
    if "." in gap:
        if prev is not None and (prev.low in ABBREVIATIONS or len(prev.base) == 1 or "." in prev.base):
            return False
        return True
    return " - " in gap


def _without_home_town(toks: list[_Tok]) -> int:
    """How many of a person's name tokens are the name: "Melissa Grant of Columbus" is Melissa
    Grant, from Columbus (a full name never goes on with "of": "Duke of York" has no first name
    before it)."""
    for k in range(len(toks) - 2, 1, -1):
        if toks[k].low in ("of", "from") and not toks[k].cap:
            if all(t.cap for t in toks[k + 1 :]):
                return k
            break
    return len(toks)


def _name_before_clause(toks: list[_Tok], span: tuple[int, int]) -> tuple[int, int]:
    """A name that the next clause follows with no comma ends the phrase: "according to The
    Wall Street Journal some chocolate makers have begun" is according to the Journal."""
    a, b = _tok_range(toks, *span)
    if a < b and toks[a].low == "the":
        a += 1
    runs = _runs(toks, a, b)
    if runs and runs[0][0] == a and runs[0][1] < b and not toks[runs[0][1] - 1].poss:
        nxt = toks[runs[0][1]]
        if not nxt.cap and (nxt.low in DETERMINERS or nxt.low in _QUANTIFIERS or nxt.low in PRONOUNS):
            return span[0], toks[runs[0][1] - 1].e
    return span


def _names_publisher(after_verb: str, publisher: _OrgRef) -> bool:
    """Whether the words after "told" name the publisher however it is written: "told dpa"."""
    return (
        re.match(r"\s+(?:the\s+)?" + re.escape(publisher.name) + r"\b", after_verb, re.IGNORECASE) is not None
    )


def _place_before_descriptor(toks: list[_Tok], k: int, b: int) -> bool:
    """Whether toks[k] is one word of place or network before an outlet's description and
    name: "Columbus" in "the Columbus broadcaster WBNS", "CNN" in "CNN affiliate KXAN"."""
    if toks[k].poss:
        return False
    for j in range(k + 1, min(b - 1, k + 3)):
        if toks[j].cap or not toks[j].low.isalpha():
            return False
        if toks[j].low in MEDIA_DESCRIPTORS and toks[j + 1].cap:
            return True  # "the Columbus broadcaster WBNS", "Accra radio station Joy FM"
    return False


def _descriptor_ahead(toks: list[_Tok], k: int) -> bool:
    """Whether toks[k] starts a lowercase description of an outlet before its name: "sports
    daily" in "told Portuguese sports daily A Bola"."""
    for j in range(k, min(len(toks) - 1, k + 3)):
        t = toks[j]
        if t.cap or not t.low.isalpha() or t.low in PREPOSITIONS or t.low in _SUBORDINATORS:
            return False
        if t.low in MEDIA_DESCRIPTORS and toks[j + 1].cap and not t.poss:
            return True
    return False


def _forward_np(doc: _Doc, si: int, pos: int, *, loose: bool) -> tuple[int, int] | None:
    """The noun phrase starting at pos. `loose` admits lowercase words ("a statement from
    the companies"); otherwise only names, determiners and person/organisation nouns."""
    toks = doc.toks[si]
    masked = doc.sentences[si].masked
    k = _first_at(toks, pos)
    if k >= len(toks) or _gap_stops(masked, pos, toks[k].s, None):
        return None
    start = k
    last = None
    count = 0
    while k < len(toks) and count < 14:
        t = toks[k]
        if last is not None and _gap_stops(masked, toks[last].e, t.s, toks[last]):
            break
        low = t.low
        if low in ("that", "who", "which", "whose", "where", "when", "while", "because", "as", "if"):
            break
        if not t.cap and low in STRONG_VERBS | WEAK_VERBS and last is not None:
            break
        if (
            not loose
            and low in DETERMINERS
            and not t.cap
            and last is not None
            and toks[last].low not in _RUN_CONNECTORS | DETERMINERS | {"and", "&"}
        ):
            break  # "told the paper the club had": the object ends before the next "the"
        if not loose and not t.cap:
            ok = (
                _descriptor_ahead(toks, k)
                or low in DETERMINERS
                or low in PERSON_NOUNS
                or low in ORG_ANAPHORS
                or low in ("and", "&", "us", "me", "our")
                or low in _RUN_CONNECTORS
                and k + 1 < len(toks)
                and toks[k + 1].cap
                or t.base[:1].isdigit()
            )
            if not ok:
                break
        if t.cap and _time_len(toks, k, len(toks)) and not (last is not None and toks[last].poss):
            break
        if (
            not t.cap
            and _time_len(toks, k, len(toks))
            and low in ("on", "last", "this", "earlier", "yesterday", "today", "late")
        ):
            break
        last = k
        count += 1
        k += 1
    if last is None:
        return None
    # never end on a connector or determiner
    while last >= start and (toks[last].low in _RUN_CONNECTORS or toks[last].low in DETERMINERS):
        last -= 1
    if last < start:
        return None
    return toks[start].s, toks[last].e


def _split_coordination(doc: _Doc, si: int, span: tuple[int, int]) -> list[tuple[int, int]]:
    toks = doc.toks[si]
    a, b = _tok_range(toks, *span)
    parts = []
    start = a
    for k in range(a, b):
        if toks[k].low == "and" and k + 1 < b and (toks[k + 1].cap or toks[k + 1].low == "the"):
            # "CNN and the BBC": split; "Centers for Disease Control and Prevention": a name
            left_runs = _runs(toks, start, k)
            if left_runs and left_runs[-1][1] == k and k > start:
                ra = left_runs[-1][0]
                if (
                    any(toks[j].low in ("of", "for") for j in range(ra, k))
                    and toks[k + 1].cap
                    and doc.known_match(toks, k + 1, b) is None
                ):
                    continue  # one name: "Organisation for Economic Co-operation and Development"
                parts.append((start, k))
                start = k + 1
    parts.append((start, b))
    return [(toks[x].s, toks[y - 1].e) for x, y in parts if y > x]


def _is_outlet(doc: _Doc, o: _OrgRef, publisher: _OrgRef | None) -> bool:
    if publisher is not None and o.key == publisher.key:
        return True
    if o.slug is not None:
        return doc.index.kinds.get(o.slug) == "outlet"
    if o.kind == "outlet":
        return True
    words = normalize_name(o.name).split()
    if len(words) >= 3 and words[-1] == "agency" and not {"news", "press"} & set(words):
        return False  # "European Union Aviation Safety Agency" is no news agency
    return bool(words) and words[-1] in MEDIA_SUFFIXES


def _outlet_refs(
    doc: _Doc, si: int, span: tuple[int, int], publisher: _OrgRef | None
) -> tuple[list[_OrgRef], bool]:
    """Outlets named in an object phrase ("CNN's State of the Union", "CNN and the BBC").
    Returns (outlets, is_outlet_anaphor)."""
    toks = doc.toks[si]
    sent = doc.sentences[si]
    out: list[_OrgRef] = []
    anaphor = False
    for ps, pe in _split_coordination(doc, si, span):
        phrase = sent.masked[ps:pe].strip()
        if publisher is not None and _PUBLISHER_SELF_RE.match(phrase):
            out.append(publisher)
            continue
        a, b = _tok_range(toks, ps, pe)
        if a >= b:
            continue
        if toks[a].low in ("the", "this") and b - a == 2 and toks[a + 1].low in OUTLET_ANAPHORS:
            anaphor = True
            continue
        a2 = a + 1 if toks[a].low in ("the", "a", "an") else a
        # A description before the name: "Portuguese sports daily A Bola", "the news site STAT"
        for k in range(a2, min(b - 1, a2 + 5)):
            tk = toks[k]
            if tk.cap and tk.norm not in DEMONYMS and not _place_before_descriptor(toks, k, b):
                break
            if not tk.cap and tk.low in MEDIA_DESCRIPTORS and toks[k + 1].cap:
                a2 = k + 1
                break
        if a2 >= b or not toks[a2].cap:
            continue
        runs = _runs(toks, a2, b)
        if not runs or runs[0][0] != a2:
            continue
        ra, rb = runs[0]
        if toks[ra].norm in SOCIAL_PLATFORMS or (rb - ra == 1 and toks[ra].base in ("X", "Truth")):
            continue
        km = doc.known_match(toks, ra, rb)
        if km:
            if doc.index.kinds.get(km[0]) in ("outlet", "research", "ngo", "other"):
                out.append(doc.org_ref(toks, ra, km[1], sent, KNOWN, km[0]))
            continue
        # a possessive ends the outlet's name: "Reuters' Jane Doe"
        cls, _ = doc.classify(toks, ra, rb, had_the=a2 > a, next_tok=toks[rb] if rb < len(toks) else None)
        last = toks[rb - 1].norm
        if cls == ORG and last in NOT_OUTLET_SUFFIXES:
            continue
        if rb < b and not toks[rb].cap and toks[rb].norm in NOT_OUTLET_SUFFIXES:
            continue  # "told a Holyrood committee": a hearing, not an outlet
        if cls in (ORG, PROPER) or (cls == PLACE and last in MEDIA_SUFFIXES):
            if cls == PROPER and rb - ra > 1 and toks[ra].norm in FIRST_NAMES:
                continue
            out.append(doc.org_ref(toks, ra, rb, sent, ORG, None))
    return out, anaphor


# Verbs that report after ", which" ("which said it had approved"); others describe ("which
# assesses species").
# ("which estimated that the object was a metre across": an estimate is a statement too)
_WHICH_VERBS = _words(
    "said says told tells reported reports confirmed denied announced warned added stated estimated estimates"
)
_WHICH_BEFORE_VERB_RE = re.compile(r",\s*which\s+(?:(?:also|later|then|has|had|have)\s+)?$")


def _which_subject(doc: _Doc, si: int, vs: int) -> _NP | None:
    """The organisation that ", which said" refers back to: "The stadium is run by the
    National Sports Institute, which said it had approved the plan"."""
    m = doc.sentences[si].masked
    wm = _WHICH_BEFORE_VERB_RE.search(m, max(0, vs - 40), vs)
    if wm is None:
        return None
    toks = doc.toks[si]
    b = _first_at(toks, wm.start())
    runs = [r for r in _runs(toks, 0, b) if r[1] == b]
    comma = m.rfind(",", 0, wm.start())
    if not runs and comma > 0:
        # "the SLC-CGIL, the communications workers' branch of the union federation, which
        # said": the name before a description is what the description and "which" are about
        c = _first_at(toks, comma)
        desc = toks[c:b]
        if (
            desc
            and desc[0].low in ("the", "a", "an")
            and len(desc) <= 12
            and not any(t.low in AUXILIARIES | _SUBORDINATORS | STRONG_VERBS for t in desc)
            and not any(ch in m[comma + 1 : wm.start()] for ch in ",;:~")
        ):
            runs = [r for r in _runs(toks, 0, c) if r[1] == c]
    if not runs:
        return None
    ra, rb = runs[-1]
    if doc.classify(toks, ra, rb)[0] not in (ORG, KNOWN):
        return None
    a = ra - 1 if ra > 0 and toks[ra - 1].low == "the" else ra
    np_ = _analyze_np(doc, si, toks[a].s, toks[rb - 1].e)
    return np_ if np_.kind == "self" and np_.orgs else None


def _left_subject(
    doc: _Doc, si: int, vs: int
) -> tuple[tuple[int, int], list[tuple[int, int]], bool | str] | None:
    """The subject before a verb at vs: (core span, appositive spans, after_comma), where
    after_comma is "name" when the core is a name set off after a description."""
    sent = doc.sentences[si]
    m = sent.masked
    toks = doc.toks[si]
    # the tokens before the verb, without trailing fillers and times
    b = _first_at(toks, vs)
    while b > 0 and toks[b - 1].e > vs:
        b -= 1
    hb = max(0, vs - 400)
    for idx in range(vs - 1, max(-1, vs - 401), -1):
        c = m[idx]
        if c in _HARD_BOUNDARY or (c == "-" and m[idx - 1 : idx] == " " and m[idx + 1 : idx + 2] == " "):
            if c == ":" and m[idx - 1 : idx].isalpha() and m[idx + 1 : idx + 2].isalpha():
                continue  # inside a word: "Sprecher:innen"
            hb = idx + 1
            break
    hb = max(hb, sent.dateline_end)
    a = min(_first_at(toks, hb), b)
    if a >= b:
        return None
    # trailing fillers and times directly before the verb ("also", "on Tuesday")
    b0 = b
    _, b = _trim(toks, a, b)
    if b <= a:
        b = b0
    ends_comma = "," in m[toks[b0 - 1].e : vs]
    if ends_comma:
        b = b0
    elif b < b0 and "," in m[toks[b - 1].e : toks[b].s]:
        # "The association's president, Tomaž Hribar, later spoke": a filler after the comma
        # that closes the subject
        ends_comma = True
    # comma chunks
    chunks: list[tuple[int, int]] = []
    cs = a
    for k in range(a, b):
        if k > a and "," in m[toks[k - 1].e : toks[k].s]:
            chunks.append((cs, k))
            cs = k
    chunks.append((cs, b))
    # "On the picket line, a violinist ..., told": a leading phrase of place or time is no subject
    while len(chunks) > 2 and toks[chunks[0][0]].low in PREPOSITIONS:
        chunks.pop(0)
    # "Melissa Grant of Columbus, Ohio,": a place that only says where the place before it is
    for n in range(len(chunks) - 1, 0, -1):
        (px, py), (x, y) = chunks[n - 1], chunks[n]
        if (
            toks[py - 1].cap
            and py - px >= 2
            and toks[py - 2].low in ("of", "in", "from", "near", "outside")
            and doc.classify(toks, x, y)[0] == PLACE
        ):
            del chunks[n]

    def is_aux_clause(x: int, y: int) -> bool:
        for k in range(x, y):
            t = toks[k]
            if not t.cap and (t.low in AUXILIARIES - {"also"} or t.low in COMMON_PAST_VERBS):
                return True
            if (
                not t.cap
                and t.low.endswith("ed")
                and k + 1 < y
                and (toks[k + 1].low in DETERMINERS or toks[k + 1].base[:1].isdigit())
                and t.low not in ("unnamed", "named", "based", "involved", "aligned")
            ):
                return True
        return False

    def is_appositive(x: int, y: int) -> bool:
        t = toks[x]
        if y - x == 1 and _PARTY_STATE_RE.fullmatch(t.base):
            return True  # "Sen. Dale Kittredge, R-Mont.,": a US legislator's party and state
        if t.poss and y - x >= 2:
            return True  # "China's largest EV maker", "the world's second-largest container line"
        if t.low in ("who", "which", "whose", "whom", "where", "one") and t.low != "one":
            return True
        if t.low in ("a", "an", "the", "his", "her", "their", "its", "one", "another"):
            return True
        if t.low == "part" and y - x >= 3 and toks[x + 1].low == "of":
            return True  # "part of the GCHQ intelligence agency"
        if t.base.isdigit():
            return True
        participle = t.low.endswith("ed") or t.low.endswith("ing") or t.low in _IRREGULAR_PARTICIPLES
        if not t.cap and participle:
            return True  # "set up by local traders in 2022", "run by the state"
        if not t.cap and t.low.endswith("ly") and y - x >= 2 and toks[x + 1].low in _IRREGULAR_PARTICIPLES:
            return True  # "formerly known as Irish Water"
        if t.low in PREPOSITIONS or t.low in ("speaking", "writing"):
            return True
        if not t.cap and t.norm in PERSON_NOUNS | ORG_ROLES | GOV_TITLES:
            return True
        # "incident director at UKHSA": lowercase modifiers, then a role
        k = x
        while k < min(y, x + 4) and not toks[k].cap and toks[k].low.isalpha():
            if toks[k].norm in PERSON_NOUNS | ORG_ROLES | GOV_TITLES:
                return toks[k].low not in _QUANTIFIERS
            if toks[k].low in PREPOSITIONS or toks[k].low in DETERMINERS:
                break
            k += 1
        return False

    def is_name(x: int, y: int) -> bool:
        """A name, perhaps after a role: "Carl Benning", "two-time world medalist Andre Wallace"."""
        runs = _runs(toks, x, y)
        if not runs or runs[-1][1] != y or y - runs[-1][0] > 4:
            return False
        ra = runs[-1][0]
        (_ma, _mb), (ta, tb), (na, nb) = _segment(toks, (ra, y))
        if nb > na and tb > ta:
            ra = na
        if doc.classify(toks, ra, y)[0] not in (PERSON, PROPER):
            return False
        lead = toks[x : runs[-1][0]]
        if len(lead) > 4 or (lead and lead[0].low in ("which", "who", "whose", "that")):
            return False  # "which manages Kielder" is a relative clause, not a name
        if any(t.low in ("as", "called", "dubbed", "nicknamed") for t in lead):
            return False  # "known as Kyrgyzhydromet" is another name for the one before
        return all(
            not t.cap and t.low not in DETERMINERS and t.low not in PREPOSITIONS and t.low not in AUXILIARIES
            for t in lead
        )

    def is_org_name(x: int, y: int) -> bool:
        if toks[x].low == "the":
            x += 1
        if x < y - 1 and toks[x].low.endswith("-based"):
            x += 1  # "Singapore-based Orient Crescent Lines"
        runs = _runs(toks, x, y)
        return bool(runs) and runs[0] == (x, y) and doc.classify(toks, x, y)[0] in (KNOWN, ORG, PROPER)

    def head_ok(x: int, y: int) -> bool:
        # A long name is still one subject: "The US National Oceanic and Atmospheric
        # Administration's Coral Reef Watch"
        name_only = all(t.cap or t.low in _RUN_CONNECTORS for t in toks[x + (toks[x].low == "the") : y])
        # and so is a person placed by a long complement: "An executive at one of the largest
        # licensed buying companies"
        placed_person = (
            y - x >= 4
            and toks[x].low in ("a", "an", "one", "the")
            and _person_noun(toks[x + 1].low)
            and toks[x + 2].low in PREPOSITIONS
        )
        if y - x > (12 if name_only else 16 if placed_person else 9) or is_aux_clause(x, y):
            return False
        t = toks[x]
        if t.low in PREPOSITIONS or t.low in ("speaking", "asked", "according"):
            return False
        if _time_len(toks, x, y) == y - x:
            return False
        return True

    def is_org_description(x: int, y: int) -> bool:
        """ "China's central bank", "the country's biggest lender": a description of an
        organisation, which a name after it will give."""
        if y - x > 6 or toks[y - 1].cap or toks[y - 1].low not in ORG_DESCRIPTION_HEADS:
            return False
        if toks[y - 1].low == "administrator" and any(t.poss and t.low in ORG_ANAPHORS for t in toks[x:y]):
            return False  # "the authority's administrator, Rogelio Quintero,": the head of the authority
        k = x
        if toks[k].low in DETERMINERS:
            k += 1
        else:
            while k < y and toks[k].cap and not toks[k].poss:
                k += 1  # "South Korea's central bank"
            if k >= y or not toks[k].poss:
                return False
            k += 1
        # "The Ahmedabad-based press": where it is based is no name
        return not any(t.cap and t.norm not in DEMONYMS and not t.low.endswith("-based") for t in toks[k:y])

    # "Unite, Unison and the GMB, the three unions ..., all said": a quantifier after the comma
    # that closes the subject
    if (
        not ends_comma
        and len(chunks) >= 2
        and chunks[-1][1] - chunks[-1][0] == 1
        and toks[chunks[-1][0]].low in ("all", "both")
    ):
        chunks.pop()
        ends_comma = True

    def is_list_item(x: int, y: int) -> bool:
        """A name in a list, perhaps after a word for its leaning: "the liberal CGSLB" (after
        "the", "Christian CSC" is no person)."""
        if x < y and toks[x].low == "the":
            x += 1
            runs = _runs(toks, x, y)
            if len(runs) == 1 and runs[0][1] == y and doc.classify(toks, *runs[0])[0] == PERSON:
                return True
        k = x
        while (
            k < min(y - 1, x + 2)
            and not toks[k].cap
            and toks[k].low.isalpha()
            and toks[k].low.endswith(_LEANING_ENDINGS)
        ):
            k += 1
        return is_org_name(k, y)

    def is_name_list(x: int, y: int) -> bool:
        """ "Sunrise Live Co. and Tenma Entertainment", "Unison and the GMB": names joined by "and"."""
        ands = [k for k in range(x, y) if toks[k].low == "and"]
        return len(ands) == 1 and is_list_item(x, ands[0]) and is_list_item(ands[0] + 1, y)

    def list_start(k: int) -> int:
        """The first chunk of a list of names that chunk k ends: "Unite, Unison and the GMB"."""
        while k >= 1 and is_list_item(*chunks[k - 1]):
            k -= 1
        return k

    if ends_comma and len(chunks) >= 2 and is_name_list(*chunks[-1]):
        # "Three of the country's larger concert promoters, Kaze Promotions, Sunrise Live Co. and
        # Tenma Entertainment, all said": the names after a description of them
        j = list_start(len(chunks) - 1)
        if j >= 1 and not toks[chunks[j - 1][1] - 1].cap:
            return (
                (toks[chunks[j][0]].s, toks[chunks[-1][1] - 1].e),
                [(toks[chunks[j - 1][0]].s, toks[chunks[j - 1][1] - 1].e)],
                False,
            )
    if ends_comma and len(chunks) >= 2:
        # Relative clauses after the subject are set aside first: "France's consumer fraud
        # agency, the DGCCRF, which led the investigation, said".
        n = len(chunks)
        while (
            n > 2
            and toks[chunks[n - 1][0]].low in ("which", "who", "whose")
            and not toks[chunks[n - 1][0]].cap
        ):
            n -= 1
        last = chunks[n - 1]
        rel = [(toks[x].s, toks[y - 1].e) for x, y in chunks[n:]]
        if is_org_name(*last) and is_org_description(*chunks[n - 2]):
            return (
                (toks[last[0]].s, toks[last[1] - 1].e),
                [(toks[chunks[n - 2][0]].s, toks[chunks[n - 2][1] - 1].e), *rel],
                False,
            )
        if is_name(*last) and head_ok(*chunks[n - 2]) and not is_name(*chunks[n - 2]):
            # "His attorney, Carl Benning, told": the name after a description is a person
            return (
                (toks[last[0]].s, toks[last[1] - 1].e),
                [(toks[chunks[n - 2][0]].s, toks[chunks[n - 2][1] - 1].e), *rel],
                "name",
            )

        def ends_a_list(x: int, y: int) -> bool:
            """ "human rights and labor groups" in "a coalition of environmental, human rights and
            labor groups,": the last items of a list the appositive before it began."""
            return (
                not toks[x].cap and any(t.low in ("and", "or") for t in toks[x:y]) and not is_aux_clause(x, y)
            )

        k = len(chunks) - 1
        while k >= 1 and (
            # ("the International Prison Observatory (OIP), a watchdog,": the name the
            # descriptions after it describe ends the walk)
            (is_appositive(*chunks[k]) and not (k < len(chunks) - 1 and is_org_name(*chunks[k])))
            or (k >= 2 and ends_a_list(*chunks[k]) and is_appositive(*chunks[k - 1]))
        ):
            k -= 1
        if k < len(chunks) - 1 and head_ok(*chunks[k]):
            core = chunks[k]
            if is_name_list(*core):
                core = (chunks[list_start(k)][0], core[1])  # "Unite, Unison and the GMB, the unions"
            descs = [(toks[x].s, toks[y - 1].e) for x, y in chunks[k + 1 :]]
            return (toks[core[0]].s, toks[core[1] - 1].e), descs, False
    if ends_comma:
        return None
    x, y = chunks[-1]
    after_comma = len(chunks) > 1
    # "A 67-year-old retiree who lost $48,000 after downloading what she thought was an app
    # told": "who" after the subject's noun says a person speaks; a relative clause with clauses
    # of its own is no part of the speaker's description
    for k in range(x + 1, min(y - 1, x + 6)):
        if toks[k].low != "who" or toks[k].cap:
            continue
        before, after = toks[k - 1], toks[k + 1]
        if (
            not before.cap
            and before.low.isalpha()
            and before.low not in DETERMINERS | PREPOSITIONS
            and not after.cap
            and not any(
                (t.cap and t.low not in DETERMINERS) or t.low in _SUBORDINATORS for t in toks[x : k - 1]
            )
            and any(not t.cap and t.low in _SUBORDINATORS for t in toks[k + 1 : y])
        ):
            return (toks[x].s, before.e), [], False
        break
    # cut at the last subordinating word
    for k in range(y - 1, x - 1, -1):
        if toks[k].low in ("that", "this") and k > x and toks[k - 1].low in PREPOSITIONS:
            continue  # "A spokesman for that district": a determiner
        if not toks[k].cap and toks[k].low in _SUBORDINATORS:
            if (
                toks[k].low in ("who", "that")
                and k > x
                and (
                    k + 1 >= y
                    or is_aux_clause(k + 1, y)
                    or (not toks[k + 1].cap and toks[k + 1].low.endswith("ed"))  # "who worked on"
                )
                # "who" itself says the noun before it is a person: "A mountain guide who took
                # part in the search told"
                and (_person_noun(toks[k - 1].low) or (toks[k].low == "who" and not toks[k - 1].cap))
                and not is_aux_clause(x, k)
                and k - x <= 8
            ):
                # "A cybersecurity researcher who has tracked the group told CNN"
                start = x
                for j in range(k - 1, x - 1, -1):
                    if not toks[j].cap and toks[j].low in _SUBORDINATORS:
                        start = j + 1
                        break
                return (toks[start].s, toks[y - 1].e), [], False
            x = k + 1
            after_comma = False
            break
    if x >= y:
        return None
    # coordination "CNN and the BBC" is kept only when every part is a name
    ands = [k for k in range(x, y) if toks[k].low == "and"]
    if ands:
        k = ands[-1]
        left_runs = _runs(toks, x, k)
        if not (
            left_runs
            and left_runs[-1][1] == k
            and k + 1 < y
            and (toks[k + 1].cap or toks[k + 1].low == "the")
            and not is_aux_clause(x, y)
        ):
            x = k + 1
    if x >= y or y - x > 12 or is_aux_clause(x, y):
        return None
    if ands and x < ands[-1] and len(chunks) >= 2:
        k = len(chunks) - 2
        while k >= 0 and is_org_name(*chunks[k]):
            x = chunks[k][0]
            k -= 1
    return (toks[x].s, toks[y - 1].e), [], after_comma


def _right_subject(doc: _Doc, si: int, ve: int) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """An inverted subject: '"...," said Lars Jensen, chief executive of ...'."""
    sent = doc.sentences[si]
    m = sent.masked
    toks = doc.toks[si]
    k = _first_at(toks, ve)
    if k >= len(toks):
        return None
    first = toks[k]
    if m[ve : first.s].strip():
        return None
    if not (first.cap or first.low in ("a", "an", "the", "one", "two")):
        return None
    if first.low in PRONOUNS:
        return None
    core = _forward_np(doc, si, first.s, loose=True)
    if core is None:
        return None
    descs = []
    rest = m[core[1] :]
    mm = re.match(r"\s*,\s*", rest)
    if mm:
        ds = core[1] + mm.end()
        d = _forward_np(doc, si, ds, loose=True)
        if d is not None and m[ds : ds + 4].lower() not in ("who ", "whic"):
            descs.append(d)
        elif _LEADS_RE.match(m[ds : ds + 40].lower()):
            # '"...," said Rodrigo Parra, who researches crowd dynamics at the X.'
            end = re.search(r"[,;]|[.?!]?\s*$", m[ds:])
            descs.append((ds, ds + end.start()))
    return core, descs


def _inverted_person(doc: _Doc, si: int, core: tuple[int, int]) -> bool:
    toks = doc.toks[si]
    a, b = _tok_range(toks, *core)
    runs = _runs(toks, a, b)
    if len(runs) != 1 or runs[0] != (a, b) or not 2 <= b - a <= 4:
        return False
    if any(not t.cap or t.poss for t in toks[a:b]):
        return False
    return doc.classify(toks, a, b)[0] == PROPER


def _names_a_document(phrase: str) -> bool:
    """Whether a phrase is a document before it is people: "a notice sent to state regulators"
    (not "officials at the ministry", "people who read the report")."""
    for t in _tokenize(phrase):
        if _person_noun(t.low):
            return False
        if t.low in DOC_NOUNS:
            return True
    return False


def _org_role_before(doc: _Doc, si: int, descs: list[_NP]) -> bool:
    """ "The tournament's organiser, Stavanger Sjakklubb,", "The vessel's insurer, Northern Anchor
    P&I,": a role an organisation holds, before a name with no first name, names an organisation."""
    if not descs or descs[0].span is None:
        return False
    toks = doc.toks[si]
    a, b = _tok_range(toks, *descs[0].span)
    return b > a and not toks[b - 1].cap and toks[b - 1].low in ORG_ANAPHORS | _ORG_HELD_ROLES


def _described_as_person(text: str, descs: list[_NP]) -> bool:
    """Whether the first description after a name is a person's: "a volcanologist at ...",
    "an economist with ...", "a 34-year-old nurse" (an organisation is "a company that ...")."""
    if not descs or descs[0].span is None:
        return False
    words = [w.strip(",.") for w in text[descs[0].span[0] : descs[0].span[1]].lower().split()]
    if len(words) < 2 or words[0] not in ("a", "an"):
        return False
    head = next((k for k, w in enumerate(words) if w in PREPOSITIONS), len(words))
    return 1 < head <= 4 and _person_noun(words[head - 1])


def _capped(matches, limit: int = _MAX_FRAMES):
    for n, m in enumerate(matches):
        if n >= limit:
            return
        yield m


def _included_members(doc: _Doc, si: int, subj: _NP, descs: list[_NP]) -> list[_OrgRef]:
    """ "Ten aid groups, including Oxfam and Mercy Corps, said": the organisations named after
    "including" a plural kind of organisation are among those that speak."""
    if subj.kind not in ("generic", "place", "anaphor_plural") or subj.span is None or not descs:
        return []
    d = descs[0]
    m = doc.sentences[si].masked
    head = m[subj.span[0] : subj.span[1]].split()[-1].lower()
    singular = head[:-3] + "y" if head.endswith("ies") else head[:-1]
    if not head.endswith("s") or not (head in PLURAL_ORG_ANAPHORS or singular in ORG_ANAPHORS):
        return []
    if d.kind != "self" or not d.orgs or d.span is None or not m.startswith("including ", d.span[0]):
        return []
    out: list[_OrgRef] = []
    for o in d.orgs:
        halves = o.name.split(" and ")
        if o.slug is None and len(halves) == 2 and all(h[:1].isupper() for h in halves):
            out.extend(_OrgRef(_clean_name(h), None, None) for h in halves)
        else:
            out.append(o)
    return out


def _find_frames(doc: _Doc, si: int, publisher: _OrgRef | None) -> list[_Frame]:
    sent = doc.sentences[si]
    toks = doc.toks[si]
    m = sent.masked
    frames: list[_Frame] = []

    # Relays first, masked so that they are not read as subjects.
    relays: list[tuple[int, int, _NP | None]] = []
    chars = list(m)
    for rm in _capped(_RELAY_RE.finditer(m)):
        np_span = _forward_np(doc, si, rm.end(), loose=True)
        end = np_span[1] if np_span else rm.end()
        seg_start = rm.start()
        after = m[end:]
        mm = re.match(r"\s*,", after)
        # "According to X, which cited Y, the police ...": the comma after Y ends the phrase
        # that the main clause follows, so it stays
        ends_phrase = rm.group(2).startswith("which") and _ACCORDING_RE.search(
            m, max(0, rm.start() - 80), rm.start()
        )
        # "The Daily Trust, a newspaper, citing police sources, reported": the comma after the
        # relay closes the description before it, so it stays too
        before = m[max(0, rm.start() - 60) : rm.start()]
        described = before.rsplit(",", 1)[1].split() if "," in before else []
        # ("In Nuuk, the newspaper Sermitsiaq, citing ...": a phrase that ends in a name is the
        # subject itself after a leading phrase, not a description of it)
        closes_description = (
            bool(described)
            and described[0].lower() in ("a", "an", "the", "its", "his", "her")
            and not described[-1][:1].isupper()
        )
        seg_end = (
            end + mm.end() if (mm and rm.group(1) and not ends_phrase and not closes_description) else end
        )
        relays.append((rm.start(), end, _analyze_np(doc, si, *np_span) if np_span else None))
        for k in range(seg_start, seg_end):
            chars[k] = " "
    if relays:
        m = sent.masked = "".join(chars)
        doc.toks[si] = toks = _tokenize(m)

    by_spans = []
    for bm in _capped(_BY_RE.finditer(m)):
        np_span = _forward_np(doc, si, bm.end(), loose=True)
        owner = re.search(r"([A-Za-z]+)\s*$", m[max(0, bm.start() - 30) : bm.start()])
        passive = re.match(r"(?:was|were|is|been)\b", bm.group(0))
        if owner and owner.group(1) in ORG_TYPE_NOUNS and not passive:
            # "a tabloid published by the People's Daily": who publishes an outlet, not whom it
            # reports ("the company was reported by Reuters to ..." still is a report)
            np_span = None
        if np_span:
            f = _Frame(bm.start(), np_span[1], "by")
            f.subj = _analyze_np(doc, si, *np_span)
            frames.append(f)
        by_spans.append((bm.start(), bm.end()))

    channel_outlets: list[_OrgRef] = []
    channel_anaphor = False
    for rx in _CHANNEL_RES:
        for cm in _capped(rx.finditer(m)):
            np_span = _forward_np(doc, si, cm.end(), loose=False)
            if np_span:
                outs, ana = _outlet_refs(doc, si, np_span, publisher)
                channel_outlets.extend(outs)
                channel_anaphor = channel_anaphor or ana

    for n_verbs, vm in enumerate(_VERB_RE.finditer(m)):
        if n_verbs >= _MAX_FRAMES:
            break
        verb = re.sub(r"\s+", " ", vm.group(1))
        vs, ve = vm.span()
        if any(s <= vs < e for s, e in by_spans):
            continue
        before = m[max(0, vs - 80) : vs].rstrip()
        prev_word = re.search(r"([\w'’]+)\W*$", before)
        pw = prev_word.group(1).lower() if prev_word else ""
        pi = _first_at(toks, vs) - 1
        prev_tok = toks[pi] if pi >= 0 else None
        # "was quoted by the Malaysian daily The Star as saying": a passive that names its outlet
        quoted_by = verb in ("quoted", "cited") and pw in ("was", "were") and re.match(r"\s+by\s", m[ve:])
        if quoted_by:
            vs = prev_word.start() + max(0, vs - 80)
        elif pw in (
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "not",
            "never",
            "to",
            "n't",
            "cannot",
            "didn't",
            "doesn't",
            "won't",
            "wouldn't",
            "couldn't",
            "hasn't",
            "haven't",
        ):
            continue
        if pw.endswith("n't"):
            continue
        if re.search(r"\b(?:whether|if)\s+(?:[\w'’.-]+\s+){0,4}$", before + " "):
            continue  # "reviewing whether Veloway had reported the crash": not a report
        if (
            pw in DETERMINERS
            or pw
            in (
                "these",
                "new",
                "earlier",
                "previous",
                "recent",
                "latest",
                "such",
                "many",
                "some",
                "multiple",
                "conflicting",
                "unconfirmed",
                "media",
                "news",
                "initial",
                "early",
                "widespread",
            )
            and verb.endswith("s")
            # but "RTÉ News reports" (a capital that does not just open the sentence)
            and not (prev_tok is not None and prev_tok.cap and pi > _first_at(toks, sent.dateline_end))
        ):
            continue
        if verb.endswith("s") and (pw.replace(",", "").isdigit() or pw in _NUMBER_WORDS):
            continue  # "after 41 reports of fires": a count of reports, no one reporting
        if pw in DETERMINERS:
            continue
        if (
            prev_tok is not None
            and prev_tok.poss
            and verb in ("claims", "reports", "estimates", "notes", "says", "statements", "states")
        ):
            continue
        nxt = m[ve : ve + 20]
        f = _Frame(vs, ve, "verb", verb)
        which = _which_subject(doc, si, vs) if verb in _WHICH_VERBS else None
        left = _left_subject(doc, si, vs) if which is None else None
        if which is not None:
            f.subj = which
        elif left is not None:
            core, descs, after_comma = left
            f.subj = _analyze_np(doc, si, *core)
            if (
                f.subj.kind == "self"
                and len(f.subj.orgs) == 1
                and f.subj.orgs[0].slug is None
                and re.search(r"\bboth\s*$", m[core[1] : vs])
            ):
                # "Tianli Mining and Kindia Bauxite Co., both said": two, whatever the name's shape
                halves = f.subj.orgs[0].name.split(" and ")
                if len(halves) == 2 and all(h[:1].isupper() for h in halves):
                    f.subj = replace(f.subj, orgs=[_OrgRef(_clean_name(h), None, None) for h in halves])
            f.descs = [_analyze_np(doc, si, *d) for d in descs]
            f.trailing_subject = after_comma is True
            members = _included_members(doc, si, f.subj, f.descs)
            if members:
                f.subj = _NP("self", f.subj.span, members)
            for ds, de in descs:
                # "A guard, who spoke to CNN on condition of anonymity, said": the channel is in
                # the relative clause
                sm = _SPOKE_TO_RE.match(m, ds)
                np_span = _forward_np(doc, si, sm.end(), loose=False) if sm and sm.end() < de else None
                if np_span and np_span[1] <= de:
                    outs, ana = _outlet_refs(doc, si, np_span, publisher)
                    f.outlets = f.outlets or outs
                    f.outlet_anaphor = f.outlet_anaphor or ana
            if f.subj.kind == "self" and all(o.slug is None for o in f.subj.orgs):
                named_after_role = after_comma == "name" and not _org_role_before(doc, si, f.descs)
                if named_after_role or _described_as_person(sent.text, f.descs):
                    # "Irwan Setiadi, a volcanologist at the Bandung Institute of Technology,
                    # said": a name that a person noun describes is a person's
                    f.subj = _NP("person", f.subj.span, named=True)
        elif _ELIDED_SUBJECT_RE.search(m, max(0, vs - 30), vs):
            # "The Bank of England cut rates ... but said it would", "X accused Y and said":
            # the verb shares the subject that opens the sentence.
            subj = _sentence_subject(doc, si)
            if subj is not None and subj[1] <= vs:
                np_ = _analyze_np(doc, si, *subj)
                if np_.kind in ("self", "member", "person", "surname"):
                    f.subj = np_
        elif verb in INVERTIBLE_VERBS:
            before_strip = m[max(0, vs - 80) : vs].rstrip()
            if not before_strip or before_strip[-1] in ',"”~—–:(' or before_strip.endswith("'"):
                right = _right_subject(doc, si, ve)
                if right is not None:
                    core, descs = right
                    f.subj = _analyze_np(doc, si, *core)
                    if f.subj.kind == "self" and _inverted_person(doc, si, core):
                        # '"...," said Dragos Vasilescu': after an inverted verb, a bare name
                        # with no sign of an organisation is a person
                        f.subj = _NP("person", f.subj.span, named=True)
                    f.descs = [_analyze_np(doc, si, *d) for d in descs]
                    f.end = core[1]
                    name = f.descs[0] if f.descs else None
                    if (
                        f.subj.kind in ("anaphor_member", "member")
                        and not f.subj.named
                        and name is not None
                        and name.kind == "person"
                        and name.named
                        and name.span is not None
                    ):
                        # '"...," said the company's chief engineer, Ben Osei': the name after
                        # the role is the speaker
                        f.subj = replace(f.subj, span=name.span, named=True, person=name.person)
                        f.end = name.span[1]
        if verb in ("ordered", "orders") and not (
            f.subj is not None
            and f.subj.span is not None
            and _COURT_RE.search(sent.masked[f.subj.span[0] : f.subj.span[1]])
        ):
            continue  # only a court's order is its statement; "police ordered residents out" is not
        if f.subj is None:
            if verb not in TOLD_VERBS:
                continue
        if verb in OUTLET_ONLY_VERBS:
            if (
                f.subj is None
                or f.subj.kind != "self"
                or not all(_is_outlet(doc, o, publisher) for o in f.subj.orgs)
            ):
                continue
        if verb in EXPECT_VERBS and (
            f.subj is None
            or f.subj.kind not in ("self", "anaphor_org", "anaphor_named", "anaphor_plural")
            or any(fr.kind == "verb" and fr.subj is not None for fr in frames)
        ):
            continue  # "Analysts expect", "She said the company expected to"
        if (verb in WEAK_VERBS or verb in POINT_VERBS) and verb not in OUTLET_ONLY_VERBS:
            doc_subject = f.subj is not None and (
                f.subj.kind == "anaphor_doc"
                or (
                    f.subj.span is not None
                    and any(t.low in DOC_NOUNS for t in toks if f.subj.span[0] <= t.s < f.subj.span[1])
                )
            )
            # "The National Weather Service forecast snow showers": an organisation's forecast
            org_forecast = verb in ("forecast", "forecasts") and f.subj is not None and f.subj.kind == "self"
            if not (re.match(r"\s+that\b", nxt) or doc_subject or org_forecast):
                continue
        if verb in TOLD_VERBS:
            np_span = _forward_np(doc, si, ve, loose=False)
            if np_span:
                outs, ana = _outlet_refs(doc, si, np_span, publisher)
                f.outlets = outs
                f.outlet_anaphor = ana
                f.end = max(f.end, np_span[1])
            if not f.outlets and publisher is not None and _names_publisher(m[ve:], publisher):
                f.outlets = [publisher]  # "told dpa": the publisher itself
            if f.subj is None:
                continue
        by = re.match(r"\s+by\s+", m[ve:]) if verb in ("quoted", "cited") else None
        if by and f.subj is not None:
            # "Azlan Rahim was quoted by the Malaysian daily The Star as saying": the outlet is
            # the source, the subject its speaker
            np_span = _forward_np(doc, si, ve + by.end(), loose=False)
            outs, _ana = _outlet_refs(doc, si, np_span, publisher) if np_span else ([], False)
            if not outs or not re.match(r"\s+as\s+say", m[np_span[1] :]):
                continue
            f.outlets = outs
            f.end = np_span[1]
        elif verb in ("quoted", "cited"):
            np_span = _forward_np(doc, si, ve, loose=True)
            if np_span and re.match(r"\s+as\s+say", m[np_span[1] :]):
                f.speaker_np = _analyze_np(doc, si, *np_span)
                f.end = np_span[1]
            elif not (
                # "The department cited research from Calgary": an organisation making its case
                verb == "cited"
                and f.subj is not None
                and f.subj.kind in ("self", "anaphor_org", "anaphor_named")
                and _EVIDENCE_RE.match(m, ve)
            ):
                continue
        if _NO_COMMENT_RE.match(m, ve):
            continue  # "said it would not comment": no information, like "declined to comment"
        if not f.outlets and not f.outlet_anaphor:
            f.outlets = list(channel_outlets)
            f.outlet_anaphor = channel_anaphor
        frames.append(f)

    for pm in _capped(_PARTICIPLE_RE.finditer(m), 5):
        if any(f.kind == "verb" and f.pos < pm.start() and f.subj is not None for f in frames):
            continue  # "he said, adding that": the main verb's frame covers it
        subj = _sentence_subject(doc, si)
        if subj is None:
            continue
        verb = pm.group(pm.lastindex or 1)
        f = _Frame(pm.start(pm.lastindex or 1), pm.end(pm.lastindex or 1), "verb", verb)
        f.subj = _analyze_np(doc, si, *subj)
        if f.subj.kind not in ("self", "member", "person", "surname"):
            continue
        if verb == "ruling" and not _COURT_RE.search(m[subj[0] : subj[1]]):
            continue  # only a court or a judge rules
        if verb == "telling":
            np_span = _forward_np(doc, si, pm.end(1), loose=False)
            if np_span:
                f.outlets, f.outlet_anaphor = _outlet_refs(doc, si, np_span, publisher)
        frames.append(f)

    for wm in _capped(_WITH_RE.finditer(m), 5):
        # "The Fed left rates unchanged, with Chair Jerome Powell saying ...": a titled speaker
        # with no organisation of their own speaks for the sentence's subject.
        np_span = _forward_np(doc, si, wm.end(), loose=False)
        if np_span is None:
            continue
        pm = _WITH_PARTICIPLE_RE.match(m, np_span[1])
        if pm is None:
            continue
        f = _Frame(pm.start(1), pm.end(1), "verb", pm.group(1))
        f.subj = _analyze_np(doc, si, *np_span)
        if f.subj.kind not in ("self", "member", "person", "surname", "anaphor_org", "anaphor_named"):
            continue
        subj = _sentence_subject(doc, si)
        if subj is not None and subj[1] <= wm.start():
            owner = _analyze_np(doc, si, *subj)
            if owner.kind == "self" and owner.orgs:
                f.owner = owner.orgs[0]
        frames.append(f)

    for am in _capped(_ACCORDING_RE.finditer(m)):
        np_span = _forward_np(doc, si, am.end(), loose=True)
        if not np_span:
            continue
        np_span = _name_before_clause(toks, np_span)
        f = _Frame(am.start(), np_span[1], "according")
        f.subj = _analyze_np(doc, si, *np_span)
        qb = _QUOTED_BY_RE.search(m, np_span[0], np_span[1] + 40)
        qb = qb if qb is not None and qb.start() <= np_span[1] else None
        by_span = _forward_np(doc, si, qb.end(), loose=False) if qb else None
        if qb is not None and by_span is not None:
            by_np = _analyze_np(doc, si, *by_span)
            if by_np.kind == "self":
                f.subj = _analyze_np(doc, si, np_span[0], qb.start())
                # "according to figures from Nielsen BookData quoted by The Bookseller": the
                # one who quotes them reports them, relaying the figures' owner
                if f.subj.kind in ("self", "member"):
                    f.relays.extend(f.subj.orgs)
                f.subj = by_np
                f.end = by_span[1]
                np_span = by_span
        rest = m[np_span[1] :]
        mm = re.match(r"\s*,\s*", rest)
        if mm and f.subj.kind in ("person", "surname"):
            d = _forward_np(doc, si, np_span[1] + mm.end(), loose=True)
            if d is not None:
                f.descs = [_analyze_np(doc, si, *d)]
                f.end = d[1]
        frames.append(f)

    for pm in _capped(_PER_RE.finditer(m)):
        np_span = _forward_np(doc, si, pm.end(), loose=False)
        if not np_span:
            continue
        f = _Frame(pm.start(), np_span[1], "per")
        f.subj = _analyze_np(doc, si, *np_span)
        if f.subj.kind == "self":
            frames.append(f)

    # attach relays to the nearest frame
    for rs, _re_end, rnp in relays:
        if rnp is None or not frames:
            continue
        # "TMZ, citing a park employee, reported": a relay between a subject and its verb is
        # that frame's; otherwise the nearest frame before it
        around = [fr for fr in frames if fr.subj and fr.subj.span and fr.subj.span[0] <= rs < fr.pos]
        target = (
            around[0] if around else min(frames, key=lambda fr: (0 if fr.pos <= rs else 1, abs(rs - fr.end)))
        )
        if rnp.kind in ("self", "member") and rnp.orgs:
            target.relays.extend(rnp.orgs)
            if rnp.kind == "member" and rnp.roles and rnp.span is not None:
                # "citing officials at the Water Development Department": those people are the
                # speaker, and their organisation is what the source relies on
                target.speaker_np = target.speaker_np or rnp
        elif (
            rnp.kind in ("generic", "person", "surname", "anaphor_member")  # "citing a council source"
            and rnp.span is not None
            and (rnp.roles or rnp.named)
            and not _names_a_document(sent.text[rnp.span[0] : rnp.span[1]])
        ):
            target.speaker_np = target.speaker_np or rnp
    frames.sort(key=lambda fr: fr.pos)
    for f in frames:
        f.clause = _clause(doc, si, f)
    for f, g in zip(frames, frames[1:], strict=False):
        # "The Times reported that ..., while TMZ reported that ...": a contrast ends the first
        # clause, and the second report is no part of it
        if f.clause and f.that_clause and f.clause[0] <= g.pos < f.clause[1]:
            contrast = _CONTRAST_RE.search(m, f.clause[0], g.pos)
            if contrast and g.subj is not None and g.subj.span and g.subj.span[0] >= contrast.end():
                f.clause = (f.clause[0], contrast.start())
                continue
            # "The Pentagon said that ..., and the ANAO noted that ...": a second main clause,
            # whose subject is a body of its own right after ", and"
            coord = (
                _AND_CLAUSE_RE.search(m[f.clause[0] : g.subj.span[0]])
                if g.subj is not None and g.subj.span and g.subj.kind in ("self", "member") and g.that_clause
                else None
            )
            if coord:
                f.clause = (f.clause[0], f.clause[0] + coord.start())
    nested = [
        g
        for g in frames
        # "... reported that Moscow had offered helicopters, an offer the ministry said it had
        # accepted": a frame in an aside on the reported clause's last noun is the writer's own
        if not (
            g.subj is not None
            and g.subj.span
            and m[: g.subj.span[0]].rstrip().endswith(",")
            and _ASIDE_RE.match(m, g.subj.span[0])
        )
        # "Tests showed that the stones are rare, the museum said.": an attribution after a
        # comma that ends the sentence is the whole sentence's, the reported clause included
        and not _ends_sentence(m, g)
        and any(
            f is not g
            and f.that_clause
            and f.clause
            and f.clause[0] <= g.pos < f.clause[1]
            and f.subj is not None
            and f.subj.kind != "empty"
            for f in frames
        )
    ]
    return [f for f in frames if f not in nested]


def _ends_sentence(m: str, g: _Frame) -> bool:
    """Whether frame g is a subject and verb set off by a comma at the end of the sentence
    (", the museum said on Friday.")."""
    if g.kind != "verb" or g.subj is None or g.subj.span is None or g.subj.span[0] >= g.pos:
        return False
    if not m[: g.subj.span[0]].rstrip().endswith(","):
        return False
    return not any(c.isalnum() for c in _NON_CLAUSE_RE.sub(" ", m[g.end :]))


_WITH_RE = re.compile(r"\bwith\s+(?=\S)")
_WITH_PARTICIPLE_RE = re.compile(
    r"\s+(saying|warning|adding|noting|arguing|stressing|insisting|claiming|explaining|telling)\b"
)
_SPOKE_TO_RE = re.compile(
    r"who\s+(?:spoke|talked|was\s+speaking|were\s+speaking)\s+(?:to|with)\s+|who\s+told\s+"
)
_NO_COMMENT_RE = re.compile(
    r"\s+(?:that\s+)?(?:it|he|she|they|we)\s+(?:(?:would|could|will|can|did|does|do|was|were)\s*(?:not|n['’]t)\s+"
    r"(?:comment|be\s+commenting|discuss)|had\s+no\s+(?:immediate\s+)?comment)\b"
)
_ELIDED_SUBJECT_RE = re.compile(r"\b(?:and|but)\s+(?:(?:also|later|then|has|have|had)\s+){0,2}$")
_PARTICIPLE_RE = re.compile(
    r",\s*(saying|writing|adding|noting|warning|arguing|stressing|insisting|claiming|explaining|"
    r"telling)\b(?=\s+(?:that\b|[A-Za-z\"“]))"
    # "The High Court suspended the rollout, ruling that ...": a court's finding (checked below)
    r"|,\s*(ruling)(?=\s+that\b)"
)


def _sentence_subject(doc: _Doc, si: int) -> tuple[int, int] | None:
    """The noun phrase that opens a sentence: its capitalised name and the words before it."""
    sent = doc.sentences[si]
    toks = doc.toks[si]
    a = _first_at(toks, sent.dateline_end)
    a, _ = _trim(toks, a, min(len(toks), a + 12))
    runs = _runs(toks, a, min(len(toks), a + 10))
    if not runs:
        return None
    ra, rb = runs[0]
    for ra2, rb2 in runs[1:]:
        # "Azerbaijan's Defence Ministry": a possessive run and the name it owns
        if ra2 != rb or not toks[rb - 1].poss:
            break
        rb = rb2
    if (
        any(
            not toks[k].cap and (toks[k].low in AUXILIARIES or toks[k].low in PREPOSITIONS)
            for k in range(a, ra)
        )
        or ra - a > 3
        # "It said forged Permekes had ... and urged": a pronoun or a verb comes first
        or any(toks[k].low in PRONOUNS or toks[k].low in STRONG_VERBS for k in range(a, ra))
    ):
        return None
    # "Consumer group El Poder del Consumidor": a kind of organisation before the name it describes
    name_at = _descriptor_end(toks, rb, min(len(toks), rb + 4))
    if name_at:
        for ra2, rb2 in runs:
            if ra2 == name_at:
                rb = rb2
    # the kind of body after its name: "The UFAP-UNSa Justice union called for ... and said"
    if (
        rb + 1 < len(toks)
        and not toks[rb].cap
        and toks[rb].low in ORG_ANAPHORS
        and toks[rb + 1].low not in ("of", "for")
    ):
        rb += 1
    # the role noun the name is a modifier of: "A Network Rail spokesperson"
    end = rb
    while end < len(toks) and end - rb < 2 and not toks[end].cap and toks[end].norm in ORG_ROLES:
        end += 1
    if end > rb:
        # and the name after that role: "Kremlin spokesman Dmitry Peskov"
        for ra3, rb3 in runs:
            if ra3 == end:
                end = rb3
    rb = end
    # (but a time is no complement: "Kenya's High Court on Thursday suspended ...")
    if rb < len(toks) and toks[rb].low in PREPOSITIONS | {"and"} and not _time_len(toks, rb, len(toks)):
        return None
    return toks[a].s, toks[rb - 1].e


_PARTY_STATE_RE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{1,5}")
_CONTRAST_RE = re.compile(r"[,;]\s+(?:while|whereas|but)\s+")
_AND_CLAUSE_RE = re.compile(r",\s+and\s+$")


def _clause(doc: _Doc, si: int, f: _Frame) -> tuple[int, int] | None:
    """The reported clause of a frame, in sentence offsets."""
    sent = doc.sentences[si]
    m = sent.masked
    n = len(m)
    start0 = sent.dateline_end
    if f.kind in ("according", "per"):
        before = m[start0 : f.pos].strip(" ,")
        if before:
            e = f.pos
            while e > start0 and m[e - 1] in " ,":
                e -= 1
            return (_skip_space(m, start0), e)
        mm = re.match(r"\s*,\s*", m[f.end :])
        if mm:
            return (f.end + mm.end(), _trim_end(m, n))
        return None
    if f.kind == "by":
        return (_skip_space(m, start0), _trim_end(m, n))
    rest = m[f.end :]
    mm = _THAT_RE.match(rest, 0, 400)
    if mm:
        words = mm.group(1)
        if not re.search(r"\b(?:is|are|was|were|has|have|had|will|would)\b", words):
            f.that_clause = True
            return (f.end + mm.end(), _trim_end(m, n))
    if f.subj is not None and f.subj.span is not None and f.subj.span[0] < f.pos:
        subj_start = f.subj.span[0]
        if not any(c.isalnum() for c in m[start0:subj_start]):
            if not any(c.isalnum() for c in _NON_CLAUSE_RE.sub(" ", m[f.end :])):
                return None  # '"...," one commander told the Journal this week.'
        comma = m.rfind(",", start0, subj_start)
        if comma > start0 and not m[comma:subj_start].strip(' ,~"”'):
            return (_skip_space(m, start0), comma)
        if comma > start0 and f.trailing_subject:
            return (_skip_space(m, start0), comma)
    s = f.end
    while s < n and m[s] in " ,:":
        s += 1
    if s < n and any(c.isalnum() for c in _NON_CLAUSE_RE.sub(" ", m[s:])):
        return (s, _trim_end(m, n))
    return None


_NON_CLAUSE_RE = re.compile(
    r"\b(?:(?:on|late|early|earlier|last|this|next|by)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:yesterday|today|tonight|last\s+night|earlier|later)\b"
    r"|\b(?:(?:earlier|later|late|early)\s+)?(?:this|last|next)\s+(?:week|weekend|month|year)\b"
    r"|\bin\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:interview|statement|email|call|"
    r"video|post|note|address|speech)\b|\bafter\s+the\s+\w+\b|~",
    re.IGNORECASE,
)


_THAT_RE = re.compile(r"((?:[\s,]+[\w'’.-]+){0,9}?)[\s,]+that\b:?\s*")


def _skip_space(m: str, i: int) -> int:
    while i < len(m) and m[i].isspace():
        i += 1
    return i


def _trim_end(m: str, n: int) -> int:
    e = n
    while e > 0 and m[e - 1] in " .,;:!?":
        e -= 1
    return e


# --------------------------------------------------------------------------------------
# Resolution: frames to attributions, with follow-ups
# --------------------------------------------------------------------------------------


@dataclass
class _Proto:
    org: _OrgRef
    speaker: str
    anonymous: bool
    via: str  # outlet (spoken to), org (spoke for it), self
    person: _Person | None
    pos: int
    clause: tuple[int, int] | None
    relies: _OrgRef | None = None
    hint: str | None = None
    person_org: _OrgRef | None = None
    inherited: bool = False


@dataclass
class _Mention:
    pos: int
    phrase: str
    person: _Person | None
    org: _OrgRef | None
    hint: str | None


_DATE_HINT_RE = re.compile(
    r"\b(?:(?:on|late|early|earlier|last|this|next|by)\s+)?"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening))\b"
    r"|\b(?:(?:earlier|later|late|early)\s+)?(?:this|last|next)\s+(?:week|weekend|month|year)\b"
    r"|\bover\s+the\s+weekend\b"
    r"|\b(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?\b(?!\s*(?:%|percent|per\b))",
    re.IGNORECASE,
)


def _date_hints(sent: _Sentence, exclude: list[tuple[int, int]]) -> str | None:
    for hm in _DATE_HINT_RE.finditer(sent.masked):
        hs, he = hm.span()
        if hs < sent.dateline_end:
            continue
        if any(a <= hs < b for a, b in exclude):
            continue
        word = hm.group(0)
        if (
            re.match(r"(?i)(?:on\s+)?may\s", word)
            and not word[0].isupper()
            and not word.lower().startswith("on")
        ):
            continue
        return sent.text[hs:he]
    return None


def _resolve_hint(hint: str | None, published_on: datetime.date | None) -> datetime.date | None:
    try:
        return _hint_date(hint, published_on)
    except OverflowError:  # a weekday before 1 January of year 1
        return published_on


def _hint_date(hint: str | None, published_on: datetime.date | None) -> datetime.date | None:
    if published_on is None:
        return None
    if not hint:
        return published_on
    h = hint.lower()
    words = h.split()
    for i, wd in enumerate(WEEKDAYS):
        if wd in h:
            if "next" in words:
                return published_on
            delta = (published_on.weekday() - i) % 7
            if "last" in words and delta == 0:
                delta = 7
            return published_on - datetime.timedelta(days=delta)
    if "yesterday" in h or "last night" in h:
        return published_on - datetime.timedelta(days=1)
    mm = re.search(r"([a-z]+)\.?\s+(\d{1,2})(?:,\s*(\d{4}))?", h)
    if mm and mm.group(1)[:3] in MONTHS and not any(w in words for w in ("week", "month", "year")):
        month = MONTHS.get(mm.group(1)) or MONTHS.get(mm.group(1)[:3])
        day = int(mm.group(2))
        year = int(mm.group(3)) if mm.group(3) else published_on.year
        try:
            d = datetime.date(year, month, day)
        except ValueError:
            return published_on
        if not mm.group(3) and d > published_on:
            try:
                d = datetime.date(year - 1, month, day)
            except ValueError:
                return published_on
        return d
    return published_on


class _Resolver:
    def __init__(self, doc: _Doc, publisher: _OrgRef | None):
        self.doc = doc
        self.publisher = publisher
        self.protos: dict[int, list[_Proto]] = {}
        self.last_by_person: dict[str, _Proto] = {}
        self.group: list[_OrgRef] = []
        self._mentions: dict[int, list[_Mention]] = {}
        self._org_mentions: dict[int, list[tuple[int, _OrgRef, str]]] = {}
        self.person_orgs: dict[str, _OrgRef] = {}

    # -- mentions -------------------------------------------------------------------

    def briefing_orgs(self, si: int) -> list[_OrgRef]:
        doc = self.doc
        sent = doc.sentences[si]
        toks = doc.toks[si]
        out = []
        for bm in _BRIEFING_RE.finditer(sent.masked):
            a, b = _tok_range(toks, bm.start(1), bm.end(1))
            if a >= b:
                continue
            cls, slug = doc.classify(toks, a, b)
            if cls in (KNOWN, ORG, PROPER):
                out.append(doc.org_ref(toks, a, b, sent, cls, slug))
        return out

    def mentions(self, si: int) -> list[_Mention]:
        if si in self._mentions:
            return self._mentions[si]
        doc = self.doc
        sent = doc.sentences[si]
        toks = doc.toks[si]
        out: list[_Mention] = []
        hint = _date_hints(sent, [])
        briefing = self.briefing_orgs(si)
        for ra, rb in _runs(toks):
            (_ma, _mb), (ta, tb), (na, nb) = _segment(toks, (ra, rb))
            if tb > ta and nb > na:
                pa, pb = na, nb
            elif doc.classify(toks, ra, rb, sentence_start=(ra == 0))[0] == PERSON:
                pa, pb = ra, rb
            else:
                km = doc.known_match(toks, ra, rb)
                if km and doc.index.kinds.get(km[0]) == "individual":
                    pa, pb = ra, km[1]
                else:
                    continue
            if ra > 0 and toks[ra - 1].poss and toks[ra - 1].cap:
                continue  # "CNN's Jake Tapper": a journalist, not a speaker
            key = " ".join(t.norm for t in toks[pa:pb] if t.norm)
            if not key:
                continue
            person = doc.persons.get(key) or (doc.surnames.get(key) if pb - pa == 1 else None)
            if person is None:
                km = doc.known_match(toks, pa, pb)
                known = km[0] if km and doc.index.kinds.get(km[0]) == "individual" else None
                person = _Person(key, sent.text[toks[pa].s : toks[pb - 1].e], key.split()[-1], known)
            k = ra - 1
            while k >= 0 and ra - k <= 6:
                t = toks[k]
                if _gap_stops(sent.masked, t.e, toks[k + 1].s, t):
                    break
                if (
                    t.low in DETERMINERS
                    or t.low in PREPOSITIONS
                    or t.low in AUXILIARIES
                    or t.low in _SUBORDINATORS
                    or t.low in STRONG_VERBS
                    or t.low in WEAK_VERBS
                    or t.poss
                    or (not t.cap and t.low.endswith("ed") and t.low not in ("unnamed",))
                ):
                    break
                k -= 1
            ps = toks[k + 1].s
            phrase = sent.text[ps : toks[rb - 1].e]
            np = _analyze_np(doc, si, ps, toks[rb - 1].e)
            org = np.orgs[0] if np.kind == "member" and np.orgs else None
            if org is None and briefing:
                org = briefing[0]
            if org is not None:
                self.person_orgs.setdefault(person.key, org)
            out.append(_Mention(toks[pa].s, phrase, person, org, hint))
        self._mentions[si] = out
        return out

    def org_mentions(self, si: int) -> list[tuple[int, _OrgRef, str]]:
        if si in self._org_mentions:
            return self._org_mentions[si]
        doc = self.doc
        sent = doc.sentences[si]
        toks = doc.toks[si]
        out = []
        for ra, rb in _runs(toks):
            nxt = toks[rb] if rb < len(toks) else None
            had_the = ra > 0 and toks[ra - 1].low == "the"
            cls, slug = doc.classify(toks, ra, rb, had_the=had_the, next_tok=nxt, sentence_start=(ra == 0))
            if cls in (KNOWN, ORG, PROPER):
                if cls == KNOWN and doc.index.kinds.get(slug or "") == "individual":
                    continue
                (_ma, _mb), (ta, tb), _ = _segment(toks, (ra, rb))
                if tb > ta and normalize_name(" ".join(t.base for t in toks[ra:rb])) not in doc.orgs:
                    continue  # "Mayor Luis Andrade", but not "Animal Justice Now", a group
                out.append((toks[ra].s, doc.org_ref(toks, ra, rb, sent, cls, slug), cls))
        self._org_mentions[si] = out
        return out

    def subject_name(self, si: int) -> int:
        """Where a name of no known kind opens sentence si as its subject, followed by a verb
        ("Chelsea have sacked ..."): such a name can be what "the club" refers to. -1 if none."""
        doc = self.doc
        toks = doc.toks[si]
        k = _first_at(toks, doc.sentences[si].dateline_end)
        runs = _runs(toks, k, min(len(toks), k + 6))
        if not runs or runs[0][0] != k:
            return -1
        ra, rb = runs[0]
        if rb >= len(toks) or toks[rb].cap or toks[rb - 1].poss or not _joined(toks[rb - 1], toks[rb]):
            return -1
        nxt = toks[rb].low
        if _person_noun(nxt) or nxt in ORG_ROLES or nxt in PREPOSITIONS or nxt in ORG_TYPE_NOUNS:
            return -1
        if doc.classify(toks, ra, rb, next_tok=toks[rb], sentence_start=True)[0] != PROPER:
            return -1
        return toks[ra].s

    # -- antecedents --------------------------------------------------------------------

    def recent_protos(self, si: int, back: int = 1) -> list[_Proto]:
        out = []
        for j in range(max(0, si - back), si + 1):
            out.extend(self.protos.get(j, []))
        return out

    def org_anaphor(
        self, si: int, pos: int, word: str, outlet_only: bool = False, described: list[_OrgRef] | None = None
    ) -> list[_OrgRef]:
        """What "it", "the company", "the court" or "the outlet" refers to: an organisation
        attributed or named in this or the last few sentences, preferring one whose name
        contains the same noun. A `described` body ("the sports ministry") is itself when no
        such name has its noun."""
        outlet_word = outlet_only or word in OUTLET_ANAPHORS
        head = word[:-1] if word.endswith("s") and len(word) > 4 else word
        if word == "it" and not self.protos.get(si):
            # "Chinese state broadcaster CCTV aired footage that it said showed ...": an
            # organisation this sentence named before "it" said nothing yet, but it is the one
            named = [
                o
                for p, o, cls in self.org_mentions(si)
                if p < pos and cls != PROPER and not self._after_preposition(si, p)
            ]
            if named:
                return [named[-1]]

        if word in DOC_NOUNS:
            # "the directive said" after "EASA issued an airworthiness directive": the body that
            # a sentence nearby named with that document
            for j in range(si - 1, max(-1, si - 4), -1):
                if re.search(rf"\b{re.escape(word)}\b", self.doc.sentences[j].masked):
                    said = [p for p in self.protos.get(j, []) if p.via != "outlet"]
                    if said:
                        # "CISA, the FBI and the NSA said in a joint advisory ... The advisory said":
                        # every body of the frame that issued it
                        return _dedupe_orgs([p.org for p in said if p.pos == said[0].pos])
                    named = [o for _p, o, cls in self.org_mentions(j) if cls != PROPER]
                    if named:
                        return [named[0]]
                    break

        heads = ANAPHOR_NAME_WORDS.get(head, (head,))

        plurals = {h + "s" for h in heads} | {h + "es" for h in heads}

        def has_head(o: _OrgRef) -> bool:
            # "the orchestra" is no "League of American Orchestras"; "the group" is the one
            # described as a group
            key = normalize_name(o.name)
            described_as = any(
                (head in kinds or word in kinds) and (k == key or key.endswith(" " + k))
                for k, kinds in self.doc.org_types.items()
            )
            words = key.split()
            # "Jinhai Property Group Co.", "Siemens AG": a name that ends as a company's
            corporate = head in ("company", "firm") and len(words) > 1 and words[-1] in _CORPORATE_ENDINGS
            # a body of federations is a federation: "the federation" is the "Japan Association
            # of Athletics Federations" (but no "League of American Orchestras" is an orchestra)
            of_bodies = (
                head in _BODIES_OF_MEMBERS
                and any(t in plurals for t in words)
                and any(t in _BODIES_OF_MEMBERS for t in words)
            )
            return (
                described_as
                or corporate
                or of_bodies
                or any(t.startswith(heads) and t not in plurals for t in words)
            )

        def not_the_outlet(o: _OrgRef) -> bool:
            # "the agency" is not the newspaper that reported on it, but it is the "National
            # Mining Agency" whose name has the word
            return word in PRONOUNS or not _is_outlet(self.doc, o, self.publisher) or has_head(o)

        cands: list[_OrgRef] = []
        for j in range(si, max(-1, si - 4), -1):
            ps = [p for p in self.protos.get(j, []) if j < si or p.pos < pos]
            for p in reversed(ps):
                if outlet_word and p.org.kind not in (None, "outlet"):
                    continue
                if not outlet_word and not not_the_outlet(p.org):
                    continue
                if p.via == "outlet" and not outlet_word:
                    continue
                cands.append(p.org)
        attributed = len(cands)
        # Named only after a preposition ("borrowed from the Federal Home Loan Bank"): a name
        # there is what the sentence is about, not who it is about.
        aside: set[int] = set()
        if not outlet_word:
            # named organisations, nearest sentence first, and in it the leftmost (the subject)
            for j in range(si, max(-1, si - 3), -1):
                for p, o, cls in self.org_mentions(j):
                    if (cls == PROPER and (word in PRONOUNS or p != self.subject_name(j))) or (
                        j == si and p >= pos
                    ):
                        continue
                    if not not_the_outlet(o):
                        continue
                    if self._after_preposition(j, p, by=False):  # "called by the SNCTA" names an actor
                        aside.add(len(cands))
                    cands.append(o)
        first_word = normalize_name(described[0].name).split()[0] if described else ""
        nationality = (
            first_word if first_word in DEMONYMS - _words("central national federal local regional") else ""
        )
        if nationality and not any(nationality in normalize_name(o.name).split() for o in cands):
            return list(described)  # "the Dutch agriculture ministry" is not Lower Saxony's
        if head not in PRONOUNS:
            # "the emergencies ministry" is the "Ministry of Emergency Situations", not the foreign
            # ministry nearer to it
            stems = (
                {w[:5] for w in normalize_name(described[0].name).split() if len(w) > 3}
                if described
                else set()
            )
            stems -= {h[:5] for h in heads}

            def same_body(o: _OrgRef) -> bool:
                return has_head(o) and bool(stems & {w[:5] for w in normalize_name(o.name).split()})

            for k, o in enumerate(cands):
                if stems and same_body(o) and not (attributed and k in aside):
                    return [o]
            for j in range(si - 1, max(-1, si - 60), -1) if stems else ():
                for o in [p.org for p in reversed(self.protos.get(j, []))] + [
                    o for _p, o, _c in self.org_mentions(j)
                ]:
                    if o.slug is None and same_body(o):
                        return [o]
            for k, o in enumerate(cands):
                if has_head(o) and not (attributed and k in aside):
                    return [o]

        if described:
            # "the consumer agency" is the "Japan's Consumer Affairs Agency" named before, however
            # far back; else the body it describes
            words = set(normalize_name(described[0].name).split()) - {"the"}
            for j in range(si, max(-1, si - 60), -1):
                for o in [p.org for p in reversed(self.protos.get(j, []))] + [
                    o for _p, o, _c in self.org_mentions(j) if j < si
                ]:
                    if o.slug is None and len(words) >= 2 and words <= set(normalize_name(o.name).split()):
                        return [o]
            return list(described)
        strict = word in STRICT_ORG_ANAPHORS
        if head in _GENERIC_BODY_WORDS and not any(p.pos < pos for p in self.protos.get(si, [])):
            # "Amnesty International said ... The group said": a word any body answers to is the
            # one that spoke just before, not one described with it further back, unless its
            # name says it is a body of another kind (a ministry, a court, a company)
            sent = self.doc.sentences
            spoke = [
                p.org
                for p in self.protos.get(si - 1, [])
                if si > 0 and sent[si - 1].para == sent[si].para and p.via != "outlet"
            ]
            if (
                len(_dedupe_orgs(spoke)) == 1
                and not _is_outlet(self.doc, spoke[0], self.publisher)
                and not set(normalize_name(spoke[0].name).split()) & _NOT_GROUP_WORDS
            ):
                return spoke[:1]
        # a name of the kind that was only named after a preposition nearby: "approval from the
        # European Commission ... A Commission spokesperson said", unless one attributed further
        # back has the word ("the bank" is the bank that spoke, not the one it borrowed from)
        aside_with_head = [o for k, o in enumerate(cands) if has_head(o) and attributed and k in aside]
        spoken = [o for k, o in enumerate(cands) if not (attributed and k in aside)]
        if strict or (head not in PRONOUNS and not any(has_head(o) for o in spoken)):
            # "the museum" is only ever a museum named before, however far back; so is "the
            # bank" that an organisation of its kind said something before, when none is nearer
            for j in range(si - 3, max(-1, si - (60 if strict else 25)), -1):
                for p in reversed(self.protos.get(j, [])):
                    if p.via != "outlet" and has_head(p.org):
                        return [p.org]
                # a name that says what it is ("Local 198 of the American Federation of
                # Musicians" for "the union") counts even if it never said anything
                for mp, o, _cls in self.org_mentions(j) if head not in PRONOUNS else ():
                    if has_head(o) and (strict or not self._after_preposition(j, mp, by=False)):
                        return [o]
                    if has_head(o) and word in _NAME_ANAPHORS:
                        aside_with_head.append(o)
            if strict:
                return []
            if aside_with_head:
                return aside_with_head[:1]
        if cands:
            return [cands[0]]
        if outlet_only and self.publisher is not None:
            return [self.publisher]
        return []

    def _after_preposition(self, si: int, pos: int, *, by: bool = True) -> bool:
        """Whether the name at `pos` in sentence si is the other party of an action ("borrowed
        from the X", "talks with the X"), not where it happened ("treated at the X hospital")."""
        before = self.doc.sentences[si].masked[:pos].split()[-2:]
        if before and before[-1].lower() == "the":
            before = before[:-1]
        # "represented by Local 198" names an actor; `by=False` keeps it
        return bool(before) and before[-1].lower() in (
            "from",
            "with",
            "to",
            "against",
            *(("by",) if by else ()),
        )

    def named_anaphor(self, si: int, pos: int, word: str) -> list[_OrgRef]:
        """What a capitalised "the Bank" or "the Commission" stands for: the nearest
        organisation attributed or named before whose name has that word, one that starts
        with it ("Bank of England") first; else what "the bank" would refer to."""
        starts: list[_OrgRef] = []
        contains: list[_OrgRef] = []
        for j in range(si, max(-1, si - 25), -1):
            cands = [p.org for p in reversed(self.protos.get(j, [])) if j < si or p.pos < pos]
            cands += [o for p, o, cls in self.org_mentions(j) if cls != PROPER and (j < si or p < pos)]
            for o in cands:
                words = normalize_name(o.name).split()
                if len(words) < 2 or word not in words:
                    continue
                (starts if words[0] == word else contains).append(o)
        if starts or contains:
            return [(starts or contains)[0]]
        return self.org_anaphor(si, pos, word)

    def plural_anaphor(self, si: int, pos: int, word: str = "") -> list[_OrgRef]:
        # "the boards" after two school boards are those boards, whatever was named between
        head = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        if head and head not in ("company", "firm", "group", "organization", "organisation"):
            named: list[_OrgRef] = []
            for j in range(si, max(-1, si - 25), -1):
                for p, o, _cls in reversed(self.org_mentions(j)):
                    if (j < si or p < pos) and head in normalize_name(o.name).split():
                        named.append(o)
            named = _dedupe_orgs(named)
            if len(named) >= 2:
                return named[:4]
        same = [o for p, o, _cls in self.org_mentions(si) if p < pos]
        same = _dedupe_orgs(same)
        if len(same) >= 2:
            self.group = same[-2:] if len(same) > 2 else same
            return self.group
        if self.group:
            return self.group
        ms: list[_OrgRef] = []
        for j in range(si, max(-1, si - 4), -1):
            for p, o, _cls in reversed(self.org_mentions(j)):
                if j == si and p >= pos:
                    continue
                ms.append(o)
        ms = _dedupe_orgs(ms)[:2]
        if len(ms) == 2:
            self.group = ms
        return ms

    def person_antecedent(self, si: int, pos: int, np: _NP) -> tuple[_Proto | None, _Mention | None]:
        """Whom "he", "she", "they", a surname or "the spokesperson" refers to."""
        if np.kind == "surname" and np.person is not None:
            p = self.last_by_person.get(np.person.key)
            if p is not None:
                return p, None
            for j in range(si, max(-1, si - 40), -1):
                for mnt in self.mentions(j):
                    if (
                        mnt.person is not None
                        and mnt.person.key == np.person.key
                        and (j < si or mnt.pos < pos)
                    ):
                        return None, mnt
            return None, None
        if np.kind == "anaphor_role":
            for p in reversed(self.recent_protos(si, back=2)):
                if p.speaker and np.word in p.speaker.lower():
                    return p, None
            return None, None
        same = [p for p in self.protos.get(si, []) if p.pos < pos and p.speaker]
        if same:
            return same[-1], None
        mnts = [mn for mn in self.mentions(si) if mn.pos < pos]
        if mnts:
            return None, mnts[0]
        j = si - 1
        while (
            j > 0
            and _is_quote_only(self.doc.sentences[j])
            and not self.protos.get(j)
            and self.doc.sentences[j].para == self.doc.sentences[si].para
        ):
            j -= 1
        prev = [p for p in self.protos.get(j, []) if p.speaker]
        if prev:
            return prev[-1], None
        mnts = self.mentions(j) if j >= 0 else []
        if mnts:
            return None, mnts[0]
        return None, None

    # -- frames ---------------------------------------------------------------------

    def resolve(self, si: int, f: _Frame, own_channel: bool, briefing: list[_OrgRef]) -> list[_Proto]:
        doc = self.doc
        sent = doc.sentences[si]
        np = f.subj
        if np is None:
            return []

        def phrase(n: _NP | None) -> str:
            if n is None or n.span is None:
                return ""
            a, b = n.span
            ta, tb = _tok_range(doc.toks[si], a, b)
            if n.kind == "person" and tb - ta > 3:
                b = doc.toks[si][ta + _without_home_town(doc.toks[si][ta:tb]) - 1].e
            return sent.text[a:b].strip(" ,")

        orgs: list[_OrgRef] = []
        speaker = phrase(np)
        anonymous = not np.named
        via = "org"
        person = np.person
        person_org: _OrgRef | None = None
        ante: _Proto | None = None
        mention: _Mention | None = None
        hint_from_ante: str | None = None
        kind = np.kind

        if kind == "self":
            orgs = np.orgs
            lead = _ANAPHOR_AND_RE.search(sent.masked[: np.span[0]]) if np.span else None
            if lead and lead.group(1).lower() in ORG_ANAPHORS:
                # "The association and the National Mining Society both urged": the association
                # named before speaks too
                orgs = _dedupe_orgs([*self.org_anaphor(si, f.pos, lead.group(1).lower()), *orgs])
            via = "self"
            anonymous = False
            speaker = ""
        elif (
            kind == "member"
            and np.orgs
            and _DOCUMENT_SUBJECT_RE.match(sent.masked, np.span[0] if np.span else 0)
        ):
            # "A 2023 study by researchers at the X found": the X's own finding, in no one's words
            orgs = np.orgs
            via, speaker, anonymous = "self", "", False
        elif kind == "member":
            orgs = np.orgs
            person_org = orgs[0] if orgs else None
        elif kind == "anaphor_member":
            orgs = self.org_anaphor(si, f.pos, np.word, described=np.orgs or None)
            person_org = orgs[0] if orgs else None
        elif kind in ("person", "generic", "surname"):
            for d in f.descs:
                d_text = sent.masked[d.span[0] : d.span[1]].lower() if d.span else ""
                if "former" in d_text.split():
                    continue
                if d.kind == "member" and d.orgs:
                    person_org = d.orgs[0]
                    break
                d_cased = sent.masked[d.span[0] : d.span[1]] if d.span else ""
                if d.kind == "self" and d.orgs and (_LEADS_RE.search(d_text) or _AT_ORG_RE.match(d_cased)):
                    person_org = d.orgs[0]
                    break
                # "Carol Fenske, who chairs the board,", "head of the office's anti-corruption
                # division": a member of the body named before
                body = _PART_OF_THE_RE.match(d_text) or _LEADS_THE_RE.search(d_text)
                if body and body.group(1) in ORG_ANAPHORS:
                    found = self.org_anaphor(si, f.pos, body.group(1))
                    if found:
                        person_org = found[0]
                        break
                at = _AT_ORG_RE.match(d_cased)
                if at and d.span is not None:
                    # "a researcher who studies mining conflicts at the X": the part after "at"
                    start = at.end(at.lastindex or 0) + 1
                    rel = re.search(r"\s(?:who|which|that)\s", d_cased[start:])
                    end = start + rel.start() if rel else len(d_cased)  # "... LLP who represents buyers"
                    employer = _analyze_np(doc, si, d.span[0] + start, d.span[0] + end)
                    # a seat "on" a body only when the body is named: not "the Senate health committee"
                    seat_named = (
                        at.group(at.lastindex or 0) != "on" or d_cased[:end].split()[-1][:1].isupper()
                    )
                    if employer.kind == "self" and employer.orgs and seat_named:
                        person_org = employer.orgs[0]
                        break
                # "Its plastics policy lead, Henrik Sorensen,": whatever its words, a description
                # with "its" before a person's name makes the person a member of what "it" means
                its_desc = (
                    d.span is not None
                    and np.span is not None
                    and d.span[1] <= np.span[0]
                    and d_text.split()[:1] == ["its"]
                    and not any(w[:1].isupper() for w in sent.masked[d.span[0] : d.span[1]].split()[1:])
                )
                if its_desc:
                    found = self.org_anaphor(si, d.span[0], "it")
                    if found:
                        person_org = found[0]
                        break
                if d.kind == "anaphor_member" or (d.kind == "anaphor_role" and d.word in OFFICER_ROLES):
                    # "Marcus Elridge, the chief executive,": an officer of the organisation in focus
                    at_desc = (
                        min(f.pos, d.span[0]) if d.span else f.pos
                    )  # what "its" refers to comes before it
                    found = self.org_anaphor(si, at_desc, d.word if d.kind == "anaphor_member" else "it")
                    if found:
                        person_org = found[0]
                        break
            follows = False
            if kind == "surname" or (kind == "person" and person is not None):
                ante, mention = self.person_antecedent(si, f.pos, np) if kind == "surname" else (None, None)
                # "Radonjić said ..." after "Civic Bloc leader Vuk Radonjić told Vijesti": a
                # surname follow-up that names no channel of its own keeps its antecedent's
                # source, like a pronoun; the person's organisation is not the source then.
                follows = (
                    ante is not None
                    and person_org is None
                    and not own_channel
                    and not f.outlets
                    and not f.outlet_anaphor
                    and not briefing
                    and not (person is not None and person.known)
                )
                if (
                    not follows
                    and person is not None
                    and person.key in self.person_orgs
                    and person_org is None
                ):
                    person_org = self.person_orgs[person.key]
            if person_org is None and briefing and (np.roles or np.named):
                person_org = briefing[0]
            if person_org is None and f.owner is not None and np.roles:
                person_org = f.owner
            if person_org is None and np.roles and kind != "generic" and not follows:
                cue = _ORG_POSSESSIVE_RE.search(sent.masked)
                if cue:
                    found = self.org_anaphor(si, f.pos, cue.group(1).lower())
                    if found:
                        person_org = found[0]
            if person_org is None and kind == "person" and np.roles and not follows and np.span is not None:
                # "chief operating officer Lars Eide said": a title only an organisation has, with
                # no organisation named, is an officer of the one in focus
                words = [
                    _NON_ALNUM_RE.sub("", w.lower()) for w in sent.masked[np.span[0] : np.span[1]].split()
                ]
                title = words[: len(words) - len(np.person.key.split())] if np.person else []
                officer_words = OFFICER_ROLES | _OFFICER_TITLE_WORDS
                # "City spokeswoman Michelle Brooks" speaks for the city in focus; a body word
                # must be in the name found ("campaign spokesperson" is no pollster's officer)
                body = title.pop(0) if len(title) > 1 and title[0] not in officer_words else None
                # ("resort President Dana Corliss": a president of the resort named before)
                allowed = officer_words | ({"president"} if body else set())
                if title and set(title) <= allowed and set(title) - {"chief"} and body not in PERSON_NOUNS:
                    if body is None or (body in GEO_NOUNS and body not in ORG_ANAPHORS):
                        found = self.org_anaphor(si, f.pos, "it")
                    else:
                        found = self.org_anaphor(si, f.pos, body)
                        found = [o for o in found if body in normalize_name(o.name).split()]
                    if found:
                        person_org = found[0]
            if person_org is not None:
                orgs = [person_org]
            elif person is not None and person.known and not f.outlets:
                orgs = [
                    _OrgRef(
                        doc.index.names.get(person.known, person.known),
                        person.known,
                        doc.index.kinds.get(person.known),
                    )
                ]
                via = "self"
                speaker = ""
                anonymous = False
            if ante is not None:
                speaker, anonymous = ante.speaker, ante.anonymous
        elif kind in ("pronoun", "anaphor_role"):
            if np.word == "it":
                # "The bank's troubles began when it said": "it" is the organisation the sentence
                # named before it, by a noun, rather than the last one attributed
                cue = _ORG_POSSESSIVE_RE.search(sent.masked, 0, f.pos)
                orgs = self.org_anaphor(si, cue.start(), cue.group(1).lower()) if cue else []
                orgs = orgs or self.org_anaphor(si, f.pos, "it")
                via, speaker, anonymous = "self", "", False
            elif np.word in ("we", "i", "you"):
                return []
            elif np.word == "they" and _people_named_before(doc.toks[si], f.pos):
                return []  # "the families' lawyers presented readings, which they said showed"
            else:
                ante, mention = self.person_antecedent(si, f.pos, np)
                if ante is not None:
                    speaker, anonymous, person = ante.speaker, ante.anonymous, ante.person
                    person_org = ante.person_org
                    hint_from_ante = ante.hint
                elif mention is not None:
                    speaker, anonymous, person = mention.phrase, False, mention.person
                    person_org = mention.org
                    hint_from_ante = mention.hint
                    if person_org is None and person is not None and person.known and not f.outlets:
                        orgs = [
                            _OrgRef(
                                doc.index.names.get(person.known, person.known),
                                person.known,
                                doc.index.kinds.get(person.known),
                            )
                        ]
                        via, speaker = "self", ""
                elif kind == "anaphor_role" and (f.outlets or f.outlet_anaphor):
                    anonymous = True  # "the minister told CNN": unnamed, but the outlet is named
                else:
                    return []
        elif kind == "anaphor_named":
            orgs = self.named_anaphor(si, f.pos, np.word)
            via, speaker, anonymous = "self", "", False
        elif kind in ("anaphor_org", "anaphor_doc", "anaphor_outlet"):
            # what "the company" refers to comes before it, not in its own appositive ("The
            # company, a unit of Andes Pacific Copper Ltd, said")
            at = min(f.pos, np.span[0]) if np.span is not None and np.span[0] < f.pos else f.pos
            orgs = self.org_anaphor(si, at, np.word, outlet_only=kind == "anaphor_outlet", described=np.orgs)
            if np.word not in ORG_ANAPHORS | DOC_NOUNS | OUTLET_ANAPHORS | PRONOUNS:
                # a word that is no kind of organisation only refers to a name that has it
                orgs = [o for o in orgs if np.word in normalize_name(o.name).split()]
            via, speaker, anonymous = "self", "", False
        elif kind == "anaphor_plural":
            orgs = self.plural_anaphor(si, f.pos, np.word)
            via, speaker, anonymous = "self", "", False
        else:
            if not f.outlets:
                return []

        if f.speaker_np is not None and f.speaker_np.span is not None and via == "self":
            speaker = phrase(f.speaker_np)
            anonymous = not f.speaker_np.named

        outlets = list(f.outlets)
        if f.outlet_anaphor and not outlets:
            outlets = self.org_anaphor(si, f.pos, "outlet", outlet_only=True)
        protos: list[_Proto] = []
        relies = f.relays[0] if f.relays else None
        if outlets:
            if kind == "self" and orgs:
                # An organisation speaking to an outlet is the speaker, and it names no person
                # (unless it is a known individual): "Acme Corp told CNN".
                speaker, anonymous = phrase(np), not np.named
                if any(o.key == orgs[0].key for o in outlets):
                    speaker = ""
            for o in outlets:
                protos.append(
                    _Proto(
                        o,
                        speaker,
                        anonymous,
                        "outlet",
                        person,
                        f.pos,
                        f.clause,
                        relies,
                        hint_from_ante,
                        person_org,
                    )
                )
            return protos
        if orgs:
            for o in orgs:
                protos.append(
                    _Proto(
                        o,
                        speaker,
                        anonymous,
                        via,
                        person,
                        f.pos,
                        f.clause,
                        relies,
                        hint_from_ante,
                        person_org,
                    )
                )
            return protos
        if ante is not None:
            if ante.via == "outlet" and own_channel:
                if ante.person_org is not None:
                    return [
                        _Proto(
                            ante.person_org,
                            ante.speaker,
                            ante.anonymous,
                            "org",
                            ante.person,
                            f.pos,
                            f.clause,
                            relies,
                            None,
                            ante.person_org,
                            True,
                        )
                    ]
                return []
            return [
                _Proto(
                    ante.org,
                    ante.speaker,
                    ante.anonymous,
                    ante.via,
                    ante.person,
                    f.pos,
                    f.clause,
                    relies or ante.relies,
                    hint_from_ante,
                    ante.person_org,
                    True,
                )
            ]
        if mention is not None and mention.org is not None:
            return [
                _Proto(
                    mention.org,
                    speaker,
                    False,
                    "org",
                    mention.person,
                    f.pos,
                    f.clause,
                    relies,
                    mention.hint,
                    mention.org,
                    True,
                )
            ]
        return []


def _quote_and_clause(sent: _Sentence, clause: tuple[int, int] | None) -> str:
    segs = [(a, b) for a, b in sent.quotes if sent.text[a:b].strip()]
    clause_text = ""
    if clause is not None and clause[1] > clause[0]:
        cs, ce = clause
        clause_text = sent.text[cs:ce].strip()
        clause_text = re.sub(r"^(?:that\b:?\s*)", "", clause_text).strip(" ,:;")
    if segs:
        parts = [sent.text[a:b].strip() for a, b in segs]
        for k in range(len(parts) - 1):
            if parts[k].endswith(",") and parts[k + 1][:1].isupper():
                parts[k] = parts[k][:-1] + "."
        quoted = " ".join(p.rstrip(",").strip() for p in parts).strip()
        if clause is not None and clause_text:
            inside = all(clause[0] <= a and b <= clause[1] for a, b in segs)
            q_words = sum(len(sent.text[a:b].split()) for a, b in segs)
            if inside and q_words < 0.5 * len(clause_text.split()):
                return clause_text
        return quoted
    return clause_text or sent.text.strip()


def _is_quote_only(sent: _Sentence) -> bool:
    rest = sent.masked[sent.dateline_end :]
    return bool(sent.quotes) and not any(c.isalnum() for c in rest)


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def _publisher_ref(publisher: str | None, index: _AliasIndex) -> _OrgRef | None:
    if not publisher or not isinstance(publisher, str) or not publisher.strip():
        return None
    p = publisher.strip()
    if p in index.kinds:
        return _OrgRef(index.names.get(p, p), p, index.kinds[p])
    slug = index.lookup(p)
    if slug:
        return _OrgRef(index.names.get(slug, slug), slug, index.kinds.get(slug))
    return _OrgRef(_clean_name(p) or p, None, None)


def extract(
    text: str,
    *,
    sources: Sequence[KnownSource],
    publisher: str | None = None,
    published_on: datetime.date | None = None,
) -> Intake:
    """Every attribution in `text`, matched against `sources`.

    `publisher` is the outlet carrying the article: a known source's slug or name, or any
    other name. It is the source only of what the article says was said to it ("told this
    newspaper", "told us", "told CNN" in a CNN article), never of unattributed text.
    `published_on` resolves each attribution's date hint ("on Tuesday" is the latest Tuesday
    on or before it; "yesterday" the day before; "this week" stays the article's date).

    Intake.text is `text` with "\r\n" and "\r" turned into "\n"; offsets refer to it.
    Intake.unknown_sources lists, as written, every name that is the source or the relayed
    source of an attribution but matches no known source. Names are distinct by
    normalize_name and sorted case-insensitively.

    Raises ValueError when the text is empty (after stripping) or longer than
    MAX_INPUT_CHARS characters. Never raises otherwise: a sentence that cannot be analysed
    is skipped (unless STRICT is set)."""
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if len(text) > MAX_INPUT_CHARS:
        raise ValueError(f"The article is {len(text):,} characters long; the limit is {MAX_INPUT_CHARS:,}.")
    if not text.strip():
        raise ValueError("The article text is empty.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(published_on, datetime.datetime):
        published_on = published_on.date()
    elif not isinstance(published_on, datetime.date):
        published_on = None
    index = _AliasIndex.build(sources or ())
    pub = _publisher_ref(publisher, index)

    paragraphs = _paragraphs(text)
    sentences = _split_sentences(text)
    _prepare(sentences, _quotations(text, paragraphs))
    doc = _Doc(text, sentences, index)
    try:
        doc.register()
    except Exception:
        if STRICT:
            raise
    resolver = _Resolver(doc, pub)

    for si in range(len(sentences)):
        try:
            _process_sentence(resolver, si, pub)
        except Exception:
            if STRICT:
                raise
            resolver.protos[si] = []
    for si in range(len(sentences)):
        try:
            _continue_quotes(resolver, si, backwards=True)
        except Exception:
            if STRICT:
                raise

    try:
        _spell_out_acronyms(resolver)
    except Exception:
        if STRICT:
            raise
    attributions: list[Attribution] = []
    unknown: dict[str, str] = {}
    for si, sent in enumerate(sentences):
        for p in resolver.protos.get(si, []):
            try:
                attributions.append(_to_attribution(sent, p, published_on))
            except Exception:
                if STRICT:
                    raise
                continue
            if p.org.slug is None and p.org.name:
                unknown.setdefault(normalize_name(p.org.name) or p.org.name, p.org.name)
            if p.relies is not None and p.relies.slug is None and p.relies.name:
                unknown.setdefault(normalize_name(p.relies.name) or p.relies.name, p.relies.name)
    return Intake(
        text=text,
        attributions=tuple(attributions),
        unknown_sources=tuple(sorted(unknown.values(), key=lambda n: (_fold(n), n))),
    )


def _initials_match(long: str, short: str) -> bool:
    """Whether `short` is the acronym of `long`, perhaps without a leading country: "FDA" of
    "US Food and Drug Administration", "CISA" of "Cybersecurity and Infrastructure Security
    Agency"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’&.-]*", long) if w[0].isupper()]
    initials = "".join(w[0] for w in words).upper()
    if initials == short:
        return True
    lead = len(words) - len(short)
    return lead == 1 and initials.endswith(short) and _norm_token(words[0]) in DEMONYMS | PLACES


def _same_words_reordered(long_words: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """ "Energy and Mines Ministry" is "Peru's Ministry of Energy and Mines" said the other way
    round: every word of it, its head last, in a longer name that has "of" or "for" (both as
    normalised words)."""
    return (
        long_words[-1] != words[-1]
        and set(words) <= set(long_words)
        and bool({"of", "for"} & set(long_words))
    )


def _abbreviates_tail(long: str, parts: list[str]) -> bool:
    """Whether a name ending in an abbreviation is `long` written out: "Health NZ" is "Health
    New Zealand"."""
    long_parts = long.split()
    head = parts[:-1]
    if long_parts[: len(head)] != head or len(long_parts) <= len(parts):
        return False
    tail = long_parts[len(head) :]
    return "".join(w[0] for w in tail).upper() == parts[-1]


def _spell_out_acronyms(resolver: _Resolver) -> None:
    """An unknown organisation reported under its acronym or bracketed short form is the one
    named in full before: "The FDA said" after "the US Food and Drug Administration", "CalMac
    said" after "Caledonian MacBrayne (CalMac)"."""
    doc = resolver.doc
    named: dict[str, tuple[str, ...]] = {}  # each full name named so far, latest last, as words
    all_named = {
        o.name: tuple(normalize_name(o.name).split())
        for si in range(len(doc.sentences))
        for o in [o for _p, o, _c in resolver.org_mentions(si)] + [p.org for p in resolver.protos.get(si, [])]
        if o.slug is None and o.name[:1].isupper() and " " in o.name
    }
    short_forms: dict[str, str] = {}
    for si in range(len(doc.sentences)):
        sent, toks = doc.sentences[si], doc.toks[si]
        for p in resolver.protos.get(si, []):
            name = p.org.name
            if p.org.slug is not None:
                continue
            full = short_forms.get(name)
            parts = name.split()
            if full is None and _ACRONYM_NAME_RE.fullmatch(parts[0]) and len(parts) <= 2:
                # "NZNO" and "NZNO Otago" (a branch) are the "New Zealand Nurses Organisation"
                full = next((n for n in reversed(named) if _initials_match(n, parts[0])), None)
            if full is None and len(parts) >= 2 and _ACRONYM_NAME_RE.fullmatch(parts[-1]):
                # "Health NZ" is "Health New Zealand"
                full = next((n for n in reversed(named) if _abbreviates_tail(n, parts)), None)
            words = tuple(normalize_name(name).split())
            if full is None and len(words) >= 2 and words[-1] in ORG_SUFFIXES:
                full = next((n for n, w in reversed(named.items()) if _same_words_reordered(w, words)), None)
            if full is None and len(words) == 1 and words[0] in MEDIA_SUFFIXES:
                # "told the Sentinel", after "the Orlando Sentinel reported": the paper's short name
                full = next(
                    (n for n, w in reversed(named.items()) if len(w) >= 2 and w[-1] == words[0]), None
                )
            if full is None and name[:1].islower() and len(words) >= 2:
                # "the energy ministry said", before or after "the Ministry of Energy and Mineral
                # Resources" is named in full
                full = next((n for n, w in all_named.items() if set(words) <= set(w)), None)
            if full is not None and full != name:
                p.org = _OrgRef(full, None, p.org.kind)
        for bm in _BRACKETED_ACRONYM_RE.finditer(sent.text):
            b = _first_at(toks, bm.start(1))
            runs = [r for r in _runs(toks, 0, b) if r[1] == b]
            cls = doc.classify(toks, *runs[-1])[0] if runs else None
            if cls in (ORG, KNOWN, PROPER):
                short_forms[bm.group(1).strip("()")] = doc.org_ref(toks, *runs[-1], sent, cls, None).name
        for o in [o for _p, o, _cls in resolver.org_mentions(si)] + [
            p.org for p in resolver.protos.get(si, [])
        ]:
            if o.slug is None and " " in o.name:
                named.pop(o.name, None)  # re-inserted as the latest
                named[o.name] = tuple(normalize_name(o.name).split())


_ACRONYM_NAME_RE = re.compile(r"[A-Z]{2,6}")


def _process_sentence(resolver: _Resolver, si: int, pub: _OrgRef | None) -> None:
    doc = resolver.doc
    sent = doc.sentences[si]
    frames = _find_frames(doc, si, pub)
    own_channel = bool(_OWN_CHANNEL_RE.search(sent.masked))
    briefing = resolver.briefing_orgs(si)
    protos: list[_Proto] = []
    seen: set[str] = set()
    resolver.protos[si] = protos
    for f in frames:
        for p in resolver.resolve(si, f, own_channel, briefing):
            if p.org.key in seen:
                continue
            if p.relies is not None and p.relies.key == p.org.key:
                p.relies = None
            seen.add(p.org.key)
            protos.append(p)
            if p.person is not None and p.speaker:
                resolver.last_by_person[p.person.key] = p
    resolver.mentions(si)
    if not protos:
        _continue_quotes(resolver, si, backwards=False)


def _continue_quotes(resolver: _Resolver, si: int, *, backwards: bool) -> None:
    """A sentence that only continues a quotation takes that quotation's attribution."""
    doc = resolver.doc
    sent = doc.sentences[si]
    if resolver.protos.get(si) or not _is_quote_only(sent):
        return
    sources: list[_Proto] = []
    ids = set(sent.quote_ids)
    # the same quotation, attributed in another sentence
    for j in [si - 1, si - 2, si - 3] if not backwards else [si + 1, si + 2, si + 3, si - 1, si - 2]:
        if 0 <= j < len(doc.sentences) and ids & set(doc.sentences[j].quote_ids) and resolver.protos.get(j):
            sources = resolver.protos[j]
            break
    # the next quotation in the same paragraph, after an attributed quote; or the quotation
    # that opens a paragraph after one left open at the end of the last (a quote running on
    # over paragraphs)
    if not sources and not backwards and si > 0:
        prev = doc.sentences[si - 1]
        if prev.quotes and resolver.protos.get(si - 1):
            if prev.para == sent.para or (sent.first_in_para and _quote_left_open(prev)):
                sources = resolver.protos[si - 1]
    out = []
    for p in sources:
        out.append(
            _Proto(
                p.org, p.speaker, p.anonymous, p.via, p.person, 0, None, p.relies, p.hint, p.person_org, True
            )
        )
    if out:
        resolver.protos[si] = out


def _people_named_before(toks: list[_Tok], pos: int) -> bool:
    """Whether an unnamed group of people ("the families' lawyers", "residents") comes before
    pos in the sentence, with no name after it: what "they" there stands for."""
    k = _first_at(toks, pos) - 1
    while k >= 0 and not (not toks[k].cap and toks[k].low.endswith("s") and _person_noun(toks[k].low)):
        if toks[k].cap:
            return False
        k -= 1
    return k >= 0


def _quote_left_open(sent: _Sentence) -> bool:
    """Whether the sentence ends inside a quotation that its paragraph never closes."""
    text = sent.text.rstrip()
    return bool(sent.quotes) and sent.quotes[-1][1] >= len(text) and text[-1:] not in "\"”’'"


def _to_attribution(sent: _Sentence, p: _Proto, published_on: datetime.date | None) -> Attribution:
    exclude = list(sent.quotes)
    if p.clause is not None:
        exclude.append(p.clause)
    hint = _date_hints(sent, exclude) or p.hint
    relies_on = p.relies.slug if p.relies is not None else None
    relies_on_name = p.relies.name if p.relies is not None and p.relies.slug is None else None
    speaker = re.sub(r"\s+", " ", p.speaker).strip(" ,")
    return Attribution(
        sentence=sent.text,
        start=sent.start,
        end=sent.end,
        source=p.org.slug,
        source_name=p.org.name,
        speaker=speaker,
        anonymous=bool(p.anonymous and speaker),
        quote=_quote_and_clause(sent, p.clause),
        relies_on=relies_on,
        relies_on_name=relies_on_name,
        published_on=_resolve_hint(hint, published_on),
        date_hint=hint,
    )


def html_to_text(html: str) -> str:
    """The main text of an HTML page (trafilatura); a plain tag strip when trafilatura finds
    nothing."""
    if not isinstance(html, str) or not html.strip():
        return ""
    text = None
    try:
        import trafilatura

        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False
        )
    except Exception:
        text = None
    if text and text.strip():
        return text.strip()
    return _strip_tags(html)


# Elements whose content is never article text. Every pattern below stops at the next "<" or
# is searched for at most once per kind of opening, so stripping stays linear in the input
# (the obvious `<script.*?</script>` and `<[^>]*>` take quadratic time on unclosed tags).
_RAW_OPEN_RE = re.compile(r"<(script|style|noscript|template|head)\b", re.IGNORECASE)
_BLOCK_RE = re.compile(
    r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote|/section|/article|p|div|li|h[1-6])\b[^<>]*>",
    re.IGNORECASE,
)
# A tag starts with a letter (or "/", "!", "?" and one): "x < y and y > z" is text.
_TAG_RE = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")


def _drop_raw_elements(html: str) -> str:
    """Drop comments and script-like elements; an unclosed one runs to the end, as in a browser."""
    out: list[str] = []
    pos = 0
    comment = html.find("<!--")
    raw = _RAW_OPEN_RE.search(html)
    while comment >= 0 or raw is not None:
        if raw is None or 0 <= comment < raw.start():
            out.append(html[pos:comment])
            end = html.find("-->", comment + 4)
            if end < 0:
                return "".join(out)
            pos = end + 3
        else:
            out.append(html[pos : raw.start()])
            close = re.compile(rf"</{raw.group(1)}\s*>", re.IGNORECASE).search(html, raw.end())
            if close is None:
                return "".join(out)
            pos = close.end()
        out.append(" ")
        # The next of each, searched again only once the last one found lies behind.
        if 0 <= comment < pos:
            comment = html.find("<!--", pos)
        if raw is not None and raw.start() < pos:
            raw = _RAW_OPEN_RE.search(html, pos)
    out.append(html[pos:])
    return "".join(out)


def _strip_tags(html: str) -> str:
    s = _drop_raw_elements(html)
    s = _BLOCK_RE.sub("\n", s)
    s = _TAG_RE.sub(" ", s)
    s = html_module.unescape(s)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in s.split("\n")]
    return "\n".join(line for line in lines if line)
