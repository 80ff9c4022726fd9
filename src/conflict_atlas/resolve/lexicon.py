"""English words that tell what a name next to them refers to.

These are language knowledge, not conflict knowledge: they hold for any war described
in English. Conflict-specific names live in the registries under ``data/actors/``.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: "Soviet troops", "Massoud's forces": the armed forces of a state or a leader.
FORCE_HEADS = _words(
    """
    troops forces force army armies soldiers military units pilots advisers advisors
    personnel commandos garrison garrisons airforce navy
    """
)
#: "the Pakistani government", "Hekmatyar's party": the state or organisation itself.
STATE_HEADS = _words(
    """
    government regime officials authorities intelligence leadership administration
    state diplomats embassy
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
#: Keywords inferring the kind of an actor that is not in the registry.
KIND_KEYWORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("political_party", frozenset({"party"})),
    (
        "international_org",
        _words(
            """
            nations un nato council commission parliament watch committee cross crescent
            bank fund amnesty organization organisation
            """
        ),
    ),
    (
        "state_forces",
        _words(
            """
            army forces police corps brigade battalion regiment division guard guards
            ministry intelligence commandos navy
            """
        ),
    ),
    ("militia", frozenset({"militia", "militias", "uprising"})),
)
ACRONYM_STOP = frozenset({"of", "the", "and", "for", "in"})
