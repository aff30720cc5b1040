package io.cutover.cluster;

import java.time.Instant;

/** A token issued through the TokenRequest API with the expiration the API server really granted. */
public record IssuedToken(Token token, Instant expiresAt) {}
