/** HorizontalPodAutoscaler autoscaling/v2beta1 to autoscaling/v2: each metric names its target as {type, value}. */
import type { ManifestObject } from '../model';
import { asMap, get, getIn, items, str } from '../nodes';
import type { TextEdit } from '../../yaml/text';
import { reshapeMap } from './reshape';

type Spec = Record<string, unknown>;

/** `target` of v2 from the v2beta1 fields: an average value wins over a plain one, as v2beta1 read them. */
function target(utilization: unknown, averageValue: unknown, value: unknown): Spec | undefined {
  if (utilization !== undefined) return { type: 'Utilization', averageUtilization: utilization };
  if (averageValue !== undefined) return { type: 'AverageValue', averageValue };
  if (value !== undefined) return { type: 'Value', value };
  return undefined;
}

const metric = (name: unknown, selector: unknown): Spec => (selector === undefined ? { name } : { name, selector });

/** The v2 source of one metric type, or undefined when it is not in the v2beta1 shape. */
const RESHAPE: Record<string, (m: Spec) => Spec | undefined> = {
  resource: ({ name, targetAverageUtilization, targetAverageValue, ...rest }) => {
    const t = target(targetAverageUtilization, targetAverageValue, undefined);
    return t && { name, target: t, ...rest };
  },
  pods: ({ metricName, targetAverageValue, selector, ...rest }) => {
    const t = target(undefined, targetAverageValue, undefined);
    return metricName === undefined || !t ? undefined : { metric: metric(metricName, selector), target: t, ...rest };
  },
  object: ({ target: described, metricName, targetValue, averageValue, selector, ...rest }) => {
    const t = target(undefined, averageValue, targetValue);
    return metricName === undefined || !t ? undefined : { describedObject: described, metric: metric(metricName, selector), target: t, ...rest };
  },
  external: ({ metricName, metricSelector, targetValue, targetAverageValue, ...rest }) => {
    const t = target(undefined, targetAverageValue, targetValue);
    return metricName === undefined || !t ? undefined : { metric: metric(metricName, metricSelector), target: t, ...rest };
  },
};

/** Edits of spec.metrics; undefined when a metric is of a type this does not know. */
export function hpaMetricEdits(obj: ManifestObject): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const m of items(getIn(obj.root, ['spec', 'metrics']))) {
    const type = str(get(m, 'type'))?.toLowerCase() ?? '';
    const reshape = RESHAPE[type];
    if (!reshape) return undefined;
    const edit = reshapeMap(obj, asMap(get(m, type)), reshape);
    if (edit) edits.push(edit);
  }
  return edits;
}
