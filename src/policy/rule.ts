// What a policy rule is: a small pure function over one resource of the synthesized Terraform JSON, carrying
// the public rule IDs (checkov, cdk-nag AwsSolutions, AWS Foundational Security Best Practices) it implements.
import type { EnvironmentJson, ResourceView } from './terraform-json';

/** The public rule sets a rule implements, so a finding elsewhere can be traced to ours and back. */
export interface PublicIds {
  /** checkov `CKV_AWS_*` / `CKV2_AWS_*` */
  readonly checkov?: readonly string[];
  /** cdk-nag `AwsSolutions-*` */
  readonly cdkNag?: readonly string[];
  /** AWS Foundational Security Best Practices controls (Security Hub), e.g. `EC2.8` */
  readonly fsbp?: readonly string[];
}

/** What a rule sees besides the resource: the whole environment, to follow references between resources. */
export interface RuleContext {
  readonly env: EnvironmentJson;
}

export interface PolicyRule {
  /** Our ID, used in waivers and reports: `<SERVICE>-<WHAT>`, e.g. `EC2-IMDSV2`. */
  readonly id: string;
  /** What compliant means, in one line. */
  readonly title: string;
  readonly publicIds: PublicIds;
  /** Resource types the rule looks at (`aws_instance`), or `provider.aws` for provider blocks. */
  readonly appliesTo: readonly string[];
  /** Undefined when the resource complies; otherwise what is wrong and the fix, in one or two sentences. */
  check(resource: ResourceView, context: RuleContext): string | undefined;
}

/** The outcome of one rule on one resource. */
export type RuleResult =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly message: string }
  | { readonly status: 'waived'; readonly message: string; readonly reason: string };
