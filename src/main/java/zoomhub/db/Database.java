package zoomhub.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.config.ConfigKeys;

import java.io.IOException;
import java.nio.file.Path;

/** The database the hub uses: the one {@code db.url} names, else the embedded one. Opening it is blocking. */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final DbTarget target;
  private final EmbeddedDatabase embedded;

  private Database(DbTarget target, EmbeddedDatabase embedded) {
    this.target = target;
    this.embedded = embedded;
  }

  public static Database open(JsonObject conf) throws IOException {
    String url = conf.getString(ConfigKeys.DB_URL, "");
    if (!url.isBlank()) {
      DbTarget target = DbTarget.fromUrl(url);
      log.info("Database: external PostgreSQL at {}", target);
      return new Database(target, null);
    }
    EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(conf.getString(ConfigKeys.DB_DATA_DIR)));
    return new Database(embedded.target(), embedded);
  }

  /** For short commands: the configured database, or the embedded one a running hub already serves, else a new one. */
  public static Database openShared(JsonObject conf) throws IOException {
    if (conf.getString(ConfigKeys.DB_URL, "").isBlank()) {
      var running = EmbeddedDatabase.running(Path.of(conf.getString(ConfigKeys.DB_DATA_DIR)));
      if (running.isPresent()) {
        return new Database(running.get(), null);
      }
    }
    return open(conf);
  }

  public DbTarget target() {
    return target;
  }

  /**
   * One of the hub's pools, shared by the verticles that ask for the same {@code purpose}: {@code api} (REST),
   * {@code bridge} (the rules for registers), {@code actors} (applying events), {@code ingest} (the webhook inbox). Separate pools keep a
   * burst of one kind of work from making the others wait: Zoom's acknowledgements never queue behind the actors.
   */
  public static Pool pool(Vertx vertx, DbTarget target, int size, String purpose) {
    return pool(vertx, target, size, purpose, 3);
  }

  /** @param waitSeconds how long a query may wait for a free connection before it fails */
  public static Pool pool(Vertx vertx, DbTarget target, int size, String purpose, int waitSeconds) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(100_000).setConnectionTimeout(waitSeconds)
        .setShared(true).setName("zoom-hub " + purpose + " " + target))
      .with(new io.vertx.core.net.NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true))
      .connectingTo(target.connectOptions())
      .using(vertx)
      .build();
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
