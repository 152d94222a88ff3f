// The policy pack's report on one environment: every rule on every resource (pass, fail, or waived with its
// reason), stale waivers, the traffic-table and AZ-failure problems, and the single points of failure accepted.
// `npm run policy` prints it; docs/waivers.md is generated from it.
import type { EnvironmentConfig } from '../config/resolved';
import { synthesizeEnvironment } from '../synthesize';
import { acceptedFailures, azFailureReport } from './az-failure';
import { environmentProblems } from './environment-checks';
import { evaluate, type Finding, type StaleWaiver } from './evaluate';
import { POLICY_PACK } from './pack';

export interface PolicyReport {
  readonly config: EnvironmentConfig;
  readonly findings: readonly Finding[];
  readonly staleWaivers: readonly StaleWaiver[];
  /** The traffic table's and the AZ-failure analysis's problems. */
  readonly problems: readonly string[];
  /** What breaks when an AZ fails that the environment's settings accept, with the reason. */
  readonly acceptedBreaks: readonly { readonly text: string; readonly reason: string }[];
}

/** Synthesizes the environment (policy errors recorded, not thrown) and runs the pack and the checks on it. */
export function policyReport(config: EnvironmentConfig): PolicyReport {
  const env = synthesizeEnvironment(config, { continueOnErrorAnnotations: true });
  const { findings, staleWaivers } = evaluate(env, POLICY_PACK);
  const accepted = acceptedFailures(config);
  const acceptedBreaks = azFailureReport(env, config.context.availabilityZones)
    .flatMap((zone) => zone.breaks.map((text) => `when ${zone.failedZone} fails: ${text}`))
    .flatMap((text) => {
      const reason = accepted.find((a) => text.includes(a.matches))?.reason;
      return reason ? [{ text, reason }] : [];
    });
  return { config, findings, staleWaivers, problems: environmentProblems(env, config), acceptedBreaks };
}
