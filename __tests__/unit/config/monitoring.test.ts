// The monitoring section: the alarms' thresholds and the address alerts go to.
import { environments } from '../../../src/config/environments';
import { expectRefused, resolveOk } from '../../helpers/config';

const prod = environments.prod;

describe('thresholds and the alarm email', () => {
  it('default to the thresholds their doc comments give', () => {
    const config = resolveOk({}, prod, 'prod');
    expect(config.monitoring).toEqual({
      alarmEmail: environments.prod.monitoring?.alarmEmail,
      http5xxRatePercent: 1,
      responseTimeP95Seconds: 1,
      databaseCpuPercent: 80,
      databaseFreeStorageGiB: 2,
      databaseFreeableMemoryMiB: 100,
      // 10 connections per instance at prod's max of 6, plus 10.
      databaseConnections: 70,
    });
  });

  it.each([
    ['http5xxRatePercent', 0, /between 0\.01 and 100 % of requests/],
    ['http5xxRatePercent', 101, /between 0\.01 and 100 % of requests/],
    ['responseTimeP95Seconds', 0, /between 0\.01 and 600 seconds/],
    ['databaseCpuPercent', 120, /between 1 and 100 % CPU/],
    ['databaseFreeStorageGiB', 0, /between 1 and 65536 GiB/],
    ['databaseFreeableMemoryMiB', -5, /between 1 and 1048576 MiB/],
    ['databaseConnections', 0, /between 1 and 100000 connections/],
  ])('refuse a threshold %s of %d', (setting, value, message) => {
    expectRefused({ monitoring: { [setting]: value } }, `monitoring.${setting}`, message);
  });

  it.each([['not an address'], ['Ops <ops@acme.io>'], ['a@b']])('refuse an alarm email %j', (alarmEmail) => {
    expectRefused({ monitoring: { alarmEmail } }, 'monitoring.alarmEmail', /is not an email address/);
  });

  it('accept an alarm email, and warn about an example one', () => {
    expect(resolveOk({ monitoring: { alarmEmail: 'oncall@acme.io' } }).monitoring.alarmEmail).toBe('oncall@acme.io');
    const example = resolveOk({ monitoring: { alarmEmail: 'oncall@example.com' } });
    expect(example.warnings.find((w) => w.setting === 'monitoring.alarmEmail')?.message).toMatch(/example address/);
  });

  it('warn when production has no alarm email, and not in development', () => {
    const production = resolveOk({ monitoring: { alarmEmail: undefined } }, prod, 'prod');
    expect(production.monitoring.alarmEmail).toBeUndefined();
    expect(production.warnings.find((w) => w.setting === 'monitoring.alarmEmail')?.message).toMatch(
      /production has no alarm email: alarms change state, but nobody is told/,
    );
    expect(resolveOk({ monitoring: { alarmEmail: undefined } }).warnings.map((w) => w.setting)).not.toContain(
      'monitoring.alarmEmail',
    );
  });

  it('refuse an unknown monitoring setting', () => {
    expectRefused({ monitoring: { alarmEmails: ['a@acme.io'] } }, 'monitoring.alarmEmails', /unknown setting/);
  });
});
