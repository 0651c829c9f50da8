"""Word lists that describe the language, not any document.

Each list answers one question the extractor asks of a capitalised word: is it a head noun that
makes a phrase an organisation or a place, a function word that is capitalised only because it
starts a sentence, and so on. English and Spanish, with the head nouns of Portuguese and
French. The words around and inside names (titles,
particles, connectors), months and the cable format come from `reader.text`.
"""

from __future__ import annotations

from reader.text.cables import HANDLING_MARKS
from reader.text.months import month_numbers
from reader.text.names import GROUP_HEADS as GROUP_HEADS  # (the linker reads them too)

# Words that, as the first word of a name, make it a place ("Lake Titicaca", "Region XIV",
# "Gulf of Aden", "Provincia de Buenos Aires") unless its last word makes it a body.
PLACE_STARTS = frozenset(
    """
    lake lago lac mount mont gulf golfo golfe region región regiao região province provincia
    província cape cabo isla ilha île ile sierra
    """.split()
)

# Words that, as the first word of a capitalised phrase, make it an organisation.
GROUP_STARTS = frozenset(
    """
    ministry ministerio department commission comisión comision council committee
    bureau office oficina agency agencia institute instituto university universidad
    bank banco national nacional federal united association asociación
    dirección direccion policía policia partido frente movimiento air
    ministério governo conselho comissão comissao câmara camara fundação fundacao
    ministère ministere conseil parti banque fondation
    center centre centro service servicio serviço servico
    """.split()
)

# Words that, as the last word of a capitalised phrase, make it a place.
PLACE_HEADS = frozenset(
    """
    valley valle river río rio mountains mountain mount sierra island islands isla islas
    lake lago bay bahía bahia sea ocean gulf golfo coast costa peninsula province
    provincia region región region state estado county district distrito city ciudad
    town village street avenue square plaza park border frontera highlands lowlands
    basin desert canyon strait canal cape peak volcano jungle forest
    """.split()
)

# Nouns that, right before a name, tell what kind of thing the name is
# ("the newspaper La Republica", "agency Dirandro", "the city of Piura").
GROUP_CUES_BEFORE = frozenset(
    """
    agency agencia daily diario newspaper periódico periodico weekly magazine revista
    outlet network broadcaster company firm empresa group grupo organization organisation
    party partido unit unidad cartel gang militia guerrilla guerrillas movement
    """.split()
)
PLACE_CUES_BEFORE = frozenset(
    """
    in into through near across outside inside around en cerca
    city town village province region department district port region state
    ciudad pueblo provincia región departamento distrito puerto
    """.split()
)
GROUP_CUES_AFTER = frozenset(
    """
    guerrillas guerrilla rebels rebel militants militia cartel newspaper daily magazine
    party officials agents spokesman spokeswoman members leaders
    """.split()
)
PERSON_CUES_AFTER = frozenset(
    """
    said says told tells wrote writes argued argues added adds claimed claims stated
    explained noted asked replied insisted denied admitted believes believed who
    dijo afirmó afirmo señaló señalo explicó explico
    disse afirmou declarou explicou
    """.split()
)

# Function words and other words written with a capital only at the start of a sentence
# or heading. A phrase never starts with one of these.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those there here it its it's he she him her his hers they them
    their theirs we us our ours you your yours i me my mine who whom whose which what when
    where why how whoever whatever whichever all any both each every few many more most
    other others some such no nor not only own same so than too very can will just should
    now and but or if as at by for from in into of off on onto out over to under up with
    without within about above after again against among around because before behind below
    beneath beside besides between beyond during despite except inside like near since
    through throughout till toward towards until upon via while although though unless
    whether yet also however meanwhile moreover furthermore therefore thus hence instead
    still already even ever never always often sometimes perhaps maybe indeed rather quite
    then once twice first second third last next old former latter later earlier
    one two three four five six seven eight nine ten eleven twelve hundred thousand million
    billion dozens several much less least do does did done doing be is are was were been
    being have has had having may might must shall would could ought according despite
    yes no not none nothing something anything everything nobody someone anyone everyone
    mr mrs ms dr
    el la los las un una unos unas lo al del de en y o u e ni que quien quienes cual cuales
    cuyo este esta estos estas ese esa esos esas aquel aquella su sus mi mis tu tus nuestro
    nuestra por para con sin sobre entre hasta desde hacia según segun durante mediante
    como cuando donde aunque pero sino porque pues si no ya también tambien además ademas
    sin embargo luego entonces mientras tras ante bajo cabe contra
    """.split()
)

# Capitalised words that are not names in news and cable prose: months (English, spelled out
# and abbreviated; Spanish, spelled out), days, headings, document vocabulary. (Nationality
# adjectives are handled by rule, see `is_demonym`.)
NOT_NAMES = frozenset(
    [
        *"""
        monday tuesday wednesday thursday friday saturday sunday
        lunes martes miércoles miercoles jueves viernes sábado sabado domingo
        summary comment comments note notes introduction conclusion background end begin
        subject ref refs reference references tags classified reasons reason decl
        sbu unclassified confidential secret
        drafted cleared approved septel reftel poloff poloffs econoff econoffs polcouns
        emboff emboffs conoff pol econ affairs
        cable cables analysis infographics news update updated photo photos video
        editor editorial opinion share related read more
        advertisement advertising publicidad publicidade publicité publicite compartir
        compartilhar partager
        english spanish
        presidential vice-presidential ministerial vice
        god
        internet web email e-mail online
        """.split(),
        *month_numbers(("en",)),
        *month_numbers(("es",), abbreviations=False),
        *(mark.lower() for mark in HANDLING_MARKS),
    ]
)

# Capitalised generic institutions that, alone, are not a named entity.
GENERIC_ALONE = frozenset(
    """
    government gobierno embassy embajada army navy police military congress parliament
    senate court ministry ministerio department state administration agency office
    president minister ambassador judge general colonel director chief mission post
    committee commission council national federal central republic university state
    constitution law act treaty accord agreement operation plan strategy report program
    programme project initiative survey study campaign
    governo gouvernement ministério ministère polícia exército armée congresso assembleia
    assemblée conselho conseil embaixada ambassade presidente président ministro ministre
    """.split()
)

# Irregular or ambiguous nationality and regional adjectives (regular ones are derived
# from country names, see extract.gazetteer.is_demonym).
DEMONYMS = frozenset(
    """
    american americans british english french spanish dutch swiss greek thai irish scottish
    welsh danish swedish finnish polish turkish czech slovak andean latin hispanic
    latino latina latinos european europeans african africans asian asians arab arabs
    arabic western eastern northern southern central iberian caribbean
    peruano peruana peruanos mexicano mexicana mexicanos colombiano colombiana colombianos
    boliviano boliviana chileno chilena argentino argentina ecuatoriano venezolano brasileño
    estadounidense norteamericano norteamericana español española
    christian christians muslim muslims islamic jewish catholic protestant orthodox shiite
    shia sunni byzantine medieval hindu buddhist evangelical
    shi'a shi'i shi'ite shias shiites sunnis alawite alawites druze copt copts coptic salafi
    salafis wahhabi sufi jews catholics protestants hindus buddhists evangelicals saudi
    saudis
    turk kurd pole scot dane swede finn brit serb croat bosniak uzbek tajik kazakh kyrgyz
    pashtun baluch tamil sinhalese hutu tutsi somali yemeni omani emirati qatari
    """.split()
) - {"argentina"}

# Well-known institutions of the cable world that carry no head noun in their name.
KNOWN_GROUPS = frozenset(
    name.strip()
    for name in """
    wikileaks|un|fbi|cia|dea|nsa|nato|interpol|europol|reuters|afp|bbc|cnn|eu|oas|imf|
    opec|unodc|unicef|unesco|unhcr|wto|pentagon|kremlin|hezbollah|hamas|taliban|al-qaeda|
    al-qaida|farc|eln|mrta|shining path|sendero luminoso|google|facebook|twitter|
    white house|red cross|amnesty international|human rights watch|associated press
    """.split("|")
)

# Last words that make a capitalised phrase the name of a plan, a document, an operation or
# a case, which are not entities in our sense.
NON_ENTITY_HEADS = frozenset(
    """
    strategy plan program programme initiative act law report agreement accord treaty
    system case cases operation doctrine convention declaration memorandum bill resolution
    roadmap visa measure
    """.split()
)
NON_ENTITY_STARTS = frozenset({"operation", "operación", "operacion", "plan", "caso", "case",
                               # a cable's pointers to other cables and to its own paragraphs
                               "reftel", "reftels", "septel", "septels", "para", "paras"})
VEHICLE_CUES_BEFORE = frozenset({"ship", "vessel", "boat", "plane", "aircraft", "flight",
                                 "barco", "buque", "avión", "avion", "nave"})

# Terms of cable and press jargon that are written in capitals but are not entities.
CABLE_JARGON = frozenset(HANDLING_MARKS) | frozenset(
    """
    SBU FOUO ORCON PROPIN REL TAGS SUBJECT REF REFS REFTEL REFTELS SEPTEL SEPTELS PARA
    DECL AMEMBASSY SECSTATE WASHDC USDAO PRIORITY IMMEDIATE ROUTINE FM TO INFO
    XXXXXXXXXXXX EO CLASSIFIED BY END SUMMARY COMMENT NOTE USD EUR GDP PST EST GMT UTC
    """.split()
)
