"""Words around and inside the names of people and organisations (English and Spanish).

- `TITLE_ABBREVIATIONS` and `NAME_SUFFIXES`: the short forms written with a full stop before
  or after a person's name (``Gen.``, ``Sra.``, ``Jr.``). A full stop after one of them ends
  neither the name nor the sentence.
- `PERSON_TITLES`: titles, ranks, offices and honorifics that may stand before a name and say
  the name is a person's; not part of the name itself. Folded forms (see `reader.text.fold`).
- `PERSON_PARTICLES`: lower-case words inside a person's name (``de la``, ``van``, ``bin``).
- `GROUP_CONNECTORS`: lower-case words inside an organisation's or a place's name
  (``Ministry of Defence``, ``Frente para la Liberación``).
"""

from __future__ import annotations

__all__ = [
    "GROUP_CONNECTORS",
    "GROUP_HEADS",
    "NAME_SUFFIXES",
    "PATRONYMIC",
    "PERSON_PARTICLES",
    "PERSON_TITLES",
    "TITLE_ABBREVIATIONS",
]

TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof rev hon st
    sen rep gov pres amb
    gen lt col maj capt cmdr adm sgt
    gral sra srta lic ing
    mme mlle
    """.split()
)
"""Abbreviated titles, lower case, without their full stop."""

NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr"})
"""Abbreviations after a name (``Jr.``, ``Sr.``), lower case, without their full stop."""

_SPELLED_TITLES = """
    sir dame lord lady mister miss senor señor senora señora don doña dona
    doctor doctora maestro maestra licenciado licenciada ingeniero
    king queen prince princess sheikh shaykh shaikh emir amir sultan madame monsieur
    sayyid sayed syed seyed haji hajji mullah maulana
    pope bishop archbishop cardinal father
    president presidents vice-president presidente expresidente ex-president premier
    chancellor minister ministers ministro ministra secretary secretaries
    senator senators congressman congresswoman congresista deputy diputado diputada
    governor governors mayor alcalde alcaldesa
    ambassador ambassadors chargé charge envoy consul spokesman spokeswoman spokesperson
    judge judges justice juez jueza prosecutor prosecutors fiscal attorney registrar
    director directora chief commissioner comisionado inspector detective agent officer
    general general. generals colonel colonels coronel major captain capitan lieutenant
    commander admiral sergeant corporal
    representative representatives administrator member members delegate delegates
    coordinator affaires d'affaires excellency
    pm fm dfm formin finmin defmin minpres
    comandante capitán capitão teniente tenente sargento embajador embajadora embaixador
    embaixadora canciller chanceler gobernador governador senador senadora deputado deputada
    prefeito alcaide secretario secretaria secretário ministre président présidente
    ambassadeur ambassadrice général sénateur député maire juge procureur commandant
    former then late
"""

PERSON_TITLES: frozenset[str] = frozenset(
    {f"{short}." for short in TITLE_ABBREVIATIONS}
    # bare "St" (no full stop) is not taken for a title
    | (TITLE_ABBREVIATIONS - {"st"})
    # Father, as a title; "Fr." is not one of the abbreviations that keep a name together
    | {"fr", "fr."}
    | set(_SPELLED_TITLES.split())
)

PERSON_PARTICLES: frozenset[str] = frozenset(
    {"de", "del", "de la", "de las", "de los", "da", "das", "do", "dos", "di", "du", "van",
     "von", "der", "den", "ter", "y", "bin", "al", "el", "la", "le"}
)

# "son of", "daughter of": in "Nayif bin Abdalaziz" and "Isa bin Salman Al Khalifa" the words
# after the first of these are the father's and the family's, not the person's own
PATRONYMIC: frozenset[str] = frozenset({"bin", "ibn", "bint", "ben"})

GROUP_CONNECTORS: frozenset[str] = frozenset(
    {"of", "for", "and", "the", "to", "on", "against", "in", "&", "de", "del", "la", "las",
     "los", "el", "y", "para", "contra", "en", "without", "sin"}
)


# Words that name an office, a rank or a role, in English, Spanish, Portuguese and French,
# and the words that qualify them ("Deputy", "Prime", "Foreign", "Acting"). A name made only
# of these ("Vice President", "Prime Minister", "the DCM", "Political Counselor", "El
# Canciller") is a title, not a person or a group: it names whoever holds the office. Cables
# are in ASCII and lose an accented last letter: "Defense Attach", "Charg d'Affaires".
OFFICE_HEADS: frozenset[str] = frozenset(
    """
    president presidents minister ministers secretary secretaries ambassador ambassadors
    counselor counsellor counselors consul chairman chairwoman chair director governor
    mayor senator senators congressman congresswoman spokesman spokeswoman spokesperson
    official officials officer officers adviser advisor advisers advisors attache envoy
    commander general colonel admiral chief head premier chancellor judge prosecutor
    leader leaders mp mps representative representatives administrator member members
    delegate delegates coordinator permrep permreps guide dcm charge affaires poloff econoff
    polcouns ambassadors president-elect
    attach charg econcouns mincouns polmilcouns conscouns mgmtcouns datt legatt rso pao
    undersecretary under-secretary undersecretaries viceminister vice-minister
    subsecretario subsecretaria viceministro viceministra subsecretario vice-ministro
    presidente presidenta vicepresidente ministro ministra canciller embajador embajadora
    secretario secretaria consejero consejera consul alcalde gobernador senador diputado
    diputada portavoz vocero funcionario funcionarios jefe jefa fiscal juez
    vicepresidenta ministros ministras embajadores presidentes secretarios consejeros
    diputados gobernadores alcaldesa jefes portavoces voceros
    ministre ministres president presidente ambassadeur ambassadrice ambassadeurs
    conseiller conseillere secretaire porte-parole depute deputes maire chef chefs
    embaixador embaixadora embaixadores secretario deputado deputados prefeito governador
    porta-voz assessor assessora conselheiro funcionaria
    """.split()
)
OFFICE_QUALIFIERS: frozenset[str] = frozenset(
    """
    vice deputy prime foreign political economic assistant acting former chief senior junior
    first second under principal general special permanent elect interim executive
    adjunto adjunta primer primera primeiro vice-presidente vicepresident
    adjoint premier premiere
    the el la los las o a os as le les l
    """.split()
)


# Words that, as the last word of a capitalised phrase, make it an organisation.
GROUP_HEADS: frozenset[str] = frozenset(
    """
    section secretariat club department ministry ministerio commission comision comisión committee
    council
    congress parliament senate assembly court tribunal police policia policía army navy
    air force forces guard agency agencia bureau office oficina service services unit
    cartel cartels cártel mafia mafias gang gangs party partido front frente movement
    movimiento alliance coalition union unión association asociación foundation fundación
    institute instituto university universidad college school bank banco fund fondo company
    compañía corporation corp corp. inc inc. ltd ltd. co. group grupo network board
    chamber cámara camara center centre centro nations organization organisation
    organizacion organización administration government gobierno embassy embajada
    consulate consulado command comando brigade battalion division regiment directorate
    dirección direccion program programme programa network press times post news daily
    journal tribune herald gazette magazine review reuters television radio channel zeitung
    airline airlines airways newspaper diario hospital hospitals clinic clinica clínica
    hôpital hopital museum museo musée musee
    ministério ministerio governo polícia policia assembleia conselho comissão comissao
    câmara camara tribunal fundação fundacao associação associacao empresa jornal
    ministère ministere gouvernement assemblée assemblee conseil commission parti
    fondation société societe banque agence armée armee journal
    """.split()
)

# The words that make a name an institution's: the name of many countries' ("Supreme Court",
# "Ministry of Health", "Corte Suprema", "Conseil constitutionnel") when its other words are
# everyday words too.
INSTITUTION_HEADS: frozenset[str] = frozenset(
    """
    court courts ministry party council force forces police office department congress
    guard guards team teams equipo embassy embassies embajada embaixada ambassade consulate
    consulado delegation delegations delegación delegacion delegação delegacao délégation
    assembly senate commission committee army navy government cabinet tribunal bank agency
    service directorate secretariat union front movement parliament judiciary prosecutor
    gazette chamber chambers
    corte tribunal ministerio partido consejo policia fuerza fuerzas ejercito armada
    congreso asamblea senado comision comite gobierno banco agencia servicio direccion
    secretaria frente movimiento fiscalia camara
    ministerio conselho forca forcas exercito congresso assembleia comissao governo
    servico direcao movimento procuradoria
    cour ministere parti conseil armee assemblee senat gouvernement banque agence
    direction mouvement parlement chambre
    """.split()
)
