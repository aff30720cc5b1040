package io.cutover.cluster;

import java.util.List;

/**
 * What to ask the TokenRequest API for. {@code boundSecretName}/{@code boundSecretUid}, when set, bind the token to
 * that Secret: deleting the Secret revokes the token.
 */
public record TokenRequestSpec(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds,
    String boundSecretName, String boundSecretUid) {
}
