// AWS SDK for JavaScript clients bound to the emulator: the deploy checks read what Terraform created through the
// AWS APIs, as an operator would, not through Terraform's own state.
import { ACMClient } from '@aws-sdk/client-acm';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface EmulatorClients {
  readonly acm: ACMClient;
  readonly autoscaling: AutoScalingClient;
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly iam: IAMClient;
  readonly logs: CloudWatchLogsClient;
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
}

export function emulatorClients(endpoint: string, region: string): EmulatorClients {
  // The SDK warns once per process that its releases after January 2027 need Node 22; the versions here are
  // pinned, and run on the Node 20 this project supports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    endpoint,
    region,
    credentials: { accessKeyId: 'local-emulator', secretAccessKey: 'local-emulator' },
    maxAttempts: 2,
  };
  return {
    acm: new ACMClient(config),
    autoscaling: new AutoScalingClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
    rds: new RDSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    secrets: new SecretsManagerClient(config),
  };
}
