package zoomhub;

/** Lets tests in other packages reach {@link TokenCommand}'s duration reading. */
public final class TokenCommandAccess {
  private TokenCommandAccess() {
  }

  public static long seconds(String ttl) {
    return TokenCommand.seconds(ttl);
  }
}
