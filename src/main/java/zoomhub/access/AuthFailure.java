package zoomhub.access;

/** Why a request or a bridge frame is not authenticated; its message is safe to show (never the token). */
public final class AuthFailure extends RuntimeException {
  private final String type;

  private AuthFailure(String type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public static AuthFailure missing() {
    return new AuthFailure("missing_token", "no bearer token");
  }

  public static AuthFailure invalid(String why) {
    return new AuthFailure("invalid_token", why);
  }

  public static AuthFailure expired() {
    return new AuthFailure("token_expired", "the token has expired");
  }

  public static AuthFailure unknownUser() {
    return new AuthFailure("unknown_user", "the token's user is unknown or inactive");
  }

  /** {@code missing_token}, {@code invalid_token}, {@code token_expired} or {@code unknown_user}. */
  public String type() {
    return type;
  }

  public boolean isExpiry() {
    return "token_expired".equals(type);
  }
}
