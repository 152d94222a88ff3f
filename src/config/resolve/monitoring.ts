// Resolves the alarm settings: the address alerts go to, and each threshold with its default.
import type { ProblemList } from '../errors';
import type { AppConfig, EnvironmentContext, MonitoringConfig } from '../resolved';
import { EnvironmentKind, type MonitoringSettings } from '../settings';

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
