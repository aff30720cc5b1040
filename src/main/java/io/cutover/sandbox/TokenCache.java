package io.cutover.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * kube-apiserver's cache of token authentications ({@code k8s.io/apiserver/pkg/authentication/token/cache}), with its
 * defaults ({@code --authentication-token-...}: {@code TokenSuccessCacheTTL} 10 s, {@code TokenFailureCacheTTL} 0):
 * a token that authenticated for some audiences keeps authenticating for them, with the answer it got, for
 * {@link #SUCCESS_TTL} — even after its ServiceAccount, Secret or bound object is deleted. Failures are not cached.
 *
 * <p>As Kubernetes keys it, the key is an HMAC-SHA256 under a random per-cache key of the length-prefixed token and
 * audiences: no token is held, and keys cannot be precomputed. Expired entries are dropped as new ones are stored
 * (the TTL is one for all, so they expire in insertion order).
 */
final class TokenCache<V> {

  /** The operator states its revocation horizon with the same constant. */
  static final Duration SUCCESS_TTL = io.cutover.trust.RevocationHorizons.TOKEN_CACHE_TTL;

  private final Clock clock;
  private final Duration ttl;
  private final SecretKeySpec hmacKey;
  private final Map<String, Entry<V>> entries = new LinkedHashMap<>();

  TokenCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.hmacKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The cached answer for this token and these audiences, if one is stored and unexpired. */
  synchronized Optional<V> get(String token, List<String> audiences) {
    String key = key(token, audiences);
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(String token, List<String> audiences, V value) {
    Instant now = clock.instant();
    for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext();) {
      if (now.isBefore(it.next().expires())) {
        break;
      }
      it.remove();
    }
    String key = key(token, audiences);
    entries.remove(key);
    entries.put(key, new Entry<>(value, now.plus(ttl)));
  }

  synchronized int size() {
    return entries.size();
  }

  /** The keys as stored: for tests that check no token is held. */
  synchronized List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  private String key(String token, List<String> audiences) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hmacKey);
      writeLengthPrefixed(mac, token);
      mac.update(ByteBuffer.allocate(4).putInt(audiences.size()).array());
      for (String audience : audiences) {
        writeLengthPrefixed(mac, audience);
      }
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** A length prefix, as Kubernetes writes it, so that "xy" + "z" and "x" + "yz" differ. */
  private static void writeLengthPrefixed(Mac mac, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    mac.update(bytes);
  }

  private record Entry<V>(V value, Instant expires) {
  }
}
