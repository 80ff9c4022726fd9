"""Tests of the actor network: text relations, relations from events and the registry, merging.

Text relations are tested on real sentences (from the bundled articles and about other
wars) whose actor mentions are marked by hand, ``[[text|kind]]`` or
``[[text|kind|Canonical name]]``, so a failure points at the relation patterns and not at
the actor resolver. One slow test runs the whole analysis on the bundled corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from conflict_atlas.analyze import Analyzer, Timer
from conflict_atlas.events import merge_events
from conflict_atlas.extract.dates import DateTagger
from conflict_atlas.models import (
    Actor,
    Affiliation,
    Document,
    DocumentResult,
    EntityMention,
    Event,
    EventArgument,
    EventSource,
    Layout,
    Relation,
    Sentence,
    UnitKind,
    actor_id,
)
from conflict_atlas.resolve.actors import merge_actors
from conflict_atlas.resolve.registry import ActorRegistry, RegistryEntry
from conflict_atlas.resolve.relations import (
    RelationExtractor,
    RelationPatternError,
    make_relation,
    merge_relations,
    relation_to_json,
    relations_from_events,
    relations_from_registry,
)

MARK = re.compile(r"\[\[([^|\]]+)\|([a-z_]+)(?:\|([^\]]+))?\]\]")
DATES = DateTagger()  # rule-based, no model: real time mentions for the marked sentences


def marked(text: str, *, name: str = "test.txt") -> tuple[DocumentResult, list[Actor]]:
    """A one-line-per-sentence document whose ``[[mention|kind]]`` marks become mentions."""
    plain, mentions, actors = "", [], {}
    at = 0
    for match in MARK.finditer(text):
        plain += text[at : match.start()]
        surface, kind, canonical = match.group(1), match.group(2), match.group(3)
        actor = Actor(actor_id(canonical or surface, kind), canonical or surface, kind)
        actors[actor.id] = actor
        mentions.append((len(plain), len(plain) + len(surface), surface, actor.id))
        plain += surface
        at = match.end()
    plain += text[at:]
    document = Document(id="d", name=name, source=name, layout=Layout.PLAIN, title="", text=plain)
    sentences, start = [], 0
    for index, line in enumerate(plain.split("\n")):
        end = start + len(line)
        sentences.append(
            Sentence(f"s{index}", "d", index, start, end, line, UnitKind.SENTENCE, None, index)
        )
        start = end + 1

    def sentence_of(offset: int) -> str:
        return next(s.id for s in sentences if s.start <= offset <= s.end)

    entity_mentions = tuple(
        EntityMention("d", sentence_of(s), s, e, t, "actor", aid, "exact")
        for s, e, t, aid in mentions
    )
    times = tuple(DATES(document, sentences))
    result = DocumentResult(document, tuple(sentences), times=times, mentions=entity_mentions)
    return result, list(actors.values())


@pytest.fixture(scope="module")
def extractor() -> RelationExtractor:
    return RelationExtractor()


def triples(relations: Sequence[Relation]) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind, r.target) for r in relations}


# --- text relations ----------------------------------------------------------------------

TEXT_CASES = [
    # the bundled articles
    (
        "[[Saudi Arabia|state]] supported the Wahhabite [[Abdul Rasul Sayyaf|person]] and his "
        "[[Ittihad-i Islami|armed_group]] faction",
        {
            ("Saudi Arabia", "supported", "Abdul Rasul Sayyaf"),
            ("Saudi Arabia", "supported", "Ittihad-i Islami"),
        },
    ),
    (
        "In these circumstances, [[Abdul Rashid Dostum|person]], a leading army general, "
        "created an alliance with the [[Shura-e Nazar|armed_group]] of "
        "[[Ahmad Shah Massoud|person]] and turned against [[Najibullah|person]].",
        {
            ("Abdul Rashid Dostum", "allied_with", "Shura-e Nazar"),
            ("Ahmad Shah Massoud", "leader_of", "Shura-e Nazar"),
        },
    ),
    (
        "The [[Taliban|armed_group]] were largely funded by [[ISI|state_forces]] in 1994",
        {("ISI", "supported", "Taliban")},
    ),
    (
        "On 16 August, [[Taliban|armed_group]] spokesman [[Mohammad Naeem|person]] said in an "
        "interview that war was over.",
        {("Mohammad Naeem", "member_of", "Taliban")},
    ),
    (
        "[[Ahmad Shah Massoud|person]] created the [[Shura-e Nazar|armed_group]] in 1984, an "
        "offshoot of the [[Jamiat|political_party]] faction.",
        {
            ("Ahmad Shah Massoud", "leader_of", "Shura-e Nazar"),
            ("Shura-e Nazar", "split_from", "Jamiat"),
        },
    ),
    (
        "Additionally, the day saw General [[Wali Mohammad Ahmadzai|person]]'s replacement by "
        "General [[Haibatullah Alizai|person]] as the new Afghan Army chief of staff.",
        {("Haibatullah Alizai", "succeeded", "Wali Mohammad Ahmadzai")},
    ),
    (
        "The [[Soviet Union|state]] secured an alliance with the more moderate "
        "[[Babrak Karmal|person]] and his [[Parchamite|political_party|Parcham]] faction.",
        {
            ("Babrak Karmal", "allied_with", "Soviet Union"),
            ("Parcham", "allied_with", "Soviet Union"),
        },
    ),
    (
        "Militants of [[al-Qaeda in the Indian Subcontinent|armed_group]] ([[AQIS|armed_group|"
        "al-Qaeda in the Indian Subcontinent]]) reportedly fought alongside the "
        "[[Taliban|armed_group]] in the 2021 offensive.",
        {("al-Qaeda in the Indian Subcontinent", "allied_with", "Taliban")},
    ),
    # other wars
    (
        "[[Abu Mohammad al-Julani|person]], the leader of [[Hayat Tahrir al-Sham|armed_group]], "
        "spoke in Idlib.",
        {("Abu Mohammad al-Julani", "leader_of", "Hayat Tahrir al-Sham")},
    ),
    (
        "[[Jabhat Fateh al-Sham|armed_group]] broke away from [[al-Qaeda|armed_group]] in July "
        "2016.",
        {("Jabhat Fateh al-Sham", "split_from", "al-Qaeda")},
    ),
    (
        "[[Iran|state]] and [[Russia|state]] backed the [[Syrian Arab Army|state_forces]] "
        "throughout the war.",
        {
            ("Iran", "supported", "Syrian Arab Army"),
            ("Russia", "supported", "Syrian Arab Army"),
        },
    ),
    (
        "The [[Rapid Support Forces|militia]], led by [[Mohamed Hamdan Dagalo|person]], clashed "
        "with the army in Khartoum in April 2023.",
        {("Mohamed Hamdan Dagalo", "leader_of", "Rapid Support Forces")},
    ),
    (
        "[[Abdel Fattah al-Burhan|person]] succeeded [[Ahmed Awad Ibn Auf|person]] as head of "
        "the Transitional Military Council.",
        {("Abdel Fattah al-Burhan", "succeeded", "Ahmed Awad Ibn Auf")},
    ),
    (
        "[[Carlos Castaño|person]] founded the [[AUC|militia]] in 1997.",
        {("Carlos Castaño", "leader_of", "AUC")},
    ),
    (
        "[[Rodrigo Londoño|person]], a former commander of the [[FARC|armed_group]], signed the "
        "final agreement in Bogotá.",
        {("Rodrigo Londoño", "member_of", "FARC")},
    ),
    (
        "The [[ELN|armed_group]] allied with [[FARC dissidents|armed_group]] in Arauca.",
        {("ELN", "allied_with", "FARC dissidents")},
    ),
    (
        "The war pitted an alliance of [[Hezbollah|armed_group]], [[Iran|state]] and "
        "[[Syria|state]] against the rebels.",
        {
            ("Hezbollah", "allied_with", "Iran"),
            ("Hezbollah", "allied_with", "Syria"),
            ("Iran", "allied_with", "Syria"),
        },
    ),
    (
        "[[Ansar Bayt al-Maqdis|armed_group]] pledged allegiance to the "
        "[[Islamic State|armed_group]] in November 2014.",
        {("Ansar Bayt al-Maqdis", "member_of", "Islamic State")},
    ),
    (
        "The [[M23|armed_group]] rebels, backed by [[Rwanda|state]], seized Goma in November 2012.",
        {("Rwanda", "supported", "M23")},
    ),
    (
        "[[Khalid Sheikh Mohammed|person]], a senior [[al-Qaeda|armed_group]] operative, was "
        "captured in Rawalpindi.",
        {("Khalid Sheikh Mohammed", "member_of", "al-Qaeda")},
    ),
    (
        "[[Sudan|state]] President [[Omar al-Bashir|person]] visited Juba.",
        {("Omar al-Bashir", "leader_of", "Sudan")},
    ),
    (
        "[[Yevgeny Prigozhin|person]]'s [[Wagner Group|militia]] fought in Bakhmut.",
        {("Yevgeny Prigozhin", "leader_of", "Wagner Group")},
    ),
    # "Taliban leader X" may be one of many leaders: a member, not the leader
    (
        "[[Taliban|armed_group]] leader [[Abdul Ghani Baradar|person]] returned to Kandahar.",
        {("Abdul Ghani Baradar", "member_of", "Taliban")},
    ),
]

NEGATIVE_CASES = [
    "[[Jordan|state]] did not join [[NATO|international_org]].",
    "[[Egypt|state]] refused to back the [[Rapid Support Forces|militia]].",
    "[[Qatar|state]] denied supporting [[Hamas|armed_group]].",
    "If [[Iran|state]] armed the [[Houthis|armed_group]], the war would widen.",
    "[[Hamas|armed_group]] was invited to join the [[PLO|political_party]] talks.",
    "[[Massoud|person]] tried to join the [[Taliban|armed_group]] process.",
    "The [[Houthis|armed_group]], never armed by [[Iran|state]], fought on.",
    "[[Rwanda|state]] ended support to the [[M23|armed_group]] in 2013.",
    "No [[Wagner Group|militia]] fighters backed [[Mohamed Hamdan Dagalo|person]].",
    # fought comes from events, not from sentences
    "[[Hezbollah|armed_group]] fought [[Israel|state]] in 2006.",
    # a mention that only modifies the next noun is not the related actor
    "The last Soviet soldier to leave was [[Boris Gromov|person]], leader of the "
    "[[Soviet military|state_forces]] operations in Afghanistan.",
    "[[Mark Milley|person]], Chairman of the [[U.S.|state]] Joint Chiefs of Staff, warned "
    "of civil war.",
    # kinds must fit: a state does not lead, a person does not split from a party
    "[[Pakistan|state]], the leader of [[SAARC|international_org]], hosted the summit.",
    "[[Asif Azimi|person]] broke away from [[Jamiat|political_party]].",
]


@pytest.mark.parametrize(("text", "expected"), TEXT_CASES)
def test_text_relations(
    extractor: RelationExtractor, text: str, expected: set[tuple[str, str, str]]
) -> None:
    result, actors = marked(text)
    assert triples(extractor(result, actors=actors)) == expected


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_no_relation_when_text_does_not_state_one(extractor: RelationExtractor, text: str) -> None:
    result, actors = marked(text)
    assert extractor(result, actors=actors) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "The [[Taliban|armed_group]] were largely funded by [[ISI|state_forces]] in 1994",
            "1994",
            None,
        ),
        (
            "The [[Rapid Support Forces|militia]], led by [[Mohamed Hamdan Dagalo|person]], "
            "clashed with the army in Khartoum in April 2023.",
            "2023-04",
            None,
        ),
        (
            "From 1996 to 2001 the [[Al Qaeda|armed_group]] of [[Osama Bin Laden|person]] became "
            "a state within a state.",
            "1996",
            "2001",
        ),
        # a date in parentheses is an aside, the sentence's own date wins
        (
            "On 28 July 2021, [[China|state]]'s support for the [[Taliban|armed_group]] was "
            "pledged (as of 2002, militants had trained in camps).",
            "2021-07-28",
            None,
        ),
        # "former": true before the sentence's date, so left undated
        (
            "In 2016 [[Rodrigo Londoño|person]], a former commander of the [[FARC|armed_group]], "
            "signed the agreement.",
            None,
            None,
        ),
        ("[[Carlos Castaño|person]] founded the [[AUC|militia]].", None, None),
    ],
)
def test_text_relations_are_dated_at_the_precision_of_the_text(
    extractor: RelationExtractor, text: str, start: str | None, end: str | None
) -> None:
    result, actors = marked(text)
    (relation,) = extractor(result, actors=actors)
    assert (relation.start, relation.end) == (start, end)


def test_text_relation_evidence_is_the_exact_sentence(extractor: RelationExtractor) -> None:
    text = (
        "Fighting went on.\n"
        "[[Joseph Kony|person]], the founder of the [[Lord's Resistance Army|armed_group]], "
        "fled to the Central African Republic."
    )
    result, actors = marked(text, name="uganda.txt")
    (relation,) = extractor(result, actors=actors)
    (evidence,) = relation.evidence
    assert (relation.source, relation.kind, relation.target) == (
        "Joseph Kony",
        "leader_of",
        "Lord's Resistance Army",
    )
    assert evidence.doc == "uganda.txt"
    assert result.document.text[evidence.start : evidence.end] == evidence.text
    assert evidence.text.startswith("Joseph Kony, the founder")
    assert (relation.origin, relation.weight) == ("text", 1)


def test_same_relation_twice_in_a_document_is_one_relation_of_weight_two(
    extractor: RelationExtractor,
) -> None:
    text = (
        "In 2011 [[Iran|state]] backed the [[Syrian Arab Army|state_forces]].\n"
        "By 2015 [[Iran|state]] provided weapons to the [[Syrian Arab Army|state_forces]]."
    )
    result, actors = marked(text)
    (relation,) = extractor(result, actors=actors)
    assert (relation.kind, relation.weight, len(relation.evidence)) == ("supported", 2, 2)
    assert (relation.start, relation.end) == ("2011", "2015")


def test_demonyms_of_a_users_registry_name_states(tmp_path: Path) -> None:
    sudan = Actor(actor_id("Sudan", "state"), "Sudan", "state")
    registry = ActorRegistry([RegistryEntry(sudan, demonyms=("Sudanese",))])
    extractor = RelationExtractor(registry=registry)
    result, actors = marked("Sudanese President [[Omar al-Bashir|person]] visited Juba.")
    assert triples(extractor(result, actors=actors)) == {("Omar al-Bashir", "leader_of", "Sudan")}


def test_users_extend_the_pattern_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "words:\n  loyalty_verb: [swore loyalty to, declared loyalty to]\n"
        'patterns:\n- {kind: member_of, template: "{source} @loyalty_verb the? {target}"}\n',
        encoding="utf-8",
    )
    text = "[[Boko Haram|armed_group]] swore loyalty to the [[Islamic State|armed_group]]."
    result, actors = marked(text)
    assert RelationExtractor()(result, actors=actors) == []
    found = RelationExtractor(paths=[extra])(result, actors=actors)
    assert triples(found) == {("Boko Haram", "member_of", "Islamic State")}


@pytest.mark.parametrize(
    "pattern",
    [
        '{kind: member_of, template: "{source} @no_such_list {target}"}',
        '{kind: befriended, template: "{source} befriended {target}"}',
        '{kind: member_of, template: "{source} joined"}',
    ],
)
def test_a_broken_pattern_file_is_a_clear_error(tmp_path: Path, pattern: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"patterns:\n- {pattern}\n", encoding="utf-8")
    with pytest.raises(RelationPatternError, match=r"template|kind"):
        RelationExtractor(paths=[bad])


def test_an_unquoted_yaml_boolean_in_a_word_list_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("blockers: [no, nowhere]\n", encoding="utf-8")
    with pytest.raises(RelationPatternError, match="quote"):
        RelationExtractor(paths=[bad])


# --- relations from events ---------------------------------------------------------------

TALIBAN = EventArgument(actor_id("Taliban", "armed_group"), "Taliban", "armed_group")
ANA = EventArgument(
    actor_id("Afghan National Army", "state_forces"), "Afghan National Army", "state_forces"
)
USA = EventArgument(actor_id("United States", "state"), "United States", "state")
HAZARAS = EventArgument(actor_id("Hazaras", "civilian_group"), "Hazaras", "civilian_group")


def event(
    number: int,
    kind: str,
    actors: Sequence[EventArgument],
    targets: Sequence[EventArgument],
    *,
    start: str | None = "2021-07",
    end: str | None = None,
    ucdp: int | None = 2,
) -> Event:
    text = f"Event {number} happened."
    return Event(
        id=f"e{number}",
        type=kind,
        summary=text,
        date_start=start,
        date_end=end,
        date_precision="month",
        actors=tuple(actors),
        targets=tuple(targets),
        location=None,
        fatalities=None,
        acled_event_type="",
        acled_sub_event_type="",
        plover="",
        ucdp_type=ucdp,
        sources=(EventSource("events.txt", number * 100, number * 100 + len(text), text),),
    )


def test_fought_from_battles_and_attacks_in_either_direction() -> None:
    events = [
        event(1, "battle", [ANA], [TALIBAN], start="2021-06-22", ucdp=1),
        event(2, "attack", [TALIBAN], [ANA], start="2021-08", ucdp=1),
        event(3, "capture", [TALIBAN], [ANA], start="2021-07-01", end="2021-07-03", ucdp=1),
    ]
    (relation,) = relations_from_events(events)
    assert (relation.source, relation.kind, relation.target) == (
        "Afghan National Army",
        "fought",
        "Taliban",
    )
    assert (relation.start, relation.end, relation.weight) == ("2021-06-22", "2021-08", 3)
    assert relation.origin == "events"
    assert [e.text for e in relation.evidence] == [
        "Event 1 happened.",
        "Event 3 happened.",
        "Event 2 happened.",
    ]


def test_supported_from_aid_keeps_its_direction() -> None:
    (relation,) = relations_from_events([event(1, "aid", [USA], [ANA], ucdp=None)])
    assert (relation.source, relation.kind, relation.target) == (
        "United States",
        "supported",
        "Afghan National Army",
    )


@pytest.mark.parametrize(
    "item",
    [
        event(1, "massacre", [TALIBAN], [HAZARAS], ucdp=3),  # one-sided violence
        event(2, "attack", [TALIBAN], [HAZARAS], ucdp=1),  # civilians are not a side
        event(3, "protest", [TALIBAN], [ANA], ucdp=None),  # not violent, not aid
        event(4, "battle", [TALIBAN], [TALIBAN], ucdp=2),  # never with itself
        event(5, "battle", [EventArgument(None, "gunmen")], [ANA], ucdp=1),  # unresolved
        event(6, "battle", [TALIBAN], [], ucdp=2),
    ],
)
def test_events_that_make_no_relation(item: Event) -> None:
    assert relations_from_events([item]) == []


def test_event_evidence_is_capped_and_keeps_the_latest() -> None:
    events = [event(n, "battle", [TALIBAN], [ANA], start=f"2021-0{n}") for n in range(1, 8)]
    (relation,) = relations_from_events(events)
    assert relation.weight == 7
    assert [e.text for e in relation.evidence] == [f"Event {n} happened." for n in (1, 2, 3, 4, 7)]
    (two,) = relations_from_events(events, max_evidence=2)
    assert [e.text for e in two.evidence] == ["Event 1 happened.", "Event 7 happened."]


# --- relations from the registry ---------------------------------------------------------


def registry_actor(name: str, kind: str, *affiliations: Affiliation) -> Actor:
    return Actor(actor_id(name, kind), name, kind, affiliations=affiliations)


def test_registry_relations_only_between_mentioned_actors() -> None:
    actors = [
        registry_actor(
            "Gulbuddin Hekmatyar",
            "person",
            Affiliation("leader_of", "Hezb-e Islami Gulbuddin", "1976", None),
            Affiliation("member_of", "Muslim Youth", "1969", "1975"),  # nobody mentions it
        ),
        registry_actor(
            "Hezb-e Islami Gulbuddin",
            "armed_group",
            Affiliation("allied_with", "Abdul Rashid Dostum", "1994", "1995"),
        ),
        registry_actor("Abdul Rashid Dostum", "person"),
    ]
    found = relations_from_registry(actors)
    assert triples(found) == {
        ("Gulbuddin Hekmatyar", "leader_of", "Hezb-e Islami Gulbuddin"),
        ("Abdul Rashid Dostum", "allied_with", "Hezb-e Islami Gulbuddin"),
    }
    assert {(r.origin, r.weight, r.evidence) for r in found} == {("registry", 0, ())}
    leader = next(r for r in found if r.kind == "leader_of")
    assert (leader.start, leader.end) == ("1976", None)


# --- merging -----------------------------------------------------------------------------


def relation(
    source: str,
    kind: str,
    target: str,
    *,
    start: str | None = None,
    origin: str = "text",
    text: str = "",
    doc: str = "a.txt",
    weight: int = 1,
) -> Relation:
    evidence = (EventSource(doc, 0, len(text), text),) if text else ()
    return make_relation(
        (actor_id(source, "x"), source),
        kind,
        (actor_id(target, "x"), target),
        start=start,
        origin=origin,
        weight=weight,
        evidence=evidence,
    )


def test_symmetric_relations_are_stored_once_in_canonical_direction() -> None:
    one = relation("Taliban", "allied_with", "al-Qaeda", text="The Taliban allied with al-Qaeda.")
    two = relation(
        "al-Qaeda", "allied_with", "Taliban", text="Al-Qaeda allied with the Taliban.", doc="b.txt"
    )
    assert one.id == two.id
    (merged,) = merge_relations([[one], [two]])
    assert (merged.source, merged.target, merged.weight) == ("al-Qaeda", "Taliban", 2)
    backed = relation("United States", "supported", "Afghan National Army")
    assert (backed.source, backed.target) == ("United States", "Afghan National Army")


def test_merge_widens_time_adds_weights_and_unites_origins() -> None:
    registry = relation(
        "Gulbuddin Hekmatyar",
        "leader_of",
        "Hezb-e Islami",
        start="1976",
        origin="registry",
        weight=0,
    )
    told = relation(
        "Gulbuddin Hekmatyar",
        "leader_of",
        "Hezb-e Islami",
        start="1992-04-24",
        text="By 24 April 1992, Gulbuddin Hekmatyar, leader of Hezb-e Islami, neared Kabul.",
    )
    (merged,) = merge_relations([[told], [registry]])
    assert (merged.start, merged.end) == ("1976", "1992-04-24")
    assert (merged.origin, merged.weight, len(merged.evidence)) == ("registry,text", 1, 1)


def test_a_sentence_repeated_in_two_revisions_counts_once() -> None:
    first = relation("ISI", "supported", "Taliban", text="The Taliban were funded by ISI in 1994")
    second = relation(
        "ISI",
        "supported",
        "Taliban",
        doc="b.txt",
        text="The Taliban were funded by ISI in 1994.[79] [80]",
    )
    (merged,) = merge_relations([[first], [second]])
    assert (merged.weight, [e.doc for e in merged.evidence]) == (1, ["a.txt", "b.txt"])
    assert merge_relations([[merged]]) == [merged]


def test_merge_drops_relations_of_an_actor_with_itself() -> None:
    assert merge_relations([[relation("Taliban", "supported", "Taliban")]]) == []


def test_relation_to_json_has_the_contract_keys() -> None:
    item = relation("Pakistan", "supported", "Taliban", start="1996", text="Pakistan backed them.")
    record = relation_to_json(item)
    assert list(record) == [
        "id",
        "source",
        "kind",
        "target",
        "start",
        "end",
        "origin",
        "weight",
        "evidence",
    ]
    assert record["source"] == {"id": actor_id("Pakistan", "x"), "name": "Pakistan"}
    assert record["evidence"] == [
        {"doc": "a.txt", "start": 0, "end": 21, "text": "Pakistan backed them."}
    ]


# --- the bundled corpus --------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_network(
    seed_results: dict[str, DocumentResult],
) -> tuple[list[Relation], dict[str, str]]:
    analyzer = Analyzer()
    analyses = [analyzer(result, Timer()) for result in seed_results.values()]
    extractor = RelationExtractor(registry=analyzer.actors.registry)
    text = [extractor(a.result, actors=a.actors) for a in analyses]
    events = merge_events([e for a in analyses for e in a.events])
    actors = merge_actors([a.actors for a in analyses])
    network = merge_relations(
        [*text, relations_from_events(events), relations_from_registry(actors)]
    )
    texts = {a.result.document.name: a.result.document.text for a in analyses}
    return network, texts


@pytest.mark.slow
def test_corpus_network_holds_what_a_reader_of_the_articles_expects(
    corpus_network: tuple[list[Relation], dict[str, str]],
) -> None:
    network, texts = corpus_network
    found = {(r.source, r.kind, r.target): r for r in network}
    funded = found[("Inter-Services Intelligence", "supported", "Taliban")]
    assert funded.start == "1994" and "text" in funded.origin
    assert any("largely funded by ISI in 1994" in e.text for e in funded.evidence)
    hekmatyar = found[("Gulbuddin Hekmatyar", "leader_of", "Hezb-e Islami Gulbuddin")]
    assert hekmatyar.origin == "registry,text"
    assert found[("Abdul Rashid Dostum", "allied_with", "Gulbuddin Hekmatyar")].start == "1994"
    assert found[("Ahmad Shah Massoud", "leader_of", "Shura-e Nazar")].start == "1984"
    assert ("Shura-e Nazar", "split_from", "Jamiat-e Islami") in found
    assert ("Haibatullah Alizai", "succeeded", "Wali Mohammad Ahmadzai") in found
    assert ("Pakistan", "supported", "Taliban") in found
    fought = [r for r in network if r.kind == "fought" and "Taliban" in (r.source, r.target)]
    assert fought and all(r.origin == "events" for r in fought)
    for item in network:
        assert item.source_id != item.target_id
        if item.kind in ("fought", "allied_with"):
            assert item.source.casefold() <= item.target.casefold()
        for evidence in item.evidence:
            assert texts[evidence.doc][evidence.start : evidence.end] == evidence.text
