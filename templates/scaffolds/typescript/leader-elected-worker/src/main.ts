/** {{componentId}}: a leader-elected worker. Every replica runs it; only the one holding the Lease works. */
import { hostname } from 'node:os';
import { Elector, keepLeading } from './election';
import { KubeLeases } from './kube';

/** What only the owner does: replace it with yours. It runs until the process exits. */
function work(self: string): void {
  console.log(`${self}: working as the owner`);
  setInterval(() => console.log(`${self}: working as the owner`), 5000);
}

function seconds(name: string, fallback: string): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number of seconds`);
  return value;
}

const self = process.env.POD_NAME || hostname();
const name = process.env.LEASE_NAME || '{{leaseName}}';
const duration = seconds('LEASE_DURATION_SECONDS', '{{leaseDurationSeconds}}');
const renewDeadline = seconds('RENEW_DEADLINE_SECONDS', '{{renewDeadlineSeconds}}');
const retryPeriod = seconds('RETRY_PERIOD_SECONDS', '{{retryPeriodSeconds}}');
if (!(duration > renewDeadline && renewDeadline > 1.2 * retryPeriod)) throw new Error('the timings must satisfy leaseDuration > renewDeadline > 1.2 x retryPeriod');

function inCluster(): KubeLeases {
  try {
    return KubeLeases.inCluster(process.env.LEASE_NAMESPACE, name, (renewDeadline * 1000) / 2);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

const elector = new Elector(inCluster(), self, duration);
let leading = false;
let lastRenew = 0;

async function attempt(): Promise<void> {
  const now = Date.now();
  let held = false;
  let failed = false;
  try {
    held = await elector.tryAcquireOrRenew(now);
  } catch (e) {
    failed = true;
    console.log(`lease ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (held) {
    lastRenew = now;
    if (!leading) {
      leading = true;
      console.log(`${self} owns lease ${name}`);
      work(self);
    }
  } else if (leading && (!failed || !keepLeading(lastRenew, now, renewDeadline * 1000))) {
    // Another candidate holds the Lease, or we could not renew in time: exit so the work stops at once;
    // Kubernetes restarts the pod as a standby.
    console.error(`${self} lost lease ${name}`);
    process.exit(1);
  }
  setTimeout(() => void attempt(), retryPeriod * 1000);
}

void attempt();
