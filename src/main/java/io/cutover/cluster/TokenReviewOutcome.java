package io.cutover.cluster;

import java.util.List;

/** What TokenReview said of a token. {@code error} is the API server's short reason; it never contains the token. */
public record TokenReviewOutcome(boolean authenticated, String username, String uid, List<String> audiences, String error) {}
