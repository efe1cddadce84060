package zoomhub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import zoomhub.db.DbTarget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code run --demo}: a small school on an empty database (an admin, two teachers, a class of ten, one more class,
 * a scheduled meeting for the first class), so that the pages and {@code simulate} have something to show.
 */
final class DemoSchool {
  static final String MEETING_ZOOM_ID = "85012345678";
  private static final List<String> STUDENTS = List.of("Ana Alves", "Ben Brooks", "Cat Chen", "Dan Diallo",
    "Eve Evans", "Finn Fischer", "Gia Greco", "Hugo Hart", "Ines Ibáñez", "Jon Jensen");

  private DemoSchool() {
  }

  /** Seeds the school unless the database already has users. @return whether it seeded */
  static boolean seedIfEmpty(DbTarget db) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties())) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM users")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return false;
        }
      }
      c.setAutoCommit(false);
      user(c, "Amara Admin", "admin@demo.school", "admin");
      UUID teacher = user(c, "Theo Teacher", "theo@demo.school", "teacher");
      UUID other = user(c, "Tara Teacher", "tara@demo.school", "teacher");
      UUID algebra = klass(c, "Algebra 9A", teacher);
      UUID history = klass(c, "History 9B", other);
      int i = 0;
      for (String name : STUDENTS) {
        UUID student = user(c, name, name.toLowerCase().split(" ")[0] + "@demo.school", "student");
        enroll(c, algebra, student);
        if (i++ % 3 == 0) {
          enroll(c, history, student);
        }
      }
      try (PreparedStatement st = c.prepareStatement("""
        INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title, description, start_time, duration, timezone,
                                   join_url, start_url, class_id, target_audience)
        VALUES (?, ?, 'Algebra 9A: quadratic equations', 'Live lesson', ?, 60, 'UTC', ?, ?, ?, 'class')""")) {
        st.setString(1, MEETING_ZOOM_ID);
        st.setObject(2, teacher);
        st.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1));
        st.setString(4, "https://zoom.us/j/" + MEETING_ZOOM_ID);
        st.setString(5, "https://zoom.us/s/" + MEETING_ZOOM_ID);
        st.setObject(6, algebra);
        st.executeUpdate();
      }
      c.commit();
      return true;
    }
  }

  /** Everyone, for the demo sign-in list: {@code [{"id","name","email","role"}]}. */
  static JsonArray people(DbTarget db) throws SQLException {
    JsonArray out = new JsonArray();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, name, email, role FROM users WHERE is_active "
           + "ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'teacher' THEN 1 ELSE 2 END, name")) {
      while (rs.next()) {
        out.add(new JsonObject().put("id", rs.getString("id")).put("name", rs.getString("name"))
          .put("email", rs.getString("email")).put("role", rs.getString("role")));
      }
    }
    return out;
  }

  private static UUID user(Connection c, String name, String email, String role) throws SQLException {
    return insert(c, "INSERT INTO users (name, email, role) VALUES (?, ?, ?) RETURNING id", name, email, role);
  }

  private static UUID klass(Connection c, String name, UUID teacher) throws SQLException {
    return insert(c, "INSERT INTO classes (name, teacher_id) VALUES (?, ?) RETURNING id", name, teacher);
  }

  private static UUID insert(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private static void enroll(Connection c, UUID klass, UUID student) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO class_enrollments (class_id, student_id) VALUES (?, ?)")) {
      st.setObject(1, klass);
      st.setObject(2, student);
      st.executeUpdate();
    }
  }
}
