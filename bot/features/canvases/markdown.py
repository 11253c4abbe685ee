"""Canvas Markdown: escaping what people typed, turning the card's mrkdwn lines into Markdown,
and the brief's parts.

Each part of a brief is a heading (``## Metric``) and one paragraph (lines joined by hard line
breaks) that begins with the part's own lead (``**Metric ·**``): the paragraph is the section the
brief edits when that part changes, found by its lead (``canvases.sections.lookup``'s
``contains_text``). The canvases surface lists the Markdown a canvas takes:
https://docs.slack.dev/surfaces/canvases (headings h1–h3, bold, italic, links, mentions, tables…).
"""

from __future__ import annotations

import re
from html import unescape

from bot.features.card.blocks import worth_line
from bot.features.text import drivers_line, flags_line, metric_change_lines, metric_line, score_line
from domain.archetypes import info
from domain.assessment import Assessment
from domain.gate import GATE
from domain.model import DRIVER_LABELS, GateAnswer
from domain.project_worth import monthly_value

# What could format what someone typed: emphasis, code, links, table cells. Typed text never
# starts a line of the brief, so the line-start marks (#, -, 1., >) cannot make a heading or a list.
SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def esc(text: str) -> str:
    """What someone typed, shown as typed: the Markdown that could format it escaped."""
    return SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def from_mrkdwn(line: str) -> str:
    """A card line (Slack mrkdwn) as canvas Markdown: *bold* → **bold**, <@U…> → a mention,
    <url|text> → a link, entities decoded and the rest escaped."""
    out: list[str] = []
    for token in re.split(r"(<[^>]+>|\*[^*\n]+\*|_[^_\n]+_)", line):
        if not token:
            continue
        if token.startswith("<!"):  # <!date^…|fallback> and the like: the fallback text
            out.append(esc(unescape(token[1:-1].partition("|")[2] or token[2:-1])))
        elif token.startswith("<@") or token.startswith("<#"):
            ident = token[2:-1].split("|")[0]
            out.append(f"![]({token[1]}{ident})")
        elif token.startswith("<"):
            url, _, label = token[1:-1].partition("|")
            out.append(f"[{esc(unescape(label or url))}]({url})")
        elif token.startswith("*") and len(token) > 2:
            out.append(f"**{esc(unescape(token[1:-1]))}**")
        elif token.startswith("_") and len(token) > 2:
            out.append(f"_{esc(unescape(token[1:-1]))}_")
        else:
            out.append(esc(unescape(token)))
    return "".join(out)


def paragraph(lead: str, lines: list[str]) -> str:
    """One paragraph: the part's lead, then its lines joined by hard line breaks."""
    body = [f"**{lead} ·** {lines[0]}" if lines else f"**{lead} ·** —"] + lines[1:]
    return "\\\n".join(body)


# (key, heading): the brief's parts, in order. The heading doubles as the paragraph's lead.
PARTS = (
    ("problem", "Problem and gate"),
    ("archetype", "Archetype"),
    ("scores", "Drivers and scores"),
    ("metric", "Metric"),
    ("thresholds", "Thresholds"),
    ("worth", "What a model is worth"),
    ("baselines", "Baselines"),
    ("data_plan", "Data plan"),
    ("history", "Stage history"),
    ("advice", "Advice"),
)
HEADINGS = dict(PARTS)


def brief_parts(assessment: Assessment) -> dict[str, str]:
    """Part key -> the part's paragraph (its heading apart), in the brief's order."""
    lines = {
        "problem": _problem(assessment),
        "archetype": _archetype(assessment),
        "scores": _scores(assessment),
        "metric": _metric(assessment),
        "thresholds": _thresholds(assessment),
        "worth": _worth(assessment),
        "baselines": _baselines(assessment),
        "data_plan": _data_plan(assessment),
        "history": _history(assessment),
        "advice": [from_mrkdwn(("⚠️ " if a.severity.value == "warning" else "💡 ") + a.text) for a in assessment.advice]
        or ["No advice: nothing the method warns about."],
    }
    return {key: paragraph(heading, lines[key]) for key, heading in PARTS}


HEAD_MARK = "MLScope keeps this brief current"  # the opening line's own words: how an edit finds it


def brief_title(assessment: Assessment) -> str:
    return f"Brief: {assessment.project.name}"


def brief_head(assessment: Assessment) -> str:
    """The opening line: who owns the project, where it lives, its stage (kept current too)."""
    project = assessment.project
    return (
        f"Project `{project.ref}` · owner ![](@{project.problem.owner_id}) · home ![](#{project.problem.channel_id}) · "
        f"stage {esc(project.stage.label)}. {HEAD_MARK}: edits here are overwritten part by part."
    )


def brief_document(assessment: Assessment, parts: dict[str, str]) -> str:
    return "\n\n".join([brief_head(assessment)] + [f"## {HEADINGS[key]}\n\n{parts[key]}" for key, _ in PARTS])


def _problem(assessment: Assessment) -> list[str]:
    project = assessment.project
    lines = [esc(project.problem.statement) if project.problem.statement else "_No problem statement yet._"]
    for question, gate in GATE.items():
        answer = project.scope.gate.get(question)
        said = gate.choices[answer] if answer else "not answered"
        mark = "⛔ " if answer is GateAnswer.NO else ""
        lines.append(f"{mark}{esc(gate.text)} **{esc(said)}**")
    return lines


def _archetype(assessment: Assessment) -> list[str]:
    scope = assessment.project.scope
    if scope.archetype is None:
        return ["_No archetype chosen yet._"]
    about = info(scope.archetype)
    lines = [f"**{esc(about.label)}**: {esc(about.summary)}"]
    for question in about.questions:
        answer = scope.key_answer(question.id)
        lines.append(f"{esc(question.text)} {esc(answer) if answer else '_not answered_'}")
    return lines


def _scores(assessment: Assessment) -> list[str]:
    project, priority = assessment.project, assessment.priority
    worth = monthly_value(project.scope)
    lines = [from_mrkdwn(score_line(priority, assessment.gate_failed, archived=project.archived, worth=worth))]
    lines.append(from_mrkdwn(drivers_line(priority)))
    for driver, rated in (project.scope.impact | project.scope.feasibility).items():  # type: ignore[operator]
        note = f": {esc(rated.note)}" if rated.note else ""
        lines.append(f"{esc(DRIVER_LABELS[driver])} {int(rated.rating)}/5{note}")
    flags = flags_line(priority)
    return lines + ([from_mrkdwn(flags)] if flags else [])


def _metric(assessment: Assessment) -> list[str]:
    first = metric_line(assessment.metric).split("\nThresholds: ")[0]  # thresholds have their own part
    return [from_mrkdwn(first)] + [from_mrkdwn(line) for line in metric_change_lines(assessment.metric)]


def _thresholds(assessment: Assessment) -> list[str]:
    found = [esc(m.describe()) for m in assessment.metric.thresholds]
    return found or ["_No satisficing thresholds._"]


def _worth(assessment: Assessment) -> list[str]:
    line = worth_line(assessment)
    return [from_mrkdwn(line)] if line else ["_Not estimated: answer step 4's questions (Edit)._"]


def _baselines(assessment: Assessment) -> list[str]:
    baselines = assessment.project.scope.baselines
    if not baselines:
        return ["_No baseline yet: a model is only as good as what it beats._"]
    return [
        f"{esc(b.kind.value.replace('_', '-'))}: {esc(b.description)}{'' if b.value is None else f' · {b.value:g}'}"
        for b in baselines
    ]


def _data_plan(assessment: Assessment) -> list[str]:
    plan = assessment.project.data_plan
    if plan is None:
        return ["_None yet: a check-in that loops back to data offers to write one._"]
    return [f"{plan.at:%Y-%m-%d}: {esc(line)}" if i == 0 else esc(line) for i, line in enumerate(plan.text.splitlines()) if line.strip()]


def _history(assessment: Assessment) -> list[str]:
    project = assessment.project
    first = project.transitions[0].from_stage if project.transitions else project.stage
    lines = [f"{project.created_at:%Y-%m-%d} scoped, in {first.value}"]
    for t in project.transitions:
        what = "↩️ looped back" if t.loop_back else "moved"
        why = f": {esc(t.reason)}" if t.reason else ""
        lines.append(f"{t.at:%Y-%m-%d} {what} from {t.from_stage.value} to {t.to_stage.value}{why}")
    return lines
