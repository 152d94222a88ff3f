// The credential rotation, simulated over the real timings (src/stacks/app/runtime.ts) and the real decision rule:
// 10,000 rotations per fleet size, seeded, so the figures below are the same at every run. README "What happens
// when the password rotates" quotes them (the summary printed after the run has them too).
import { ROTATION, rotationDecision, rotationTurn } from '../../src/stacks/app/runtime';
import { writeSummary } from '../jest/summary';
import { coordinatedTrial, simulate, uncoordinatedTrial, type Summary } from '../helpers/rotation-simulation';

const TRIALS = 10_000;
const SEED = 20_260_710;
const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

describe('the decision rule', () => {
  const ids = ['i-0a', 'i-0b', 'i-0c'];
  const healthy = { 'i-0a': 'healthy', 'i-0b': 'healthy', 'i-0c': 'healthy' };
  const decide = (self: string, seconds: number, targetStates: Record<string, string> = healthy, stale = true) =>
    rotationDecision({ stale, secondsSinceRotation: seconds, instances: ids, targetStates, self });

  it('gives turn k of the rotation to rank k mod N, startable only in its first part', () => {
    expect([0, 299, 300, 600, 900].map((s) => rotationTurn(s, 3).rank)).toEqual([0, 0, 1, 2, 0]);
    expect(rotationTurn(ROTATION.startWindowSeconds - 1, 3).mayStart).toBe(true);
    expect(rotationTurn(ROTATION.startWindowSeconds, 3).mayStart).toBe(false);
  });

  it('restarts the instance whose turn it is, only while every other instance is healthy', () => {
    expect(decide('i-0a', 10)).toBe('restart');
    expect(decide('i-0b', 10)).toBe('wait');
    expect(decide('i-0b', 310)).toBe('restart');
    expect(decide('i-0a', 10, { ...healthy, 'i-0c': 'initial' })).toBe('wait');
    // An instance out for its restart is missing from the target group: it counts as not healthy.
    expect(decide('i-0b', 310, { 'i-0b': 'healthy', 'i-0c': 'healthy' })).toBe('wait');
    expect(decide('i-0a', 250)).toBe('wait');
    expect(decide('i-0a', 10, healthy, false)).toBe('nothing');
    expect(rotationDecision({ stale: true, secondsSinceRotation: 10, instances: ids, targetStates: healthy, self: 'i-0new' })).toBe('wait');
  });
});

describe(`a rotation, simulated ${TRIALS.toLocaleString('en-US')} times per fleet size`, () => {
  const results: Record<string, Summary> = {};

  afterAll(() => {
    const line = Object.entries(results)
      .map(([name, s]) => `${name}: two down at once in ${s.overlaps}/${s.trials}, stale credentials median ${minutes(s.staleMedianSeconds)}, p99 ${minutes(s.staleP99Seconds)}, max ${minutes(s.staleMaxSeconds)}, all serving again after at most ${minutes(s.doneMaxSeconds)}`)
      .join('; ');
    writeSummary('rotation', `credential rotation (${TRIALS} seeded trials each): ${line}`);
  });

  it.each([2, 3, 4, 6])('%i instances: never two out of the load balancer at once', (instances) => {
    const summary = simulate((random) => coordinatedTrial(instances, random), TRIALS, SEED + instances);
    results[`${instances} instances`] = summary;
    expect(summary.overlaps).toBe(0);
    // Each instance in its own turn, or, after a slow restart of the one before it, in its turn of the next round.
    expect(summary.staleMaxSeconds).toBeLessThan(2 * instances * ROTATION.turnSeconds + 600);
  });

  it('the design it replaced: two prod instances were down together in about a third of rotations', () => {
    const summary = simulate((random) => uncoordinatedTrial(2, random), TRIALS, SEED);
    results['before (2 instances, in-place restarts at random)'] = summary;
    const share = summary.overlaps / summary.trials;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.6);
  });
});
