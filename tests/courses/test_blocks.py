import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks as wagtail_blocks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail_factories import ImageFactory

from courses.blocks import KnowledgeCheckBlock, LessonBodyBlock, OutcomeBlock
from courses.models import LessonPage
from courses.services import stream_value
from tests.factories.courses import (
    judge_question,
    knowledge_check,
    single_question,
    true_false_question,
)

LESSON_BLOCKS = LessonBodyBlock().child_blocks
VIDEO_URL = "https://www.youtube.com/watch?v=drift-alert-walkthrough"


def _render(name, value=None):
    block = LESSON_BLOCKS[name]
    value = block.normalize(block.meta.preview_value if value is None else value)
    return block.render(value, context={"knowledge_check_pass_mark": 70})


@pytest.mark.parametrize("block", [*LESSON_BLOCKS.values(), OutcomeBlock()])
def test_every_block_documents_itself_for_editors(block):
    meta = block.meta
    assert meta.icon, block.name
    assert meta.template, block.name
    assert meta.description, block.name
    assert meta.preview_value not in (None, ""), block.name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("heading", '<h2 id="why-drift-monitoring-matters">'),
        ("rich_text", "<strong>drifts</strong>"),
        ("callout", "Policy</span>: Approved tools only"),
        ("key_takeaways", "<li>Define KPIs and a baseline before deployment.</li>"),
        ("code", '<code class="language-python">psi = population_stability_index'),
        ("knowledge_check", "<legend>"),
    ],
)
def test_every_block_renders_its_preview_value(name, expected):
    assert expected in _render(name)


def test_outcome_block_renders_a_list_item():
    assert OutcomeBlock().render("Run a blameless incident review.") == (
        "<li>Run a blameless incident review.</li>\n"
    )


@pytest.mark.django_db
def test_image_block_renders_with_its_alt_text_and_caption():
    image = ImageFactory(title="Error rate chart")
    html = _render(
        "image",
        {
            "image": image,
            "alt_text": "Error rate doubles in the week the supplier changed format",
            "caption": "Weekly error rate, March",
        },
    )
    assert 'alt="Error rate doubles in the week the supplier changed format"' in html
    assert "<figcaption>Weekly error rate, March</figcaption>" in html


def test_image_block_requires_alt_text():
    block = LESSON_BLOCKS["image"]
    with pytest.raises(ValidationError):
        block.clean(block.normalize({"image": None, "alt_text": "", "caption": ""}))
    assert block.child_blocks["alt_text"].required


@pytest.mark.django_db
def test_video_block_embeds_the_video_and_keeps_the_transcript():
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Drift alert walkthrough" src="https://example.test/e"></iframe>',
    )
    html = _render(
        "video",
        {
            "title": "Walking through a drift alert",
            "video": VIDEO_URL,
            "transcript": "<p>We open the drift dashboard and read the PSI.</p>",
        },
    )
    assert '<iframe title="Drift alert walkthrough"' in html
    assert "<summary>Transcript of “Walking through a drift alert”</summary>" in html
    assert "We open the drift dashboard" in html
    assert f'href="{VIDEO_URL}"' in html


def test_knowledge_check_renders_no_answers_before_submission():
    value = {
        "title": "Check your understanding",
        "questions": [single_question("q1"), judge_question("q2")],
    }
    html = _render("knowledge_check", value)
    assert 'name="q-q1"' in html
    assert 'type="radio"' in html
    assert 'name="q-q2"' in html
    assert 'type="checkbox"' in html
    assert "Draft a reply to Mrs Alder" in html  # the prompt to judge
    for secret in (
        "correct",
        "Correct answer",
        "Without a baseline",
        "no such regulation",
    ):
        assert secret not in html


def test_knowledge_check_shows_feedback_once_answered():
    from courses.scoring import score_submission

    questions = [single_question("q1")]
    result = score_submission(questions=questions, answers={"q1": ["b"]}, pass_mark=70)
    block = LESSON_BLOCKS["knowledge_check"]
    html = block.render(
        block.normalize({"title": "Check", "questions": questions}),
        context={
            "check_result": result,
            "check_selected": {"q1": ["b"]},
            "check_feedback": {f.question_id: f for f in result.feedback},
            "knowledge_check_pass_mark": 70,
        },
    )
    assert "Not passed yet" in html
    assert 'value="b" aria-describedby="hint-q1" checked' in html
    assert "Correct answer" in html
    assert "Not correct" in html
    assert "Without a baseline" in html


def _clean_check(*questions):
    block = KnowledgeCheckBlock()
    return block.clean(
        block.normalize({"title": "Check", "questions": list(questions)})
    )


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (single_question(correct="none"), "exactly one option as correct"),
        (
            {
                **true_false_question(),
                "options": [
                    {"id": "yes", "text": "Yes", "correct": True},
                    {"id": "no", "text": "No", "correct": False},
                ],
            },
            "ids 'true', 'false'",
        ),
        ({**judge_question(), "ai_answer": ""}, "both the AI prompt and its answer"),
        (
            {
                **single_question(),
                "options": [
                    {"id": "a", "text": "One", "correct": True},
                    {"id": "a", "text": "Two", "correct": False},
                ],
            },
            "different id",
        ),
    ],
)
def test_unsound_questions_are_refused_with_a_reason(question, message):
    with pytest.raises(ValidationError) as error:
        _clean_check(question)
    assert message in str(error.value.as_json_data())


def test_questions_in_one_check_need_different_ids():
    with pytest.raises(ValidationError) as error:
        _clean_check(single_question("q1"), single_question("q1"))
    assert "different id" in str(error.value.as_json_data())


def test_blank_ids_are_filled_in_for_editors():
    question = single_question("")
    for option in question["options"]:
        option["id"] = ""
    tf = true_false_question("")
    for option in tf["options"]:
        option["id"] = ""
    value = _clean_check(question, tf)
    assert [q["id"] for q in value["questions"]] == ["q1", "q2"]
    assert [o["id"] for o in value["questions"][0]["options"]] == ["a", "b", "c"]
    assert [o["id"] for o in value["questions"][1]["options"]] == ["true", "false"]


def test_a_lesson_has_at_most_one_knowledge_check():
    with pytest.raises(wagtail_blocks.StreamBlockValidationError):
        stream_value(LessonPage, "body", [knowledge_check(), knowledge_check()])


def test_search_indexes_prompts_but_not_explanations():
    block = KnowledgeCheckBlock()
    value = block.normalize({"title": "Check", "questions": [judge_question()]})
    content = " ".join(block.get_searchable_content(value))
    assert "Which problems are present" in content
    assert "Draft a reply to Mrs Alder" in content
    assert "no such regulation" not in content
