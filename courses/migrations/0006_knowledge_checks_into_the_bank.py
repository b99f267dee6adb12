"""Move every lesson's inline knowledge-check questions into the question bank.

Each inline question becomes a live ``BankQuestion`` keyed
``<course slug>/<lesson slug>/<question id>`` (the key the content loader gives
the same question, so loading the shipped files afterwards writes nothing), with
the course's skills, and its version 1; the check then draws every one of them
from a hand-picked pool, as a practice check, so learners see what they saw
before. Lesson revisions are converted the same way, so an editor can still
compare and revert. ``learners`` 0008 then ties past attempts to these versions.
"""

import json
import uuid

from django.db import migrations

KEY_MAX = 200


def _key(course_slug, lesson_slug, question_id):
    return f"{course_slug}/{lesson_slug}/{question_id}".lower()[:KEY_MAX]


def _option(raw):
    return {
        "id": str(raw.get("id") or ""),
        "text": raw.get("text") or "",
        "correct": bool(raw.get("correct")),
        "feedback": "",
    }


def _items(value):
    """A ListBlock value in either stored shape: plain values or {type, value}."""
    for item in value or ():
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item["value"]
        else:
            yield item


def _question_ensure(apps, cache, key, raw, skill_ids):
    BankQuestion = apps.get_model("courses", "BankQuestion")
    QuestionVersion = apps.get_model("courses", "QuestionVersion")
    if key in cache:
        return cache[key]
    existing = BankQuestion.objects.filter(key=key).first()
    if existing is not None:
        cache[key] = existing.pk
        return existing.pk
    options = [_option(option) for option in _items(raw.get("options"))]
    question = BankQuestion.objects.create(
        key=key,
        kind=raw.get("kind") or "single",
        stem=raw.get("prompt") or "",
        ai_prompt=raw.get("ai_prompt") or "",
        ai_answer=raw.get("ai_answer") or "",
        explanation=raw.get("explanation") or "",
        options=json.dumps(
            [
                {"type": "option", "value": option, "id": str(uuid.uuid4())}
                for option in options
            ]
        ),
        difficulty="medium",
        status="live",
        version=1,
    )
    question.skills.set(skill_ids)
    QuestionVersion.objects.create(
        question=question,
        number=1,
        content={
            "key": key,
            "kind": question.kind,
            "prompt": question.stem,
            "ai_prompt": question.ai_prompt,
            "ai_answer": question.ai_answer,
            "explanation": question.explanation,
            "options": options,
            "skills": sorted(skill_ids),
        },
    )
    cache[key] = question.pk
    return question.pk


def _convert(apps, cache, body, course_slug, lesson_slug, skill_ids):
    """The body with inline checks turned into pools; None if nothing changed."""
    changed = False
    for block in body:
        value = block.get("value")
        if block.get("type") != "knowledge_check" or "questions" not in value:
            continue
        ids = [
            _question_ensure(
                apps,
                cache,
                _key(course_slug, lesson_slug, raw.get("id") or f"q{number}"),
                raw,
                skill_ids,
            )
            for number, raw in enumerate(_items(value["questions"]), start=1)
        ]
        block["value"] = {
            "title": value.get("title") or "Check your understanding",
            "mode": "practice",
            "pools": [
                {
                    "type": "item",
                    "value": {
                        "skill": None,
                        "questions": [
                            {"type": "item", "value": qid, "id": str(uuid.uuid4())}
                            for qid in ids
                        ],
                        "draw": max(len(ids), 1),
                    },
                    "id": str(uuid.uuid4()),
                }
            ],
            "max_attempts": 3,
            "cooldown_minutes": 0,
        }
        changed = True
    return body if changed else None


def _load(raw):
    return json.loads(raw) if isinstance(raw, str) else raw


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    LessonPage = apps.get_model("courses", "LessonPage")
    CourseSkill = apps.get_model("courses", "CourseSkill")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    cache = {}
    lessons = list(LessonPage.objects.all())
    parents = dict(
        Page.objects.filter(
            path__in={lesson.path[:-4] for lesson in lessons}
        ).values_list("path", "pk")
    )
    slugs = dict(Page.objects.filter(path__in=parents).values_list("path", "slug"))
    skills = {}
    for course_id, skill_id in CourseSkill.objects.values_list("page_id", "skill_id"):
        skills.setdefault(course_id, []).append(skill_id)
    lesson_type = ContentType.objects.filter(
        app_label="courses", model="lessonpage"
    ).first()
    for lesson in lessons:
        course_path = lesson.path[:-4]
        course_slug = slugs.get(course_path, "course")
        skill_ids = skills.get(parents.get(course_path), [])
        raw = json.loads(json.dumps(list(lesson.body.raw_data)))
        body = _convert(apps, cache, raw, course_slug, lesson.slug, skill_ids)
        if body is not None:
            lesson.body = json.dumps(body)
            lesson.save(update_fields=["body"])
        if lesson_type is None:
            continue
        for revision in Revision.objects.filter(
            content_type_id=lesson_type.pk, object_id=str(lesson.pk)
        ):
            content = revision.content
            if "body" not in content:
                continue
            converted = _convert(
                apps, cache, _load(content["body"]), course_slug, lesson.slug, skill_ids
            )
            if converted is not None:
                was_text = isinstance(content["body"], str)
                content["body"] = json.dumps(converted) if was_text else converted
                Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_question_bank"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
