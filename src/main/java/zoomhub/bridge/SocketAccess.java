package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.access.AuthFailure;
import zoomhub.access.MeetingAccess;
import zoomhub.access.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who a socket acts for and how long its access lasts: adopting a (newer) token, the token's expiry, and the re-check
 * that drops registrations whose access the database says was taken away.
 */
final class SocketAccess {
  private static final Logger log = LoggerFactory.getLogger(SocketAccess.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Map<SockJSSocket, SocketState> sockets;
  private final int maxSocketsPerUser;

  SocketAccess(Vertx vertx, Pool pool, Map<SockJSSocket, SocketState> sockets, int maxSocketsPerUser) {
    this.vertx = vertx;
    this.pool = pool;
    this.sockets = sockets;
    this.maxSocketsPerUser = maxSocketsPerUser;
  }

  /** A socket acts for one user; a newer token for that user replaces the old one (and lifts an expiry). */
  Future<Principal> adopt(SocketState state, SockJSSocket socket, String token, Principal p) {
    if (state.principal != null && !state.principal.id().equals(p.id())) {
      return Future.failedFuture(AuthFailure.invalid("this socket belongs to another user"));
    }
    if (state.principal == null && !UserSockets.claim(p.id(), maxSocketsPerUser)) {
      writeErr(socket, null, 429, "too_many_sockets", "at most " + maxSocketsPerUser + " open sockets per user");
      socket.close(4029, "too many sockets for this user");
      return Future.failedFuture(AuthFailure.invalid("too many sockets for this user"));
    }
    boolean wasExpired = state.expired;
    state.principal = p;
    state.token = token;
    state.expired = false;
    if (state.expiryTimer >= 0) {
      vertx.cancelTimer(state.expiryTimer);
    }
    long delay = Math.max(1, p.tokenExpiresAt() * 1000 - System.currentTimeMillis());
    state.expiryTimer = vertx.setTimer(delay, t -> expire(socket, state));
    if (wasExpired) {
      recheck(socket, state);
    }
    return Future.succeededFuture(p);
  }

  private void expire(SockJSSocket socket, SocketState state) {
    state.expired = true;
    state.expiryTimer = -1;
    state.access.clear();
    for (String address : state.registered.keySet()) {
      writeErr(socket, address, 401, "token_expired", "the token has expired; send a newer one");
    }
  }

  /** A notice from {@code AccessWatcher}: re-asks the rules for the sockets it may concern. */
  void changed(JsonObject notice) {
    String kind = notice.getString("kind", "");
    UUID id;
    try {
      id = "all".equals(kind) ? null : UUID.fromString(notice.getString("id", ""));
    } catch (IllegalArgumentException e) {
      return;
    }
    sockets.forEach((socket, state) -> {
      if (state.principal == null || state.registered.isEmpty() && state.access.isEmpty()) {
        return;
      }
      boolean affected = switch (kind) {
        case "user" -> state.principal.id().equals(id);
        case "meeting" -> state.access.containsKey(id);
        default -> true;
      };
      if (affected) {
        if ("meeting".equals(kind)) {
          state.access.remove(id);
        } else {
          state.access.clear();
        }
        recheck(socket, state);
      }
    });
  }

  /** Asks the rules again for every meeting the socket registered; drops what is no longer allowed, with the err frame. */
  private void recheck(SockJSSocket socket, SocketState state) {
    List<UUID> meetings = new ArrayList<>(state.registered.values().stream().map(BridgeAddress::meetingId).distinct().toList());
    if (meetings.isEmpty() || state.principal == null) {
      return;
    }
    MeetingAccess.of(pool, state.principal, meetings).onSuccess(answers -> {
      meetings.forEach(m -> state.access.put(m, answers.getOrDefault(m, MeetingAccess.NONE)));
      state.registered.forEach((address, target) -> {
        if (!state.allows(target)) {
          if (state.revoked.add(address)) {
            writeErr(socket, address, 403, "access_denied", "access to " + address + " was withdrawn");
          }
        } else {
          state.revoked.remove(address);
        }
      });
    }).onFailure(err -> {
      // fail closed: nothing is delivered until the rules can be asked again
      log.warn("Could not re-check a socket's access ({}); pausing its deliveries", err.toString());
      state.revoked.addAll(state.registered.keySet());
      vertx.setTimer(1_000, t -> {
        if (sockets.get(socket) == state) { // not for a socket closed meanwhile
          recheck(socket, state);
        }
      });
    });
  }

  static void writeErr(SockJSSocket socket, String address, int code, String type, String message) {
    socket.write(Buffer.buffer(new JsonObject().put("type", "err").put("address", address).put("failureCode", code)
      .put("failureType", type).put("message", message).encode()));
  }
}
