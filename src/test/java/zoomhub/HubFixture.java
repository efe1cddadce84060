package zoomhub;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import zoomhub.access.Jwt;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.DbTarget;
import zoomhub.webhook.WebhookEndpoint;
import zoomhub.webhook.ZoomSignature;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.UUID;

/**
 * A running hub on a fresh database, talked to the way Zoom does (signed HTTP posts), with plain JDBC for the test's
 * own look at the tables.
 */
public final class HubFixture implements AutoCloseable {
  public static final String SECRET = "test-webhook-secret-token";
  public static final String OLD_SECRET = "previous-webhook-secret-token";

  public final Vertx vertx;
  public final DbTarget db;
  public final int port;
  public final JsonObject conf;
  private final WebClient client;

  private HubFixture(Vertx vertx, DbTarget db, int port, JsonObject conf) {
    this.vertx = vertx;
    this.db = db;
    this.port = port;
    this.conf = conf;
    this.client = WebClient.create(vertx);
  }

  public static HubFixture start() {
    return start(new JsonObject());
  }

  public static HubFixture start(JsonObject overrides) {
    DbTarget db = TestDatabase.fresh();
    int port = freePort();
    JsonObject conf = HubConfig.resolve(new JsonObject()
      .put(ConfigKeys.HTTP_PORT, port)
      .put(ConfigKeys.ZOOM_WEBHOOK_SECRETS, new JsonArray().add(SECRET).add(OLD_SECRET))
      .put(ConfigKeys.JWT_SECRET, "0123456789abcdef0123456789abcdef")
      .mergeIn(overrides), Map.of());
    Vertx vertx = Metrics.vertx();
    Hub.deploy(vertx, conf, db).await();
    return new HubFixture(vertx, db, port, conf);
  }

  /** Undeploys every verticle and deploys the hub again on the same database (a restart without the JVM). */
  public void restart() {
    for (String id : List.copyOf(vertx.deploymentIDs())) {
      vertx.undeploy(id).await();
    }
    Hub.deploy(vertx, conf, db).await();
  }

  /** Posts a body signed with the current secret and timestamp, as Zoom does. */
  public HttpResponse<Buffer> post(JsonObject body) {
    return post(body.encode().getBytes(StandardCharsets.UTF_8), SECRET, System.currentTimeMillis() / 1000);
  }

  public HttpResponse<Buffer> post(byte[] raw, String secret, long timestampSeconds) {
    String ts = Long.toString(timestampSeconds);
    return postRaw(raw, Map.of("x-zm-request-timestamp", ts, "x-zm-signature", ZoomSignature.sign(secret, ts, raw)));
  }

  public HttpResponse<Buffer> postRaw(byte[] raw, Map<String, String> headers) {
    var request = client.post(port, "localhost", WebhookEndpoint.PATH).putHeader("Content-Type", "application/json");
    headers.forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(raw)).await();
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(port, "localhost", path).send().await();
  }

  // ---- the browsers' REST API ------------------------------------------------------------------------------------

  /** A token for the user, signed with the hub's own key and valid for an hour. */
  public String token(UUID userId) {
    return Jwt.fromConfig(vertx, conf).issue(userId, 3600, conf);
  }

  /**
   * A REST call as a browser makes it: {@code token} (or null for none) as a bearer token, {@code body} a
   * {@link JsonObject} sent as JSON, a String sent as it is (e.g. malformed JSON), or null for none.
   */
  public HttpResponse<Buffer> api(HttpMethod method, String path, String token, Object body) {
    return apiWithHeader(method, path, token == null ? null : "Bearer " + token, body);
  }

  /** As {@link #api}, with the {@code Authorization} header's whole value given (or null for no header). */
  public HttpResponse<Buffer> apiWithHeader(HttpMethod method, String path, String authorization, Object body) {
    var request = client.request(method, port, "localhost", path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (body == null) {
      return request.send().await();
    }
    request.putHeader("Content-Type", "application/json");
    return request.sendBuffer(Buffer.buffer(body.toString())).await();
  }

  // ---- the test's own view of the database ----------------------------------------------------------------------

  public UUID insertUser(String name, String email, String role) {
    return (UUID) one("INSERT INTO users (name, email, role) VALUES (?, ?, ?) RETURNING id", name, email, role);
  }

  public UUID insertClass(String name, UUID teacherId, UUID... students) {
    UUID id = (UUID) one("INSERT INTO classes (name, teacher_id) VALUES (?, ?) RETURNING id", name, teacherId);
    for (UUID s : students) {
      update("INSERT INTO class_enrollments (class_id, student_id) VALUES (?, ?)", id, s);
    }
    return id;
  }

  public UUID insertMeeting(String zoomMeetingId, UUID hostId, UUID classId) {
    return (UUID) one("INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title, class_id, timezone) "
      + "VALUES (?, ?, 'Algebra', ?, 'Europe/Paris') RETURNING id", zoomMeetingId, hostId, classId);
  }

  public UUID insertMeeting(String zoomMeetingId, UUID hostId, UUID classId, String targetAudience) {
    return (UUID) one("INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title, class_id, timezone, target_audience, "
      + "start_url, password) VALUES (?, ?, 'Algebra', ?, 'Europe/Paris', ?, 'https://zoom.us/s/' || ?, 'pw-' || ?) "
      + "RETURNING id", zoomMeetingId, hostId, classId, targetAudience, zoomMeetingId, zoomMeetingId);
  }

  /** A meeting with a host of its own, for tests that need nothing else. */
  public UUID insertMeeting(String zoomMeetingId) {
    UUID host = insertUser("Host " + zoomMeetingId, "host-" + zoomMeetingId + "@school.test", "teacher");
    return insertMeeting(zoomMeetingId, host, null);
  }

  public Object one(String sql, Object... args) {
    List<Map<String, Object>> rows = rows(sql, args);
    if (rows.isEmpty()) {
      return null;
    }
    return rows.get(0).values().iterator().next();
  }

  public long count(String sql, Object... args) {
    Object n = one(sql, args);
    return n == null ? 0 : ((Number) n).longValue();
  }

  public List<Map<String, Object>> rows(String sql, Object... args) {
    try (Connection c = TestDatabase.connect(db); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      if (!st.execute()) {
        return List.of();
      }
      try (ResultSet rs = st.getResultSet()) {
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if (value instanceof java.sql.Timestamp) {
              value = rs.getObject(i, java.time.OffsetDateTime.class).withOffsetSameInstant(java.time.ZoneOffset.UTC);
            }
            row.put(rs.getMetaData().getColumnLabel(i), value);
          }
          out.add(row);
        }
        return out;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public void update(String sql, Object... args) {
    rows(sql, args);
  }

  /** A row for assertions: alternating column names and values; values may be null (unlike Map.of). */
  public static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
  }

  /** Rows of a map-of-column list, as a readable string for assertions. */
  public static String describe(List<Map<String, Object>> rows) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : rows) {
      for (Entry<String, Object> e : r.entrySet()) {
        sb.append(e.getKey()).append('=').append(e.getValue()).append(' ');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
