// The wait for an instance refresh after a deploy: which refresh counts, which statuses fail the deploy.
import type { InstanceRefresh } from '@aws-sdk/client-auto-scaling';
import { FAILED, verdict, waitForInstanceRefresh } from '../../src/rollout/instance-refresh';

const at = (minute: number) => new Date(Date.UTC(2026, 6, 10, 12, minute));
const refresh = (id: string, minute: number, Status: string, extra: Partial<InstanceRefresh> = {}): InstanceRefresh =>
  ({ InstanceRefreshId: id, StartTime: at(minute), Status, ...extra }) as InstanceRefresh;

describe('verdict', () => {
  it('judges the newest refresh, and only one started since the deploy began', () => {
    const list = [refresh('old', 0, 'Failed'), refresh('new', 10, 'Successful')];
    expect(verdict(list).outcome).toBe('succeeded');
    expect(verdict([...list].reverse()).outcome).toBe('succeeded');
    expect(verdict(list, at(20))).toEqual({
      outcome: 'none',
      message: expect.stringContaining('no instance refresh started since'),
    });
    expect(verdict([]).outcome).toBe('none');
  });

  it.each([...FAILED])('fails on %s', (status) => {
    const result = verdict(
      [refresh('r', 5, status, { StatusReason: 'alarm devloop-prod-app-5xx-rate in ALARM' })],
      at(0),
    );
    expect(result).toEqual({
      outcome: 'failed',
      message: `instance refresh r is ${status}: alarm devloop-prod-app-5xx-rate in ALARM`,
    });
  });

  it.each(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking'])(
    'keeps waiting while %s',
    (status) => {
      expect(verdict([refresh('r', 5, status, { PercentageComplete: 50 })]).outcome).toBe('running');
    },
  );
});

describe('waitForInstanceRefresh', () => {
  function client(statuses: string[]) {
    let call = 0;
    return {
      calls: () => call,
      send: jest.fn(async () => ({
        InstanceRefreshes: [refresh('r', 5, statuses[Math.min(call++, statuses.length - 1)])],
      })),
    };
  }

  it('polls until the refresh ends, logging each change once', async () => {
    const aws = client(['Pending', 'InProgress', 'InProgress', 'RollbackSuccessful']);
    const lines: string[] = [];
    const result = await waitForInstanceRefresh({
      client: aws,
      groupName: 'g',
      intervalMs: 1,
      sleep: async () => undefined,
      log: (l) => lines.push(l),
    });
    expect(result.outcome).toBe('failed');
    expect(aws.calls()).toBe(4);
    expect(lines).toEqual([
      'g: instance refresh r is Pending',
      'g: instance refresh r is InProgress',
      'g: instance refresh r is RollbackSuccessful',
    ]);
  });

  it('gives up after its timeout', async () => {
    const result = await waitForInstanceRefresh({
      client: client(['InProgress']),
      groupName: 'g',
      intervalMs: 10,
      timeoutMs: 30,
      sleep: async () => undefined,
      log: () => undefined,
    });
    expect(result).toEqual({ outcome: 'running', message: expect.stringContaining('gave up waiting') });
  });
});
