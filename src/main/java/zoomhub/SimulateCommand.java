package zoomhub;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.Database;
import zoomhub.webhook.ZoomSignature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code simulate --meeting <id|zoom id> [--url] [--speed]}: plays a class against a running hub the way Zoom would,
 * signed: the start, students joining at different times, a guest, one who leaves early, one who drops and rejoins, a
 * duplicate delivery, and the end. The times in the payloads span the last 55 minutes, so the lesson ends now.
 */
final class SimulateCommand {
  record Person(String name, String email, String key) {
  }

  private SimulateCommand() {
  }

  static int run(List<String> args) throws Exception {
    String meeting = option(args, "--meeting");
    if (meeting == null) {
      System.err.println("zoom-hub: simulate needs --meeting <meeting id or Zoom meeting id>");
      return 2;
    }
    double speed = Double.parseDouble(option(args, "--speed") == null ? "1" : option(args, "--speed"));
    Vertx vertx = Vertx.vertx();
    JsonObject conf;
    try {
      conf = HubConfig.load(vertx).await();
    } finally {
      vertx.close();
    }
    DemoSecrets.fillFromFile(conf);
    JsonArray secrets = conf.getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS);
    if (secrets.isEmpty()) {
      System.err.println("zoom-hub: simulate needs ZOOM_WEBHOOK_SECRET_TOKEN (or the demo secrets in data/)");
      return 2;
    }
    String url = option(args, "--url") == null ? "http://localhost:" + conf.getInteger(ConfigKeys.HTTP_PORT) : option(args, "--url");
    String zoomId = meeting;
    List<Person> people = new ArrayList<>();
    if (!meeting.matches("\\d+")) {
      try (Database db = Database.openShared(conf)) {
        zoomId = lookUp(db, meeting, people);
      }
      if (zoomId == null) {
        System.err.println("zoom-hub: no meeting " + meeting);
        return 1;
      }
    } else {
      try (Database db = Database.openShared(conf)) {
        String hubId = hubIdOf(db, meeting);
        if (hubId != null) {
          lookUp(db, hubId, people);
        }
      } catch (Exception e) {
        // no database to read names from: generic names will do
      }
    }
    while (people.size() < 6) {
      int n = people.size() + 1;
      people.add(new Person("Student " + n, "student" + n + "@example.test", null));
    }
    return play(url, secrets.getString(0), zoomId, people, speed);
  }

  static int play(String url, String secret, String zoomId, List<Person> p, double speed) throws Exception {
    Instant base = Instant.now().minus(55, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    String uuid = "sim-" + Long.toHexString(System.currentTimeMillis()) + "==";
    Person guest = new Person("iPad (guest)", null, null);
    List<JsonObject> steps = new ArrayList<>();
    steps.add(event("meeting.started", zoomId, uuid, base, null));
    for (int i = 0; i < 5; i++) {
      steps.add(participant("meeting.participant_joined", zoomId, uuid, base, p.get(i), "join_time", 1 + i));
    }
    steps.add(participant("meeting.participant_joined", zoomId, uuid, base, guest, "join_time", 4));
    steps.add(steps.get(1)); // Zoom delivers the first join twice
    steps.add(participant("meeting.participant_left", zoomId, uuid, base, p.get(1), "leave_time", 10));
    steps.add(participant("meeting.participant_left", zoomId, uuid, base, p.get(2), "leave_time", 12));
    steps.add(participant("meeting.participant_joined", zoomId, uuid, base, p.get(2), "join_time", 14));
    steps.add(participant("meeting.participant_left", zoomId, uuid, base, guest, "leave_time", 30));
    steps.add(event("meeting.ended", zoomId, uuid, base, base.plus(55, ChronoUnit.MINUTES)));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long pause = (long) (1500 / Math.max(0.1, speed));
    for (JsonObject step : steps) {
      byte[] body = step.encode().getBytes(StandardCharsets.UTF_8);
      String ts = Long.toString(System.currentTimeMillis() / 1000);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/zoom/webhook"))
        .header("Content-Type", "application/json").header("x-zm-request-timestamp", ts)
        .header("x-zm-signature", ZoomSignature.sign(secret, ts, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject o = step.getJsonObject("payload").getJsonObject("object");
      JsonObject who = o.getJsonObject("participant");
      System.out.printf("%-28s %-14s -> %d %s%n", step.getString("event"), who == null ? "" : who.getString("user_name"),
        r.statusCode(), r.body());
      if (r.statusCode() != 200) {
        return 1;
      }
      Thread.sleep(pause);
    }
    return 0;
  }

  private static JsonObject event(String type, String zoomId, String uuid, Instant start, Instant end) {
    JsonObject object = new JsonObject().put("id", zoomId).put("uuid", uuid).put("host_id", "simulatedHost")
      .put("topic", "Simulated lesson").put("type", 2).put("start_time", start.toString()).put("timezone", "UTC")
      .put("duration", 60);
    if (end != null) {
      object.put("end_time", end.toString());
    }
    return new JsonObject().put("event", type).put("event_ts", System.nanoTime())
      .put("payload", new JsonObject().put("account_id", "simulated").put("object", object));
  }

  private static JsonObject participant(String type, String zoomId, String uuid, Instant base, Person who, String field,
                                        int minute) {
    JsonObject body = event(type, zoomId, uuid, base, null);
    JsonObject participant = new JsonObject().put("user_id", Integer.toString(16_000_000 + Math.abs(who.name().hashCode() % 99_999)))
      .put("user_name", who.name()).put("id", "").put("participant_uuid", "sim-" + Math.abs(who.name().hashCode()))
      .put(field, base.plus(minute, ChronoUnit.MINUTES).toString());
    if (who.email() != null) {
      participant.put("email", who.email());
    }
    body.getJsonObject("payload").getJsonObject("object").put("participant", participant);
    return body;
  }

  private static String hubIdOf(Database db, String zoomId) throws Exception {
    try (Connection c = DriverManager.getConnection(db.target().jdbcUrl(), db.target().jdbcProperties());
         PreparedStatement st = c.prepareStatement("SELECT id::text FROM zoom_meetings WHERE zoom_meeting_id = ?")) {
      st.setString(1, zoomId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The meeting's Zoom id, and its class's students as the people who will attend. */
  private static String lookUp(Database db, String hubId, List<Person> people) throws Exception {
    try (Connection c = DriverManager.getConnection(db.target().jdbcUrl(), db.target().jdbcProperties())) {
      String zoomId;
      try (PreparedStatement st = c.prepareStatement("SELECT zoom_meeting_id FROM zoom_meetings WHERE id::text = ?")) {
        st.setString(1, hubId);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          zoomId = rs.getString(1);
        }
      }
      try (PreparedStatement st = c.prepareStatement("""
        SELECT u.name, u.email FROM zoom_meetings m JOIN class_enrollments e ON e.class_id = m.class_id
        JOIN users u ON u.id = e.student_id WHERE m.id::text = ? AND u.is_active ORDER BY u.name LIMIT 8""")) {
        st.setString(1, hubId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            people.add(new Person(rs.getString(1), rs.getString(2), null));
          }
        }
      }
      return zoomId;
    }
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }
}
