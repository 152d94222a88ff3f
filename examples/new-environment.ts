// A new environment, as one more entry of `environments` in src/config/environments.ts (`npm run typecheck` checks
// this file; the configuration matrix synthesizes, checks and plans it as written).
import { DatabaseEngine, EnvironmentKind, NatGateways, type EnvironmentSettings } from '../src/config/settings';

/*
 * Copy the `stage` entry into src/config/environments.ts, then replace the three values marked YOURS: they are
 * example values that synthesize, and synthesis warns about each one still in place. The account 111122223333, the
 * admin address and the email are examples too: put in your own.
 */
export const newEnvironments: Readonly<Record<string, EnvironmentSettings>> = {
  stage: {
    kind: EnvironmentKind.PRODUCTION, // production: HTTPS required, DB protected, NAT per AZ
    project: 'devloop',
    region: 'ap-northeast-2',
    availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
    backend: {
      bucket: 'devloop-tfstate-stage-111122223333', // globally unique: the state stack creates it
      // The one role that may rewrite state history.
      breakGlassRoleArn: 'arn:aws:iam::111122223333:role/devloop-state-break-glass',
    },
    network: { vpcCidr: '10.30.0.0/16', natGateways: NatGateways.ONE_PER_AZ },
    access: {
      adminCidrs: ['198.51.100.7/32'], // your address, as a.b.c.d/32
      // YOURS: the contents of your ~/.ssh/id_ed25519.pub (nobody holds this example key's private half).
      sshKey: {
        publicKey:
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdSMwtEIHxLbjwFs8xlwo8cfnClu4xZUTVAknygN7VP replace-me@example',
      },
    },
    database: { engine: DatabaseEngine.POSTGRES },
    app: {
      image:
        '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/api:1.4.2@sha256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4',
      // YOURS: the ARN of your ACM certificate in ap-northeast-2 (this one is of AWS's documentation account).
      certificateArn: 'arn:aws:acm:ap-northeast-2:123456789012:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a',
    },
    monitoring: { alarmEmail: 'oncall@example.com' },
    // YOURS: <owner>/<name> of the GitHub repository that holds this code (this one is the shipped example).
    ci: {
      repository: 'devloop-example/infrastructure',
      // YOURS: the repository's ID and its owner's (gh api repos/<owner>/<name> --jq .id, gh api users/<owner> --jq .id).
      repositoryId: '100000001',
      repositoryOwnerId: '100000002',
    },
  },
};
