// docker.io/apache/kafka: Kafka's jars from Maven Central (scripts/images/kafka-jars.mjs) on Debian's Java 17, with
// upstream's /etc/kafka/docker/run: KAFKA_* variables become server.properties, the KRaft storage is formatted
// with CLUSTER_ID unless it already is, then the broker runs. Runs as 65532 and writes only /tmp and its log dirs.
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JAVA_PACKAGE, KAFKA_VERSION, kafkaJars } from '../kafka-jars.mjs';
import { PATH } from './userland.mjs';

// As upstream's configure script: KAFKA_FOO_BAR -> foo.bar, `__` -> `_`, `___` -> `-`; the JVM's own variables are
// not properties. Bash builtins only (the image has bash and no coreutils).
const RUN = `#!/bin/bash
set -euo pipefail
props=/tmp/kafka-server.properties
: > "$props"
for var in "\${!KAFKA_@}"; do
  case "$var" in
    KAFKA_VERSION|KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS|KAFKA_JMX_PORT|KAFKA_JMX_HOSTNAME|KAFKA_LOG4J_ROOT_LOGLEVEL|KAFKA_TOOLS_LOG4J_LOGLEVEL) continue ;;
  esac
  name="\${var#KAFKA_}"
  name="\${name,,}"
  name="\${name//___/$'\\x01'}"
  name="\${name//__/$'\\x02'}"
  name="\${name//_/.}"
  name="\${name//$'\\x01'/-}"
  name="\${name//$'\\x02'/_}"
  printf '%s=%s\\n' "$name" "\${!var}" >> "$props"
done
java=(/usr/lib/jvm/java-17-openjdk/bin/java \${KAFKA_HEAP_OPTS:--XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25} -XX:-UsePerfData -Djava.awt.headless=true \${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*')
"\${java[@]}" kafka.tools.StorageTool format --ignore-formatted --cluster-id="\${CLUSTER_ID:?CLUSTER_ID is empty: the KRaft storage needs the cluster id}" -c "$props"
exec "\${java[@]}" kafka.Kafka "$props"
`;

export default {
  reference: `apache/kafka:${KAFKA_VERSION}`,
  upstream: `apache/kafka:${KAFKA_VERSION} (Apache Kafka's JVM image)`,
  builtFrom: `Maven Central org.apache.kafka:kafka_2.13:${KAFKA_VERSION} (+ slf4j-simple) on Debian ${JAVA_PACKAGE}`,
  debian: [JAVA_PACKAGE, 'bash'],
  // The broker needs none of the JDK's desktop, printing, smart-card or certificate-store packages.
  skip: ['ca-certificates-java', 'java-common', 'libcups2', 'libfontconfig1', 'liblcms2-2', 'libjpeg62-turbo', 'libnss3', 'util-linux',
    'libasound2', 'libfreetype6', 'libharfbuzz0b', 'libpcsclite1'],
  users: [{ name: 'nonroot', uid: 65532, gid: 65532, home: '/nonexistent' }],
  files: [{ to: '/etc/kafka/docker/run', content: RUN, mode: 0o755 }],
  links: [{ path: '/usr/lib/jvm/java-17-openjdk', target: `/usr/lib/jvm/java-17-openjdk-${process.arch === 'x64' ? 'amd64' : process.arch}` }],
  prepare: (root) => {
    const libs = kafkaJars();
    for (const jar of readdirSync(libs)) copyFileSync(join(libs, jar), join(root, 'opt/kafka/libs', jar));
  },
  dirs: [{ path: '/opt/kafka/libs', mode: 0o755 }],
  config: {
    Entrypoint: ['/etc/kafka/docker/run'], ExposedPorts: ['9092/tcp'], WorkingDir: '/opt/kafka', User: '65532:65532',
    Env: [PATH, `KAFKA_VERSION=${KAFKA_VERSION}`],
  },
  differs: 'Kafka\'s jars from Maven Central (kafka_2.13 and its dependencies, slf4j-simple logging to stderr instead of log4j) on Debian\'s OpenJDK 17, not the Temurin 21 distribution; user 65532 instead of appuser (1000); server.properties is written to /tmp; the heap defaults to half the memory limit instead of 1 GB; no kafka-*.sh scripts.',
};
