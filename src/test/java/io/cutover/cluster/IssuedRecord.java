package io.cutover.cluster;

import java.time.Instant;
import java.util.List;

/** What the fake knows of an issued token (never shown with its value). */
public record IssuedRecord(long serial, String namespace, String serviceAccount, String serviceAccountUid,
    List<String> audiences, Instant issuedAt, Instant expiresAt, String boundSecretName, String boundSecretUid) {}
