"""``FirstRows`` remembers the first row of each ID number, whatever the order the rows are noted in."""

from __future__ import annotations

from engine.registry.rosters.duplicates import FirstRows

A, B, C = "410105195001020015", "410105195001030011", "41010519500104001X"


def test_the_earliest_row_of_an_id_number_is_its_first_row_within_and_across_notes():
    with FirstRows() as first_rows:
        assert first_rows.note([(2, A), (3, B), (4, A)]) == {A: 2, B: 3}
        assert first_rows.note([(5, C), (6, B), (7, C)]) == {B: 3, C: 5}
        assert first_rows.note([]) == {}


def test_more_id_numbers_than_one_lookup_takes_are_all_answered():
    numbers = [f"{n:018d}" for n in range(1200)]
    with FirstRows() as first_rows:
        first_rows.note(enumerate(numbers, start=2))
        assert first_rows.note((n + 5000, number) for n, number in enumerate(numbers)) == {
            number: n for n, number in enumerate(numbers, start=2)
        }
