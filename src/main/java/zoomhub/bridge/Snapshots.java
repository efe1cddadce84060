package zoomhub.bridge;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Answers {@code meetings.<id>.snapshot} (forwarded by the bridge, already authorized): the meeting, who is in it now
 * (only for those who may view participants) and the {@code seq} the state corresponds to, read in one statement so
 * that they agree.
 */
final class Snapshots {
  static final String MEETING = "meetingId";
  static final String PARTICIPANTS = "participants";
  static final String MANAGE = "manage";

  private static final String SNAPSHOT = "SELECT " + ApiSql.MEETING_COLUMNS.replace("app.can_manage_meeting(m.id)", "$2::boolean") + """
    , coalesce(s.seq, 0) AS seq, i.id AS instance_id, i.started_at, i.ended_at,
      CASE WHEN $3::boolean THEN (
        SELECT coalesce(json_agg(json_build_object(
                 'id', p.id, 'name', p.name, 'userId', p.user_id,
                 'joinTime', to_char(p.join_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                 'leaveTime', NULL, 'durationSeconds', 0) ORDER BY p.join_time), '[]'::json)
        FROM zoom_participants p WHERE p.instance_id = i.id AND p.status = 'joined') END AS participants
    FROM zoom_meetings m
    LEFT JOIN meeting_streams s ON s.meeting_id = m.id
    LEFT JOIN LATERAL (SELECT id, started_at, ended_at FROM zoom_meeting_instances
                       WHERE meeting_id = m.id AND (started_at IS NOT NULL OR ended_at IS NOT NULL)
                       ORDER BY coalesce(started_at, ended_at) DESC LIMIT 1) i ON true
    WHERE m.id = $1""";

  private final Pool pool;

  Snapshots(Pool pool) {
    this.pool = pool;
  }

  void answer(Message<JsonObject> msg) {
    UUID meeting;
    try {
      meeting = UUID.fromString(msg.headers().get(MEETING));
    } catch (RuntimeException e) {
      msg.fail(400, "no meeting");
      return;
    }
    boolean participants = Boolean.parseBoolean(msg.headers().get(PARTICIPANTS));
    boolean manage = Boolean.parseBoolean(msg.headers().get(MANAGE));
    pool.preparedQuery(SNAPSHOT).execute(Tuple.of(meeting, manage, participants)).onSuccess(rows -> {
      if (rows.size() == 0) {
        msg.fail(404, "meeting not found");
        return;
      }
      Row r = rows.iterator().next();
      Object list = r.getValue("participants");
      msg.reply(new JsonObject()
        .put("meeting", Rows.meeting(r))
        .put("instance", r.getUUID("instance_id") == null ? null : new JsonObject()
          .put("id", r.getUUID("instance_id").toString())
          .put("startedAt", Rows.time(r.getOffsetDateTime("started_at")))
          .put("endedAt", Rows.time(r.getOffsetDateTime("ended_at"))))
        .put("participants", list instanceof JsonArray a ? a : new JsonArray())
        .put("seq", r.getLong("seq")));
    }).onFailure(err -> msg.fail(503, "the snapshot could not be read; try again"));
  }
}
