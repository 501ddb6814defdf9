export const KAFKA_VERSION: string;
export const JAVA_PACKAGE: string;
/** The folder of Kafka's jars (the broker's classpath), fetched into the cache when missing. */
export function kafkaJars(log?: (line: string) => void): string;
/** Debian's java, installed when missing. */
export function javaBinary(log?: (line: string) => void): string;
