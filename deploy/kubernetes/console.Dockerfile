# The corridor-watch-console image: a Java runtime and the console's self-contained jar, which
# console/pom.xml shades with the classifier "console" (the console, its dependencies and its
# logging configuration). console.yaml gives the console's options as the container's args.
#
# Build from the repository root, after `mvn package`:
#   docker build -f deploy/kubernetes/console.Dockerfile -t corridor-watch-console:0.1.0-SNAPSHOT .
#
# The Java version is the one the build compiles for (the parent pom's maven.compiler.release);
# KubernetesManifestsTest checks it, and the jar's name.
FROM eclipse-temurin:17-jre-noble

# The version is part of the jar's name; KubernetesManifestsTest keeps this default and the
# Deployment's image tag at the project's version.
ARG VERSION=0.1.0-SNAPSHOT

# An unprivileged user with a fixed number: the Deployment's runAsNonRoot can only verify a
# numeric user.
RUN groupadd --system --gid 10001 console \
    && useradd --system --uid 10001 --gid console --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin console

# owned by root: the console's user can read the jar, not change it
COPY console/target/corridor-watch-console-${VERSION}-console.jar /opt/corridor-watch/console.jar

USER 10001:10001

# Half of the container's memory limit for the heap: the rest is the JVM's own, and Kafka's and
# Jetty's buffers. The logging configuration (INFO to standard error, Kafka's clients only when
# something is wrong) is named here so that it is in place before any class starts Log4j.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dlog4j2.configurationFile=corridor-watch-cli-log4j2.xml", "-jar", "/opt/corridor-watch/console.jar"]
