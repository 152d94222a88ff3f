// CloudWatch log groups as every stack creates them: a name, a retention, and the policy decisions about them.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { Construct } from 'constructs';
import { waive } from '../policy/waivers';

/** Checkov and Security Hub ask for a year of retention; shorter is a decision, recorded as a waiver. */
const ONE_YEAR = 365;

export interface LogGroupProps {
  readonly name: string;
  readonly retentionInDays: number;
  readonly tags: Record<string, string>;
  /** A KMS key of the account. @default - CloudWatch Logs' own encryption at rest, with AWS-owned keys */
  readonly kmsKeyId?: string;
}

/** A log group that expires its entries, with the waivers its settings call for. */
export function logGroup(scope: Construct, id: string, props: LogGroupProps): CloudwatchLogGroup {
  const group = new CloudwatchLogGroup(scope, id, props);
  if (!props.kmsKeyId) {
    waive(
      group,
      'LOGS-KMS',
      'CloudWatch Logs encrypts every log group at rest with AWS-owned keys; a customer managed key would add a key policy per environment to maintain, for logs that hold no secrets.',
    );
  }
  if (props.retentionInDays < ONE_YEAR) {
    waive(
      group,
      'LOGS-RETENTION-1-YEAR',
      `This environment keeps these logs ${props.retentionInDays} days (a setting of its kind): they serve debugging, not audits, and a year of them would cost more than they are worth.`,
    );
  }
  return group;
}
