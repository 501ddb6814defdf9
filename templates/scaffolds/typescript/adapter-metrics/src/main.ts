/** {{componentId}}: a metrics adapter. It reads the app's stats on localhost and serves them to Prometheus. */
import { createServer } from 'node:http';
import { httpStats, metricsHandler } from './metrics';

const port = Number(process.env.LISTEN_PORT || '{{port}}');
const statsUrl = `http://${process.env.APP_ADDR || '{{appHost}}:{{appPort}}'}${process.env.STATS_PATH || '/stats'}`;
const path = process.env.METRICS_PATH || '{{metricsPath}}';
const prefix = process.env.METRIC_PREFIX || '{{metricPrefix}}';
createServer(metricsHandler(path, prefix, httpStats(statsUrl))).listen(port, () => console.log(`metrics of ${statsUrl} on :${port}${path}`));
