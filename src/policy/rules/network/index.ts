// Network rules: VPCs, subnets, security groups, flow logs and CloudWatch log groups.
import type { PolicyRule } from '../../rule';
import { logsKms } from './logs-kms';
import { logsRetentionOneYear } from './logs-retention-one-year';
import { logsRetentionSet } from './logs-retention-set';
import { sgAttached } from './sg-attached';
import { sgDescriptions } from './sg-descriptions';
import { sgNoInternetEgress } from './sg-no-internet-egress';
import { sgNoOpenEgressAllPorts } from './sg-no-open-egress-all-ports';
import { sgNoOpenIngress } from './sg-no-open-ingress';
import { subnetNoAutoPublicIp } from './subnet-no-auto-public-ip';
import { vpcDefaultSgClosed } from './vpc-default-sg-closed';
import { vpcFlowLogs } from './vpc-flow-logs';

export const networkRules: readonly PolicyRule[] = [
  vpcFlowLogs,
  vpcDefaultSgClosed,
  subnetNoAutoPublicIp,
  sgNoOpenIngress,
  sgNoOpenEgressAllPorts,
  sgNoInternetEgress,
  sgDescriptions,
  sgAttached,
  logsRetentionSet,
  logsRetentionOneYear,
  logsKms,
];
