package zoomhub.access;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a request is (SPEC sections 5 and 7): only a valid, unexpired token of an active user gets in. */
class RestAuthenticationTest {
  private static HubFixture hub;
  private static WebClient web;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
    web = WebClient.create(hub.vertx);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static HttpResponse<Buffer> me(String authorization) {
    var request = web.get(hub.port, "localhost", "/api/me");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await();
  }

  private static String sign(String secret, JsonObject claims) {
    return JWTAuth.create(hub.vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
      .setBuffer(secret))).generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }

  private static long in(long seconds) {
    return System.currentTimeMillis() / 1000 + seconds;
  }

  @Test
  void everythingButAValidTokenOfAnActiveUserIs401() {
    UUID student = hub.insertUser("Sol", "sol@auth.test", "student");
    UUID gone = hub.insertUser("Gil", "gil@auth.test", "teacher");
    hub.update("UPDATE users SET is_active = false WHERE id = ?", gone);
    String secret = hub.conf.getString("jwt.secret");
    String[] refused = {
      null,
      "Basic c29sOnNvbA==",
      "Bearer not.a.jwt",
      "Bearer " + sign("another-secret-another-secret-another", new JsonObject().put("sub", student.toString()).put("exp", in(600))),
      "Bearer " + sign(secret, new JsonObject().put("sub", student.toString()).put("exp", in(-5))),
      "Bearer " + sign(secret, new JsonObject().put("sub", student.toString())),
      "Bearer " + sign(secret, new JsonObject().put("sub", UUID.randomUUID().toString()).put("exp", in(600))),
      "Bearer " + sign(secret, new JsonObject().put("sub", "sol@auth.test").put("exp", in(600))),
      "Bearer " + sign(secret, new JsonObject().put("sub", gone.toString()).put("exp", in(600)))};
    for (String authorization : refused) {
      HttpResponse<Buffer> r = me(authorization);
      assertThat(r.statusCode()).as("%s", authorization).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("error")).as("%s", authorization).isNotBlank();
      assertThat(r.bodyAsJsonObject().getString("message")).as("%s", authorization).isNotBlank();
    }
    assertThat(me("Bearer " + sign(secret, new JsonObject().put("sub", student.toString()).put("exp", in(-5))))
      .bodyAsJsonObject().getString("error")).isEqualTo("token_expired");
  }

  @Test
  void theRoleComesFromTheDatabaseNotFromTheToken() {
    UUID student = hub.insertUser("Rae", "rae@auth.test", "student");
    String token = sign(hub.conf.getString("jwt.secret"),
      new JsonObject().put("sub", student.toString()).put("role", "admin").put("exp", in(600)));
    JsonObject me = me("Bearer " + token).bodyAsJsonObject();
    assertThat(me).isEqualTo(new JsonObject().put("id", student.toString()).put("name", "Rae")
      .put("email", "rae@auth.test").put("role", "student"));
    var create = web.post(hub.port, "localhost", "/api/users").putHeader("Authorization", "Bearer " + token)
      .sendJsonObject(new JsonObject().put("name", "X").put("email", "x@auth.test").put("role", "admin")).await();
    assertThat(create.statusCode()).isEqualTo(403);
  }

  @Test
  void theTokenCommandReadsDurations() {
    assertThat(zoomhub.TokenCommandAccess.seconds("90")).isEqualTo(90);
    assertThat(zoomhub.TokenCommandAccess.seconds("15m")).isEqualTo(900);
    assertThat(zoomhub.TokenCommandAccess.seconds("1h")).isEqualTo(3600);
    assertThat(zoomhub.TokenCommandAccess.seconds("7d")).isEqualTo(7 * 86400);
    assertThat(zoomhub.TokenCommandAccess.seconds("soon")).isEqualTo(-1);
  }
}
