package zoomhub.attendance;

/** The SQL of the attendance verticle, run as the hub's owner role (it is told by the meeting actor, not by a user). */
final class AttendanceSql {
  private AttendanceSql() {
  }

  /** Occurrences with what dating them needs: their meeting's class and timezone, and their first join. */
  private static final String OCCURRENCES = """
    SELECT i.id, i.meeting_id, i.started_at, i.ended_at, m.class_id, m.timezone, j.first_join
    FROM zoom_meeting_instances i
    JOIN zoom_meetings m ON m.id = i.meeting_id
    CROSS JOIN LATERAL (SELECT min(p.join_time) AS first_join FROM zoom_participants p WHERE p.instance_id = i.id) j
    """;

  /** The occurrence a recompute is about, if it belongs to that meeting. */
  static final String OCCURRENCE = OCCURRENCES + """
    WHERE i.id = $1 AND i.meeting_id = $2""";

  /** The ended occurrences of every meeting of a class that started in a window; the exact date is decided in Java. */
  static final String CLASS_OCCURRENCES = OCCURRENCES + """
    WHERE m.class_id = $1 AND i.ended_at IS NOT NULL
      AND coalesce(i.started_at, j.first_join, i.ended_at) BETWEEN $2 AND $3""";

  /** What was requested when this recompute began: marking exactly that as done keeps a later request due. */
  static final String REQUESTED = """
    SELECT attendance_requested_at FROM zoom_meeting_instances WHERE id = $1""";

  static final String MARK_COMPUTED = """
    UPDATE zoom_meeting_instances SET attendance_computed_at = $2 WHERE id = $1""";

  /** Requests a crash left undone: run again at start-up. */
  static final String DUE = """
    SELECT meeting_id, id FROM zoom_meeting_instances
    WHERE attendance_requested_at IS NOT NULL
      AND attendance_requested_at > coalesce(attendance_computed_at, '-infinity'::timestamptz)""";

  /** One recompute of a class at a time, across meetings and hub instances; FK checks (KEY SHARE) do not wait on it. */
  static final String LOCK_CLASS = """
    SELECT id FROM classes WHERE id = $1 FOR NO KEY UPDATE""";

  static final String SESSIONS = """
    SELECT instance_id, user_id, join_time, leave_time FROM zoom_participants
    WHERE instance_id = ANY($1::uuid[]) AND user_id IS NOT NULL
    ORDER BY instance_id, join_time NULLS FIRST, leave_time, id""";

  /** Who the class's attendance is about: its active enrolled students. */
  static final String ROSTER = """
    SELECT u.id, u.name FROM class_enrollments e JOIN users u ON u.id = e.student_id
    WHERE e.class_id = $1 AND u.is_active AND u.role = 'student'
    ORDER BY u.name, u.id""";

  static final String STORED = """
    SELECT student_id, status, minutes_attended, meeting_id, source FROM attendance_records
    WHERE class_id = $1 AND date = $2""";

  /** Writes the hub's row; a manual row (even one written since it was read) is never touched. */
  static final String UPSERT = """
    INSERT INTO attendance_records (student_id, class_id, date, status, minutes_attended, meeting_id, source)
    VALUES ($1, $2, $3, $4, $5, $6, 'zoom')
    ON CONFLICT (student_id, class_id, date) DO UPDATE
    SET status = EXCLUDED.status, minutes_attended = EXCLUDED.minutes_attended, meeting_id = EXCLUDED.meeting_id,
        updated_at = now()
    WHERE attendance_records.source = 'zoom'
      AND (attendance_records.status, attendance_records.minutes_attended, attendance_records.meeting_id)
          IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.minutes_attended, EXCLUDED.meeting_id)""";

  /**
   * Reserves the next number of the meeting's message sequence (the counter the meeting actor numbers its messages
   * from); the row lock it takes orders this transaction with the actor's.
   */
  static final String NEXT_SEQ = """
    INSERT INTO meeting_streams (meeting_id, seq) VALUES ($1, 1)
    ON CONFLICT (meeting_id) DO UPDATE SET seq = meeting_streams.seq + 1
    RETURNING seq""";
}
