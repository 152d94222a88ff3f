// Security group rules as standalone resources, one port each, so every allowed flow is one named resource.
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';
import { HTTPS_PORT } from '../config/ports';
import { waive } from '../policy/waivers';

/** The other end of a rule: an IPv4 block, another security group (the VPC has no IPv6), or a prefix list (S3's). */
export type Peer =
  | { readonly cidrIpv4: string }
  | { readonly securityGroupId: string }
  | { readonly prefixListId: string };

export interface RuleProps {
  /** The group the rule belongs to. */
  readonly securityGroupId: string;
  readonly peer: Peer;
  /** One TCP port: rules here never open ranges. */
  readonly port: number;
  /** Shown in the console next to the rule: say who talks to whom and why. */
  readonly description: string;
}

function ruleConfig(props: RuleProps) {
  const peer = props.peer;
  return {
    securityGroupId: props.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: props.port,
    toPort: props.port,
    description: props.description,
    cidrIpv4: 'cidrIpv4' in peer ? peer.cidrIpv4 : undefined,
    referencedSecurityGroupId: 'securityGroupId' in peer ? peer.securityGroupId : undefined,
    prefixListId: 'prefixListId' in peer ? peer.prefixListId : undefined,
  };
}

export function allowIngress(scope: Construct, id: string, props: RuleProps): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(scope, id, ruleConfig(props));
}

export function allowEgress(scope: Construct, id: string, props: RuleProps): VpcSecurityGroupEgressRule {
  return new VpcSecurityGroupEgressRule(scope, id, ruleConfig(props));
}

/** One end of a flow between security groups: the group, and how rule descriptions name it. */
export interface FlowEnd {
  readonly securityGroupId: string;
  /** e.g. "the load balancer" */
  readonly name: string;
}

/**
 * A flow from one security group to another on one port: the egress rule on the source and the matching ingress
 * rule on the target, which AWS both needs before a packet passes.
 */
export function allowFlow(
  scope: Construct,
  ids: { readonly egress: string; readonly ingress: string },
  flow: { readonly from: FlowEnd; readonly to: FlowEnd; readonly port: number; readonly what?: string },
): void {
  const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const what = flow.what ? `${flow.what} ` : '';
  allowEgress(scope, ids.egress, {
    securityGroupId: flow.from.securityGroupId,
    peer: { securityGroupId: flow.to.securityGroupId },
    port: flow.port,
    description: sentence(`${what}to ${flow.to.name}`),
  });
  allowIngress(scope, ids.ingress, {
    securityGroupId: flow.to.securityGroupId,
    peer: { securityGroupId: flow.from.securityGroupId },
    port: flow.port,
    description: sentence(`${what}from ${flow.from.name}`),
  });
}

/** HTTPS out to the internet (through the NAT or internet gateway): packages, container images, AWS APIs. */
export function allowHttpsToInternet(
  scope: Construct,
  id: string,
  securityGroupId: string,
  what: string,
): VpcSecurityGroupEgressRule {
  return allowEgress(scope, id, {
    securityGroupId,
    peer: { cidrIpv4: '0.0.0.0/0' },
    port: HTTPS_PORT,
    description: `HTTPS to the internet: ${what}`,
  });
}

/** Where an instance's HTTPS may go besides its peers in the traffic table. */
export interface HttpsEgress {
  /** The instances: their group, how rules name them, and the prefix of the rules' construct IDs (`App`). */
  readonly from: FlowEnd & { readonly idPrefix: string };
  /** The interface endpoints' group, when the VPC has them. */
  readonly endpointSecurityGroupId?: string;
  /** S3's prefix list, reached through the gateway endpoint. */
  readonly s3PrefixListId: string;
  /**
   * HTTPS to any address, with the decision it rests on, recorded as the waiver of SG-NO-INTERNET-EGRESS.
   * @default - none
   */
  readonly internet?: { readonly what: string; readonly reason: string };
}

/**
 * An instance group's HTTPS out: to the interface endpoints and S3's prefix list when the VPC has endpoints (AWS APIs
 * and packages stay in AWS's network), and to the internet only where a setting asks for it.
 */
export function allowHttpsEgress(scope: Construct, egress: HttpsEgress): void {
  const { from } = egress;
  if (egress.endpointSecurityGroupId) {
    allowFlow(
      scope,
      { egress: `${from.idPrefix}HttpsToEndpoints`, ingress: `EndpointsHttpsFrom${from.idPrefix}` },
      {
        from,
        to: { securityGroupId: egress.endpointSecurityGroupId, name: 'the VPC endpoints' },
        port: HTTPS_PORT,
        what: 'HTTPS',
      },
    );
    allowEgress(scope, `${from.idPrefix}HttpsToS3`, {
      securityGroupId: from.securityGroupId,
      peer: { prefixListId: egress.s3PrefixListId },
      port: HTTPS_PORT,
      description: 'HTTPS to S3 through its gateway endpoint: image layers, packages',
    });
  }
  if (egress.internet) {
    const rule = allowHttpsToInternet(
      scope,
      `${from.idPrefix}HttpsToInternet`,
      from.securityGroupId,
      egress.internet.what,
    );
    waive(rule, 'SG-NO-INTERNET-EGRESS', egress.internet.reason);
  }
}

/**
 * A security group with no inline rules: Terraform removes AWS's default allow-all egress rule on creation,
 * and the standalone rules above add exactly what the traffic table allows.
 */
export function closedSecurityGroup(
  scope: Construct,
  id: string,
  props: { name: string; description: string; vpcId: string },
): SecurityGroup {
  return new SecurityGroup(scope, id, {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    revokeRulesOnDelete: true,
    tags: { Name: props.name },
  });
}

/** A construct ID from a CIDR block, stable when the list around it is reordered: `203_0_113_10_32`. */
export function cidrId(cidr: string): string {
  return cidr.replace(/[^0-9a-fA-F]+/g, '_').replace(/^_|_$/g, '');
}
