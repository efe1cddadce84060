package zoomhub.access;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zoomhub.HubFixture;
import zoomhub.config.ConfigKeys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC sections 5 and 7: who a request is for comes from a verified token's {@code sub}; everything else from the database. */
class AuthenticationTest {
  private static HubFixture hub;
  private static UUID student;
  private static UUID hiddenMeeting;

  @BeforeAll
  static void start() {
    hub = HubFixture.start();
    student = hub.insertUser("Sam Student", "sam@school.test", "student");
    UUID teacher = hub.insertUser("Tia Teacher", "tia@school.test", "teacher");
    hiddenMeeting = hub.insertMeeting("700100200", teacher, null, "teachers");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void everyBadCredentialIsA401WithErrorAndMessage() {
    UUID inactive = hub.insertUser("Ina Inactive", "ina@school.test", "teacher");
    hub.update("UPDATE users SET is_active = false WHERE id = ?", inactive);
    long now = System.currentTimeMillis() / 1000;
    String goodToken = hub.token(student);

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("no Authorization header", null);
    headers.put("an empty header", "");
    headers.put("Bearer with no token", "Bearer ");
    headers.put("another scheme", "Basic " + Base64.getEncoder().encodeToString("sam:pw".getBytes(StandardCharsets.UTF_8)));
    headers.put("the token without its scheme", goodToken);
    headers.put("not a JWT", "Bearer not-a-jwt");
    headers.put("a JWT with a broken signature", "Bearer " + goodToken.substring(0, goodToken.length() - 4) + "AAAA");
    headers.put("signed with another key", bearer(sign("another-secret-another-secret-00", claims(student, now + 600))));
    headers.put("expired", bearer(sign(ownSecret(), claims(student, now - 60))));
    headers.put("without exp", bearer(sign(ownSecret(), new JsonObject().put("sub", student.toString()))));
    headers.put("alg none", bearer(unsigned(claims(student, now + 600))));
    headers.put("sub not a user id", bearer(sign(ownSecret(), new JsonObject().put("sub", "sam@school.test").put("exp", now + 600))));
    headers.put("sub unknown", bearer(hub.token(UUID.randomUUID())));
    headers.put("sub inactive", bearer(hub.token(inactive)));

    for (Map.Entry<String, String> e : headers.entrySet()) {
      for (String path : List.of("/api/me", "/api/meetings", "/api/meetings/" + hiddenMeeting)) {
        HttpResponse<Buffer> r = hub.apiWithHeader(HttpMethod.GET, path, e.getValue(), null);
        assertThat(r.statusCode()).as("GET %s with %s", path, e.getKey()).isEqualTo(401);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.fieldNames()).as("body for %s", e.getKey()).containsExactlyInAnyOrder("error", "message");
        assertThat(body.getString("message")).isNotBlank();
        if (e.getValue() != null && e.getValue().length() > 20) {
          assertThat(r.bodyAsString()).as("the answer never echoes the token").doesNotContain(e.getValue().substring(7));
        }
      }
    }
    assertThat(hub.apiWithHeader(HttpMethod.GET, "/api/me", "Bearer " + goodToken, null).statusCode())
      .as("the same request with a good token").isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsToldApartFromAnInvalidOne() {
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<Buffer> expired = hub.apiWithHeader(HttpMethod.GET, "/api/me",
      bearer(sign(ownSecret(), claims(student, now - 1))), null);
    HttpResponse<Buffer> forged = hub.apiWithHeader(HttpMethod.GET, "/api/me",
      bearer(sign("another-secret-another-secret-00", claims(student, now + 600))), null);

    assertThat(expired.bodyAsJsonObject().getString("error")).isEqualTo("token_expired");
    assertThat(forged.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
  }

  @Test
  void aRoleClaimInTheTokenIsIgnoredTheDatabaseSaysStudent() {
    long now = System.currentTimeMillis() / 1000;
    String token = sign(ownSecret(), claims(student, now + 600).put("role", "admin").put("is_active", true));

    JsonObject me = hub.api(HttpMethod.GET, "/api/me", token, null).bodyAsJsonObject();
    assertThat(me.getString("role")).isEqualTo("student");
    assertThat(hub.api(HttpMethod.GET, "/api/meetings/" + hiddenMeeting, token, null).statusCode())
      .as("a 'teachers' meeting stays hidden from a student claiming admin").isEqualTo(404);
    assertThat(hub.api(HttpMethod.POST, "/api/users", token,
      new JsonObject().put("name", "Mallory").put("email", "mallory@school.test").put("role", "admin")).statusCode())
      .as("creating a user").isEqualTo(403);
    assertThat(hub.count("SELECT count(*) FROM users WHERE email = 'mallory@school.test'")).isZero();
  }

  @Test
  void roleAndActivityAreReadOnEveryRequestNotWhenTheTokenWasIssued() {
    UUID user = hub.insertUser("Rita Changing", "rita@school.test", "teacher");
    String token = hub.token(user);
    assertThat(hub.api(HttpMethod.GET, "/api/meetings/" + hiddenMeeting, token, null).statusCode()).isEqualTo(200);

    hub.update("UPDATE users SET role = 'student', name = 'Rita Renamed' WHERE id = ?", user);
    JsonObject me = hub.api(HttpMethod.GET, "/api/me", token, null).bodyAsJsonObject();
    assertThat(me.getString("role")).isEqualTo("student");
    assertThat(me.getString("name")).isEqualTo("Rita Renamed");
    assertThat(hub.api(HttpMethod.GET, "/api/meetings/" + hiddenMeeting, token, null).statusCode()).isEqualTo(404);

    hub.update("UPDATE users SET is_active = false WHERE id = ?", user);
    assertThat(hub.api(HttpMethod.GET, "/api/me", token, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aConfiguredIssuerAndAudienceAreRequired() {
    try (HubFixture strict = HubFixture.start(new JsonObject()
      .put(ConfigKeys.JWT_ISSUER, "https://sso.school.test").put(ConfigKeys.JWT_AUDIENCE, "zoom-hub"))) {
      UUID user = strict.insertUser("Sam Student", "sam@school.test", "student");
      long exp = System.currentTimeMillis() / 1000 + 600;
      JsonObject right = claims(user, exp).put("iss", "https://sso.school.test").put("aud", "zoom-hub");

      assertThat(strict.api(HttpMethod.GET, "/api/me", strict.token(user), null).statusCode())
        .as("the hub's own token carries both").isEqualTo(200);
      assertThat(strict.api(HttpMethod.GET, "/api/me", sign(ownSecret(), right), null).statusCode()).isEqualTo(200);
      assertThat(strict.api(HttpMethod.GET, "/api/me", sign(ownSecret(), claims(user, exp)), null).statusCode())
        .as("neither").isEqualTo(401);
      assertThat(strict.api(HttpMethod.GET, "/api/me", sign(ownSecret(), right.copy().put("iss", "https://evil.test")), null)
        .statusCode()).as("another issuer").isEqualTo(401);
      assertThat(strict.api(HttpMethod.GET, "/api/me", sign(ownSecret(), right.copy().put("aud", "another-app")), null)
        .statusCode()).as("another audience").isEqualTo(401);
    }
  }

  // ---- tokens the hub did not issue --------------------------------------------------------------------------------

  private static String ownSecret() {
    return hub.conf.getString(ConfigKeys.JWT_SECRET);
  }

  private static JsonObject claims(UUID sub, long exp) {
    return new JsonObject().put("sub", sub.toString()).put("exp", exp);
  }

  private static String sign(String secret, JsonObject claims) {
    JWTAuth auth = JWTAuth.create(hub.vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  private static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
      + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }
}
