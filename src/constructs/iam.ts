// IAM policy documents as JSON strings, so the synthesized JSON holds them literally and policy rules can read them.

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export function iamPolicy(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * The trust policy letting an AWS service (`ec2.amazonaws.com`) assume a role; with `source`, only on behalf of
 * this account's resources (`aws:SourceAccount`, `aws:SourceArn`), so that another account cannot have the service
 * act with this role (the confused deputy).
 */
export function serviceTrustPolicy(service: string, source?: { account: string; arnPattern: string }): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(source
          ? {
              Condition: {
                StringEquals: { 'aws:SourceAccount': source.account },
                ArnLike: { 'aws:SourceArn': source.arnPattern },
              },
            }
          : {}),
      },
    ],
  });
}

/**
 * The first statement of a key policy, as AWS's default one: the account's IAM policies decide who uses and
 * administers the key, so nobody is locked out of it. `sid` keeps an existing key's policy as it was written.
 */
export function accountAdministersKey(account: string, sid = 'AccountIamPoliciesGrantUse') {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: 'kms:*',
    Resource: '*',
  } as const;
}

/** What only the break-glass role may do to a key that data depends on: delete it, disable it, or rewrite its policy. */
export const KEY_GUARDED_ACTIONS = [
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
] as const;

/**
 * A key-policy statement denying KEY_GUARDED_ACTIONS to every principal but the break-glass role, whatever their IAM
 * policies say. A key created with it by anyone else must skip KMS's lockout safety check
 * (bypass_policy_lockout_safety_check): its creator may not change the policy afterwards, which is the point.
 */
export function onlyBreakGlassDestroysKey(breakGlassRoleArn: string, sid = 'OnlyBreakGlassDisablesOrDeletes') {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: [...KEY_GUARDED_ACTIONS],
    Resource: '*',
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn } },
  } as const;
}
