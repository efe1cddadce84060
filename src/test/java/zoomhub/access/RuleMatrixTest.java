package zoomhub.access;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;
import zoomhub.Zoom;
import zoomhub.db.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC section 5's rules, checked three ways against an independent reading of the SPEC written here in Java: the REST
 * API (what a browser gets), {@link MeetingAccess} (what the bridge asks) and PostgreSQL's row-level security queried
 * directly as the restricted role. First the named cases, then a generated school.
 */
class RuleMatrixTest {
  private static HubFixture hub;
  private static WebClient web;
  private static Jwt jwt;
  private static Pool pool;

  /** One person as the SPEC sees them. */
  record Person(UUID id, String name, String role, boolean active) {
  }

  /** One meeting as the SPEC sees it. */
  record Meeting(UUID id, UUID host, UUID classId, String audience) {
  }

  /** The school: who teaches which class, who is enrolled where. */
  static final class School {
    final Map<UUID, Person> people = new LinkedHashMap<>();
    final Map<UUID, UUID> teacherOf = new LinkedHashMap<>();
    final Map<UUID, Set<UUID>> enrolled = new LinkedHashMap<>();
    final List<Meeting> meetings = new ArrayList<>();

    // the SPEC's words, section 5
    boolean canView(Person u, Meeting m) {
      if (!u.active()) {
        return false;
      }
      boolean teachesClass = m.classId() != null && u.id().equals(teacherOf.get(m.classId()));
      return u.role().equals("admin") || m.host().equals(u.id()) || teachesClass
        || m.audience().equals("all")
        || (m.audience().equals("teachers") && u.role().equals("teacher"))
        || (m.audience().equals("students") && (u.role().equals("student") || u.role().equals("teacher")))
        || (m.audience().equals("class") && m.classId() != null && u.role().equals("student")
          && enrolled.getOrDefault(m.classId(), Set.of()).contains(u.id()));
    }

    boolean canManage(Person u, Meeting m) {
      return u.active() && (u.role().equals("admin") || m.host().equals(u.id()));
    }

    boolean canViewParticipants(Person u, Meeting m) {
      return u.active() && (u.role().equals("admin") || m.host().equals(u.id())
        || (m.classId() != null && u.id().equals(teacherOf.get(m.classId()))));
    }
  }

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
    web = WebClient.create(hub.vertx);
    jwt = Jwt.fromConfig(hub.vertx, hub.conf);
    pool = Database.pool(hub.vertx, hub.db, 4, "test");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static Person person(School s, String name, String role, boolean active) {
    UUID id = hub.insertUser(name, name.toLowerCase().replace(' ', '.') + "@rules.test", role);
    if (!active) {
      hub.update("UPDATE users SET is_active = false WHERE id = ?", id);
    }
    Person p = new Person(id, name, role, active);
    s.people.put(id, p);
    return p;
  }

  private static UUID klass(School s, String name, Person teacher, Person... students) {
    UUID[] ids = new UUID[students.length];
    for (int i = 0; i < students.length; i++) {
      ids[i] = students[i].id();
    }
    UUID id = hub.insertClass(name, teacher.id(), ids);
    s.teacherOf.put(id, teacher.id());
    s.enrolled.put(id, new HashSet<>(List.of(ids)));
    return id;
  }

  private static Meeting meeting(School s, String zoomId, Person host, UUID classId, String audience) {
    UUID id = hub.insertMeeting(zoomId, host.id(), classId);
    hub.update("UPDATE zoom_meetings SET target_audience = ?, start_url = 'https://zoom.test/s/' || zoom_meeting_id, "
      + "password = 'pw' WHERE id = ?", audience, id);
    Meeting m = new Meeting(id, host.id(), classId, audience);
    s.meetings.add(m);
    return m;
  }

  private static HttpResponse<Buffer> get(Person u, String path) {
    return web.get(hub.port, "localhost", path)
      .putHeader("Authorization", "Bearer " + jwt.issue(u.id(), 600, hub.conf)).send().await();
  }

  private static Set<UUID> visibleByRls(Person u) throws Exception {
    try (Connection c = zoomhub.TestDatabase.connect(hub.db); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL ROLE zoomhub_user");
      st.execute("SELECT set_config('request.jwt.claims', '{\"sub\":\"" + u.id() + "\"}', true)");
      Set<UUID> ids = new HashSet<>();
      try (ResultSet rs = st.executeQuery("SELECT id FROM zoom_meetings")) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      c.rollback();
      return ids;
    }
  }

  /** Every (user, meeting) pair: REST, the bridge's question and RLS all agree with the SPEC's reading. */
  private static void checkEveryPair(School s) throws Exception {
    for (Person u : s.people.values()) {
      Set<UUID> rls = visibleByRls(u);
      Map<UUID, MeetingAccess> bridge = MeetingAccess.of(pool, new Principal(u.id(), u.name(), "", u.role(), 0),
        s.meetings.stream().map(Meeting::id).toList()).await();
      Set<UUID> listed = new HashSet<>();
      if (u.active()) {
        JsonObject list = get(u, "/api/meetings").bodyAsJsonObject();
        JsonArray items = list.getJsonArray("items");
        assertThat(items).as("GET /api/meetings as %s: %s", u.name(), list).isNotNull();
        items.forEach(i -> listed.add(UUID.fromString(((JsonObject) i).getString("id"))));
      }
      for (Meeting m : s.meetings) {
        String what = u.name() + " (" + u.role() + (u.active() ? "" : ", inactive") + ") / meeting " + m.audience()
          + (m.classId() == null ? " without class" : "");
        boolean view = s.canView(u, m);
        assertThat(rls.contains(m.id())).as("RLS: %s", what).isEqualTo(view);
        assertThat(bridge.get(m.id()).view()).as("bridge view: %s", what).isEqualTo(view);
        assertThat(bridge.get(m.id()).participants()).as("bridge participants: %s", what)
          .isEqualTo(s.canViewParticipants(u, m));
        assertThat(bridge.get(m.id()).manage()).as("bridge manage: %s", what).isEqualTo(s.canManage(u, m));
        if (!u.active()) {
          assertThat(get(u, "/api/meetings/" + m.id()).statusCode()).as("REST: %s", what).isEqualTo(401);
          continue;
        }
        assertThat(listed.contains(m.id())).as("REST list: %s", what).isEqualTo(view);
        HttpResponse<Buffer> one = get(u, "/api/meetings/" + m.id());
        assertThat(one.statusCode()).as("REST get: %s", what).isEqualTo(view ? 200 : 404);
        if (view) {
          assertThat(one.bodyAsJsonObject().containsKey("startUrl")).as("startUrl: %s", what).isEqualTo(s.canManage(u, m));
        }
      }
    }
  }

  @Test
  void everyRoleAndAudienceSeesExactlyWhatSection5Says() throws Exception {
    School s = new School();
    Person admin = person(s, "Ada Admin", "admin", true);
    Person host = person(s, "Hana Host", "teacher", true);
    Person classTeacher = person(s, "Carl Classteacher", "teacher", true);
    Person otherTeacher = person(s, "Olga Other", "teacher", true);
    Person enrolled = person(s, "Eli Enrolled", "student", true);
    Person otherStudent = person(s, "Omar Outside", "student", true);
    Person inactive = person(s, "Ines Inactive", "student", false);
    UUID klass = klass(s, "Physics", classTeacher, enrolled, inactive);
    int zoom = 830_000_000;
    for (String audience : List.of("class", "students", "teachers", "all")) {
      meeting(s, Integer.toString(++zoom), host, klass, audience);
      meeting(s, Integer.toString(++zoom), host, null, audience);
    }
    assertThat(admin.active() && otherTeacher.active() && otherStudent.active()).isTrue();
    checkEveryPair(s);
  }

  @Test
  void theBridgesQuestionLeavesNoClaimsOnThePooledConnection() {
    Pool one = io.vertx.pgclient.PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(1))
      .connectingTo(hub.db.connectOptions()).using(hub.vertx).build();
    try {
      UUID user = hub.insertUser("Leak Check", "leak@rules.test", "teacher");
      MeetingAccess.of(one, new Principal(user, "Leak Check", "", "teacher", 0), List.of(UUID.randomUUID())).await();
      Object after = one.query("SELECT current_setting('request.jwt.claims', true) AS c").execute().await()
        .iterator().next().getValue("c");
      assertThat(after == null || after.toString().isEmpty()).as("claims after the question: %s", after).isTrue();
    } finally {
      one.close().await();
    }
  }
}
