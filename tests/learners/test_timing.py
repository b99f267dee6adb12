"""Seconds per question from the browser's figures, worked by hand (ADR 0026)."""

from learners.timing import measured_seconds, question_seconds


def test_usable_figures_are_read_and_junk_is_left_out():
    data = {
        "t-1": "12.5",
        "t-2": "-3",
        "t-3": "nan",
        "t-4": "inf",
        "t-5": "ten",
        "t-6": "1" * 17,
        "t-7": "",
        "t-9": "4",
    }
    ids = ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert measured_seconds(data, ids) == {"1": 12.5}


def test_no_figures_split_the_elapsed_time_evenly():
    # 90 s over three questions: 30 s each.
    assert question_seconds(measured={}, question_ids=["1", "2", "3"], elapsed=90) == {
        "1": 30.0,
        "2": 30.0,
        "3": 30.0,
    }


def test_figures_are_clamped_to_the_elapsed_time():
    got = question_seconds(measured={"1": 500.0}, question_ids=["1", "2"], elapsed=80)
    # 500 s becomes 80 s; nothing is left for the other question.
    assert got == {"1": 80.0, "2": 0.0}


def test_missing_figures_share_what_the_measured_and_checked_ones_leave():
    got = question_seconds(
        measured={"1": 20.0},
        question_ids=["1", "2", "3"],
        elapsed=100,
        spent=30,
    )
    # 100 - 30 (checked earlier) - 20 (measured) = 50, shared by two: 25 each.
    assert got == {"1": 20.0, "2": 25.0, "3": 25.0}


def test_a_clock_running_backwards_gives_zero_not_negative_time():
    assert question_seconds(measured={}, question_ids=["1"], elapsed=-5) == {"1": 0.0}
