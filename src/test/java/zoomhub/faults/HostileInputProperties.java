package zoomhub.faults;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import zoomhub.HubFixture;
import zoomhub.Zoom;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signed webhook bodies that are wrong in every way a generator can think of (wrong types, missing fields, huge
 * strings, deep nesting, bad UTF-8, stray bytes): never a 5xx, never a crash, never a stuck actor, and every stored
 * event that cannot be applied is {@code failed} with its reason.
 */
class HostileInputProperties {
  private static final String ZOOM_ID = "860000001";
  private static final Set<Integer> ALLOWED = Set.of(200, 400, 413);
  private static final AtomicInteger tried = new AtomicInteger();
  private static final AtomicInteger fiveHundreds = new AtomicInteger();
  private static HubFixture hub;

  @BeforeContainer
  static void start() {
    hub = HubFixture.start();
    hub.insertMeeting(ZOOM_ID);
  }

  @AfterContainer
  static void stop() {
    // the actor for the meeting that took every bad body still applies a good one afterwards
    JsonObject good = Zoom.started(ZOOM_ID, "after-the-storm==", "2026-11-02T09:00:00Z");
    assertThat(hub.post(good).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() ->
      hub.count("SELECT count(*) FROM webhook_events WHERE state = 'pending'") == 0);
    // (a generated meeting.deleted may have cancelled the meeting: the occurrence is what shows the actor applied it)
    assertThat(hub.one("SELECT started_at FROM zoom_meeting_instances WHERE zoom_uuid = 'after-the-storm=='")).isNotNull();
    assertThat(hub.count("SELECT count(*) FROM webhook_events WHERE state = 'failed' AND (error IS NULL OR error = '')"))
      .isZero();
    long failed = hub.count("SELECT count(*) FROM webhook_events WHERE state = 'failed'");
    System.out.printf("hostile webhooks: %d inputs tried, %d answered 5xx, %d stored as failed with a reason%n",
      tried.get(), fiveHundreds.get(), failed);
    assertThat(fiveHundreds.get()).isZero();
    hub.close();
  }

  @Property(tries = 250)
  void noBodyMakesTheHubFailOrStall(@ForAll("bodies") byte[] body) {
    tried.incrementAndGet();
    HttpResponse<Buffer> r = hub.post(body, HubFixture.SECRET, System.currentTimeMillis() / 1000);
    if (r.statusCode() >= 500) {
      fiveHundreds.incrementAndGet();
    }
    assertThat(r.statusCode()).as("answer to %s", preview(body)).isIn(ALLOWED);
    assertThat(r.getHeader("Content-Type")).contains("application/json");
  }

  private static String preview(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.oneOf(wrongJson(), rawBytes(), deepNesting(), hugeStrings());
  }

  private static final List<String> EVENTS = List.of("meeting.started", "meeting.ended", "meeting.participant_joined",
    "meeting.participant_left", "meeting.updated", "meeting.deleted", "meeting.sharing_started", "");

  private Arbitrary<Object> anyValue() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
      Arbitraries.integers().map(i -> (Object) i), Arbitraries.doubles().map(d -> (Object) d),
      Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(new JsonArray().add(1).add("x")),
      Arbitraries.just(new JsonObject().put("nested", new JsonObject())), Arbitraries.just("2026-13-45T99:99:99Z"),
      Arbitraries.just("2026-11-02T09:00:00Z"), Arbitraries.just("\u0000"), Arbitraries.just(ZOOM_ID),
      Arbitraries.just(Long.parseLong(ZOOM_ID)));
  }

  /** The right shape with any field replaced, removed or of the wrong type. */
  private Arbitrary<byte[]> wrongJson() {
    Arbitrary<String> field = Arbitraries.of("id", "uuid", "start_time", "end_time", "participant", "topic", "duration",
      "user_name", "join_time", "leave_time", "participant_uuid", "email", "customer_key");
    return net.jqwik.api.Combinators.combine(Arbitraries.of(EVENTS), field.list().ofMaxSize(4), anyValue().list().ofSize(4),
        Arbitraries.of(true, false))
      .as((event, fields, values, remove) -> {
        JsonObject participant = Zoom.participant("p1", "Pat", "pat@x.test").put("join_time", "2026-11-02T09:01:00Z")
          .put("leave_time", "2026-11-02T09:30:00Z");
        JsonObject object = Zoom.meeting(ZOOM_ID, "hostile==").put("participant", participant)
          .put("end_time", "2026-11-02T10:00:00Z");
        for (int i = 0; i < fields.size(); i++) {
          JsonObject target = fields.get(i).startsWith("join") || fields.get(i).startsWith("leave")
            || fields.get(i).equals("user_name") || fields.get(i).startsWith("participant_") || fields.get(i).equals("email")
            || fields.get(i).equals("customer_key") ? participant : object;
          if (remove) {
            target.remove(fields.get(i));
          } else {
            target.put(fields.get(i), values.get(i));
          }
        }
        JsonObject body = Zoom.event(event, object);
        if (event.isEmpty()) {
          body.remove("event");
        }
        return body.encode().getBytes(StandardCharsets.UTF_8);
      });
  }

  private Arbitrary<byte[]> rawBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> {
      byte[] prefixed = new byte[b.length + 2];
      prefixed[0] = '{';
      prefixed[1] = (byte) 0xC3; // a lone UTF-8 lead byte
      System.arraycopy(b, 0, prefixed, 2, b.length);
      return prefixed;
    });
  }

  private Arbitrary<byte[]> deepNesting() {
    return Arbitraries.integers().between(100, 5000).map(depth -> ("{\"event\":\"meeting.started\",\"payload\":"
      + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
  }

  private Arbitrary<byte[]> hugeStrings() {
    return Arbitraries.integers().between(10_000, 300_000).map(n -> Zoom.started(ZOOM_ID, "huge==", "2026-11-02T09:00:00Z")
      .put("padding", "x".repeat(n)).encode().getBytes(StandardCharsets.UTF_8));
  }
}
