package zoomhub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Bearer token to {@link Principal}: the signature and expiry by {@link Jwt}, the user from {@code users}. */
public final class Authenticator {
  private static final String ACTIVE_USER = "SELECT id, name, email, role FROM users WHERE id = $1 AND is_active";

  private final Jwt jwt;
  private final Pool pool;

  public Authenticator(Jwt jwt, Pool pool) {
    this.jwt = jwt;
    this.pool = pool;
  }

  /** @param authorization the header value, {@code Bearer <jwt>} (or null) */
  public Future<Principal> authenticate(String authorization) {
    return jwt.verify(bearer(authorization)).compose(claims ->
      pool.preparedQuery(ACTIVE_USER).execute(Tuple.of(claims.subject())).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(AuthFailure.unknownUser());
        }
        Row r = rows.iterator().next();
        return Future.succeededFuture(new Principal(r.getUUID("id"), r.getString("name"), r.getString("email"),
          r.getString("role"), claims.expiresAt()));
      }));
  }

  public Future<Jwt.Claims> verify(String authorization) {
    return jwt.verify(bearer(authorization));
  }

  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
  }
}
