// Every VPC records its traffic with a flow log, to a destination that exists and (for CloudWatch) expires.
import type { PolicyRule } from '../../rule';
import { globalAddress, type EnvironmentJson, type ResourceView } from '../../terraform-json';
import { isExpression, referenced } from '../values';
import { setsRetention } from './logs-retention-set';

/** The log group a flow log writes to, when it is one of the environment's resources. */
function logGroupOf(env: EnvironmentJson, flowLog: ResourceView): ResourceView | undefined {
  const { log_destination: destination, log_group_name: groupName } = flowLog.config;
  for (const value of [destination, groupName]) {
    const target = referenced(env, flowLog, value);
    if (target?.type === 'aws_cloudwatch_log_group') return target;
  }
  // A literal ARN (arn:aws:logs:<region>:<account>:log-group:<name>[:*]) or name.
  const literal =
    typeof destination === 'string' && !isExpression(destination)
      ? /:log-group:(.+?)(?::\*)?$/.exec(destination)?.[1]
      : typeof groupName === 'string' && !isExpression(groupName)
        ? groupName
        : undefined;
  return literal ? env.ofType('aws_cloudwatch_log_group').find((group) => group.config.name === literal) : undefined;
}

function hasDestination(flowLog: ResourceView): boolean {
  const { log_destination: destination, log_group_name: groupName } = flowLog.config;
  return [destination, groupName].some((value) => typeof value === 'string' && value.trim() !== '');
}

export const vpcFlowLogs: PolicyRule = {
  id: 'VPC-FLOW-LOGS',
  title:
    'Every VPC has a flow log (aws_flow_log vpc_id) with a destination; a CloudWatch destination sets retention_in_days',
  publicIds: { checkov: ['CKV2_AWS_11'], cdkNag: ['AwsSolutions-VPC7'], fsbp: ['EC2.6'] },
  appliesTo: ['aws_vpc'],
  check(vpc, { env }) {
    const flowLogs = env.ofType('aws_flow_log').filter((flowLog) => {
      const target = referenced(env, flowLog, flowLog.config.vpc_id);
      return target !== undefined && globalAddress(target) === globalAddress(vpc);
    });
    if (flowLogs.length === 0) {
      return 'records no flow logs (no aws_flow_log has vpc_id pointing at it). Fix: add an aws_flow_log with vpc_id = this VPC, traffic_type = "ALL" and a log_destination (a CloudWatch log group with retention_in_days, or an S3 bucket).';
    }
    const problems: string[] = [];
    for (const flowLog of flowLogs) {
      if (!hasDestination(flowLog)) {
        problems.push(`${flowLog.address} has no log_destination`);
        continue;
      }
      const group = logGroupOf(env, flowLog);
      if (group && !setsRetention(group.config)) {
        problems.push(
          `${flowLog.address} writes to ${group.address}, which keeps entries forever (no retention_in_days)`,
        );
        continue;
      }
      return undefined;
    }
    return `has no usable flow log: ${problems.join('; ')}. Fix: give the aws_flow_log a log_destination, and set retention_in_days on its CloudWatch log group.`;
  },
};
