/** {{componentId}}: a function. It answers each HTTP request (or event delivered as a POST) with handle. */
import { createServer } from 'node:http';
import { functionHandler } from './handler';

const port = Number(process.env.PORT || '{{port}}');
const path = process.env.TRIGGER_PATH || '{{triggerPath}}';
const timeoutSeconds = Number(process.env.TIMEOUT_SECONDS || '{{timeoutSeconds}}');
createServer(functionHandler(path, timeoutSeconds * 1000)).listen(port, () => console.log(`function on :${port}${path}`));
