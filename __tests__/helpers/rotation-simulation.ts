// A simulation of what a password rotation does to the app instances, on the timings of src/stacks/app/runtime.ts
// and the decision rule the boot script implements (rotationDecision). Each trial draws the instances' timer phases,
// API latencies and restart durations from a seeded generator and replays every poll in time order.
import {
  CONTAINER_STOP_SECONDS,
  DEREGISTRATION_DELAY_SECONDS,
  HEALTH_CHECK,
  ROTATION,
  rotationDecision,
} from '../../src/stacks/app/runtime';

/** mulberry32: a small, fast, seedable generator; the same seed gives the same trials. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (random: () => number, low: number, high: number) => low + (high - low) * random();

/**
 * The durations nobody can measure without the real app, as assumptions: Spring Boot starts in 15 to 90 s, and one
 * start in ten takes 90 to 300 s (a cold JIT, a slow dependency); the pull of an image already on the instance and
 * the secret read take 2 to 10 s; the graceful shutdown takes up to docker's stop timeout.
 */
export const ASSUMED = {
  springStartSeconds: [15, 90] as const,
  slowStartShare: 0.1,
  slowStartSeconds: [90, 300] as const,
  prepareSeconds: [2, 10] as const,
  /** From a poll's decision to the deregistration taking effect (three API calls). */
  apiLatencySeconds: [0.2, 3] as const,
  /** The AWS CLI's elbv2 waiters poll every 15 s. */
  waiterPollSeconds: 15,
};

/** One instance's restart, from its deregistration to its being healthy again, in seconds after the rotation. */
interface Restart {
  /** Out of the load balancer (draining, then deregistered) from here. */
  readonly down: number;
  /** The new container starts here: the instance's credentials are fresh from now on. */
  readonly fresh: number;
  /** Healthy in the target group again: it serves from here. */
  readonly up: number;
}

/** The restart sequence of rotate-credentials, drawn: drain, stop, prepare and start, register, two health checks. */
function restartFrom(decision: number, random: () => number): Restart {
  const down = decision + uniform(random, ...ASSUMED.apiLatencySeconds);
  // `aws elbv2 wait target-deregistered` sees the end of the draining at its next poll.
  const drained = down + DEREGISTRATION_DELAY_SECONDS + uniform(random, 0, ASSUMED.waiterPollSeconds);
  const stopped = drained + uniform(random, 1, CONTAINER_STOP_SECONDS);
  const fresh = stopped + uniform(random, ...ASSUMED.prepareSeconds);
  const start: readonly [number, number] =
    random() < ASSUMED.slowStartShare ? ASSUMED.slowStartSeconds : ASSUMED.springStartSeconds;
  // wait-ready polls every 2 s; then the instance registers itself.
  const registered =
    fresh + uniform(random, ...start) + uniform(random, 0, 2) + uniform(random, ...ASSUMED.apiLatencySeconds);
  // The first check comes within one interval, the instance is healthy after `healthyThreshold` passing checks.
  const up =
    registered +
    uniform(random, 0, HEALTH_CHECK.intervalSeconds) +
    (HEALTH_CHECK.healthyThreshold - 1) * HEALTH_CHECK.intervalSeconds;
  return { down, fresh, up };
}

export interface TrialResult {
  /** Whether, at some moment, two or more instances were out of the load balancer. */
  readonly overlap: boolean;
  /** From the rotation until the last instance runs on the new password, seconds. */
  readonly staleSeconds: number;
  /** From the rotation until the last instance serves again, seconds. */
  readonly doneSeconds: number;
}

/** The longest a rotation may take before a trial counts as stuck (it never has). */
const HORIZON_SECONDS = 24 * 3600;

/** One rotation over `instances` instances with the coordinated restart (rotate-credentials). */
export function coordinatedTrial(instances: number, random: () => number): TrialResult {
  const ids = Array.from({ length: instances }, (_, index) => `i-${index.toString(16).padStart(17, '0')}`);
  const phase = ids.map(() => uniform(random, 0, ROTATION.pollSeconds));
  const restarts: (Restart | undefined)[] = ids.map(() => undefined);
  // Every poll of every instance in time order: the next poll of instance i is at phase + k * poll.
  const next = [...phase];
  while (restarts.some((r) => r === undefined)) {
    const i = next.indexOf(Math.min(...next));
    const now = next[i];
    if (now > HORIZON_SECONDS)
      throw new Error(`a rotation over ${instances} instances did not finish in ${HORIZON_SECONDS} s`);
    const targetStates = Object.fromEntries(
      ids.map((id, j) => {
        const r = restarts[j];
        return [id, r === undefined || now < r.down || now >= r.up ? 'healthy' : 'draining'];
      }),
    );
    const decision = rotationDecision({
      stale: restarts[i] === undefined,
      secondsSinceRotation: now,
      instances: ids,
      targetStates,
      self: ids[i],
    });
    if (decision === 'restart') {
      const restart = restartFrom(now, random);
      restarts[i] = restart;
      // The timer fires again once the oneshot service has finished.
      next[i] = Math.max(now + ROTATION.pollSeconds, restart.up);
    } else {
      next[i] = now + ROTATION.pollSeconds;
    }
  }
  return summarize(restarts as Restart[]);
}

/**
 * The design this replaced, for comparison: every instance checks every 5 minutes plus a random 0-3 minutes
 * (OnUnitActiveSec=5min, RandomizedDelaySec=3min) and restarts in place, without leaving the load balancer: it is
 * out from the stop until its health checks pass again.
 */
export function uncoordinatedTrial(instances: number, random: () => number): TrialResult {
  const restarts = Array.from({ length: instances }, () => {
    // The rotation falls at a random moment of each instance's own cycle.
    const decision = uniform(random, 0, 300 + 180 * random());
    const stopped =
      decision + uniform(random, ...ASSUMED.apiLatencySeconds) + uniform(random, 1, CONTAINER_STOP_SECONDS);
    const fresh = stopped + uniform(random, ...ASSUMED.prepareSeconds);
    const start: readonly [number, number] =
      random() < ASSUMED.slowStartShare ? ASSUMED.slowStartSeconds : ASSUMED.springStartSeconds;
    const up =
      fresh +
      uniform(random, ...start) +
      uniform(random, 0, HEALTH_CHECK.intervalSeconds) +
      (HEALTH_CHECK.healthyThreshold - 1) * HEALTH_CHECK.intervalSeconds;
    return { down: decision, fresh, up };
  });
  return summarize(restarts);
}

function summarize(restarts: readonly Restart[]): TrialResult {
  const sorted = [...restarts].sort((a, b) => a.down - b.down);
  const overlap = sorted.some((restart, index) => index > 0 && restart.down < sorted[index - 1].up);
  return {
    overlap,
    staleSeconds: Math.max(...restarts.map((r) => r.fresh)),
    doneSeconds: Math.max(...restarts.map((r) => r.up)),
  };
}

export interface Summary {
  readonly trials: number;
  readonly overlaps: number;
  readonly staleMaxSeconds: number;
  readonly staleP99Seconds: number;
  readonly staleMedianSeconds: number;
  readonly doneMaxSeconds: number;
}

export function simulate(trial: (random: () => number) => TrialResult, trials: number, seed: number): Summary {
  const random = seededRandom(seed);
  const results = Array.from({ length: trials }, () => trial(random));
  const stale = results.map((r) => r.staleSeconds).sort((a, b) => a - b);
  return {
    trials,
    overlaps: results.filter((r) => r.overlap).length,
    staleMaxSeconds: stale[stale.length - 1],
    staleP99Seconds: stale[Math.floor(0.99 * (stale.length - 1))],
    staleMedianSeconds: stale[Math.floor(0.5 * (stale.length - 1))],
    doneMaxSeconds: Math.max(...results.map((r) => r.doneSeconds)),
  };
}
