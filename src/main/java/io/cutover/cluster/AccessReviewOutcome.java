package io.cutover.cluster;

/** What SubjectAccessReview said of one check. */
public record AccessReviewOutcome(boolean allowed, String reason) {}
