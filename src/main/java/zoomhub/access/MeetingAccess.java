package zoomhub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one user may do with one meeting, as the SQL rules (app.can_view_meeting, app.can_view_participants,
 * app.can_manage_meeting) answer under that user's claims. There is no copy of the rules in Java.
 */
public record MeetingAccess(boolean view, boolean participants, boolean manage) {
  public static final MeetingAccess NONE = new MeetingAccess(false, false, false);

  /**
   * One statement, one round trip: the claims are set (transaction-local) by the one-row subquery the rules are joined
   * to, so they hold for this statement's own transaction and are gone after it.
   */
  private static final String ASK = """
    SELECT m AS meeting_id, app.can_view_meeting(m) AS view, app.can_view_participants(m) AS participants,
           app.can_manage_meeting(m) AS manage
    FROM (SELECT set_config('request.jwt.claims', $2, true) AS claims) AS asking
    CROSS JOIN LATERAL unnest($1::uuid[]) AS m
    WHERE asking.claims IS NOT NULL""";

  public static Future<MeetingAccess> of(Pool pool, Principal user, UUID meetingId) {
    return of(pool, user, List.of(meetingId)).map(m -> m.getOrDefault(meetingId, NONE));
  }

  /** One question for several meetings (a re-check after a revocation notice). */
  public static Future<Map<UUID, MeetingAccess>> of(Pool pool, Principal user, List<UUID> meetingIds) {
    return pool.preparedQuery(ASK).execute(Tuple.of(meetingIds.toArray(new UUID[0]), user.claims()))
      .map(rows -> {
        Map<UUID, MeetingAccess> out = new HashMap<>();
        for (Row r : rows) {
          out.put(r.getUUID("meeting_id"), new MeetingAccess(r.getBoolean("view"), r.getBoolean("participants"),
            r.getBoolean("manage")));
        }
        return out;
      });
  }
}
