from domain.checklist import ITEMS, checklist, progress
from domain.metrics import Baseline, BaselineKind
from domain.model import ChecklistItem, GateAnswer, GateQuestion
from tests.builders import optimizing, scope


def test_an_empty_scope_has_done_nothing_and_starts_by_asking_whether_ml_is_needed():
    bare = scope(metrics=[], baselines=[])
    done, next_step = progress(bare)
    assert done == 0 and next_step is not None and next_step.item is ChecklistItem.ML_NEEDED


def test_the_scope_is_evidence_for_what_it_shows():
    published = Baseline(kind=BaselineKind.PUBLISHED, description="paper", value=0.7)
    shown = scope(
        metrics=[optimizing(target=0.8)],
        baselines=[published],
        gate={GateQuestion.ML_NEEDED: GateAnswer.YES, GateQuestion.ETHICAL: GateAnswer.UNSURE},
    )
    evidenced = {line.item for line in checklist(shown) if line.evidence}
    assert evidenced == {ChecklistItem.ML_NEEDED, ChecklistItem.SUCCESS_CRITERIA, ChecklistItem.LITERATURE}
    assert progress(shown)[1].item is ChecklistItem.ETHICS


def test_ticked_steps_count_and_all_seven_make_it_complete():
    everything = scope(metrics=[], baselines=[], checklist=set(ChecklistItem))
    assert progress(everything) == (len(ITEMS), None)
    assert all(line.evidence is None for line in checklist(everything))
