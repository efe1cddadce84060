package zoomhub.access;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The user a request acts for, as the database says now (role and activity are never taken from the token). */
public record Principal(UUID id, String name, String email, String role, long tokenExpiresAt) {
  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("name", name).put("email", email).put("role", role);
  }

  /** The transaction setting {@code request.jwt.claims} the SQL rules read. */
  public String claims() {
    return new JsonObject().put("sub", id.toString()).put("role", "authenticated").encode();
  }
}
