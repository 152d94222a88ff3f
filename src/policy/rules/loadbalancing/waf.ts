// Application load balancers sit behind a WAFv2 web ACL, which filters common web exploits before the app sees them.
import type { PolicyRule } from '../../rule';
import { loadBalancerType, referenced } from '../values';

export const loadBalancerWaf: PolicyRule = {
  id: 'ELB-WAF',
  title: 'Application load balancers are associated with a WAFv2 web ACL (aws_wafv2_web_acl_association)',
  publicIds: { checkov: ['CKV2_AWS_28'], fsbp: ['ELB.16'] },
  appliesTo: ['aws_lb', 'aws_alb'],
  check(resource, { env }) {
    if (loadBalancerType(resource.config) !== 'application') return undefined;
    const associated = env.ofType('aws_wafv2_web_acl_association').some((association) => {
      const target = referenced(env, association, association.config.resource_arn);
      return target?.stack === resource.stack && target.address === resource.address;
    });
    if (associated) return undefined;
    return `receives traffic no web application firewall inspects (no aws_wafv2_web_acl_association has resource_arn = ${resource.address}.arn). Fix: add an aws_wafv2_web_acl (scope = "REGIONAL", with AWS managed rule groups such as AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet) and an aws_wafv2_web_acl_association { resource_arn = ${resource.address}.arn, web_acl_arn = <web ACL>.arn }.`;
  },
};
