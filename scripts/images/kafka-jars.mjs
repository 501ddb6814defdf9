// Apache Kafka as jars from Maven Central, fetched once into the cache by Maven (Debian's `maven`, Java 17 from
// Debian): the broker the runtime tests start on loopback and the files of the apache/kafka stand-in image.
// `kafka_2.13` carries the broker (kafka.Kafka) and the KRaft storage tool (kafka.tools.StorageTool); slf4j-simple
// makes its log go to stderr without a log4j configuration.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDebianPackages } from '../lib/apt.mjs';
import { cacheRoot } from './debian.mjs';

export const KAFKA_VERSION = '3.8.1';
const SLF4J_VERSION = '1.7.36';
/** Debian's Java for the broker, here and in the image. */
export const JAVA_PACKAGE = 'openjdk-17-jre-headless';

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.patterncanvas</groupId>
  <artifactId>kafka-jars</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>${SLF4J_VERSION}</version></dependency>
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.6.1</version>
  </plugin></plugins></build>
</project>
`;

/** The folder of Kafka's jars (the broker's classpath), fetched when missing; about 60 MB, seconds warm. */
export function kafkaJars(log = () => {}) {
  const dir = join(cacheRoot(), 'images', 'kafka', KAFKA_VERSION);
  const libs = join(dir, 'libs');
  if (existsSync(libs)) return libs;
  ensureDebianPackages([JAVA_PACKAGE, 'maven'], log);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = mkdtempSync(`${dir}.tmp-`);
  chmodSync(tmp, 0o755); // readable by a test or builder that is not its owner
  log(`kafka: fetching kafka_2.13 ${KAFKA_VERSION} and its dependencies from Maven Central`);
  const t0 = Date.now();
  try {
    writeFileSync(join(tmp, 'pom.xml'), POM);
    const r = spawnSync('mvn', ['-B', '-q', `-Dmaven.repo.local=${join(dirname(dir), 'm2')}`, 'dependency:copy-dependencies',
      `-DoutputDirectory=${join(tmp, 'libs')}`, '-DincludeScope=runtime'], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.error) throw new Error(`mvn: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`mvn dependency:copy-dependencies exited with ${r.status}: ${(r.stdout + r.stderr).trim().slice(-2000)}`);
    if (!readdirSync(join(tmp, 'libs')).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) throw new Error('mvn fetched no kafka_2.13 jar');
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  log(`kafka: ${readdirSync(join(tmp, 'libs')).length} jars in ${Math.round((Date.now() - t0) / 1000)} s`);
  // Another fetch (a test's, beside the image builder's) may have finished first: keep that one.
  if (existsSync(libs)) rmSync(tmp, { recursive: true, force: true });
  else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return libs;
}

/** Debian's java, installed when missing. */
export function javaBinary(log = () => {}) {
  ensureDebianPackages([JAVA_PACKAGE], log);
  return `/usr/lib/jvm/java-17-openjdk-${process.arch === 'x64' ? 'amd64' : process.arch}/bin/java`;
}
