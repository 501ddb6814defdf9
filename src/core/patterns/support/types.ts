/** The contract every pattern file fulfils: parameters, placement rules, expansion and composition rules. */
import type { Diagnostic, DocPath, RuleDoc } from '../../diagnostics';
import type { Container, K8sObject, Labels, ObjectMeta, PodSpec, PodTemplate, ServicePort, Volume } from '../../k8s/types';
import type { PatternId } from './ids';

/** A connection as the design writes it. */
export interface Connection {
  from: string;
  to: string;
  /** Topic or queue name, for batch edges. */
  topic?: string;
  /** Traffic share in percent, for a splitting ambassador's edges. */
  weight?: number;
  description?: string;
}

export type PatternGroup = 'single-node' | 'serving' | 'batch' | 'infrastructure';

/** workload: owns pods; attachment: adds containers to a workload's pod; infrastructure: shared services. */
export type PatternRole = 'workload' | 'attachment' | 'infrastructure';

/** object-list: Kubernetes objects carried verbatim (the manifest block). */
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'string-list' | 'object-list';

export interface ParamSpec {
  type: ParamType;
  /** One line, shown in the inspector and on hover. */
  doc: string;
  default?: string | number | boolean | readonly string[];
  required?: boolean;
  enum?: readonly string[];
  min?: number;
  max?: number;
  /** For strings: a regular expression the value must match (anchored). */
  pattern?: string;
  /** For strings: the longest value (a Kubernetes name's limit). */
  maxLength?: number;
}

export type ParamSpecs = Record<string, ParamSpec>;

/** The value a parameter holds after defaults: its spec's type says which (an enum's own values for an enum). */
export type ParamValue<S extends ParamSpec> = S['type'] extends 'string'
  ? string
  : S['type'] extends 'integer' | 'number'
    ? number
    : S['type'] extends 'boolean'
      ? boolean
      : S['type'] extends 'enum'
        ? S['enum'] extends readonly (infer E extends string)[]
          ? E
          : string
        : S['type'] extends 'string-list'
          ? readonly string[]
          : S['type'] extends 'object-list'
            ? K8sObject[]
            : unknown;

/**
 * The parameters of a pattern as expand() and rules() read them, derived from its specs: withDefaults replaces a
 * missing or ill-typed value by the default, so only a parameter without a default may be undefined.
 */
export type ParamsOf<S extends ParamSpecs> = string extends keyof S
  ? Record<string, unknown>
  : { [K in keyof S]: Exclude<S[K], undefined> extends { default: unknown } ? ParamValue<Exclude<S[K], undefined>> : ParamValue<Exclude<S[K], undefined>> | undefined };

/** A component after defaults are applied: what expand() and rules() see. */
export interface ResolvedComponent<P extends object = Record<string, unknown>> {
  id: string;
  pattern: PatternId;
  attachTo?: string;
  params: P;
}

/** How others reach a component: its Service and port. */
export interface Endpoint {
  service: string;
  port: number;
}

/** A port a component's containers bind inside the pod they live in. */
export interface PortUse {
  port: number;
  /** The parameter that sets it, so a diagnostic can point at it. */
  param: string;
  container: string;
  /** Bound to 127.0.0.1 only (ambassadors, adapters). */
  localhostOnly?: boolean;
}

/** What an attachment adds to its host's pod. */
export interface PodContribution {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  /** Volume mounts the host's own containers get (e.g. a shared log or config folder). */
  hostVolumeMounts?: Container['volumeMounts'];
  /** Environment the host's own containers get (e.g. the ambassador's localhost address). */
  hostEnv?: Container['env'];
  podAnnotations?: Labels;
  shareProcessNamespace?: boolean;
  /** Ports added to the host's Service. */
  servicePorts?: ServicePort[];
  /** The host's own ports are no longer exposed by its Service (a TLS-terminating sidecar fronts them). */
  hidesHostPorts?: boolean;
  /** Extra objects, e.g. the ConfigMap holding a proxy's configuration. */
  objects?: K8sObject[];
}

/** The design as the catalogue sees it: resolved components and their relations. */
export interface DesignView {
  name: string;
  namespace: string;
  /** Attachments become native sidecars (init containers with restartPolicy: Always) unless spec.nativeSidecars is false. */
  nativeSidecars: boolean;
  /** The Pod Security level generated pods meet (spec.podSecurity, default restricted). */
  podSecurity: 'restricted' | 'baseline';
  components: ReadonlyMap<string, ResolvedComponent>;
  connections: readonly Connection[];
  get(id: string): ResolvedComponent | undefined;
  outgoing(id: string): Connection[];
  incoming(id: string): Connection[];
  /** Components attached to this host, in document order. */
  attachments(hostId: string): ResolvedComponent[];
  endpoint(id: string): Endpoint | undefined;
  /** `service.namespace.svc:port` of a component that serves one, the address every client is given. */
  address(id: string): string | undefined;
  def(id: string): PatternDef | undefined;
}

export interface ExpandContext<P extends object = Record<string, unknown>> {
  component: ResolvedComponent<P>;
  design: DesignView;
  /** Standard labels (part-of, name, component, managed-by) plus extra. */
  labels(extra?: Labels): Labels;
  /** Labels that select this component's pods. */
  selector: Labels;
  /** metadata for an object of this component: name, namespace, labels. */
  meta(name: string, extra?: { labels?: Labels; annotations?: Labels }): ObjectMeta;
  /**
   * The pod template of this workload: its own spec plus what its attachments contribute, and the environment
   * that names the targets of its connections.
   */
  podTemplate(spec: PodSpec, extraLabels?: Labels, opts?: PodTemplateOptions): PodTemplate;
  /** The Service ports of this workload after attachments had their say. */
  servicePorts(own: ServicePort[]): ServicePort[];
  /** A pod template hardened to the design's Pod Security level, for pods the generator never sees (a Job made at run time). */
  secured(template: PodTemplate): PodTemplate;
}

export interface PodTemplateOptions {
  /** Merge in the attachments' containers (default true; false for a workload's secondary pods, e.g. a router). */
  attachments?: boolean;
  /** Add the connection environment to the own containers (default true). */
  connections?: boolean;
  /** The pattern's own pod annotations (config checksums and the like), after the attachments'. */
  annotations?: Labels;
}

export interface RuleContext<P extends object = Record<string, unknown>> {
  component: ResolvedComponent<P>;
  design: DesignView;
  /** Path of a parameter of this component in the document, for diagnostics. */
  at(param?: string): DocPath;
}

/**
 * A pattern whose functions read its parameters with the types its specs give them. A pattern file declares
 * `const PARAMS = {...} as const satisfies ParamSpecs` and annotates `PatternDef<typeof PARAMS, '<id>'>`: an annotation
 * rather than inference, so pattern files can read `PatternParams` (from the catalogue) without a type cycle.
 */
export interface PatternDef<S extends ParamSpecs = ParamSpecs, I extends PatternId = PatternId, P extends object = ParamsOf<S>> {
  id: I;
  title: string;
  group: PatternGroup;
  role: PatternRole;
  /** Where the book treats it, e.g. "Ch. 3, Ambassadors". */
  chapter: string;
  /** One line for the palette. */
  summary: string;
  /** A codicon name for the palette and the block. */
  icon: string;
  params: S;
  /** Attachments: the host patterns they may attach to. */
  attachesTo?: readonly PatternId[];
  /** Patterns this component may connect to; undefined means any component that has an endpoint. */
  connectsTo?: readonly PatternId[];
  /** The address of this component for connections (undefined: nothing to connect to). */
  endpoint?(c: ResolvedComponent<P>, d: DesignView): Endpoint | undefined;
  /**
   * Components that open connections to this one besides those drawn towards it (a queue's readers, whose edges
   * point away from it). The generated NetworkPolicy admits them too.
   */
  clients?(c: ResolvedComponent<P>, d: DesignView): string[];
  /** Ports bound in this component's own pod (for a host) or added to the host's pod (for an attachment). */
  podPorts?(c: ResolvedComponent<P>): PortUse[];
  /** Workloads and infrastructure: the Kubernetes objects. */
  expand?(ctx: ExpandContext<P>): K8sObject[];
  /** Attachments: what they add to the host's pod. */
  attach?(ctx: ExpandContext<P>): PodContribution;
  /** Composition rules particular to this pattern. */
  rules?(ctx: RuleContext<P>): Diagnostic[];
  /** Documentation of every code rules() can emit. */
  ruleDocs?: readonly RuleDoc[];
}

