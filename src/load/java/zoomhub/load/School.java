package zoomhub.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seeded school: per meeting a class with its teacher and students, and a host (another teacher). Zoom meeting
 * ids carry a per-run prefix, so runs against one database never collide.
 */
final class School {
  /** One seeded meeting: its ids, and the two staff users who may follow its participants. */
  record Meeting(int index, UUID id, String zoomId, String zoomUuid, UUID host, UUID teacher) {
  }

  final List<Meeting> meetings;
  private final JWTAuth jwt;
  private final Map<UUID, String> tokens = new HashMap<>();

  private School(List<Meeting> meetings, JWTAuth jwt) {
    this.meetings = meetings;
    this.jwt = jwt;
  }

  static School seed(Vertx vertx, Target target, int meetingCount, int studentsPerClass) throws SQLException {
    long run = System.currentTimeMillis() % 100_000;
    List<Meeting> meetings = new ArrayList<>();
    try (Connection c = target.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement users = c.prepareStatement("INSERT INTO users (id, name, email, role) VALUES (?, ?, ?, ?)");
           PreparedStatement classes = c.prepareStatement("INSERT INTO classes (id, name, teacher_id) VALUES (?, ?, ?)");
           PreparedStatement enrol = c.prepareStatement("INSERT INTO class_enrollments (class_id, student_id) VALUES (?, ?)");
           PreparedStatement meeting = c.prepareStatement("INSERT INTO zoom_meetings (id, zoom_meeting_id, host_id, title, "
             + "class_id, timezone, start_time, duration) VALUES (?, ?, ?, ?, ?, 'Europe/Paris', now(), 60)")) {
        for (int m = 0; m < meetingCount; m++) {
          String tag = run + "-" + m;
          UUID host = user(users, "Host " + tag, "host-" + tag + "@load.test", "teacher");
          UUID teacher = user(users, "Teacher " + tag, "teacher-" + tag + "@load.test", "teacher");
          UUID klass = UUID.randomUUID();
          classes.setObject(1, klass);
          classes.setString(2, "Class " + tag);
          classes.setObject(3, teacher);
          classes.addBatch();
          List<UUID> students = new ArrayList<>();
          for (int s = 0; s < studentsPerClass; s++) {
            students.add(user(users, "Student " + tag + "-" + s, "student-" + tag + "-" + s + "@load.test", "student"));
          }
          users.executeBatch();
          classes.executeBatch();
          for (UUID s : students) {
            enrol.setObject(1, klass);
            enrol.setObject(2, s);
            enrol.addBatch();
          }
          UUID id = UUID.randomUUID();
          String zoomId = Long.toString(80_000_000_000L + run * 100_000 + m);
          meeting.setObject(1, id);
          meeting.setString(2, zoomId);
          meeting.setObject(3, host);
          meeting.setString(4, "Load class " + tag);
          meeting.setObject(5, klass);
          meeting.addBatch();
          meetings.add(new Meeting(m, id, zoomId, "load" + zoomId + "Aa==", host, teacher));
        }
        enrol.executeBatch();
        meeting.executeBatch();
      }
      c.commit();
    }
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(target.jwtSecret)));
    return new School(List.copyOf(meetings), jwt);
  }

  private static UUID user(PreparedStatement users, String name, String email, String role) throws SQLException {
    UUID id = UUID.randomUUID();
    users.setObject(1, id);
    users.setString(2, name);
    users.setString(3, email);
    users.setString(4, role);
    users.addBatch();
    return id;
  }

  /** A two-hour HS256 token for a user (with the hub's issuer and audience when the environment names them). */
  synchronized String token(UUID user) {
    return tokens.computeIfAbsent(user, u -> {
      JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(7200).setSubject(u.toString());
      String issuer = System.getenv("HUB_JWT_ISSUER");
      String audience = System.getenv("HUB_JWT_AUDIENCE");
      if (issuer != null && !issuer.isBlank()) {
        options.setIssuer(issuer);
      }
      if (audience != null && !audience.isBlank()) {
        options.addAudience(audience);
      }
      return jwt.generateToken(new JsonObject(), options);
    });
  }
}
