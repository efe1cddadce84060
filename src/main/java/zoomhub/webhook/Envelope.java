package zoomhub.webhook;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;

/**
 * What the webhook endpoint reads from a verified body before storing it: the event name and the keys the inbox is
 * indexed by. Everything else is read later, by the meeting actor.
 */
public record Envelope(JsonObject body, String event, String zoomMeetingId, String zoomUuid) {

  /** @throws IllegalArgumentException with a message fit for the caller when the body is not a Zoom event */
  public static Envelope parse(byte[] raw) {
    JsonObject body;
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(io.vertx.core.buffer.Buffer.buffer(raw));
      if (!(parsed instanceof JsonObject object)) {
        throw new IllegalArgumentException("body is not a JSON object");
      }
      body = object;
    } catch (DecodeException e) {
      throw new IllegalArgumentException("body is not valid JSON");
    }
    Object event = body.getValue("event");
    if (!(event instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException("body has no \"event\" string");
    }
    JsonObject object = objectOf(body);
    return new Envelope(body, name, object == null ? null : meetingId(object.getValue("id")),
      object == null ? null : textOrNull(object.getValue("uuid")));
  }

  /** {@code payload.object}, or null when the body has none. */
  public static JsonObject objectOf(JsonObject body) {
    Object payload = body.getValue("payload");
    if (payload instanceof JsonObject p && p.getValue("object") instanceof JsonObject o) {
      return o;
    }
    return null;
  }

  /** Zoom sends the meeting id as a JSON string or a number; both become the same digits. */
  public static String meetingId(Object id) {
    if (id instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return textOrNull(id);
  }

  private static String textOrNull(Object value) {
    if (value instanceof String s && !s.isBlank()) {
      return s.trim();
    }
    return null;
  }
}
