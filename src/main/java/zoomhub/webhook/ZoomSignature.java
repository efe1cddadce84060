package zoomhub.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Zoom's webhook signature: {@code v0=} + hex HMAC-SHA256(secret, {@code v0:<timestamp>:<raw body>}). */
public final class ZoomSignature {
  private static final HexFormat HEX = HexFormat.of();

  private ZoomSignature() {
  }

  /** The {@code x-zm-signature} value Zoom sends for this timestamp header and raw body. */
  public static String sign(String secret, String timestamp, byte[] rawBody) {
    Mac mac = mac(secret);
    mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
    return "v0=" + HEX.formatHex(mac.doFinal(rawBody));
  }

  /**
   * The secret among {@code secrets} that produced {@code signature}, compared in constant time; empty if none did
   * (or the header is missing).
   */
  public static Optional<String> verifyingSecret(List<String> secrets, String timestamp, byte[] rawBody, String signature) {
    if (signature == null || timestamp == null) {
      return Optional.empty();
    }
    byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (String secret : secrets) {
      byte[] expected = sign(secret, timestamp, rawBody).getBytes(StandardCharsets.UTF_8);
      // no early exit: every configured secret is tried, so timing does not tell which one matched
      if (MessageDigest.isEqual(expected, given) && match == null) {
        match = secret;
      }
    }
    return Optional.ofNullable(match);
  }

  /** The {@code encryptedToken} of an {@code endpoint.url_validation} answer: hex HMAC-SHA256(secret, plainToken). */
  public static String encryptedToken(String secret, String plainToken) {
    return HEX.formatHex(mac(secret).doFinal(plainToken.getBytes(StandardCharsets.UTF_8)));
  }

  /** Hex SHA-256 of the raw body: the inbox's duplicate key. */
  public static String sha256(byte[] rawBody) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(rawBody));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Mac mac(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
