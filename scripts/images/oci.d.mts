// Types for oci.mjs, so the TypeScript tests (and scripts/cluster) can import it.
export const MEDIA: { index: string; manifest: string; config: string; layer: string };
export const EPOCH: string;
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}
/** The runtime part of an image config; ExposedPorts as a list ('6379/tcp' or '6379'). */
export interface ImageConfig {
  User?: string;
  ExposedPorts?: string[];
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}
export interface WrittenImage {
  name: string;
  manifestDigest: string;
  configDigest: string;
  layers: Descriptor[];
  out: string;
}
export function normaliseReference(ref: string): string;
export function referenceTag(ref: string): string;
export function writeOciImage(opts: { reference: string; layers: string[]; config: ImageConfig; out: string }): WrittenImage;
export interface ReadImage {
  layout: { imageLayoutVersion: string };
  index: { schemaVersion: number; mediaType: string; manifests: (Descriptor & { annotations: Record<string, string>; platform: { architecture: string; os: string } })[] };
  manifest: { schemaVersion: number; mediaType: string; config: Descriptor; layers: Descriptor[] };
  config: { created: string; architecture: string; os: string; config: Record<string, unknown>; rootfs: { type: string; diff_ids: string[] } };
  blobs: Record<string, Buffer>;
  entries: string[];
}
export function readOciImage(tarFile: string): ReadImage;
export function unpackOciImage(tarFile: string, dir: string): void;
