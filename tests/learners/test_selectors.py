import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import IntegrityError
from django.test.utils import CaptureQueriesContext

from learners import api as learners_api
from learners.models import Department, Learner
from learners.services import department_ensure, department_ensure_path
from tests.factories import DepartmentFactory, LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _chain(length):
    """A reporting chain: each person manages the next one."""
    people = [LearnerFactory()]
    for _ in range(length - 1):
        people.append(LearnerFactory(manager=people[-1]))
    return people


def test_subtree_holds_direct_and_indirect_reports_only(manager, learner):
    colleague = LearnerFactory(manager=manager)
    grandchild = LearnerFactory(manager=learner)
    LearnerFactory()  # someone elsewhere in the organisation
    ids = learners_api.learner_reporting_subtree_ids(manager_id=manager.pk)
    assert ids == {learner.pk, colleague.pk, grandchild.pk}


def test_subtree_of_someone_without_reports_is_empty(learner):
    assert learners_api.learner_reporting_subtree_ids(manager_id=learner.pk) == set()


def test_deep_chain_is_walked_in_one_query():
    chain = _chain(60)
    with CaptureQueriesContext(connection) as queries:
        ids = learners_api.learner_reporting_subtree_ids(manager_id=chain[0].pk)
    assert ids == {p.pk for p in chain[1:]}
    assert len(queries) == 1


def test_cycle_in_the_data_ends_the_walk():
    a, b, c = _chain(3)
    # Write the cycle past validation, as a bad import or a race could.
    Learner.objects.filter(pk=a.pk).update(manager=c)
    ids = learners_api.learner_reporting_subtree_ids(manager_id=a.pk)
    assert ids == {b.pk, c.pk}  # a is never their own report


def test_self_management_is_refused_by_the_database():
    person = LearnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Learner.objects.filter(pk=person.pk).update(manager=person)


def test_self_management_and_cycles_are_refused_by_validation():
    a, b = _chain(2)
    a.manager = a
    with pytest.raises(ValidationError, match="own manager"):
        a.full_clean()
    a.manager = b
    with pytest.raises(ValidationError, match="cycle"):
        a.full_clean()


def test_thousand_reports_take_the_same_single_query(manager):
    users = UserFactory.create_batch(1000)
    Learner.objects.bulk_create(
        Learner(user=u, employee_id=f"R{i:05d}", manager=manager)
        for i, u in enumerate(users)
    )
    with CaptureQueriesContext(connection) as queries:
        team = list(learners_api.learner_reporting_subtree(manager_id=manager.pk))
    assert len(team) == 1000
    assert len(queries) == 1


def test_is_in_subtree(manager, learner, other_learner):
    assert learners_api.learner_is_in_subtree(
        manager_id=manager.pk, learner_id=learner.pk
    )
    assert not learners_api.learner_is_in_subtree(
        manager_id=manager.pk, learner_id=other_learner.pk
    )
    assert not learners_api.learner_is_in_subtree(
        manager_id=manager.pk, learner_id=manager.pk
    )


def test_department_names_are_unique_among_siblings_whatever_the_case():
    ops = department_ensure(name="Operations")
    claims = department_ensure(name=" claims ", parent=ops)
    assert department_ensure(name="CLAIMS", parent=ops) == claims
    assert department_ensure(name="Claims") != claims  # a root with the same name
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(name="Claims", parent=ops)


def test_department_cannot_move_below_its_own_descendant():
    intake = department_ensure_path(path=["Operations", "Claims", "Intake"])
    ops = Department.objects.get(name="Operations")
    ops.parent = intake
    with pytest.raises(ValidationError, match="inside itself"):
        ops.full_clean()


def test_department_subtree_ids():
    intake = department_ensure_path(path=["Operations", "Claims", "Intake"])
    ops = Department.objects.get(name="Operations")
    DepartmentFactory(name="Finance")
    with CaptureQueriesContext(connection) as queries:
        ids = learners_api.department_subtree_ids(department_id=ops.pk)
    assert ids == {ops.pk, intake.parent_id, intake.pk}
    assert len(queries) == 1


def test_people_written_in_bulk_can_be_found_by_the_admin_search():
    from dataclasses import replace

    from learners.search import people_search
    from learners.services import PersonSpec, people_upsert

    claims = department_ensure_path(path=["Operations", "Claims"])
    lucia = PersonSpec(
        employee_id="NW0417",
        email="Lucia.Moreno@northwind.example",
        first_name="Lucía",
        last_name="Moreno",
        department_id=claims.pk,
        manager_employee_id=None,
        job_title="Claims handler",
        role_id=None,
    )
    people_upsert(people=[lucia])
    found = people_search(Learner.objects.all(), "Moreno")
    assert [person.employee_id for person in found] == ["NW0417"]
    # Only the name changes (the learner's own row does not): still searchable.
    people_upsert(people=[replace(lucia, last_name="Moreno Castillo")])
    found = people_search(Learner.objects.all(), "Castillo")
    assert [person.employee_id for person in found] == ["NW0417"]
