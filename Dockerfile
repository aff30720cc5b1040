# Cutover operator image. Not built in this repository's CI (no Docker engine there); see README "Image".
#   docker build -t ghcr.io/cutover/cutover:0.1.0 .
# Build stage: mvn package runs the crd-generator and shades two jars; the image takes target/cutover-operator.jar,
# the operator without the sandbox, benchmark, real-cluster harness or mock server (target/cutover.jar is the dev jar).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY crds ./crds
COPY examples ./examples
RUN mvn -B -q package -DskipTests

# Run stage: a slim JRE, no shell tools needed, a fixed non-root user (UID 65532, as the chart's securityContext).
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system --gid 65532 cutover && useradd --system --uid 65532 --gid 65532 --no-create-home cutover
COPY --from=build /src/target/cutover-operator.jar /opt/cutover/cutover.jar
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-jar", "/opt/cutover/cutover.jar"]
CMD ["operator"]
