/** {{componentId}}: a health adapter. It checks the app on localhost and answers 200 or 500. */
import { createServer } from 'node:http';
import { healthHandler, tcpCheck } from './health';

const port = Number(process.env.LISTEN_PORT || '{{port}}');
const host = process.env.APP_HOST || '{{appHost}}';
const appPort = Number(process.env.APP_PORT || '{{appPort}}');
const path = process.env.HEALTH_PATH || '{{healthPath}}';
const timeoutMs = Number(process.env.CHECK_TIMEOUT_MS || '1000');
createServer(healthHandler(path, tcpCheck(host, appPort, timeoutMs))).listen(port, () => console.log(`health of ${host}:${appPort} on :${port}${path}`));
