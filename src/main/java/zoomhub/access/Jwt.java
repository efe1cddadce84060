package zoomhub.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import zoomhub.config.ConfigKeys;

import java.util.UUID;

/**
 * Browser tokens (SPEC section 5): HS256 with {@code jwt.secret} or RS256 with {@code jwt.publicKey}; {@code exp}
 * required and enforced; {@code iss}/{@code aud} when configured. Only who the token names is taken from it; the
 * role and whether the user is active are read from the database.
 */
public final class Jwt {
  /** A verified token: its subject and when it stops being valid (epoch seconds). */
  public record Claims(UUID subject, long expiresAt) {
  }

  private final JWTAuth auth;
  private final boolean canSign;

  private Jwt(JWTAuth auth, boolean canSign) {
    this.auth = auth;
    this.canSign = canSign;
  }

  public static Jwt fromConfig(Vertx vertx, JsonObject conf) {
    // expiry is checked in verify(), to tell "expired" apart from "invalid"
    JWTOptions options = withIssuerAndAudience(new JWTOptions().setIgnoreExpiration(true), conf);
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options);
    String publicKey = conf.getString(ConfigKeys.JWT_PUBLIC_KEY, "");
    String secret = conf.getString(ConfigKeys.JWT_SECRET, "");
    if (!secret.isBlank()) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
    }
    if (!publicKey.isBlank()) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(publicKey));
    }
    if (secret.isBlank() && publicKey.isBlank()) {
      // no key configured (a webhook-only deployment or test): a random one, so that no token ever verifies
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(UUID.randomUUID() + "" + UUID.randomUUID()));
    }
    return new Jwt(JWTAuth.create(vertx, auth), !secret.isBlank());
  }

  /** Fails with {@link AuthFailure}: {@code token_expired} for an expired token, {@code invalid_token} otherwise. */
  public Future<Claims> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(AuthFailure.missing());
    }
    return auth.authenticate(new TokenCredentials(token))
      .recover(err -> Future.failedFuture(AuthFailure.invalid("the token is not valid")))
      .compose(user -> {
        Object exp = user.attributes().getValue("exp");
        String sub = user.principal().getString("sub");
        if (!(exp instanceof Number expires)) {
          return Future.failedFuture(AuthFailure.invalid("the token has no exp"));
        }
        if (expires.longValue() <= System.currentTimeMillis() / 1000) {
          return Future.failedFuture(AuthFailure.expired());
        }
        UUID subject;
        try {
          subject = UUID.fromString(sub);
        } catch (RuntimeException e) {
          return Future.failedFuture(AuthFailure.invalid("the token's sub is not a user id"));
        }
        return Future.succeededFuture(new Claims(subject, expires.longValue()));
      });
  }

  /** An HS256 token for a user, valid for {@code ttlSeconds} (the {@code token} command and tests). */
  public String issue(UUID userId, long ttlSeconds, JsonObject conf) {
    if (!canSign) {
      throw new IllegalStateException("tokens can be issued only with jwt.secret (HS256)");
    }
    JWTOptions options = withIssuerAndAudience(new JWTOptions().setAlgorithm("HS256")
      .setExpiresInSeconds((int) ttlSeconds).setSubject(userId.toString()), conf);
    return auth.generateToken(new JsonObject(), options);
  }

  private static JWTOptions withIssuerAndAudience(JWTOptions options, JsonObject conf) {
    String issuer = conf.getString(ConfigKeys.JWT_ISSUER, "");
    String audience = conf.getString(ConfigKeys.JWT_AUDIENCE, "");
    if (!issuer.isBlank()) {
      options.setIssuer(issuer);
    }
    if (!audience.isBlank()) {
      options.addAudience(audience);
    }
    return options;
  }
}
