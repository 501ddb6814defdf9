// Types for nats.mjs: the nats-server version the image (and the runtime tests' broker) is built from.
export const NATS_VERSION: string;
declare const recipe: import('../catalogue.mjs').Recipe;
export default recipe;
