package zoomhub.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Runs user-facing SQL in one transaction as the restricted role with the user's claims set, so that PostgreSQL's
 * row-level security (SPEC section 5) decides what the user sees and changes.
 */
public final class AsUser {
  static final String ROLE = "zoomhub_user";
  private static final String ENTER = """
    SELECT set_config('role', 'zoomhub_user', true), set_config('request.jwt.claims', $1, true)""";

  private AsUser() {
  }

  public static <T> Future<T> run(Pool pool, Principal user, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery(ENTER).execute(Tuple.of(user.claims()))
      .compose(r -> work.apply(conn)));
  }
}
