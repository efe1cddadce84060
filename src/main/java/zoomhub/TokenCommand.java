package zoomhub;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import zoomhub.access.Jwt;
import zoomhub.config.ConfigKeys;
import zoomhub.config.HubConfig;
import zoomhub.db.Database;
import zoomhub.db.Migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code token --user <email|id> [--ttl 1h]}: prints a signed HS256 token for an active user, for operators and tests. */
final class TokenCommand {
  private static final Pattern TTL = Pattern.compile("(\\d+)\\s*([smhd]?)");

  private TokenCommand() {
  }

  static int run(List<String> args) throws Exception {
    String user = option(args, "--user");
    String ttlText = option(args, "--ttl");
    if (user == null) {
      System.err.println("zoom-hub: token needs --user <email|id>");
      return 2;
    }
    long ttl = ttlText == null ? 3600 : seconds(ttlText);
    if (ttl <= 0) {
      System.err.println("zoom-hub: --ttl must look like 90, 15m, 1h or 7d");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject conf = HubConfig.load(vertx).await();
      DemoSecrets.fillFromFile(conf);
      if (conf.getString(ConfigKeys.JWT_SECRET, "").isBlank()) {
        System.err.println("zoom-hub: token needs HUB_JWT_SECRET (tokens are signed with HS256)");
        return 2;
      }
      UUID id;
      try (Database db = Database.openShared(conf)) {
        Migrations.migrate(db.target());
        id = findActiveUser(db, user);
      }
      if (id == null) {
        System.err.println("zoom-hub: no active user with email or id '" + user + "'");
        return 1;
      }
      System.out.println(Jwt.fromConfig(vertx, conf).issue(id, ttl, conf));
      return 0;
    } finally {
      vertx.close();
    }
  }

  private static UUID findActiveUser(Database db, String emailOrId) throws Exception {
    try (Connection c = DriverManager.getConnection(db.target().jdbcUrl(), db.target().jdbcProperties());
         PreparedStatement st = c.prepareStatement(
           "SELECT id FROM users WHERE is_active AND (id::text = ? OR lower(email) = lower(?))")) {
      st.setString(1, emailOrId);
      st.setString(2, emailOrId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getObject(1, UUID.class) : null;
      }
    }
  }

  static long seconds(String ttl) {
    Matcher m = TTL.matcher(ttl.trim());
    if (!m.matches()) {
      return -1;
    }
    long unit = switch (m.group(2)) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    };
    try {
      long seconds = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      return seconds <= Integer.MAX_VALUE ? seconds : -1; // Jwt.issue takes the lifetime as an int
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }
}
