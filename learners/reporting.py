"""The reporting line and each person's figures, kept by the database (ADR 0027).

``ReportingLine`` holds one row for each person and each manager above them;
``LearnerFigures`` sums up each person's course enrolments. Triggers keep both true
on every write, whoever makes it, so My team reads a manager's whole line and its
figures from two indexed tables instead of walking the line and aggregating every
enrolment on each view:

- **PostgreSQL**: statement-level triggers with transition tables. A statement that
  changes managers rebuilds the reporting lines of the people it moved and everyone
  below them, under one transaction-level advisory lock, so concurrent changes to
  the line are applied one after the other and never from a stale view of it. A
  statement that changes enrolments recounts the figures of the people it touched,
  after locking their figures rows in id order, so two concurrent writes for one
  person are counted from what both committed.
- **SQLite** (the embedded default): row-level triggers doing the same per row;
  SQLite has one writer at a time.

``rebuild_all()`` rebuilds both tables from the source rows: the migration that
adds them runs it, and so does anything that loads people or enrolments with the
triggers switched off.
"""

# Every statement here is assembled from this module's own constants; nothing
# from a request or a file is ever interpolated.
# ruff: noqa: S608

from __future__ import annotations

from django.db import connection

# Any fixed number: the advisory lock that puts changes of the line in order.
LINE_LOCK = 7_270_001

_FIGURES_OF = """
    SELECT i.id AS learner_id,
           count(e.id) AS assigned,
           count(e.id) FILTER (WHERE e.status = 'completed') AS completed,
           max(e.last_activity_at) AS last_activity_at,
           min(e.due_date) FILTER (WHERE e.status <> 'completed') AS next_due_date
    FROM {ids} LEFT JOIN learners_courseenrolment e ON e.learner_id = i.id
    GROUP BY i.id
"""

# Everyone and each manager above them, walking up the manager links. UNION (not
# UNION ALL) keeps each pair once, so a cycle in the data ends the walk.
_LINES_OF = """
    WITH RECURSIVE up(learner_id, ancestor_id) AS (
        SELECT l.id, l.manager_id FROM learners_learner l
        WHERE l.manager_id IS NOT NULL {where}
        UNION
        SELECT u.learner_id, l.manager_id
        FROM up u JOIN learners_learner l ON l.id = u.ancestor_id
        WHERE l.manager_id IS NOT NULL
    )
    INSERT INTO learners_reportingline (ancestor_id, learner_id)
    SELECT ancestor_id, learner_id FROM up WHERE ancestor_id <> learner_id
"""

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION learners_reporting_lines_of(changed bigint[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE region bigint[];
    BEGIN
        -- The people moved and everyone below them, by the manager links.
        WITH RECURSIVE r(id) AS (
            SELECT unnest(changed)
            UNION
            SELECT l.id FROM learners_learner l JOIN r ON l.manager_id = r.id
        )
        SELECT array_agg(id) INTO region FROM r;
        DELETE FROM learners_reportingline WHERE learner_id = ANY(region);
        {_LINES_OF.format(where="AND l.id = ANY(region)")};
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION learners_reporting_line_sync()
    RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE changed bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            -- A new person with a manager, or one whose reports arrived first.
            SELECT array_agg(n.id) INTO changed FROM new_rows n
            WHERE n.manager_id IS NOT NULL OR EXISTS (
                SELECT 1 FROM learners_learner c WHERE c.manager_id = n.id
            );
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT array_agg(n.id) INTO changed
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.manager_id IS DISTINCT FROM o.manager_id;
        ELSE
            SELECT array_agg(o.id) INTO changed FROM old_rows o;
            IF changed IS NOT NULL THEN
                PERFORM pg_advisory_xact_lock({LINE_LOCK});
                DELETE FROM learners_reportingline
                WHERE learner_id = ANY(changed) OR ancestor_id = ANY(changed);
            END IF;
            RETURN NULL;
        END IF;
        IF changed IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock({LINE_LOCK});
            PERFORM learners_reporting_lines_of(changed);
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION learners_figures_of(ids bigint[])
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO learners_learnerfigures (learner_id, assigned, completed)
        SELECT id, 0, 0 FROM unnest(ids) AS i(id) ORDER BY id
        ON CONFLICT (learner_id) DO NOTHING;
        -- Wait for any other transaction counting these people, then count from
        -- what it committed (each statement here reads afresh).
        PERFORM 1 FROM learners_learnerfigures WHERE learner_id = ANY(ids)
        ORDER BY learner_id FOR UPDATE;
        UPDATE learners_learnerfigures f
        SET assigned = s.assigned, completed = s.completed,
            last_activity_at = s.last_activity_at, next_due_date = s.next_due_date
        FROM ({_FIGURES_OF.format(ids="unnest(ids) AS i(id)")}) s
        WHERE f.learner_id = s.learner_id;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION learners_figures_sync()
    RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ids bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT learner_id ORDER BY learner_id) INTO ids
            FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(DISTINCT learner_id ORDER BY learner_id) INTO ids
            FROM old_rows;
        ELSE
            -- Only what the figures read: a progress update moves nothing.
            SELECT array_agg(DISTINCT x ORDER BY x) INTO ids FROM (
                SELECT unnest(ARRAY[n.learner_id, o.learner_id]) AS x
                FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.learner_id, n.status, n.due_date, n.last_activity_at)
                      IS DISTINCT FROM
                      (o.learner_id, o.status, o.due_date, o.last_activity_at)
            ) moved;
        END IF;
        IF ids IS NOT NULL THEN
            PERFORM learners_figures_of(ids);
        END IF;
        RETURN NULL;
    END $$
    """,
    *(
        f"""
        CREATE TRIGGER {name} AFTER {event} ON {table}
        REFERENCING {transition}
        FOR EACH STATEMENT EXECUTE FUNCTION {function}()
        """
        for table, function, prefix in (
            ("learners_learner", "learners_reporting_line_sync", "learners_rl"),
            ("learners_courseenrolment", "learners_figures_sync", "learners_fig"),
        )
        for name, event, transition in (
            (f"{prefix}_insert", "INSERT", "NEW TABLE AS new_rows"),
            (
                f"{prefix}_update",
                "UPDATE",
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            ),
            (f"{prefix}_delete", "DELETE", "OLD TABLE AS old_rows"),
        )
    ),
]

POSTGRESQL_UNINSTALL = [
    *(
        f"DROP TRIGGER IF EXISTS {prefix}_{event} ON {table}"
        for table, prefix in (
            ("learners_learner", "learners_rl"),
            ("learners_courseenrolment", "learners_fig"),
        )
        for event in ("insert", "update", "delete")
    ),
    "DROP FUNCTION IF EXISTS learners_reporting_line_sync()",
    "DROP FUNCTION IF EXISTS learners_reporting_lines_of(bigint[])",
    "DROP FUNCTION IF EXISTS learners_figures_sync()",
    "DROP FUNCTION IF EXISTS learners_figures_of(bigint[])",
]


def _sqlite_figures_of(learner: str) -> str:
    return f"""
        INSERT OR IGNORE INTO learners_learnerfigures (learner_id, assigned, completed)
        VALUES ({learner}, 0, 0);
        UPDATE learners_learnerfigures SET
            assigned = (SELECT count(*) FROM learners_courseenrolment e
                        WHERE e.learner_id = {learner}),
            completed = (SELECT count(*) FROM learners_courseenrolment e
                         WHERE e.learner_id = {learner} AND e.status = 'completed'),
            last_activity_at = (SELECT max(e.last_activity_at)
                                FROM learners_courseenrolment e
                                WHERE e.learner_id = {learner}),
            next_due_date = (SELECT min(e.due_date) FROM learners_courseenrolment e
                             WHERE e.learner_id = {learner}
                               AND e.status <> 'completed')
        WHERE learner_id = {learner};
    """


# The person's managers (and the new manager) above the person and everyone
# below them. SQLite allows no WITH inside a trigger: the table itself is the walk.
_SQLITE_LINK_UNDER_MANAGER = """
    INSERT OR IGNORE INTO learners_reportingline (ancestor_id, learner_id)
    SELECT a.id, d.id FROM
        (SELECT ancestor_id AS id FROM learners_reportingline
         WHERE learner_id = new.manager_id
         UNION SELECT new.manager_id) a,
        (SELECT learner_id AS id FROM learners_reportingline
         WHERE ancestor_id = new.id
         UNION SELECT new.id) d
    WHERE new.manager_id IS NOT NULL AND a.id <> d.id;
"""

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER learners_rl_insert AFTER INSERT ON learners_learner
    WHEN new.manager_id IS NOT NULL BEGIN {_SQLITE_LINK_UNDER_MANAGER} END
    """,
    f"""
    CREATE TRIGGER learners_rl_update AFTER UPDATE OF manager_id ON learners_learner
    WHEN old.manager_id IS NOT new.manager_id BEGIN
        DELETE FROM learners_reportingline
        WHERE learner_id IN (SELECT learner_id FROM learners_reportingline
                             WHERE ancestor_id = new.id UNION SELECT new.id)
          AND ancestor_id IN (SELECT ancestor_id FROM learners_reportingline
                              WHERE learner_id = new.id);
        {_SQLITE_LINK_UNDER_MANAGER}
    END
    """,
    """
    CREATE TRIGGER learners_rl_delete AFTER DELETE ON learners_learner BEGIN
        DELETE FROM learners_reportingline
        WHERE learner_id = old.id OR ancestor_id = old.id;
    END
    """,
    f"""
    CREATE TRIGGER learners_fig_insert AFTER INSERT ON learners_courseenrolment
    BEGIN {_sqlite_figures_of("new.learner_id")} END
    """,
    f"""
    CREATE TRIGGER learners_fig_update
    AFTER UPDATE OF learner_id, status, due_date, last_activity_at
    ON learners_courseenrolment BEGIN
        {_sqlite_figures_of("new.learner_id")}
        {_sqlite_figures_of("old.learner_id")}
    END
    """,
    f"""
    CREATE TRIGGER learners_fig_delete AFTER DELETE ON learners_courseenrolment
    BEGIN {_sqlite_figures_of("old.learner_id")} END
    """,
]

SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "learners_rl_insert",
        "learners_rl_update",
        "learners_rl_delete",
        "learners_fig_insert",
        "learners_fig_update",
        "learners_fig_delete",
    )
]

# Both tables from the source rows (the same SQL on both databases).
_REBUILD = [
    "DELETE FROM learners_reportingline",
    _LINES_OF.format(where=""),
    "DELETE FROM learners_learnerfigures",
    "INSERT INTO learners_learnerfigures "
    "(learner_id, assigned, completed, last_activity_at, next_due_date) "
    + _FIGURES_OF.format(
        ids="(SELECT DISTINCT learner_id AS id FROM learners_courseenrolment) AS i"
    ),
]


def install(schema_editor) -> None:
    """Create the triggers (the migration that adds the tables calls this)."""
    statements = (
        POSTGRESQL_INSTALL
        if schema_editor.connection.vendor == "postgresql"
        else SQLITE_INSTALL
    )
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(schema_editor) -> None:
    statements = (
        POSTGRESQL_UNINSTALL
        if schema_editor.connection.vendor == "postgresql"
        else SQLITE_UNINSTALL
    )
    for statement in statements:
        schema_editor.execute(statement)


def rebuild_all(using=None) -> None:
    """Rebuild the reporting lines and everyone's figures from the source rows."""
    from django.db import connections, transaction

    conn = connections[using] if using else connection
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINE_LOCK])
        for statement in _REBUILD:
            cursor.execute(statement)
