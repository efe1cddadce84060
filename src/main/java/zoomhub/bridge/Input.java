package zoomhub.bridge;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/** Reads and checks one JSON request body field by field; every refusal names the field (a 422). */
final class Input {
  private final JsonObject body;

  Input(JsonObject body, Set<String> allowed) {
    this.body = body;
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        throw ApiError.invalid(field, "is not a field of this request");
      }
    }
  }

  boolean has(String field) {
    return body.containsKey(field);
  }

  String text(String field, int maxLength, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiError.invalid(field, "must be a string");
    }
    String t = s.strip();
    if (required && t.isEmpty()) {
      throw ApiError.invalid(field, "must not be empty");
    }
    if (t.length() > maxLength) {
      throw ApiError.invalid(field, "must be at most " + maxLength + " characters");
    }
    return t;
  }

  String oneOf(String field, Set<String> values, boolean required) {
    String v = text(field, 40, required);
    if (v != null && !values.contains(v)) {
      throw ApiError.invalid(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(values)));
    }
    return v;
  }

  UUID uuid(String field, boolean required) {
    String v = text(field, 36, required);
    if (v == null) {
      return null;
    }
    try {
      return UUID.fromString(v);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, "must be an id (uuid)");
    }
  }

  Integer integer(String field, int min, int max) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
      throw ApiError.invalid(field, "must be a whole number from " + min + " to " + max);
    }
    return ((Number) v).intValue();
  }

  Boolean bool(String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean b)) {
      throw ApiError.invalid(field, "must be true or false");
    }
    return b;
  }

  OffsetDateTime time(String field) {
    String v = text(field, 40, false);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(field, "must be an ISO-8601 time with an offset, e.g. 2026-11-02T09:00:00Z");
    }
  }

  String zone(String field) {
    String v = text(field, 64, false);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return ZoneId.of(v).getId();
    } catch (DateTimeException e) {
      throw ApiError.invalid(field, "must be a time zone such as Europe/Paris");
    }
  }

  String url(String field) {
    String v = text(field, 2000, false);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      URI u = URI.create(v);
      if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, "must be an http(s) URL");
    }
    return v;
  }

  /** A Zoom meeting id: digits, given as a string (spaces allowed, as Zoom prints them) or a number. */
  String zoomMeetingId(String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    String digits = (v instanceof Number n ? n.toString() : v.toString()).replaceAll("[\\s-]", "");
    if (!digits.matches("\\d{1,20}")) {
      throw ApiError.invalid(field, "must be the Zoom meeting's numeric id");
    }
    return digits;
  }

  JsonObject object(String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw ApiError.invalid(field, "must be a JSON object");
    }
    return o;
  }
}
