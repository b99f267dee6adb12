import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks as wagtail_blocks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail_factories import ImageFactory

from courses.blocks import KnowledgeCheckBlock, LessonBodyBlock, OutcomeBlock
from courses.models import LessonPage
from courses.services import stream_value
from tests.factories.courses import judge_question, knowledge_check

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
        ("knowledge_check", "A practice check of up to 0 questions"),
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


def test_a_practice_check_shows_what_it_is_and_a_start_button_only():
    value = {
        "title": "Check your understanding",
        "mode": "practice",
        "pools": [{"skill": None, "questions": [], "draw": 4}],
        "max_attempts": 3,
        "cooldown_minutes": 0,
    }
    block = LESSON_BLOCKS["knowledge_check"]
    html = block.render(
        block.normalize(value),
        context={
            "knowledge_check_pass_mark": 70,
            "knowledge_check_action": "/learn/lessons/7/check/",
        },
    )
    assert "A practice check of up to 4 questions" in html
    assert 'action="/learn/lessons/7/check/"' in html
    assert "Start the check" in html
    assert "<legend>" not in html  # no question reaches the lesson page


def test_an_assessment_states_its_attempts_and_cooldown():
    value = {
        "title": "Final assessment",
        "mode": "assessment",
        "pools": [{"skill": None, "questions": [], "draw": 5}],
        "max_attempts": 2,
        "cooldown_minutes": 45,
    }
    html = _render("knowledge_check", value)
    assert "you have 2 attempts, at least 45 minutes apart" in html
    assert "The right answers are shown once you pass" in html


@pytest.mark.django_db
def test_a_pool_needs_a_skill_or_questions():
    block = KnowledgeCheckBlock()
    value = block.normalize(
        {
            "title": "Check",
            "mode": "practice",
            "pools": [{"skill": None, "questions": [], "draw": 2}],
            "max_attempts": 3,
            "cooldown_minutes": 0,
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Choose a skill or pick questions" in str(error.value.as_json_data())


@pytest.mark.django_db
def test_a_lesson_has_at_most_one_knowledge_check():
    with pytest.raises(wagtail_blocks.StreamBlockValidationError):
        stream_value(LessonPage, "body", [knowledge_check(), knowledge_check()])


@pytest.mark.django_db
def test_search_indexes_the_check_title_but_no_question():
    block = KnowledgeCheckBlock()
    kind, value = knowledge_check(judge_question(), title="Judging the reply")
    content = " ".join(block.get_searchable_content(block.normalize(value)))
    assert "Judging the reply" in content
    assert "Draft a reply to Mrs Alder" not in content
    assert "no such regulation" not in content
