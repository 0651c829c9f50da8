"""US diplomatic posts as they appear in cable reference ids, in prose and in cables.csv.

Written by hand for this project (from general knowledge of where the United States keeps
embassies, consulates and missions); nothing here is derived from the leaked texts.

Each row of `_TABLE` is ``ID | origin | city aliases | countries``:

- ``ID``: the post as written in a reference id (``09LIMA345`` → ``LIMA``; ``09BUENOSAIRES1272``
  → ``BUENOSAIRES``; the Mexico City embassy is ``MEXICO``; the Department is ``STATE``, never
  ``SECSTATE``).
- ``origin``: the post the way the ``origin`` column of cables.csv names it, without its
  ``Embassy``/``Consulate`` prefix (``Embassy Lima`` → ``Lima``; ``Embassy Mexico`` →
  ``Mexico``). This is what `Citation.origin` holds; see `origin_matches`.
- ``city aliases``: other ways prose names the city (accents are folded before matching, so
  ``Bogotá`` needs no row of its own).
- ``countries``: only for the post that is the embassy of a country (its capital, usually):
  the country names, English and Spanish, that stand for that embassy in "the US embassy in
  Peru" / "la embajada de Estados Unidos en el Perú".
"""

from __future__ import annotations

from functools import cache

from reader.text.fold import strip_accents

_TABLE = """
STATE|Secretary of State|Washington|
USUNNEWYORK|USUN New York|USUN|
USNATO|USNATO||
USEUBRUSSELS|USEU Brussels||
USOSCE|USOSCE||
UNVIEVIENNA|UNVIE||
USUNROME|USUN Rome||
USOAS|USOAS||
PARTO|US Delegation, Secretary||
IRANRPODUBAI|Iran RPO Dubai||
RPODUBAI|Iran RPO Dubai||
AITTAIPEI|Taipei||
EFTOLONDON|London||
EFTOTRIPOLI|Tripoli||
ASUNCION|Asuncion||Paraguay
BOGOTA|Bogota||Colombia
BRASILIA|Brasilia||Brazil;Brasil
BUENOSAIRES|Buenos Aires||Argentina
CARACAS|Caracas||Venezuela
GEORGETOWN|Georgetown||Guyana
LAPAZ|La Paz||Bolivia
LIMA|Lima||Peru
MONTEVIDEO|Montevideo||Uruguay
PARAMARIBO|Paramaribo||Suriname
QUITO|Quito||Ecuador
SANTIAGO|Santiago|Santiago de Chile|Chile
GUAYAQUIL|Guayaquil||
RIODEJANEIRO|Rio De Janeiro|Rio de Janeiro|
SAOPAULO|Sao Paulo||
RECIFE|Recife||
PORTOALEGRE|Porto Alegre||
MEXICO|Mexico|Mexico City;Ciudad de Mexico;Mexico D.F.;Mexico DF|Mexico
CIUDADJUAREZ|Ciudad Juarez|Juarez|
GUADALAJARA|Guadalajara||
HERMOSILLO|Hermosillo||
MATAMOROS|Matamoros||
MERIDA|Merida||
MONTERREY|Monterrey||
NOGALES|Nogales||
NUEVOLAREDO|Nuevo Laredo||
TIJUANA|Tijuana||
OTTAWA|Ottawa||Canada
MONTREAL|Montreal||
TORONTO|Toronto||
VANCOUVER|Vancouver||
CALGARY|Calgary||
HALIFAX|Halifax||
QUEBEC|Quebec|Quebec City|
GUATEMALA|Guatemala|Guatemala City;Ciudad de Guatemala|Guatemala
SANSALVADOR|San Salvador||El Salvador
TEGUCIGALPA|Tegucigalpa||Honduras
MANAGUA|Managua||Nicaragua
SANJOSE|San Jose||Costa Rica
PANAMA|Panama|Panama City;Ciudad de Panama|Panama
BELMOPAN|Belmopan||Belize;Belice
HAVANA|Havana|La Habana;Habana|Cuba
SANTODOMINGO|Santo Domingo||Dominican Republic;Republica Dominicana
PORTAUPRINCE|Port Au Prince|Port-au-Prince;Port au Prince|Haiti
KINGSTON|Kingston||Jamaica
NASSAU|Nassau||Bahamas;The Bahamas
BRIDGETOWN|Bridgetown||Barbados
PORTOFSPAIN|Port Of Spain|Port-of-Spain;Port of Spain|Trinidad and Tobago;Trinidad
CURACAO|Curacao||
HAMILTON|Hamilton||Bermuda
LONDON|London|Londres|United Kingdom;Britain;Great Britain;the UK;Reino Unido;Gran Bretana
BELFAST|Belfast||
EDINBURGH|Edinburgh||
PARIS|Paris||France;Francia
MARSEILLE|Marseille|Marseilles;Marsella|
STRASBOURG|Strasbourg|Estrasburgo|
BERLIN|Berlin||Germany;Alemania
FRANKFURT|Frankfurt|Francfort|
HAMBURG|Hamburg|Hamburgo|
MUNICH|Munich|Munchen;Munich|
LEIPZIG|Leipzig||
DUSSELDORF|Dusseldorf||
ROME|Rome|Roma|Italy;Italia
MILAN|Milan|Milano|
NAPLES|Naples|Napoles;Napoli|
FLORENCE|Florence|Florencia;Firenze|
MADRID|Madrid||Spain;Espana
BARCELONA|Barcelona||
LISBON|Lisbon|Lisboa|Portugal
PONTADELGADA|Ponta Delgada||
THEHAGUE|The Hague|Hague;La Haya;Den Haag|Netherlands;the Netherlands;Holland;Paises Bajos;Holanda
AMSTERDAM|Amsterdam||
BRUSSELS|Brussels|Bruselas|Belgium;Belgica
LUXEMBOURG|Luxembourg|Luxemburgo|Luxembourg;Luxemburgo
BERN|Bern|Berne;Berna|Switzerland;Suiza
GENEVA|Geneva|Ginebra;Geneve|
VIENNA|Vienna|Viena;Wien|Austria
DUBLIN|Dublin||Ireland;Irlanda
COPENHAGEN|Copenhagen|Copenhague|Denmark;Dinamarca
OSLO|Oslo||Norway;Noruega
STOCKHOLM|Stockholm|Estocolmo|Sweden;Suecia
HELSINKI|Helsinki||Finland;Finlandia
REYKJAVIK|Reykjavik||Iceland;Islandia
TALLINN|Tallinn||Estonia
RIGA|Riga||Latvia;Letonia
VILNIUS|Vilnius||Lithuania;Lituania
WARSAW|Warsaw|Varsovia|Poland;Polonia
KRAKOW|Krakow|Cracow;Cracovia|
PRAGUE|Prague|Praga|Czech Republic;Republica Checa
BRATISLAVA|Bratislava||Slovakia;Eslovaquia
BUDAPEST|Budapest||Hungary;Hungria
BUCHAREST|Bucharest|Bucarest|Romania;Rumania
SOFIA|Sofia||Bulgaria
ATHENS|Athens|Atenas|Greece;Grecia
THESSALONIKI|Thessaloniki|Salonica|
NICOSIA|Nicosia||Cyprus;Chipre
VALLETTA|Valletta||Malta
ANKARA|Ankara||Turkey;Turquia
ISTANBUL|Istanbul|Estambul|
ADANA|Adana||
BELGRADE|Belgrade|Belgrado|Serbia
ZAGREB|Zagreb||Croatia;Croacia
LJUBLJANA|Ljubljana|Liubliana|Slovenia;Eslovenia
SARAJEVO|Sarajevo||Bosnia;Bosnia and Herzegovina;Bosnia-Herzegovina
SKOPJE|Skopje||Macedonia
TIRANA|Tirana||Albania
PODGORICA|Podgorica||Montenegro
PRISTINA|Pristina||Kosovo
MOSCOW|Moscow|Moscu|Russia;Rusia
STPETERSBURG|St Petersburg|St. Petersburg;Saint Petersburg;San Petersburgo|
YEKATERINBURG|Yekaterinburg||
VLADIVOSTOK|Vladivostok||
KIEV|Kyiv|Kiev|Ukraine;Ucrania
MINSK|Minsk||Belarus;Bielorrusia
CHISINAU|Chisinau||Moldova
TBILISI|Tbilisi||Georgia
YEREVAN|Yerevan|Erevan|Armenia
BAKU|Baku|Baku|Azerbaijan;Azerbaiyan
VATICAN|Vatican|Vatican City;Holy See;Vaticano;Santa Sede|Holy See;the Holy See
CAIRO|Cairo|El Cairo|Egypt;Egipto
ALEXANDRIA|Alexandria|Alejandria|
TRIPOLI|Tripoli||Libya;Libia
TUNIS|Tunis|Tunez|Tunisia
ALGIERS|Algiers|Argel|Algeria;Argelia
RABAT|Rabat||Morocco;Marruecos
CASABLANCA|Casablanca||
TELAVIV|Tel Aviv|Tel-Aviv|Israel
JERUSALEM|Jerusalem|Jerusalen|
AMMAN|Amman|Aman|Jordan;Jordania
BEIRUT|Beirut||Lebanon;Libano
DAMASCUS|Damascus|Damasco|Syria;Siria
BAGHDAD|Baghdad|Bagdad|Iraq;Irak
BASRAH|Basrah|Basra|
KIRKUK|Kirkuk||
MOSUL|Mosul||
HILLAH|Hillah||
RIYADH|Riyadh|Riad|Saudi Arabia;Arabia Saudita;Arabia Saudi
JEDDAH|Jeddah|Jidda;Yeda|
DHAHRAN|Dhahran||
KUWAIT|Kuwait|Kuwait City|Kuwait
MANAMA|Manama||Bahrain;Barein
DOHA|Doha||Qatar;Catar
ABUDHABI|Abu Dhabi||United Arab Emirates;the UAE;UAE;Emiratos Arabes Unidos
DUBAI|Dubai||
MUSCAT|Muscat|Mascate|Oman
SANAA|Sanaa|Sana'a;Sana|Yemen
TEHRAN|Tehran|Teheran|
NEWDELHI|New Delhi|Nueva Delhi;Delhi|India
MUMBAI|Mumbai|Bombay|
CHENNAI|Chennai|Madras|
KOLKATA|Kolkata|Calcutta|
CALCUTTA|Kolkata||
HYDERABAD|Hyderabad||
ISLAMABAD|Islamabad||Pakistan
KARACHI|Karachi||
LAHORE|Lahore||
PESHAWAR|Peshawar||
KABUL|Kabul||Afghanistan;Afganistan
DHAKA|Dhaka|Dacca|Bangladesh
COLOMBO|Colombo||Sri Lanka
KATHMANDU|Kathmandu|Katmandu|Nepal
ALMATY|Almaty|Alma-Ata|
ASTANA|Astana||Kazakhstan;Kazajistan
TASHKENT|Tashkent|Taskent|Uzbekistan
BISHKEK|Bishkek||Kyrgyzstan;Kirguistan
DUSHANBE|Dushanbe||Tajikistan;Tayikistan
ASHGABAT|Ashgabat|Ashkhabad|Turkmenistan
BEIJING|Beijing|Peking;Pekin|China
SHANGHAI|Shanghai||
GUANGZHOU|Guangzhou|Canton|
CHENGDU|Chengdu||
SHENYANG|Shenyang||
HONGKONG|Hong Kong||
TAIPEI|Taipei||Taiwan
TOKYO|Tokyo|Tokio|Japan;Japon
OSAKAKOBE|Osaka Kobe|Osaka;Kobe|
NAHA|Naha||
SAPPORO|Sapporo||
FUKUOKA|Fukuoka||
NAGOYA|Nagoya||
SEOUL|Seoul|Seul|South Korea;Korea;Corea del Sur
BUSAN|Busan||
ULAANBAATAR|Ulaanbaatar|Ulan Bator|Mongolia
MANILA|Manila||Philippines;the Philippines;Filipinas
HANOI|Hanoi||Vietnam
HOCHIMINHCITY|Ho Chi Minh City|Saigon|
BANGKOK|Bangkok||Thailand;Tailandia
CHIANGMAI|Chiang Mai||
KUALALUMPUR|Kuala Lumpur||Malaysia;Malasia
SINGAPORE|Singapore|Singapur|Singapore;Singapur
JAKARTA|Jakarta|Yakarta|Indonesia
SURABAYA|Surabaya||
BANDARSERIBEGAWAN|Bandar Seri Begawan||Brunei
PHNOMPENH|Phnom Penh||Cambodia;Camboya
VIENTIANE|Vientiane||Laos
RANGOON|Rangoon|Yangon|Burma;Myanmar;Birmania
DILI|Dili||East Timor;Timor-Leste
CANBERRA|Canberra||Australia
SYDNEY|Sydney||
MELBOURNE|Melbourne||
PERTH|Perth||
WELLINGTON|Wellington||New Zealand;Nueva Zelanda
AUCKLAND|Auckland||
PORTMORESBY|Port Moresby||Papua New Guinea
SUVA|Suva||Fiji
APIA|Apia||Samoa
KOLONIA|Kolonia||Micronesia
MAJURO|Majuro||Marshall Islands
KOROR|Koror||Palau
ABUJA|Abuja||Nigeria
LAGOS|Lagos||
ACCRA|Accra||Ghana
ABIDJAN|Abidjan||Ivory Coast;Cote d'Ivoire;Costa de Marfil
DAKAR|Dakar||Senegal
BAMAKO|Bamako||Mali
NIAMEY|Niamey||Niger
OUAGADOUGOU|Ouagadougou||Burkina Faso
NOUAKCHOTT|Nouakchott||Mauritania
CONAKRY|Conakry||Guinea
FREETOWN|Freetown||Sierra Leone
MONROVIA|Monrovia||Liberia
BANJUL|Banjul||Gambia;The Gambia
PRAIA|Praia||Cape Verde;Cabo Verde
LOME|Lome||Togo
COTONOU|Cotonou||Benin
YAOUNDE|Yaounde||Cameroon;Camerun
MALABO|Malabo||Equatorial Guinea;Guinea Ecuatorial
LIBREVILLE|Libreville||Gabon
BRAZZAVILLE|Brazzaville||Republic of the Congo;Congo-Brazzaville
KINSHASA|Kinshasa||Democratic Republic of the Congo;Democratic Republic of Congo;DRC;Congo
BANGUI|Bangui||Central African Republic
NDJAMENA|Ndjamena|N'Djamena;Njamena|Chad
KHARTOUM|Khartoum|Jartum|Sudan
ADDISABABA|Addis Ababa|Addis Abeba|Ethiopia;Etiopia
ASMARA|Asmara||Eritrea
DJIBOUTI|Djibouti|Yibuti|Djibouti
NAIROBI|Nairobi||Kenya
KAMPALA|Kampala||Uganda
KIGALI|Kigali||Rwanda;Ruanda
BUJUMBURA|Bujumbura||Burundi
DARESSALAAM|Dar Es Salaam|Dar es Salaam|Tanzania
LUANDA|Luanda||Angola
LUSAKA|Lusaka||Zambia
HARARE|Harare||Zimbabwe
LILONGWE|Lilongwe||Malawi
MAPUTO|Maputo||Mozambique
GABORONE|Gaborone||Botswana
WINDHOEK|Windhoek||Namibia
PRETORIA|Pretoria||South Africa;Sudafrica
JOHANNESBURG|Johannesburg|Johannesburgo|
CAPETOWN|Cape Town|Ciudad del Cabo|
DURBAN|Durban||
MASERU|Maseru||Lesotho
MBABANE|Mbabane||Swaziland
ANTANANARIVO|Antananarivo||Madagascar
PORTLOUIS|Port Louis||Mauritius
VICTORIA|Victoria||Seychelles
JUBA|Juba||
WUHAN|Wuhan||
MARACAIBO|Maracaibo||
KYIV|Kyiv||
BOMBAY|Mumbai||
MADRAS|Chennai||
SAIGON|Saigon||
BONN|Bonn||
LENINGRAD|Leningrad||
"""


def _parse() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    origins: dict[str, str] = {}
    cities: dict[str, str] = {}
    countries: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        post, origin, aliases, lands = (part.strip() for part in line.split("|"))
        origins[post] = origin
        if post in {"STATE", "USUNNEWYORK", "USNATO", "USEUBRUSSELS", "USOSCE", "UNVIEVIENNA",
                    "USUNROME", "USOAS", "PARTO", "IRANRPODUBAI", "RPODUBAI", "AITTAIPEI",
                    "EFTOLONDON", "EFTOTRIPOLI", "CALCUTTA", "KYIV", "BOMBAY", "MADRAS"}:
            continue  # no city of their own in prose (Washington is handled by the caller)
        for name in [origin, *filter(None, aliases.split(";"))]:
            cities.setdefault(strip_accents(name), post)
        for land in filter(None, lands.split(";")):
            countries.setdefault(strip_accents(land), post)
    return origins, cities, countries


POST_ORIGIN, CITY_POST, COUNTRY_POST = _parse()
"""post id → cables.csv-style origin; folded city name → post id; folded country → post id."""

KNOWN_POSTS: frozenset[str] = frozenset(POST_ORIGIN)
"""Post names as written in reference ids (``LIMA``, ``BUENOSAIRES``, ``STATE``...)."""


def is_known_post(letters: str) -> bool:
    """Whether ``letters`` (any case, spaces allowed: ``Buenos Aires``) names a known post."""
    return normalise_post(letters) in KNOWN_POSTS


def normalise_post(letters: str) -> str:
    """``buenos aires`` → ``BUENOSAIRES``; ``SECSTATE`` → ``STATE`` (ids never say SECSTATE)."""
    post = "".join(strip_accents(letters).upper().split()).replace("-", "")
    return "STATE" if post == "SECSTATE" else post


def origin_of_post(post: str) -> str | None:
    """The cables.csv-style origin of a post id: ``MEXICO`` → ``Mexico``; unknown → None."""
    return POST_ORIGIN.get(post)


@cache
def _folded_key(name: str) -> str:
    return " ".join(strip_accents(name).casefold().replace(",", " ").split())


def origin_matches(origin: str, csv_origin: str) -> bool:
    """Whether a citation's ``origin`` names the post of a cables.csv ``origin`` value.

    ``origin_matches("Lima", "Embassy Lima")`` and ``origin_matches("Kyiv", "Embassy Kyiv")`` are
    true; ``origin_matches("Mexico", "Consulate Monterrey")`` is false.
    """
    want = _folded_key(origin)
    have = _folded_key(csv_origin)
    for prefix in ("embassy ", "consulate ", "us mission ", "mission ", "reo ",
                   "us interests section ", "american institute taiwan "):
        if have.startswith(prefix):
            have = have[len(prefix):]
            break
    return want == have or have.endswith(" " + want)
