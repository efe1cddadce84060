package zoomhub.meeting;

/** The SQL of the meeting actor, run as the hub's owner role (the webhook path is not a user's request). */
final class MeetingSql {
  private MeetingSql() {
  }

  static final String FIND_MEETING = """
    SELECT id, class_id FROM zoom_meetings WHERE zoom_meeting_id = $1""";

  static final String PENDING_MEETINGS = """
    SELECT DISTINCT zoom_meeting_id FROM webhook_events WHERE state = 'pending'""";

  static final String INBOX_COUNTS = """
    SELECT state, count(*) AS n FROM webhook_events WHERE state IN ('pending', 'failed') GROUP BY state""";

  /** Takes the row for this transaction; no row means another worker already applied it. */
  static final String CLAIM = """
    UPDATE webhook_events SET attempts = attempts + 1 WHERE id = $1 AND state = 'pending' RETURNING id""";

  /** The meeting's waiting rows, in order, locked for this transaction (each is written once, by the mark below). */
  static final String TAKE_PENDING = """
    SELECT id, body FROM webhook_events
    WHERE zoom_meeting_id = $1 AND state = 'pending'
    ORDER BY id LIMIT $2
    FOR UPDATE""";

  static final String MARK_ALL_PROCESSED = """
    UPDATE webhook_events SET state = 'processed', processed_at = now(), error = NULL, attempts = attempts + 1
    WHERE id = ANY($1) AND state = 'pending'""";

  /** {@link #MARK_ALL_PROCESSED} and {@link #NEXT_SEQ} in one round trip: reserves {@code $3} numbers for meeting $2. */
  static final String MARK_ALL_PROCESSED_AND_NUMBER = """
    WITH marked AS (
      UPDATE webhook_events SET state = 'processed', processed_at = now(), error = NULL, attempts = attempts + 1
      WHERE id = ANY($1) AND state = 'pending')
    INSERT INTO meeting_streams (meeting_id, seq) VALUES ($2, $3)
    ON CONFLICT (meeting_id) DO UPDATE SET seq = meeting_streams.seq + EXCLUDED.seq
    RETURNING seq""";

  static final String MARK_PROCESSED = """
    UPDATE webhook_events SET state = 'processed', processed_at = now(), error = NULL WHERE id = $1""";

  static final String MARK_FAILED = """
    UPDATE webhook_events SET state = 'failed', processed_at = now(), attempts = attempts + 1, error = $2
    WHERE id = $1 AND state = 'pending'""";

  static final String MARK_UNMATCHED = """
    UPDATE webhook_events SET state = 'unmatched', processed_at = now()
    WHERE zoom_meeting_id = $1 AND state = 'pending'""";

  /** Loads an occurrence's applied joins and leaves: the actor's state for it. */
  static final String INSTANCE_LOG = """
    SELECT body FROM webhook_events
    WHERE zoom_uuid = $1 AND state = 'processed'
      AND event IN ('meeting.participant_joined', 'meeting.participant_left')""";

  static final String UPSERT_INSTANCE = """
    INSERT INTO zoom_meeting_instances (meeting_id, zoom_uuid) VALUES ($1, $2)
    ON CONFLICT (zoom_uuid) DO UPDATE SET zoom_uuid = EXCLUDED.zoom_uuid
    RETURNING id, meeting_id, started_at, ended_at""";

  static final String SET_INSTANCE_TIMES = """
    UPDATE zoom_meeting_instances SET started_at = $2, ended_at = $3 WHERE id = $1""";

  /** The meeting's status now, and what its latest occurrence says it should be. */
  static final String STATUS = """
    SELECT m.status,
           (SELECT CASE WHEN i.ended_at IS NULL THEN 'started' ELSE 'ended' END
            FROM zoom_meeting_instances i
            WHERE i.meeting_id = m.id AND (i.started_at IS NOT NULL OR i.ended_at IS NOT NULL)
            ORDER BY coalesce(i.started_at, i.ended_at) DESC, i.id LIMIT 1) AS derived
    FROM zoom_meetings m WHERE m.id = $1""";

  static final String SET_STATUS = """
    UPDATE zoom_meetings SET status = $2, updated_at = now() WHERE id = $1 AND status <> $2""";

  static final String CANCEL = """
    UPDATE zoom_meetings SET status = 'cancelled', updated_at = now() WHERE id = $1 AND status <> 'cancelled'
    RETURNING id""";

  static final String UPDATES_APPLIED = """
    SELECT body FROM webhook_events
    WHERE zoom_meeting_id = $1 AND event = 'meeting.updated' AND state = 'processed'""";

  static final String SET_DETAILS = """
    UPDATE zoom_meetings
    SET title = coalesce($2, title), start_time = coalesce($3, start_time), duration = coalesce($4, duration),
        updated_at = now()
    WHERE id = $1 AND (title IS DISTINCT FROM coalesce($2, title) OR start_time IS DISTINCT FROM coalesce($3, start_time)
                       OR duration IS DISTINCT FROM coalesce($4, duration))""";

  static final String SESSIONS_OF_KEY = """
    SELECT id, join_time, leave_time, user_id FROM zoom_participants WHERE instance_id = $1 AND participant_key = $2""";

  /**
   * SPEC section 3's matching order: customer_key equal to a user id; the email (case-insensitive, non-empty);
   * a display name equal to exactly one enrolled student's name (the class's students by primary key: a join let the
   * planner scan every user of the school for each guest).
   */
  static final String MATCH_USER = """
    SELECT coalesce(
      (SELECT u.id FROM users u WHERE u.id = $1::uuid),
      (SELECT u.id FROM users u WHERE $2::text <> '' AND lower(u.email) = lower($2::text)),
      (SELECT (array_agg(u.id))[1] FROM users u
       WHERE u.id = ANY (ARRAY(SELECT e.student_id FROM class_enrollments e WHERE e.class_id = $3::uuid))
         AND lower(btrim(u.name)) = lower(btrim($4::text))
       HAVING count(*) = 1)) AS user_id""";

  static final String INSERT_SESSION = """
    INSERT INTO zoom_participants (meeting_id, instance_id, user_id, zoom_participant_id, participant_uuid,
                                   participant_key, name, email, join_time, leave_time, duration, status)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    RETURNING id""";

  static final String UPDATE_SESSION = """
    UPDATE zoom_participants SET join_time = $2, leave_time = $3, duration = $4, status = $5,
                                 name = coalesce($6, name), email = coalesce($7, email)
    WHERE id = $1""";

  static final String DELETE_SESSION = """
    DELETE FROM zoom_participants WHERE id = $1""";

  static final String IN_MEETING = """
    SELECT count(DISTINCT participant_key) AS n FROM zoom_participants WHERE instance_id = $1 AND status = 'joined'""";

  /** The durable half of the seam to the attendance verticle (its message is the fast half). */
  static final String REQUEST_ATTENDANCE = """
    UPDATE zoom_meeting_instances SET attendance_requested_at = clock_timestamp() WHERE id = $1""";

  /** Reserves {@code $2} numbers of the meeting's message sequence; returns the last one. */
  static final String NEXT_SEQ = """
    INSERT INTO meeting_streams (meeting_id, seq) VALUES ($1, $2)
    ON CONFLICT (meeting_id) DO UPDATE SET seq = meeting_streams.seq + EXCLUDED.seq
    RETURNING seq""";
}
