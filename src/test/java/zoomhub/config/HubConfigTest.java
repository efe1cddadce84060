package zoomhub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubConfigTest {
  @Test
  void environmentWinsOverTheFileWhichWinsOverDefaults() {
    JsonObject file = new JsonObject().put("http.port", 9000).put("attendance.presentMinutes", 20);
    JsonObject conf = HubConfig.resolve(file, Map.of("HUB_HTTP_PORT", "9100"));
    assertThat(conf.getInteger(ConfigKeys.HTTP_PORT)).isEqualTo(9100);
    assertThat(conf.getInteger(ConfigKeys.ATTENDANCE_PRESENT_MINUTES)).isEqualTo(20);
    assertThat(conf.getString(ConfigKeys.SCHOOL_TIMEZONE)).isEqualTo("UTC");
  }

  @Test
  void webhookSecretsAreACommaSeparatedList() {
    JsonObject conf = HubConfig.resolve(new JsonObject(), Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", "new-one, old-one"));
    assertThat(conf.getJsonArray(ConfigKeys.ZOOM_WEBHOOK_SECRETS)).isEqualTo(new JsonArray().add("new-one").add("old-one"));
  }

  @Test
  void missingSecretsAreNamedByTheirVariables() {
    assertThat(HubConfig.missingForRun(HubConfig.resolve(new JsonObject(), Map.of())))
      .containsExactly("ZOOM_WEBHOOK_SECRET_TOKEN", "HUB_JWT_SECRET (at least 32 bytes) or HUB_JWT_PUBLIC_KEY");
    assertThat(HubConfig.missingForRun(HubConfig.resolve(new JsonObject(),
      Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", "s", "HUB_JWT_SECRET", "too-short"))))
      .singleElement().asString().contains("shorter than 32 bytes");
    assertThat(HubConfig.missingForRun(HubConfig.resolve(new JsonObject(),
      Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", "s", "HUB_JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----")))).isEmpty();
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> HubConfig.resolve(new JsonObject(), Map.of("HUB_HTTP_PORT", "eighty")))
      .isInstanceOf(HubConfig.ConfigException.class).hasMessageContaining("HUB_HTTP_PORT");
    assertThatThrownBy(() -> HubConfig.resolve(new JsonObject(), Map.of("HUB_SCHOOL_TIMEZONE", "Mars/Olympus")))
      .isInstanceOf(HubConfig.ConfigException.class).hasMessageContaining("school.timezone");
  }
}
