import { describe, expect, it } from 'vitest';
import { renderDetails } from '../../../src/extension/cluster/render';

const none = { events: [], logs: [], problems: [] as string[] };
const time = (ms: number) => `t${ms}`;

describe('the health line of block details', () => {
  it('shows the watched health when the cluster answered', () => {
    expect(renderDetails('web', { health: 'ready', summary: '3/3 ready' }, none, time)).toContain('**ready** — 3/3 ready');
  });
  it('never says ready above an error reading the cluster: unknown, with what the watch last saw', () => {
    const md = renderDetails('web', { health: 'ready', summary: '3/3 ready' }, { ...none, problems: ['pods: connect ECONNREFUSED 10.250.1.2:6443'] }, time);
    expect(md).not.toContain('**ready**');
    expect(md).toContain('**unknown** — the cluster could not be read just now (the watch last saw ready: 3/3 ready)');
    expect(md.indexOf('**unknown**')).toBeLessThan(md.indexOf('ECONNREFUSED'));
  });
  it('an unknown status says why and when it was last seen', () => {
    const md = renderDetails('web', { health: 'unknown', summary: 'the API server does not answer; last seen ready', lastSeen: { health: 'ready', at: 42 } }, none, time);
    expect(md).toContain('**unknown** — the API server does not answer; last seen ready at t42');
  });
  it('without any status and with a failure, unknown rather than nothing', () => {
    expect(renderDetails('web', undefined, { ...none, problems: ['events: 403'] }, time)).toContain('**unknown**');
    expect(renderDetails('web', undefined, none, time)).toContain('_no live status yet_');
  });
});

describe('the logs of block details', () => {
  it('gives each container its own section; one without logs says why in a sentence', () => {
    const md = renderDetails('web', undefined, { ...none, logs: [{ pod: 'web-0', container: 'web', text: 'listening on :8080\n' }, { pod: 'web-0', container: 'tls', text: '(no logs: node n1 serves no logs)' }] }, time);
    expect(md).toContain('### web-0 / web\n\n```\nlistening on :8080\n```');
    expect(md).toContain('### web-0 / tls\n\n_no logs: node n1 serves no logs_');
  });
});
