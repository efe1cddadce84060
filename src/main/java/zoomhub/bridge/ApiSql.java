package zoomhub.bridge;

/** The REST API's SQL. Every statement runs under {@code AsUser}: row-level security decides what it sees. */
final class ApiSql {
  private ApiSql() {
  }

  static final String MEETING_COLUMNS = """
    m.id, m.zoom_meeting_id, m.host_id, m.title, m.description, m.meeting_type, m.start_time, m.duration, m.timezone,
    m.join_url, m.start_url, m.password, m.status, m.class_id, m.target_audience, m.created_at, m.updated_at,
    app.can_manage_meeting(m.id) AS manage""";

  static final String MEETINGS = "SELECT " + MEETING_COLUMNS
    + " FROM zoom_meetings m ORDER BY m.start_time NULLS LAST, m.created_at";

  static final String MEETING = "SELECT " + MEETING_COLUMNS + " FROM zoom_meetings m WHERE m.id = $1";

  /** No RETURNING: it would have to pass the SELECT policy, whose function cannot see the row being inserted. */
  static final String INSERT_MEETING = """
    INSERT INTO zoom_meetings (id, zoom_meeting_id, host_id, title, description, meeting_type, start_time, duration,
                               timezone, join_url, start_url, password, class_id, target_audience, settings)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""";

  static final String DELETE_MEETING = "DELETE FROM zoom_meetings WHERE id = $1";

  static final String PARTICIPANTS = """
    SELECT id, meeting_id, instance_id, user_id, name, email, join_time, leave_time, duration, status
    FROM zoom_participants WHERE meeting_id = $1
    ORDER BY coalesce(join_time, leave_time), name""";

  static final String USER = "SELECT id, name, email, role, is_active FROM users WHERE id = $1";

  static final String INSERT_USER = """
    INSERT INTO users (name, email, role, is_active) VALUES ($1, $2, $3, coalesce($4, true))
    RETURNING id, name, email, role, is_active""";

  static final String INSERT_CLASS = """
    INSERT INTO classes (name, teacher_id) VALUES ($1, $2) RETURNING id, name, teacher_id""";

  static final String CLASS = "SELECT id, name, teacher_id FROM classes WHERE id = $1";

  static final String STUDENT_ROLE = "SELECT role FROM users WHERE id = $1";

  static final String ENROLL = """
    INSERT INTO class_enrollments (class_id, student_id) VALUES ($1, $2) ON CONFLICT DO NOTHING""";

  static final String ENROLLED = "SELECT student_id FROM class_enrollments WHERE class_id = $1 ORDER BY student_id";
}
