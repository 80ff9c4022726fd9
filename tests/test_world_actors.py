"""The world list of states, demonym forces and names the sentence marks as places.

Sentences are about conflicts the bundled registry was not written for, so only the
general data (``world_states.yaml``) and rules can resolve them.
"""

from __future__ import annotations

import pytest

from conflict_atlas.events.generic import Scene, StateOrgans
from conflict_atlas.models import Actor
from conflict_atlas.resolve.actors import ActorResolver
from conflict_atlas.resolve.normalize import name_key
from conflict_atlas.resolve.registry import ActorRegistry, default_registry_dir, read_registry_file
from test_actors import make_document

WORLD = default_registry_dir() / "world_states.yaml"


def resolve(resolver: ActorResolver, text: str) -> tuple[list[tuple[str, Actor]], list[Actor]]:
    """Mentions (text, actor) and actors of ``text``, resolved on the full parse."""
    doc, sentences = make_document(text)
    mentions, actors = resolver(doc, sentences, docs=resolver.parse(doc, sentences))
    by_id = {a.id: a for a in actors}
    return [(m.text, by_id[m.entity_id or ""]) for m in mentions], actors


# --- the world list ------------------------------------------------------------------


def test_world_list_has_every_un_member_as_a_state() -> None:
    entries = read_registry_file(WORLD)
    names = [e.actor.name for e in entries]
    assert len(names) == len(set(names))
    assert {e.actor.kind for e in entries} == {"state"}
    assert all(e.actor.country == e.actor.name for e in entries)
    assert len(entries) >= 193 + 4
    for name in ["Azerbaijan", "Armenia", "Tuvalu", "South Sudan", "Palestine", "Yugoslavia"]:
        assert name in names


def test_world_names_and_demonyms_name_one_actor(registry: ActorRegistry) -> None:
    """No alias or demonym of the world list is shared by two actors of the registries,
    and a state's demonym is never another actor's name ("Tajik" stays the people)."""
    assert [key for key, ids in registry.keys.items() if len(ids) > 1] == []
    for entry in read_registry_file(WORLD):
        for demonym in entry.demonyms:
            assert registry.demonym(demonym) == entry.actor.id, demonym
            assert name_key(demonym) not in registry.keys, demonym
    assert registry.actor(registry.demonym("Tajik") or "").kind == "civilian_group"


def test_conflict_registry_keeps_its_own_state_entries(registry: ActorRegistry) -> None:
    us = registry.entries[registry.by_name["United States"]]
    assert us.forces == "United States Armed Forces"
    assert {"U.S.", "Washington", "United States of America"} <= set(us.actor.aliases)
    soviet = registry.entries[registry.by_name["Soviet Union"]]
    assert soviet.forces == "Soviet Armed Forces" and "Shuravi" in soviet.demonyms
    pakistan = registry.entries[registry.by_name["Pakistan"]]
    assert pakistan.forces == "Pakistan Armed Forces" and "Islamabad" in pakistan.actor.aliases
    assert registry.demonym("Afghan") == registry.by_name["Afghanistan"]


def test_world_list_is_loaded_without_the_conflict_registry() -> None:
    only = ActorRegistry.load([WORLD], include_default=False)
    match = only.lookup("Republic of Azerbaijan")
    assert match is not None and only.actor(match.actor_id).name == "Azerbaijan"
    assert only.demonym("Azeri") == only.by_name["Azerbaijan"]


# --- resolution ----------------------------------------------------------------------


def test_a_state_is_a_state_not_a_person(resolver: ActorResolver) -> None:
    mentions, _ = resolve(resolver, "On 27 September 2020, Azerbaijan launched an offensive.")
    assert [(text, a.name, a.kind) for text, a in mentions] == [
        ("Azerbaijan", "Azerbaijan", "state")
    ]


@pytest.mark.parametrize(
    ("text", "phrase", "forces", "country"),
    [
        (
            "Azerbaijani troops captured the village on 9 October.",
            "Azerbaijani troops",
            "Azerbaijan Armed Forces",
            "Azerbaijan",
        ),
        (
            "On 4 October, Armenian forces struck the city with rockets.",
            "Armenian forces",
            "Armenia Armed Forces",
            "Armenia",
        ),
        (
            "Azerbaijani special forces seized the town.",
            "Azerbaijani special forces",
            "Azerbaijan Armed Forces",
            "Azerbaijan",
        ),
        (
            "Ethiopian soldiers entered the town of Adigrat.",
            "Ethiopian soldiers",
            "Ethiopia Armed Forces",
            "Ethiopia",
        ),
    ],
)
def test_demonym_forces_of_a_state_without_registry_forces(
    resolver: ActorResolver, text: str, phrase: str, forces: str, country: str
) -> None:
    """Every state has one forces actor, part of it, that demonym phrases name."""
    mentions, _ = resolve(resolver, text)
    assert mentions[0][0] == phrase
    actor = mentions[0][1]
    assert (actor.name, actor.kind, actor.country) == (forces, "state_forces", country)
    assert [(a.relation, a.target) for a in actor.affiliations] == [("part_of", country)]


def test_demonym_forces_use_the_registry_forces_when_set(resolver: ActorResolver) -> None:
    mentions, _ = resolve(resolver, "American troops left the base in 2014.")
    assert [(text, a.name) for text, a in mentions] == [
        ("American troops", "United States Armed Forces")
    ]


def test_plural_demonym_is_the_state(resolver: ActorResolver) -> None:
    mentions, _ = resolve(resolver, "The Azerbaijanis rejected the proposal.")
    assert [(text, a.name) for text, a in mentions] == [("Azerbaijanis", "Azerbaijan")]


@pytest.mark.parametrize(
    "text",
    [
        "Azerbaijani troops captured Jabrayil on 9 October.",
        "Three days later, Azerbaijani forces took Zangilan.",
        "On 8 November, Azerbaijani special forces seized Shusha after several days of fighting.",
        "Azerbaijani forces shelled Stepanakert, the region's main town, in early October.",
    ],
)
def test_a_town_the_ner_calls_a_person_is_no_actor(resolver: ActorResolver, text: str) -> None:
    _, actors = resolve(resolver, text)
    assert [a.kind for a in actors] == ["state_forces"], [a.name for a in actors]


def test_people_named_after_a_verb_of_places_stay_people(resolver: ActorResolver) -> None:
    """The place rules need the sentence to say so: a full name arrested or met is a
    person, and a one-word object of a verb that does not take places too."""
    _, actors = resolve(
        resolver,
        "Police captured Radovan Karadzic in 2008.\nThe commander Abdul Rahim was captured.",
    )
    persons = {a.name for a in actors if a.kind == "person"}
    assert persons == {"Radovan Karadzic", "Abdul Rahim"}


def test_coordinated_demonyms_name_each_state(
    registry: ActorRegistry, resolver: ActorResolver
) -> None:
    doc = next(
        resolver.parse_texts(["The Danish and Norwegian governments closed their embassies."])
    )
    head = next(t for t in doc if t.lower_ == "governments")
    found = StateOrgans(registry).phrase(doc, head, Scene(None, "2021"), {})
    assert [a.name for a in found] == ["Denmark", "Norway"]
