package zoomhub.access;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zoomhub.HubFixture;
import zoomhub.TestDatabase;
import zoomhub.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For a generated school, every (user, meeting) pair gets the same answer from four places: the REST API, the
 * bridge's question ({@link MeetingAccess}), PostgreSQL's row-level security queried directly as that user, and an
 * oracle written here from the words of SPEC section 5. No leak, no false denial.
 */
class AccessEquivalenceTest {
  private static final int USERS = 30;
  private static final int CLASSES = 6;
  private static final int MEETINGS = 20;
  private static final List<String> AUDIENCES = List.of("class", "students", "teachers", "all");

  record User(UUID id, String role, boolean active) {
  }

  record Klass(UUID id, UUID teacherId, Set<UUID> enrolled) {
  }

  record Meeting(UUID id, UUID hostId, Klass klass, String audience) {
  }

  record Participant(UUID id, UUID meetingId, UUID userId) {
  }

  private static HubFixture hub;
  private static Pool pool;
  private static Connection jdbc;      // one connection for the test's own writes and RLS questions: connecting is slow
  private static ExecutorService browsers;

  @BeforeAll
  static void start() throws SQLException {
    hub = HubFixture.start();
    pool = Database.pool(hub.vertx, hub.db, 4, "test");
    jdbc = TestDatabase.connect(hub.db);
    browsers = Executors.newFixedThreadPool(8);
  }

  @AfterAll
  static void stop() throws SQLException {
    browsers.shutdownNow();
    jdbc.close();
    hub.close();
  }

  // ---- the oracle: SPEC section 5, word for word ---------------------------------------------------------------

  /** "inactive or unknown user: nothing"; "view meeting: admin; host; teacher of its class; `all`: everyone;
   * `teachers`: teachers; `students`: students and teachers; `class`: students enrolled in its class." */
  static boolean mayView(User u, Meeting m) {
    if (!u.active()) {
      return false;
    }
    return u.role().equals("admin")
      || m.hostId().equals(u.id())
      || teachesItsClass(u, m)
      || m.audience().equals("all")
      || m.audience().equals("teachers") && u.role().equals("teacher")
      || m.audience().equals("students") && (u.role().equals("student") || u.role().equals("teacher"))
      || m.audience().equals("class") && u.role().equals("student") && m.klass() != null
         && m.klass().enrolled().contains(u.id());
  }

  /** "manage meeting (update, delete, see start_url and password): admin or host." */
  static boolean mayManage(User u, Meeting m) {
    return u.active() && (u.role().equals("admin") || m.hostId().equals(u.id()));
  }

  /** "view participants and class attendance: admin, host, teacher of the class." */
  static boolean mayViewParticipants(User u, Meeting m) {
    return u.active() && (u.role().equals("admin") || m.hostId().equals(u.id()) || teachesItsClass(u, m));
  }

  /** "A student sees only their own participant rows" (of a meeting they may view). */
  static boolean maySeeRow(User u, Meeting m, Participant p) {
    return mayViewParticipants(u, m) || u.active() && u.id().equals(p.userId()) && mayView(u, m);
  }

  private static boolean teachesItsClass(User u, Meeting m) {
    return m.klass() != null && u.id().equals(m.klass().teacherId());
  }

  // ---- the property ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {20261102L, 7L, 424242L, 31337L, 1L})
  void everyAnswerAgreesWithTheRulesForAGeneratedSchool(long seed) throws Exception {
    School school = generate(new Random(seed));
    List<String> disagreements = new ArrayList<>();

    for (User u : school.users()) {
      Set<UUID> canView = ids(school.meetings().stream().filter(m -> mayView(u, m)).map(Meeting::id).toList());
      Set<UUID> canSeeRows = school.participants().stream()
        .filter(p -> maySeeRow(u, school.meeting(p.meetingId()), p)).map(Participant::id).collect(Collectors.toSet());

      // (c) PostgreSQL's row-level security, asked directly as the user
      Set<UUID> rlsMeetings = asUser(u, "SELECT id FROM zoom_meetings");
      Set<UUID> rlsInstances = asUser(u, "SELECT meeting_id FROM zoom_meeting_instances");
      Set<UUID> rlsRows = asUser(u, "SELECT id FROM zoom_participants");
      compare(disagreements, u, "RLS zoom_meetings", canView, rlsMeetings, school);
      compare(disagreements, u, "RLS zoom_meeting_instances", canView, rlsInstances, school);
      if (!canSeeRows.equals(rlsRows)) {
        disagreements.add(describe(u) + ": RLS zoom_participants shows " + rlsRows.size() + " rows, the SPEC "
          + canSeeRows.size() + "; extra " + minus(rlsRows, canSeeRows) + ", missing " + minus(canSeeRows, rlsRows));
      }

      // (b) the bridge's question
      Principal principal = new Principal(u.id(), "user", "user@school.test", u.role(), Long.MAX_VALUE);
      Map<UUID, MeetingAccess> asked = MeetingAccess.of(pool, principal,
        school.meetings().stream().map(Meeting::id).toList()).await();
      for (Meeting m : school.meetings()) {
        MeetingAccess expected = new MeetingAccess(mayView(u, m), mayViewParticipants(u, m), mayManage(u, m));
        if (!expected.equals(asked.get(m.id()))) {
          disagreements.add(describe(u) + " / " + describe(m) + ": MeetingAccess " + asked.get(m.id())
            + ", the SPEC " + expected);
        }
      }

      // (a) the REST API
      String token = hub.token(u.id());
      HttpResponse<Buffer> list = hub.api(HttpMethod.GET, "/api/meetings", token, null);
      if (!u.active()) {
        if (list.statusCode() != 401) {
          disagreements.add(describe(u) + ": GET /api/meetings answered " + list.statusCode() + ", not 401");
        }
        continue;
      }
      if (list.statusCode() != 200) {
        disagreements.add(describe(u) + ": GET /api/meetings answered " + list.statusCode() + " " + list.bodyAsString());
        continue;
      }
      Set<UUID> listed = list.bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> UUID.fromString(((JsonObject) o).getString("id"))).collect(Collectors.toSet());
      compare(disagreements, u, "GET /api/meetings", canView, listed, school);
      Map<UUID, Future<HttpResponse<Buffer>>> answers = new HashMap<>();
      for (Meeting m : school.meetings()) {
        answers.put(m.id(), browsers.submit(() -> hub.api(HttpMethod.GET, "/api/meetings/" + m.id(), token, null)));
      }
      for (Meeting m : school.meetings()) {
        HttpResponse<Buffer> one = answers.get(m.id()).get();
        int expected = mayView(u, m) ? 200 : 404;
        if (one.statusCode() != expected) {
          disagreements.add(describe(u) + " / " + describe(m) + ": GET answered " + one.statusCode()
            + ", the SPEC " + expected);
        } else if (expected == 200 && one.bodyAsJsonObject().containsKey("startUrl") != mayManage(u, m)) {
          disagreements.add(describe(u) + " / " + describe(m) + ": startUrl shown is "
            + one.bodyAsJsonObject().containsKey("startUrl") + ", the SPEC says " + mayManage(u, m));
        }
      }
    }

    assertThat(disagreements).as("disagreements for seed %d", seed).isEmpty();
    assertThat(school.users().stream().filter(User::active).flatMap(u -> school.meetings().stream().map(m -> mayView(u, m))))
      .as("the generated school shows some meetings to active users and hides others").contains(true, false);
  }

  // ---- the generated school ------------------------------------------------------------------------------------

  record School(List<User> users, List<Klass> classes, List<Meeting> meetings, List<Participant> participants) {
    Meeting meeting(UUID id) {
      return meetings.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }
  }

  private static School generate(Random random) throws SQLException {
    exec("DELETE FROM zoom_meetings");
    exec("DELETE FROM classes");
    exec("DELETE FROM users");

    List<User> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      double r = random.nextDouble();
      String role = r < 0.1 ? "admin" : r < 0.4 ? "teacher" : "student";
      boolean active = random.nextDouble() < 0.85;
      UUID id = insert("INSERT INTO users (name, email, role, is_active) VALUES (?, ?, ?, ?) RETURNING id",
        "User " + i, "user" + i + "@school.test", role, active);
      users.add(new User(id, role, active));
    }
    List<User> teachers = users.stream().filter(u -> u.role().equals("teacher")).toList();

    List<Klass> classes = new ArrayList<>();
    for (int i = 0; i < CLASSES; i++) {
      UUID teacher = teachers.isEmpty() || random.nextInt(6) == 0 ? null : teachers.get(random.nextInt(teachers.size())).id();
      UUID id = insert("INSERT INTO classes (name, teacher_id) VALUES (?, ?) RETURNING id", "Class " + i, teacher);
      Set<UUID> enrolled = new HashSet<>();
      for (User u : users) {
        // mostly students; now and then a user whose role changed since (the 'class' rule must ask for a student)
        if (random.nextDouble() < (u.role().equals("student") ? 0.3 : 0.05)) {
          exec("INSERT INTO class_enrollments (class_id, student_id) VALUES (?, ?)", id, u.id());
          enrolled.add(u.id());
        }
      }
      classes.add(new Klass(id, teacher, enrolled));
    }

    List<Meeting> meetings = new ArrayList<>();
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < MEETINGS; i++) {
      User host = users.get(random.nextInt(users.size()));
      Klass klass = random.nextInt(4) == 0 ? null : classes.get(random.nextInt(classes.size()));
      String audience = AUDIENCES.get(random.nextInt(AUDIENCES.size()));
      UUID id = insert("INSERT INTO zoom_meetings (zoom_meeting_id, host_id, title, class_id, target_audience, start_url, "
        + "password) VALUES (?, ?, 'Lesson', ?, ?, 'https://zoom.us/s/1', 'pw') RETURNING id",
        Long.toString(900_000_000L + i), host.id(), klass == null ? null : klass.id(), audience);
      meetings.add(new Meeting(id, host.id(), klass, audience));
      UUID instance = insert("INSERT INTO zoom_meeting_instances (meeting_id, zoom_uuid) VALUES (?, ?) "
        + "RETURNING id", id, "occurrence-" + i + "==");
      for (int p = 2 + random.nextInt(4); p > 0; p--) {
        UUID userId = random.nextInt(5) == 0 ? null : users.get(random.nextInt(users.size())).id();
        UUID row = insert("INSERT INTO zoom_participants (meeting_id, instance_id, user_id, participant_key, "
          + "name, join_time, status) VALUES (?, ?, ?, ?, 'Someone', now(), 'joined') RETURNING id",
          id, instance, userId, "key-" + i + "-" + p);
        participants.add(new Participant(row, id, userId));
      }
    }
    return new School(users, classes, meetings, participants);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /**
   * The ids a query returns when run, as the hub runs user queries, in a transaction as the restricted role with the
   * user's claims: {@code BEGIN; SET LOCAL ROLE zoomhub_user; SELECT set_config('request.jwt.claims', ..., true); ...}.
   */
  private static Set<UUID> asUser(User u, String query) throws SQLException {
    jdbc.setAutoCommit(false);
    try {
      try (Statement st = jdbc.createStatement()) {
        st.execute("SET LOCAL ROLE zoomhub_user");
      }
      try (PreparedStatement claims = jdbc.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)")) {
        claims.setString(1, new JsonObject().put("sub", u.id().toString()).encode());
        claims.execute();
      }
      Set<UUID> ids = new HashSet<>();
      try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(query)) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    } finally {
      jdbc.rollback();
      jdbc.setAutoCommit(true);
    }
  }

  private static UUID insert(String sql, Object... args) throws SQLException {
    try (PreparedStatement st = statement(sql, args); ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getObject(1, UUID.class);
    }
  }

  private static void exec(String sql, Object... args) throws SQLException {
    try (PreparedStatement st = statement(sql, args)) {
      st.execute();
    }
  }

  private static PreparedStatement statement(String sql, Object... args) throws SQLException {
    PreparedStatement st = jdbc.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      st.setObject(i + 1, args[i]);
    }
    return st;
  }

  private static void compare(List<String> out, User u, String where, Set<UUID> expected, Set<UUID> got, School school) {
    for (UUID leak : minus(got, expected)) {
      out.add(describe(u) + " / " + describe(school.meeting(leak)) + ": " + where + " shows it (a leak)");
    }
    for (UUID denied : minus(expected, got)) {
      out.add(describe(u) + " / " + describe(school.meeting(denied)) + ": " + where + " hides it (a false denial)");
    }
  }

  private static Set<UUID> ids(List<UUID> ids) {
    return new HashSet<>(ids);
  }

  private static Set<UUID> minus(Set<UUID> a, Set<UUID> b) {
    Set<UUID> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static String describe(User u) {
    return (u.active() ? "" : "inactive ") + u.role() + " " + u.id();
  }

  private static String describe(Meeting m) {
    return "'" + m.audience() + "' meeting " + m.id() + " (host " + m.hostId()
      + (m.klass() == null ? ", no class" : ", class taught by " + m.klass().teacherId()
      + " with " + m.klass().enrolled().size() + " enrolled") + ")";
  }
}
