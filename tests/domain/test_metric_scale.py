"""A metric's scale decides what a typed reading means, and which readings are impossible or far."""

import pytest

from domain.errors import DomainError
from domain.metric_scale import Scale, far_from, reading_value, scale_of
from tests.builders import optimizing


@pytest.mark.parametrize(
    ("metric", "scale"),
    [
        (optimizing("recall@10", 0.8), Scale.SHARE),
        (optimizing("top-1 routing accuracy", 90), Scale.PERCENT),  # the team writes it in percent
        (optimizing("routing accuracy", None, unit="%"), Scale.PERCENT),
        (optimizing("latency p95", 200, unit="ms"), Scale.FREE),
        (optimizing("revenue per user", 3), Scale.FREE),
        (optimizing("accuracy", 0.9, weights={"accuracy": 1.0}), Scale.FREE),  # a combination: any number
    ],
)
def test_the_scale_follows_the_unit_the_name_and_how_the_target_is_written(metric, scale):
    assert scale_of(metric) is scale


def test_percent_means_what_the_scale_says():
    assert reading_value(optimizing("recall", 0.8), 71.5, percent=True) == pytest.approx(0.715)
    assert reading_value(optimizing("accuracy", 90), 71.5, percent=True) == 71.5
    assert reading_value(optimizing("accuracy", 90), 71.5) == 71.5
    with pytest.raises(DomainError, match="measured in ms, not in %"):
        reading_value(optimizing("latency p95", 200, unit="ms"), 5, percent=True)


@pytest.mark.parametrize(("metric", "value"), [(optimizing("recall", 0.8), 1.2), (optimizing("accuracy", 90), 1e9)])
def test_impossible_values_are_refused_on_the_value_field(metric, value):
    with pytest.raises(DomainError) as refused:
        reading_value(metric, value)
    assert (refused.value.field, refused.value.rule) == ("value", "out_of_scale")


@pytest.mark.parametrize(
    ("value", "latest", "far"),
    [(0.78, 78, True), (7.8, 78, True), (60, 78, False), (0.7, 0.0, False), (78, 0, True), (-1, 2, True), (None, None, False)],
)
def test_far_means_ten_times_larger_or_smaller_or_the_other_sign(value, latest, far):
    assert far_from(value if value is not None else 1.0, latest) is far
