"""Reading a knowledge-check form into answers.

Attempts are drawn, stored and scored by the learners app, which receives the
form itself (see ``core.hooks.KNOWLEDGE_CHECK_URL_HOOK`` and ADR 0018); courses
only knows the form's field names.
"""

from .scoring import SubmissionError

# One field per question, one value per selected option: q-<question id>.
ANSWER_PREFIX = "q-"
# Ordering questions: one field per item holding its position, o-<question>-<item>.
ORDER_PREFIX = "o-"
MAX_ID_LENGTH = 50
MAX_POSITION = 100


def parse_answers(data) -> dict[str, list[str]]:
    """Question id -> selected option ids (in order for ordering questions)."""
    answers: dict[str, list[str]] = {}
    positions: dict[str, list[tuple[int, str]]] = {}
    for key in data:
        if key.startswith(ANSWER_PREFIX):
            question_id = key[len(ANSWER_PREFIX) :]
            values = data.getlist(key)
            if len(question_id) > MAX_ID_LENGTH or any(
                len(value) > MAX_ID_LENGTH for value in values
            ):
                raise SubmissionError("The submission is malformed.")
            answers[question_id] = values
        elif key.startswith(ORDER_PREFIX):
            question_id, _, option_id = key[len(ORDER_PREFIX) :].partition("-")
            value = data.get(key, "")
            if (
                not option_id
                or len(question_id) > MAX_ID_LENGTH
                or len(option_id) > MAX_ID_LENGTH
                or not value.isdigit()
                or not 1 <= int(value) <= MAX_POSITION
            ):
                raise SubmissionError(
                    "Give every item of an ordering question a position number."
                )
            positions.setdefault(question_id, []).append((int(value), option_id))
    for question_id, placed in positions.items():
        if len({position for position, _ in placed}) != len(placed):
            raise SubmissionError("Give each item of a question a different position.")
        answers[question_id] = [option_id for _, option_id in sorted(placed)]
    return answers
