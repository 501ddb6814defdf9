/**
 * The layout worker: ELK's own worker script. Loaded in a Worker it answers elk-api's messages (see elkClient.ts),
 * so the layout of a large design never blocks the canvas.
 */
import 'elkjs/lib/elk-worker.min.js';
