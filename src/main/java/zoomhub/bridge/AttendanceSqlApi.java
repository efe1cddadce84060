package zoomhub.bridge;

/** The SQL of the attendance endpoints; all of it runs under {@code AsUser}, so row-level security applies. */
final class AttendanceSqlApi {
  private AttendanceSqlApi() {
  }

  static final String OCCURRENCES = """
    SELECT i.id, i.started_at, i.ended_at,
           (SELECT min(p.join_time) FROM zoom_participants p WHERE p.instance_id = i.id) AS first_join
    FROM zoom_meeting_instances i WHERE i.meeting_id = $1
    ORDER BY coalesce(i.started_at, i.ended_at), i.id""";

  static final String RECORD_COLUMNS = """
    a.student_id, u.name, u.email, a.class_id, a.date, a.status, a.minutes_attended, a.source, a.note, a.meeting_id""";

  static final String DAY_RECORDS = "SELECT " + RECORD_COLUMNS + """
     FROM attendance_records a LEFT JOIN users u ON u.id = a.student_id
    WHERE a.class_id = $1 AND a.date = $2 ORDER BY u.name, a.student_id""";

  static final String CLASS_RECORDS = "SELECT " + RECORD_COLUMNS + """
     FROM attendance_records a LEFT JOIN users u ON u.id = a.student_id
    WHERE a.class_id = $1 AND a.date BETWEEN $2 AND $3 ORDER BY a.date, u.name, a.student_id""";

  static final String SESSIONS = """
    SELECT user_id, participant_key, name, join_time, leave_time, duration FROM zoom_participants
    WHERE instance_id = $1 ORDER BY coalesce(join_time, leave_time), id""";

  static final String CLASS = "SELECT id, app.can_view_class(id) AS manage FROM classes WHERE id = $1";

  static final String ENROLLED = "SELECT 1 FROM class_enrollments WHERE class_id = $1 AND student_id = $2";

  static final String OVERRIDE = """
    INSERT INTO attendance_records (student_id, class_id, date, status, note, source, minutes_attended)
    VALUES ($1, $2, $3, $4, $5, 'manual', 0)
    ON CONFLICT (student_id, class_id, date) DO UPDATE
    SET status = EXCLUDED.status, note = EXCLUDED.note, source = 'manual', updated_at = now()""";

  static final String ONE_RECORD = "SELECT " + RECORD_COLUMNS + """
     FROM attendance_records a LEFT JOIN users u ON u.id = a.student_id
    WHERE a.student_id = $1 AND a.class_id = $2 AND a.date = $3""";

  static final String PARTICIPANT = """
    SELECT p.id, p.instance_id, p.participant_key, app.can_view_participants(p.meeting_id) AS manage,
           i.ended_at
    FROM zoom_participants p JOIN zoom_meeting_instances i ON i.id = p.instance_id
    WHERE p.id = $1 AND p.meeting_id = $2""";

  static final String CAN_VIEW_PARTICIPANTS = "SELECT app.can_view_participants($1) AS allowed";

  static final String STUDENT = "SELECT role FROM users WHERE id = $1 AND is_active";

  static final String LINK = """
    UPDATE zoom_participants SET user_id = $3 WHERE instance_id = $1 AND participant_key = $2
    RETURNING id, meeting_id, instance_id, user_id, name, email, join_time, leave_time, duration, status""";

  static final String REQUEST_RECOMPUTE = """
    UPDATE zoom_meeting_instances SET attendance_requested_at = clock_timestamp() WHERE id = $1""";
}
