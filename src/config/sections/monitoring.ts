// The monitoring section: the alarms' thresholds and the address their alerts go to. Its input type, schema,
// resolved type, defaults and resolver.
import * as z from 'zod/mini';
import { EnvironmentKind } from '../enums';
import type { ProblemList } from '../errors';
import type { InSync } from '../schema-helpers';
import type { AppConfig } from './app';
import type { EnvironmentContext } from './context';

/**
 * The alarms of the environment and where they go (the `<env>-monitoring` and `<env>-app` stacks). Every alarm and
 * event notifies one SNS topic per environment, `<project>-<env>-alerts`, encrypted with a KMS key of its own.
 */
export interface MonitoringSettings {
  /**
   * The address that receives the alerts (an email subscription of the topic, which AWS asks the address to
   * confirm). Without it the alarms still change state and show on the dashboard, but nobody is told: production
   * warns. Other subscribers (a chat webhook, a pager) can subscribe to the topic outside this code.
   * @default - none: no subscription
   */
  readonly alarmEmail?: string;
  /** Alarm when 5xx responses (the load balancer's and the app's) exceed this share of requests, in percent, in 3 of 5 minutes. @default 1 */
  readonly http5xxRatePercent?: number;
  /** Alarm when the 95th percentile of the app's response time exceeds this, in seconds, in 3 of 5 minutes. @default 1 */
  readonly responseTimeP95Seconds?: number;
  /** Alarm when the database's CPU exceeds this percentage for 10 minutes. @default 80 */
  readonly databaseCpuPercent?: number;
  /**
   * Alarm when the database's free storage falls below this, in GiB. Storage autoscaling grows the volume when
   * less than 10 % is free, so this fires when autoscaling has reached `maxAllocatedStorageGiB` or cannot keep up.
   * @default 2
   */
  readonly databaseFreeStorageGiB?: number;
  /** Alarm when the database's freeable memory falls below this, in MiB, for 10 minutes. @default 100 */
  readonly databaseFreeableMemoryMiB?: number;
  /**
   * Alarm when the database has more connections than this for 5 minutes. The app's connection pool (HikariCP)
   * opens 10 per instance by default, so more than that times `app.capacity.max` is a leak or another client.
   * @default - 10 per instance at `app.capacity.max`, plus 10 (for the operators)
   */
  readonly databaseConnections?: number;
}

/** A threshold: a number, its range checked in resolve/monitoring.ts, where the message can name the unit. */
const threshold = z.optional(z.number());

export const monitoringSchema = z.strictObject({
  alarmEmail: z.optional(z.string()),
  http5xxRatePercent: threshold,
  responseTimeP95Seconds: threshold,
  databaseCpuPercent: threshold,
  databaseFreeStorageGiB: threshold,
  databaseFreeableMemoryMiB: threshold,
  databaseConnections: threshold,
});
true satisfies InSync<MonitoringSettings, typeof monitoringSchema>;

/** The alarms' thresholds and where they go. */
export interface MonitoringConfig {
  /** Subscribed to the alert topic, or undefined for no subscription. */
  readonly alarmEmail?: string;
  readonly http5xxRatePercent: number;
  readonly responseTimeP95Seconds: number;
  readonly databaseCpuPercent: number;
  readonly databaseFreeStorageGiB: number;
  readonly databaseFreeableMemoryMiB: number;
  readonly databaseConnections: number;
}

/** HikariCP's default pool size (`maximumPoolSize`): the connections one app instance opens. */
export const CONNECTIONS_PER_INSTANCE = 10;
/** Room above the fleet's pools for the operators' sessions (a migration, a console). */
const OPERATOR_CONNECTIONS = 10;

/** Each threshold: its default, the range that makes sense and its unit, for the messages. */
export const THRESHOLDS = {
  http5xxRatePercent: { default: 1, min: 0.01, max: 100, unit: '% of requests' },
  responseTimeP95Seconds: { default: 1, min: 0.01, max: 600, unit: 'seconds' },
  databaseCpuPercent: { default: 80, min: 1, max: 100, unit: '% CPU' },
  databaseFreeStorageGiB: { default: 2, min: 1, max: 65536, unit: 'GiB' },
  databaseFreeableMemoryMiB: { default: 100, min: 1, max: 1048576, unit: 'MiB' },
  databaseConnections: { default: undefined, min: 1, max: 100000, unit: 'connections' },
} as const;

/** One address, as SNS accepts it for an email subscription: no display name, no list. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/** RFC 2606's example domains: the documentation's addresses, which nobody reads. */
const EXAMPLE_EMAIL = /@(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$|@example$/i;

export function resolveMonitoring(
  settings: MonitoringSettings | undefined,
  context: EnvironmentContext,
  app: AppConfig,
  problems: ProblemList,
): MonitoringConfig {
  const s = settings ?? {};
  const value = (name: keyof typeof THRESHOLDS, fallback: number): number => {
    const range = THRESHOLDS[name];
    const written = s[name];
    if (written !== undefined && !(written >= range.min && written <= range.max)) {
      problems.add(
        name,
        written,
        `must be between ${range.min} and ${range.max} ${range.unit}. Fix: set a value in that range, or leave it out for the default (${fallback}).`,
      );
    }
    return written ?? fallback;
  };
  const alarmEmail = s.alarmEmail?.trim();
  if (alarmEmail !== undefined) {
    if (!EMAIL.test(alarmEmail)) {
      problems.add(
        'alarmEmail',
        s.alarmEmail,
        'is not an email address. Fix: write one address, such as "oncall@your-company.com", without a display name.',
      );
    } else if (EXAMPLE_EMAIL.test(alarmEmail)) {
      problems.warn(
        'alarmEmail',
        alarmEmail,
        "is an example address (RFC 2606): nobody will read the alerts. Set your team's address before deploying.",
      );
    }
  } else if (context.kind === EnvironmentKind.PRODUCTION) {
    problems.warn(
      'alarmEmail',
      undefined,
      'production has no alarm email: alarms change state, but nobody is told. Set monitoring.alarmEmail, or subscribe a pager to the <project>-<env>-alerts topic.',
    );
  }
  return {
    alarmEmail: alarmEmail === '' ? undefined : alarmEmail,
    http5xxRatePercent: value('http5xxRatePercent', THRESHOLDS.http5xxRatePercent.default),
    responseTimeP95Seconds: value('responseTimeP95Seconds', THRESHOLDS.responseTimeP95Seconds.default),
    databaseCpuPercent: value('databaseCpuPercent', THRESHOLDS.databaseCpuPercent.default),
    databaseFreeStorageGiB: value('databaseFreeStorageGiB', THRESHOLDS.databaseFreeStorageGiB.default),
    databaseFreeableMemoryMiB: value('databaseFreeableMemoryMiB', THRESHOLDS.databaseFreeableMemoryMiB.default),
    databaseConnections: value('databaseConnections', defaultConnections(app.capacity.max)),
  };
}

/** The most connections the fleet's pools open at full size, plus the operators'. */
export function defaultConnections(maxInstances: number): number {
  return CONNECTIONS_PER_INSTANCE * maxInstances + OPERATOR_CONNECTIONS;
}
