"""English words that tell what a name next to them refers to.

These are language knowledge, not conflict knowledge: they hold for any war described
in English. Conflict-specific names live in the registries under ``data/actors/``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: "Soviet troops", "Massoud's forces": the armed forces of a state or a leader.
FORCE_HEADS = _words(
    """
    troops forces force army armies soldiers military units pilots advisers advisors
    personnel commandos garrison garrisons airforce navy peacekeepers paratroopers
    """
)
#: "the Pakistani government", "Hekmatyar's party": the state or organisation itself.
STATE_HEADS = _words(
    """
    government regime officials authorities intelligence leadership administration
    state diplomats embassy delegation delegations
    """
)
#: "Massoud's faction": the organisation a person leads.
GROUP_HEADS = _words(
    """
    party faction group movement organization organisation network militia militias
    men followers supporters fighters loyalists commanders coalition alliance
    """
)
#: "Pakistani nationals": people of a country, not its state.
PEOPLE_HEADS = _words(
    """
    nationals citizens civilians refugees people volunteers militants jihadists
    mercenaries fighters
    """
)
#: People heads that denote civilians rather than armed men.
CIVILIAN_HEADS = frozenset(["nationals", "citizens", "civilians", "refugees", "people"])
#: Words before a name that are not part of it.
TITLES = _words(
    """
    president king queen general gen. marshal colonel col. major commander mullah
    mawlawi maulvi qari mufti haji sheikh shaikh dr. dr prime minister emir amir
    ambassador secretary senator chancellor admiral lieutenant captain sayyid
    """
)
#: An unknown ORG containing one of these words is not an actor (media, events, places).
NOT_ACTOR_WORDS = _words(
    """
    university journal times post news newspaper magazine review press airport
    airfield agreement accord accords war wars revolution operation offensive battle
    declaration conference programme program treaty infobox twitter whatsapp
    facebook youtube school college institute center centre province district valley
    airport hotel bridge dam highway
    """
)
#: One-word "names" that are common nouns or adjectives written with a capital.
GENERIC_WORDS = _words(
    """
    government army groups group state islam islamic defence defense anti ministry
    council forces police court parliament communist democratic republican shura
    president king general mujahideen
    """
)
#: "Herat Province": a word after a name that makes it a place.
PLACE_HEADS = frozenset(
    ["province", "city", "district", "valley", "river", "airport", "border", "pass"]
)
#: Nouns after a one-word name that make it a place, not a person: "the Rusumo bridge".
PLACE_NOUNS = PLACE_HEADS | _words(
    """
    town village bridge stadium church camp camps barracks base hill hills mountains
    square market hospital school post crossing dam port
    """
)
#: Keywords inferring the kind of an actor that is not in the registry, first match wins:
#: words of armed men before those of councils ("Croatian Defence Council" is an army).
KIND_KEYWORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("political_party", frozenset({"party"})),
    (
        "state_forces",
        _words(
            """
            army forces police corps brigade battalion regiment division guard guards
            ministry intelligence commandos navy defence defense
            """
        ),
    ),
    (
        "international_org",
        _words(
            """
            nations un nato council commission parliament watch committee cross crescent
            bank fund amnesty organization organisation
            """
        ),
    ),
    ("militia", frozenset({"militia", "militias", "uprising"})),
)
ACRONYM_STOP = frozenset({"of", "the", "and", "for", "in"})
#: Words that, after a state's name or demonym, make the name of its armed forces as a
#: whole: "Rwandan Armed Forces", "Croatian Army", "Yugoslav People's Army".
FORCE_NAME_WORDS = _words(
    """
    armed forces force army military defence defense national royal people's people 's ’s
    ground land air navy
    """
)
#: Sides a text names by a common noun: who they are is said elsewhere in the document
#: ("the RPF, a rebel army") or not at all. Word -> (side, kind of the side's actor).
SIDES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        _words("rebel rebels insurgent insurgents guerrilla guerrillas guerilla guerillas"),
        ("rebels", "armed_group"),
    ),
    **dict.fromkeys(
        _words("militia militias militiaman militiamen paramilitary paramilitaries"),
        ("militias", "militia"),
    ),
    **dict.fromkeys(_words("separatist separatists"), ("separatists", "armed_group")),
    **dict.fromkeys(_words("loyalist loyalists"), ("loyalists", "militia")),
    **dict.fromkeys(_words("mutineer mutineers putschists"), ("mutineers", "armed_group")),
    **dict.fromkeys(_words("jihadist jihadists militant militants"), ("militants", "armed_group")),
    "coalition": ("coalition", "international_org"),
    **dict.fromkeys(
        _words("peacekeeper peacekeepers peacekeeping"), ("peacekeepers", "international_org")
    ),
}
#: Heads after "UN" or a demonym that name a peace operation's men: "UN peacekeepers",
#: "Belgian peacekeepers", "UN troops" (the operation serving where the text is set).
PEACEKEEPING_HEADS = _words("peacekeepers peacekeeper peacekeeping")
#: Heads after "UN" naming its men in the field: "UN troops", "UN monitors".
UN_FIELD_HEADS = PEACEKEEPING_HEADS | _words("troops forces soldiers monitors observers")
#: Words before a side word that make it introduce a group, not refer to one: "a
#: coalition of the resistance", "various militias", "local militias".
NOT_REFERRING = _words(
    """
    a an some several various many other another any no each every local rival new
    numerous multiple smaller small two three four
    """
)
#: Nouns after which a side word is not a side: "a coalition government", "rebel groups".
SIDE_STOP_HEADS = _words(
    """
    government governments cabinet talks partner partners member members groups factions
    organizations organisations movements parties
    """
)
#: Verbs of a naming clause: "local militias known as the Southern Resistance".
NAMING_VERBS = _words("know call name dub")
#: A person's followers: "Saleh loyalists", "Abdic's supporters" are a group of theirs.
FOLLOWER_HEADS = _words("loyalists supporters followers partisans militia militiamen")
#: Particles inside personal names, left out when matching a surname alone: "al-Assad",
#: "bin Laden", "van der Berg", "de Gaulle".
NAME_PARTICLES = _words(
    """
    al el ul ud ad as ash at az bin ibn ben bint abu van von der den de da di du del della
    la le ter
    """
)
#: Prefixes of ships' names: "HMS Sheffield", "USS Mason", "ARA General Belgrano".
SHIP_PREFIXES = frozenset(
    _words("HMS HMAS HMCS HMNZS USS USNS ARA INS RFS RMS SS MV MS HSV KRI ROKS TCG FS HNLMS")
)


@cache
def thing_nouns() -> dict[str, str]:
    """Head nouns of things that are never actors, by class (``weapon``, ``vehicle``,
    ``aircraft``, ``vessel``, ``media``), and nouns of such a thing that also name people
    (class ``ambiguous``: "fighter", "bomber").

    Generated from WordNet by ``scripts/build_thing_nouns.py`` into
    ``data/actors/thing_nouns.tsv``.
    """
    res = resources.files("conflict_atlas.data").joinpath("actors", "thing_nouns.tsv")
    out: dict[str, str] = {}
    for line in res.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            noun, kind = line.split("\t")
            out[noun] = kind
    return out
