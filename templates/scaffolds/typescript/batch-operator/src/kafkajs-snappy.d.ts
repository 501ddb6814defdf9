/** kafkajs-snappy ships no types: it is a codec factory as kafkajs's CompressionCodecs expects. */
declare module 'kafkajs-snappy' {
  import type { CompressionCodecs, CompressionTypes } from 'kafkajs';
  const snappyCodec: (typeof CompressionCodecs)[CompressionTypes.Snappy];
  export = snappyCodec;
}
