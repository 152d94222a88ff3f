// The timings of an app instance's life, in one place: the boot script, the load balancer's health checks, the Auto
// Scaling group and the credential rotation all derive theirs from these, so they cannot disagree again (the group
// once gave an instance 300 s while its unit could take 600 s to start). The rotation simulation
// (__tests__/unit/rotation-simulation.test.ts) runs on these same numbers.

/**
 * From launch to the app unit's start: the instance boots, cloud-init runs the boot script, `dnf install docker`
 * downloads through the NAT gateway. About a minute on Amazon Linux 2023; twice that is the budget.
 */
export const BOOT_SECONDS = 120;

/**
 * The app unit's start, `TimeoutStartSec`: read the secret, log in to the registry, pull the image (ExecStartPre),
 * run it, and wait until it answers its liveness path (ExecStartPost). Past it, systemd stops the attempt and
 * `Restart=on-failure` starts another.
 */
export const APP_START_TIMEOUT_SECONDS = 480;

/**
 * How long the Auto Scaling group ignores a new instance's failing load-balancer health checks: the boot and one
 * full start attempt of the unit. Shorter, and the group would replace instances that were still pulling their
 * image; longer only delays replacing one that will never start.
 */
export const HEALTH_CHECK_GRACE_SECONDS = BOOT_SECONDS + APP_START_TIMEOUT_SECONDS;

/** `docker stop --time`: Spring Boot's graceful shutdown (server.shutdown=graceful) finishes in-flight requests. */
export const CONTAINER_STOP_SECONDS = 30;

/** systemd's budget to stop the unit: docker's own stop timeout, and time for docker to kill the container after it. */
export const APP_STOP_TIMEOUT_SECONDS = CONTAINER_STOP_SECONDS + 15;

/** The target group's health check. */
export const HEALTH_CHECK = {
  intervalSeconds: 15,
  timeoutSeconds: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
} as const;

/**
 * How long the unhealthy-hosts alarm waits for an unhealthy target to go away: longer than any instance may
 * legitimately fail its checks. The Auto Scaling group registers an instance as soon as it is in service, before
 * Docker is even installed, so every new instance is unhealthy in the target group until its app answers (within
 * the grace period, or the group replaces it). Past that, and three more minutes, an unhealthy target means an image
 * that does not start, or an instance the group cannot replace: the alarm pages, and rolls back a refresh.
 */
export const UNHEALTHY_ALARM_MINUTES =
  Math.ceil((HEALTH_CHECK_GRACE_SECONDS + HEALTH_CHECK.unhealthyThreshold * HEALTH_CHECK.intervalSeconds) / 60) + 3;

/** The target group drains a deregistered instance this long: requests in flight finish, no new ones arrive. */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/**
 * After an instance is healthy in the target group, the instance refresh waits this long before it counts the
 * instance as ready and moves on: the JIT and the connection pool warm up under real traffic first.
 */
export const INSTANCE_WARMUP_SECONDS = 60;

/**
 * The credential rotation (docs/behaviour.md "The password rotates"). RDS changes the master password and
 * the secret at once; each instance notices the new secret version within one poll and restarts its container to
 * pick it up, but only in its own turn and only while every other instance is healthy, so that at most one is out
 * of the load balancer at a time.
 */
export const ROTATION = {
  /** Each instance reads the secret's current version this often (a systemd timer, AccuracySec=1s). */
  pollSeconds: 60,
  /**
   * The turns: from the new version's CreatedDate (the same clock for every instance) time is cut into turns of
   * this length, and turn k belongs to the instance of rank k mod N among the Auto Scaling group's N InService
   * instances, sorted by instance ID. A restart takes about two to three minutes: draining, stop, start, two health checks.
   */
  turnSeconds: 300,
  /**
   * An instance starts its restart only in the first part of its turn, so the next instance's first look, a full
   * poll later at the earliest, sees it already out of service.
   */
  startWindowSeconds: 240,
} as const;

/** A rotation turn: whose it is, and whether a restart may start in it. */
export interface RotationTurn {
  /** The rank (index among the sorted registered instance IDs) whose turn it is. */
  readonly rank: number;
  /** Whether the turn is still in its start window. */
  readonly mayStart: boolean;
}

/** The turn at `secondsSinceRotation` after the new version was created, among `instances` registered instances. */
export function rotationTurn(secondsSinceRotation: number, instances: number): RotationTurn {
  const turn = Math.floor(secondsSinceRotation / ROTATION.turnSeconds);
  return {
    rank: turn % instances,
    mayStart: secondsSinceRotation % ROTATION.turnSeconds < ROTATION.startWindowSeconds,
  };
}

/** What one instance's poll decides, from what it sees: the rule the boot script's rotate-credentials implements. */
export function rotationDecision(view: {
  /** Whether the container runs with an older secret version than the current one. */
  readonly stale: boolean;
  readonly secondsSinceRotation: number;
  /**
   * The Auto Scaling group's InService instances. The ranks come from this list, not from the target group's: an
   * instance out for its restart is gone from the target group, and must count neither as healthy nor as absent.
   */
  readonly instances: readonly string[];
  /** The target group's view: instance ID to state (`healthy`, `initial`, `draining`, ...); absent when not registered. */
  readonly targetStates: Readonly<Record<string, string>>;
  readonly self: string;
}): 'wait' | 'restart' | 'nothing' {
  if (!view.stale) return 'nothing';
  const ids = [...view.instances].sort();
  const rank = ids.indexOf(view.self);
  // Not in service: launching (it reads the current version at start) or leaving the group.
  if (rank < 0) return 'wait';
  const turn = rotationTurn(view.secondsSinceRotation, ids.length);
  if (turn.rank !== rank || !turn.mayStart) return 'wait';
  return ids.every((id) => id === view.self || view.targetStates[id] === 'healthy') ? 'restart' : 'wait';
}
