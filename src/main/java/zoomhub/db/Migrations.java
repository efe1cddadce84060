package zoomhub.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema up to date with Flyway. Blocking: run it before the verticles deploy. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static MigrateResult migrate(DbTarget target) {
    Flyway flyway = Flyway.configure()
      .dataSource(target.jdbcUrl(), target.user(), target.password())
      .locations("classpath:db/migration")
      // a school's existing database (users, classes, attendance_records) has no history table yet:
      // baseline below V1 so that V1 still runs and adds only what is missing
      .baselineOnMigrate(true)
      .baselineVersion("0")
      .connectRetries(5)
      .load();
    MigrateResult result = flyway.migrate();
    log.info("Database schema at version {} ({} migration(s) applied)",
      result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
      result.migrationsExecuted);
    return result;
  }
}
