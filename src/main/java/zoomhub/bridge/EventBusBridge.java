package zoomhub.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zoomhub.Addresses;
import zoomhub.Metrics;
import zoomhub.access.AuthFailure;
import zoomhub.access.Authenticator;
import zoomhub.access.MeetingAccess;
import zoomhub.access.Principal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SockJS event-bus bridge at {@code /eventbus} (SPEC section 6). Every register and send frame is authenticated
 * from its own {@code Authorization} header and authorized by the SQL rules; the answers are cached per socket and
 * re-asked when the database reports an access change; delivery only reads that cache.
 */
public final class EventBusBridge {
  private static final Logger log = LoggerFactory.getLogger(EventBusBridge.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Authenticator authenticator;
  private final List<String> allowedOrigins;
  private final SocketAccess access;
  private static final java.util.concurrent.atomic.AtomicLong OPEN_SOCKETS = new java.util.concurrent.atomic.AtomicLong();
  private final Map<SockJSSocket, SocketState> sockets = new HashMap<>();
  private final io.micrometer.core.instrument.Counter deliveries = Metrics.counter("zoomhub.bridge.deliveries");
  /** Messages not sent to a socket whose write queue was full (the client sees a seq gap and resyncs). */
  private final io.micrometer.core.instrument.Counter heldBack = Metrics.counter("zoomhub.bridge.held.back");
  /** From a register frame's arrival to the bridge's decision: token, user and the SQL rules (granted or refused). */
  private final io.micrometer.core.instrument.Timer registerTime = Metrics.timer("zoomhub.bridge.register");

  public EventBusBridge(Vertx vertx, Pool pool, Authenticator authenticator, List<String> allowedOrigins,
                        int maxSocketsPerUser) {
    this.vertx = vertx;
    this.access = new SocketAccess(vertx, pool, sockets, maxSocketsPerUser);
    this.pool = pool;
    this.authenticator = authenticator;
    this.allowedOrigins = List.copyOf(allowedOrigins);
  }

  public Future<Void> mount(Router router) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(BridgeAddress.OUTBOUND_REGEX))
      .addInboundPermitted(new PermittedOptions().setAddress(Addresses.SNAPSHOT))
      .setMaxHandlersPerSocket(SocketState.MAX_REGISTRATIONS + 8) // room for pending snapshot replies
      .setMaxAddressLength(100)
      .setPingTimeout(30_000)
      .setReplyTimeout(10_000);
    Metrics.gauge("zoomhub.bridge.sockets", OPEN_SOCKETS::get);
    router.route("/eventbus/*").handler(ctx -> {
      if (Origins.allowed(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"), allowedOrigins)) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "forbidden").put("message", "origin not allowed").encode());
      }
    });
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, new SockJSHandlerOptions())
      .bridge(options, this::onEvent));
    return Future.join(
        vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_CHANGED, m -> access.changed(m.body())).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.SNAPSHOT, new Snapshots(pool)::answer).completion())
      .mapEmpty();
  }

  /** Shutdown: every socket is told why it closes (browsers reconnect with backoff). */
  public void closeAll(int code, String reason) {
    List.copyOf(sockets.keySet()).forEach(s -> s.close(code, reason));
  }

  private void onEvent(BridgeEvent be) {
    SockJSSocket socket = be.socket();
    BridgeEventType type = be.type();
    switch (type) {
      case SOCKET_CREATED -> {
        sockets.put(socket, new SocketState());
        OPEN_SOCKETS.incrementAndGet();
        be.complete(true);
      }
      case SOCKET_CLOSED -> {
        OPEN_SOCKETS.decrementAndGet();
        SocketState state = sockets.remove(socket);
        if (state != null && state.expiryTimer >= 0) {
          vertx.cancelTimer(state.expiryTimer);
        }
        if (state != null && state.principal != null) {
          UserSockets.release(state.principal.id());
        }
        be.complete(true);
      }
      case RECEIVE -> {
        SocketState state = sockets.get(socket);
        if (state != null && socket.writeQueueFull()) {
          // a reader this far behind is sent nothing more (its next message shows a seq gap, and it resyncs);
          // one that stays behind is closed, so the hub never holds its messages without bound
          long now = System.nanoTime();
          if (state.fullSince == 0) {
            state.fullSince = now;
          } else if (now - state.fullSince > SocketState.SLOW_READER_NANOS) {
            log.warn("Closing a bridge socket that stopped reading (user {})",
              state.principal == null ? "-" : state.principal.id());
            socket.close(4008, "too slow: the socket stopped reading");
          }
          heldBack.increment();
          be.complete(false);
          return;
        }
        if (state != null) {
          state.fullSince = 0;
        }
        boolean deliver = state != null && state.deliverable(be.getRawMessage().getString("address"));
        if (deliver) {
          deliveries.increment();
        }
        be.complete(deliver);
      }
      case SOCKET_PING -> {
        SocketState state = sockets.get(socket);
        be.complete(state != null && state.takeFrame());
      }
      case REGISTER -> register(be);
      case SEND -> send(be);
      case UNREGISTER -> {
        SocketState state = sockets.get(socket);
        if (state != null) {
          String address = be.getRawMessage().getString("address");
          state.registered.remove(address);
          state.revoked.remove(address);
        }
        be.complete(true);
      }
      case PUBLISH -> refuse(be, be.getRawMessage().getString("address"), AuthFailure.invalid("publishing is not allowed"));
      default -> be.complete(true);
    }
  }

  private void register(BridgeEvent be) {
    SocketState state = sockets.get(be.socket());
    String address = be.getRawMessage().getString("address");
    BridgeAddress target = BridgeAddress.parse(address);
    if (!admitted(state, be, address)) {
      return;
    }
    if (target == null || target.kind() == BridgeAddress.Kind.SNAPSHOT) {
      refuse(be, address, null);
      return;
    }
    if (state.registered.size() + state.pendingRegistrations >= SocketState.MAX_REGISTRATIONS
      && !state.registered.containsKey(address)) {
      deny(be, address, 429, "too_many_registrations", "at most " + SocketState.MAX_REGISTRATIONS + " per socket");
      return;
    }
    state.pendingRegistrations++;
    long started = System.nanoTime();
    authorize(state, be, target).andThen(done -> {
      state.pendingRegistrations--;
      registerTime.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }).onSuccess(allowed -> {
      if (allowed) {
        state.registered.put(address, target);
        Metrics.count("zoomhub.bridge.registrations");
        state.revoked.remove(address);
        be.complete(true);
      } else {
        refuse(be, address, null);
      }
    }).onFailure(err -> refuse(be, address, err));
  }

  /** Only {@code meetings.<id>.snapshot}, for whoever may view the meeting; forwarded with the decision attached. */
  private void send(BridgeEvent be) {
    SocketState state = sockets.get(be.socket());
    JsonObject raw = be.getRawMessage();
    String address = raw.getString("address");
    BridgeAddress target = BridgeAddress.parse(address);
    if (!admitted(state, be, address)) {
      return;
    }
    if (target == null || target.kind() != BridgeAddress.Kind.SNAPSHOT) {
      refuse(be, address, null);
      return;
    }
    authorize(state, be, target).onSuccess(allowed -> {
      if (!allowed) {
        refuse(be, address, null);
        return;
      }
      MeetingAccess access = state.access.get(target.meetingId());
      raw.put("address", Addresses.SNAPSHOT);
      raw.put("headers", new JsonObject() // the client's headers (and its token) go no further
        .put(Snapshots.MEETING, target.meetingId().toString())
        .put(Snapshots.PARTICIPANTS, Boolean.toString(access.participants()))
        .put(Snapshots.MANAGE, Boolean.toString(access.manage())));
      String replyAddress = raw.getString("replyAddress");
      if (replyAddress != null) {
        state.awaitingReplies.add(replyAddress);
      }
      be.complete(true);
    }).onFailure(err -> refuse(be, address, err));
  }

  /** The socket's inbound rate: a frame over it is refused with a 429 err frame for its address. */
  private boolean admitted(SocketState state, BridgeEvent be, String address) {
    if (state == null) {
      be.complete(false);
      return false;
    }
    if (!state.takeFrame()) {
      deny(be, address, 429, "rate_limited", "too many frames on this socket; slow down");
      return false;
    }
    return true;
  }

  /** Authenticates the frame's token (one user per socket) and asks the rules, once per meeting, for that user. */
  private Future<Boolean> authorize(SocketState state, BridgeEvent be, BridgeAddress target) {
    String authorization = header(be.getRawMessage(), "Authorization");
    String token = authorization == null ? null : authorization.trim();
    Future<Principal> who;
    if (token != null && token.equals(state.token) && !state.expired) {
      who = Future.succeededFuture(state.principal);
    } else if (token != null && token.equals(state.checkingToken)) {
      who = state.checking;
    } else {
      Future<Principal> checking = authenticator.authenticate(token).compose(p -> access.adopt(state, be.socket(), token, p));
      state.checkingToken = token;
      state.checking = checking;
      who = checking.andThen(r -> {
        if (state.checking == checking) {
          state.checking = null;
          state.checkingToken = null;
        }
      });
    }
    return who.compose(p -> {
      UUID meetingId = target.meetingId();
      if (state.access.containsKey(meetingId)) {
        return Future.succeededFuture(state.allows(target));
      }
      Future<MeetingAccess> asked = state.asking.get(meetingId);
      if (asked == null) {
        asked = MeetingAccess.of(pool, p, meetingId).andThen(r -> {
          state.asking.remove(meetingId);
          if (r.succeeded()) {
            state.access.put(meetingId, r.result());
          }
        });
        state.asking.put(meetingId, asked);
      }
      return asked.map(a -> state.allows(target));
    });
  }

  private void refuse(BridgeEvent be, String address, Throwable why) {
    if (why instanceof AuthFailure auth && auth.isExpiry()) {
      deny(be, address, 401, "token_expired", "the token has expired");
    } else if (why == null || why instanceof AuthFailure) {
      deny(be, address, 403, "access_denied", why == null ? "not allowed: " + address : why.getMessage());
    } else {
      log.warn("Bridge authorization for {} failed: {}", address, why.toString());
      deny(be, address, 403, "access_denied", "access could not be checked; try again");
    }
  }

  private void deny(BridgeEvent be, String address, int code, String type, String message) {
    Metrics.count("zoomhub.bridge.refusals", "reason", type);
    SocketAccess.writeErr(be.socket(), address, code, type, message);
    be.complete(false);
  }


  private static String header(JsonObject raw, String name) {
    if (!(raw.getValue("headers") instanceof JsonObject headers)) {
      return null;
    }
    for (String key : headers.fieldNames()) {
      if (key.equalsIgnoreCase(name) && headers.getValue(key) instanceof String v) {
        return v;
      }
    }
    return null;
  }
}
