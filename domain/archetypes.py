"""The three product archetypes and the key questions the method asks of each."""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Archetype


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class ArchetypeInfo:
    archetype: Archetype
    label: str
    summary: str
    examples: str
    typical_position: str
    questions: tuple[KeyQuestion, ...]


ARCHETYPES: dict[Archetype, ArchetypeInfo] = {
    Archetype.SOFTWARE_2_0: ArchetypeInfo(
        Archetype.SOFTWARE_2_0,
        "Software 2.0",
        "Improve a process that already runs in software.",
        "code completion, recommendation, game AI",
        "Usually easier to build but with smaller impact; a data flywheel raises the impact.",
        (
            KeyQuestion("improves_performance", "Do models truly improve performance over what runs today?"),
            KeyQuestion("business_value", "Does that improvement create business value?"),
            KeyQuestion(
                "data_flywheel", "Does it start a data flywheel (more users → more data → better model → more users)?"
            ),
        ),
    ),
    Archetype.HUMAN_IN_THE_LOOP: ArchetypeInfo(
        Archetype.HUMAN_IN_THE_LOOP,
        "Human-in-the-loop",
        "Augment a manual process: people stay in charge, the model helps.",
        "email autocomplete, sketch to code, draft replies",
        "In the middle; good product design makes it more feasible.",
        (
            KeyQuestion("good_enough", "How good must the system be to be useful to the person using it?"),
            KeyQuestion("collect_data", "How will you collect enough data to get there?"),
        ),
    ),
    Archetype.AUTONOMOUS: ArchetypeInfo(
        Archetype.AUTONOMOUS,
        "Autonomous",
        "Automate a manual process: the system acts without a person checking.",
        "full self-driving, automated customer support, automated coding",
        "High impact but hard; add humans in the loop or narrow the scope.",
        (
            KeyQuestion("failure_rate", "What failure rate is acceptable?"),
            KeyQuestion("guarantee", "How will you guarantee that rate is not exceeded?"),
            KeyQuestion("label_cheaply", "How cheaply can you label the data the system produces?"),
        ),
    ),
}


def info(archetype: Archetype) -> ArchetypeInfo:
    return ARCHETYPES[archetype]
