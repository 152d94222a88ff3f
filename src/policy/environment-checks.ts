// The checks that need every stack of an environment at once: allowed traffic and AZ failure.
import type { EnvironmentConfig } from '../config/resolved';
import { acceptedFailures, azFailureReport, unacceptedBreaks } from './az-failure';
import { flowKey, reachability } from './reachability';
import type { EnvironmentJson } from './terraform-json';
import { expectedFlows } from './traffic-table';

/** Problems with the environment as a whole; empty when it is as docs/architecture.md says. */
export function environmentProblems(env: EnvironmentJson, config: EnvironmentConfig): string[] {
  const allowed = reachability(env);
  const expected = new Set(expectedFlows(config).map(flowKey));
  const actual = new Set(allowed.flows.map(flowKey));
  const problems = [
    ...[...actual]
      .filter((flow) => !expected.has(flow))
      .map(
        (flow) =>
          `[NET-TRAFFIC-TABLE] allows ${flow}, which the traffic table does not. Fix: remove the rule, or change the table in src/policy/traffic-table.ts and docs/architecture.md.`,
      ),
    ...[...expected]
      .filter((flow) => !actual.has(flow))
      .map(
        (flow) =>
          `[NET-TRAFFIC-TABLE] does not allow ${flow}, which the traffic table needs. Fix: add the matching ingress and egress rules.`,
      ),
    ...allowed.oneSided.map(
      (rule) =>
        `[NET-TRAFFIC-TABLE] ${rule.source} has no matching rule on the other group, so it allows nothing. Fix: add the counterpart or remove it.`,
    ),
  ];
  const breaks = unacceptedBreaks(azFailureReport(env, config.context.availabilityZones), acceptedFailures(config));
  problems.push(
    ...breaks.map(
      (text) =>
        `[AZ-FAILURE] ${text}. Fix: spread the tier over both AZs (or accept it in acceptedFailures with a reason).`,
    ),
  );
  return problems;
}
