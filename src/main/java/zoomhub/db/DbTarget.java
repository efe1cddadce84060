package zoomhub.db;

import io.vertx.pgclient.PgConnectOptions;

import java.util.Properties;

/** Where the hub's database is: one value both for the Vert.x client and for JDBC (Flyway). */
public record DbTarget(String host, int port, String database, String user, String password) {

  /** Reads a {@code postgresql://user:password@host:port/database} URL. */
  public static DbTarget fromUrl(String url) {
    PgConnectOptions o;
    try {
      o = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("db.url is not a postgresql:// URL");
    }
    return new DbTarget(o.getHost(), o.getPort(), o.getDatabase(), o.getUser(), o.getPassword());
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions o = new PgConnectOptions()
      .setHost(host).setPort(port).setDatabase(database).setUser(user)
      .setCachePreparedStatements(true)
      .setReconnectAttempts(0);
    return password == null ? o : o.setPassword(password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public Properties jdbcProperties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  public DbTarget withDatabase(String other) {
    return new DbTarget(host, port, other, user, password);
  }

  /** A description safe for logs: never the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
