/**
 * What the API server checks beyond the OpenAPI schema, for the fields generated objects fill: names valid for
 * their kind, label syntax, quantities, image references, env and volume names, paths. A value that passes the
 * schema but fails here is one `kubectl apply` would refuse (or a pod that could never start).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;
const NO_SPACE = /^[^\s"'\\]+$/;

const label = (s: string, max = 63) => s.length <= max && DNS_LABEL.test(s);
const subdomain = (s: string) => s.length <= 253 && DNS_SUBDOMAIN.test(s);

function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Service') return name.length <= 63 && RFC1035_LABEL.test(name) ? undefined : 'an RFC 1035 label of at most 63';
  // A StatefulSet's pods carry controller-revision-hash = <name>-<10 characters>, a label value of at most 63.
  if (kind === 'StatefulSet') return label(name, 52) ? undefined : 'a DNS-1123 label of at most 52';
  if (kind === 'Namespace') return label(name) ? undefined : 'a DNS-1123 label';
  return subdomain(name) ? undefined : 'a DNS-1123 subdomain';
}

function labelsProblems(where: string, labels: unknown): string[] {
  if (!isObj(labels)) return [];
  return Object.entries(labels).flatMap(([k, v]) => {
    const [prefix, name] = k.includes('/') ? k.split('/', 2) : [undefined, k];
    const keyOk = (prefix === undefined || subdomain(prefix)) && name !== undefined && name.length <= 63 && LABEL_VALUE.test(name) && name !== '';
    const valueOk = typeof v === 'string' && v.length <= 63 && LABEL_VALUE.test(v);
    return keyOk && valueOk ? [] : [`${where}: label ${k}=${String(v)}`];
  });
}

function portProblem(p: unknown): boolean {
  return typeof p === 'number' ? !(Number.isInteger(p) && p >= 1 && p <= 65535) : typeof p === 'string' ? !IANA_SVC_NAME.test(p) : p !== undefined;
}

function probeProblems(where: string, probe: unknown): string[] {
  if (!isObj(probe)) return [];
  const out: string[] = [];
  const http = probe.httpGet;
  if (isObj(http)) {
    if (typeof http.path !== 'string' || !http.path.startsWith('/') || !NO_SPACE.test(http.path)) out.push(`${where}: httpGet.path ${JSON.stringify(http.path)}`);
    if (portProblem(http.port)) out.push(`${where}: httpGet.port ${String(http.port)}`);
  }
  if (isObj(probe.tcpSocket) && portProblem(probe.tcpSocket.port)) out.push(`${where}: tcpSocket.port`);
  return out;
}

function containerProblems(where: string, c: Obj): string[] {
  const at = `${where} container ${String(c.name)}`;
  const out: string[] = [];
  if (typeof c.name !== 'string' || !label(c.name)) out.push(`${at}: name`);
  if (typeof c.image !== 'string' || !NO_SPACE.test(c.image)) out.push(`${at}: image ${JSON.stringify(c.image)}`);
  for (const e of list(c.env)) if (typeof e.name !== 'string' || !ENV_NAME.test(e.name)) out.push(`${at}: env name ${JSON.stringify(e.name)}`);
  for (const group of ['requests', 'limits']) {
    const r = isObj(c.resources) ? c.resources[group] : undefined;
    if (isObj(r)) for (const [k, v] of Object.entries(r)) if (!QUANTITY.test(String(v))) out.push(`${at}: resources.${group}.${k} ${JSON.stringify(v)}`);
  }
  for (const m of list(c.volumeMounts)) {
    if (typeof m.name !== 'string' || !label(m.name)) out.push(`${at}: volumeMount name ${JSON.stringify(m.name)}`);
    if (typeof m.mountPath !== 'string' || !m.mountPath.startsWith('/') || !NO_SPACE.test(m.mountPath) || m.mountPath.includes(':')) out.push(`${at}: mountPath ${JSON.stringify(m.mountPath)}`);
  }
  for (const p of list(c.ports)) {
    if (portProblem(p.containerPort)) out.push(`${at}: containerPort`);
    if (p.name !== undefined && (typeof p.name !== 'string' || !IANA_SVC_NAME.test(p.name))) out.push(`${at}: port name ${String(p.name)}`);
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) out.push(...probeProblems(`${at} ${probe}`, c[probe]));
  return out;
}

function podSpecProblems(where: string, spec: unknown): string[] {
  if (!isObj(spec)) return [];
  const out = [...list(spec.containers), ...list(spec.initContainers)].flatMap((c) => containerProblems(where, c));
  const volumes = list(spec.volumes);
  for (const v of volumes) {
    if (typeof v.name !== 'string' || !label(v.name)) out.push(`${where}: volume name ${JSON.stringify(v.name)}`);
    if (isObj(v.secret) && (typeof v.secret.secretName !== 'string' || !subdomain(v.secret.secretName))) out.push(`${where}: secretName ${JSON.stringify(v.secret.secretName)}`);
    if (isObj(v.configMap) && (typeof v.configMap.name !== 'string' || !subdomain(v.configMap.name))) out.push(`${where}: configMap name`);
  }
  if (new Set(volumes.map((v) => v.name)).size !== volumes.length) out.push(`${where}: duplicate volume names`);
  if (typeof spec.serviceAccountName === 'string' && !subdomain(spec.serviceAccountName)) out.push(`${where}: serviceAccountName`);
  return out;
}

/** The pod templates of an object (Deployment, StatefulSet, Job, CronJob, Pod). */
function podSpecs(obj: Obj): unknown[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  if (obj.kind === 'Pod') return [spec];
  if (obj.kind === 'CronJob') {
    const jt = isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
    return [isObj(jt.template) ? jt.template.spec : undefined];
  }
  return [isObj(spec.template) ? spec.template.spec : undefined];
}

export function apiValueProblems(obj: Obj): string[] {
  const kind = String(obj.kind);
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const name = String(meta.name);
  const where = `${kind} ${name}`;
  const out: string[] = [];
  const bad = nameProblem(kind, name);
  if (bad) out.push(`${where}: the name must be ${bad}`);
  out.push(...labelsProblems(where, meta.labels));
  const spec = isObj(obj.spec) ? obj.spec : {};
  for (const ps of podSpecs(obj)) out.push(...podSpecProblems(where, ps));
  if (isObj(spec.template) && isObj(spec.template.metadata)) out.push(...labelsProblems(`${where} template`, spec.template.metadata.labels));
  if (isObj(spec.selector)) out.push(...labelsProblems(`${where} selector`, isObj(spec.selector.matchLabels) ? spec.selector.matchLabels : spec.selector));
  for (const claim of list(spec.volumeClaimTemplates)) {
    const storage = isObj(claim.spec) && isObj(claim.spec.resources) && isObj(claim.spec.resources.requests) ? claim.spec.resources.requests.storage : undefined;
    if (!QUANTITY.test(String(storage))) out.push(`${where}: claim storage ${JSON.stringify(storage)}`);
  }
  if (kind === 'Service') {
    for (const p of list(spec.ports)) {
      if (portProblem(p.port) || portProblem(p.targetPort)) out.push(`${where}: port ${String(p.port)}/${String(p.targetPort)}`);
      if (p.name !== undefined && (typeof p.name !== 'string' || !label(p.name, 15))) out.push(`${where}: port name ${String(p.name)}`);
    }
    if (typeof spec.externalName === 'string' && !subdomain(spec.externalName)) out.push(`${where}: externalName`);
  }
  return out;
}
