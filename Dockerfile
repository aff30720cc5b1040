# Cutover operator image. Not built in this repository's CI (no Docker engine there); see README "Image".
#
# Both base images are pinned by digest, and the digests are build arguments that must be set: a tag can be moved to
# other content, a digest cannot. Without them the build stops at the first FROM ("invalid reference format").
# Look the current digests up where you build (the "Digest:" line of each), and record them with the release:
#   docker buildx imagetools inspect maven:3.9-eclipse-temurin-17
#   docker buildx imagetools inspect gcr.io/distroless/java17-debian12:nonroot
#   docker build --build-arg BUILD_DIGEST=sha256:... --build-arg RUNTIME_DIGEST=sha256:... -t registry.example.com/cutover:0.1.0 .
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG BUILD_DIGEST
ARG RUNTIME_IMAGE=gcr.io/distroless/java17-debian12:nonroot
ARG RUNTIME_DIGEST

# Build stage: mvn package runs the crd-generator and shades two jars; the image takes target/cutover-operator.jar,
# the operator without the sandbox, benchmark, real-cluster harness or mock server (target/cutover.jar is the dev jar).
FROM ${BUILD_IMAGE}@${BUILD_DIGEST} AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY crds ./crds
COPY examples ./examples
# The kubectl plugin's archive (bin/kubectl-cutover + this jar, for users' machines) is not the image's: skipped.
RUN mvn -B -q package -DskipTests -Dassembly.skipAssembly=true

# Run stage: distroless Java 17, no shell and no package manager (so no RUN here: there is nothing to run it with),
# as the base's own non-root user, UID and GID 65532 (the chart's runAsUser/runAsGroup). The jar is root's, read-only
# to the operator.
FROM ${RUNTIME_IMAGE}@${RUNTIME_DIGEST}
COPY --from=build /src/target/cutover-operator.jar /opt/cutover/cutover.jar
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-jar", "/opt/cutover/cutover.jar"]
CMD ["operator"]
