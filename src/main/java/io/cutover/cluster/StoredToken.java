package io.cutover.cluster;

import java.time.Instant;

/**
 * A token as kept in a Secret, with the times written next to it in the same update (annotations
 * {@value Ownership#TOKEN_ISSUED_AT_ANNOTATION} and {@value Ownership#TOKEN_EXPIRES_AT_ANNOTATION}): the Secret, not
 * status, is the record of which token was delivered, so a lost answer to the write cannot make Cutover issue a
 * second one. Times are null when the Secret does not carry them.
 */
public record StoredToken(Token token, Instant issuedAt, Instant expiresAt) {}
