// The one place to configure environments. Every setting, its default and its cost: docs/configuration.md.
import {
  DatabaseEngine,
  EnvironmentKind,
  NatGateways,
  type AccessSettings,
  type EnvironmentSettings,
} from './settings';

/*
 * Values marked EXAMPLE synthesize and plan, but must be replaced before `cdktf deploy`: synthesis prints a
 * warning for each one still in place (documentation addresses, the documentation account 123456789012, the
 * example SSH key).
 */

const PROJECT = 'devloop';

// EXAMPLE: the GitHub repository that holds this code; its .github/workflows/infrastructure.yml deploys. Its ID and
// its owner's: `gh api repos/<owner>/<name> --jq .id`, `gh api users/<owner> --jq .id`.
const ci = { repository: 'devloop-example/infrastructure', repositoryId: '100000001', repositoryOwnerId: '100000002' };

// EXAMPLE: the role your operators assume to repair state (docs/day-2.md "Recover state from a bad version"), the
// only one that may delete state versions or change the state bucket's protections.
const breakGlassRoleArn = (environment: string) =>
  `arn:aws:iam::123456789012:role/devloop-${environment}-state-break-glass`;

/** Who may SSH to the bastion, and with which key. */
const access: AccessSettings = {
  // EXAMPLE: your office or VPN egress addresses, e.g. the output of `curl https://checkip.amazonaws.com` + "/32".
  adminCidrs: ['203.0.113.10/32'],
  // EXAMPLE: the contents of your ~/.ssh/id_ed25519.pub (nobody holds this key's private half).
  sshKey: {
    publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdSMwtEIHxLbjwFs8xlwo8cfnClu4xZUTVAknygN7VP replace-me@example',
  },
};

// EXAMPLE: the application image, pushed to ECR in the environment's account. Production pins the digest as well
// (`aws ecr describe-images --repository-name devloop-api --image-ids imageTag=1.0.0` shows it): a tag can be pushed
// again, a digest cannot (docs/day-2.md "Roll out a new application version").
const IMAGE = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/devloop-api:1.0.0';
const PINNED_IMAGE = `${IMAGE}@sha256:4c4f2a1f5e3b9d8c7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f`;

export const environments: Readonly<Record<string, EnvironmentSettings>> = {
  dev: {
    kind: EnvironmentKind.DEVELOPMENT,
    project: PROJECT,
    region: 'ap-northeast-2',
    availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
    tags: { CostCenter: 'devloop-dev' },
    // EXAMPLE: bucket names are global; add your account ID or another unique suffix.
    backend: { bucket: 'devloop-tfstate-dev-apne2', breakGlassRoleArn: breakGlassRoleArn('dev') },
    network: {
      vpcCidr: '10.10.0.0/16',
      natGateways: NatGateways.SINGLE,
    },
    access,
    database: { engine: DatabaseEngine.MYSQL, instanceClass: 'db.t3.micro' },
    app: {
      image: IMAGE,
      capacity: { min: 1, desired: 2, max: 2 },
    },
    ci,
  },
  prod: {
    kind: EnvironmentKind.PRODUCTION,
    project: PROJECT,
    region: 'ap-northeast-2',
    availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
    tags: { CostCenter: 'devloop-prod' },
    // EXAMPLE: bucket names are global; add your account ID or another unique suffix.
    backend: { bucket: 'devloop-tfstate-prod-apne2', breakGlassRoleArn: breakGlassRoleArn('prod') },
    network: {
      vpcCidr: '10.20.0.0/16',
      natGateways: NatGateways.ONE_PER_AZ,
    },
    access: { ...access, adminCidrs: ['198.51.100.0/28'] },
    database: {
      engine: DatabaseEngine.MYSQL,
      instanceClass: 'db.t3.small',
      backupRetentionDays: 14,
    },
    app: {
      image: PINNED_IMAGE,
      capacity: { min: 2, desired: 2, max: 6 },
      // EXAMPLE: an ACM certificate for your domain, in ap-northeast-2.
      certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a',
    },
    // EXAMPLE: your team's address for the alerts (AWS sends a confirmation mail to it first).
    monitoring: { alarmEmail: 'oncall@example.com' },
    ci,
  },
};
