// The app tier's part of the traffic table: the load balancer's and the app instances' security groups, and one
// rule per allowed flow (internet -> load balancer, load balancer -> app, bastion -> app, app -> database, app ->
// HTTPS out to the VPC endpoints, S3 or the internet). A flow between two groups is two rules, the egress of one and
// the ingress of the other.
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { Construct } from 'constructs';
import { HTTP_PORT, HTTPS_PORT, SSH_PORT } from '../../config/ports';
import type { AppConfig } from '../../config/resolved';
import { waive } from '../../policy/waivers';
import { Component } from '../../constructs/component';
import { INTERFACE_ENDPOINTS_COST } from '../network/network-stack';
import { allowFlow, allowHttpsEgress, allowIngress, closedSecurityGroup } from '../../constructs/security-rules';

export interface AppTrafficProps {
  /**
   * The resolved app settings the flows follow: the listener (HTTPS opens 443 besides 80, which then only
   * redirects), the app port, and HTTPS to any address (`app.internetEgress`).
   */
  readonly app: Pick<AppConfig, 'listener' | 'port' | 'internetEgress'>;
  readonly vpcId: string;
  /** The bastion's group (access tier), in bastion mode: SSH from it to the app instances. */
  readonly bastionSecurityGroupId?: string;
  /** The database's group (data tier) and its port: the app instances' only way in. */
  readonly databaseSecurityGroupId: string;
  readonly databasePort: number;
  /** The interface endpoints' group, when the VPC has endpoints. */
  readonly endpointSecurityGroupId?: string;
  readonly s3PrefixListId: string;
}

export class AppTraffic extends Component {
  readonly loadBalancerGroup: SecurityGroup;
  readonly appGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: AppTrafficProps) {
    super(scope, id);
    this.loadBalancerGroup = closedSecurityGroup(this, 'LoadBalancerSecurityGroup', {
      name: this.resourceName('alb'),
      description: 'Load balancer: HTTP(S) from the internet, to the app port of the app instances',
      vpcId: props.vpcId,
    });
    this.appGroup = closedSecurityGroup(this, 'AppSecurityGroup', {
      name: this.resourceName('app'),
      // AWS cannot change a description: it stays as written when there is no bastion rather than replace the group.
      description: 'App instances: app port from the load balancer, SSH from the bastion',
      vpcId: props.vpcId,
    });
    for (const port of props.app.listener.protocol === 'HTTPS' ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT]) {
      const rule = allowIngress(this, `LoadBalancerFromInternet${port}`, {
        securityGroupId: this.loadBalancerGroup.id,
        peer: { cidrIpv4: '0.0.0.0/0' },
        port,
        description: `Port ${port} from the internet`,
      });
      waive(
        rule,
        'SG-NO-OPEN-INGRESS',
        `The internet-facing load balancer exists to accept port ${port} from anyone; it forwards only to the app port of the app instances.`,
      );
    }
    const loadBalancer = { securityGroupId: this.loadBalancerGroup.id, name: 'the load balancer' };
    const app = { securityGroupId: this.appGroup.id, name: 'the app instances' };
    const database = { securityGroupId: props.databaseSecurityGroupId, name: 'the database' };
    allowFlow(
      this,
      { egress: 'LoadBalancerToApp', ingress: 'AppFromLoadBalancer' },
      { from: loadBalancer, to: app, port: props.app.port },
    );
    if (props.bastionSecurityGroupId) {
      // SSH with the app's own key (app.sshKey) or a key pushed by EC2 Instance Connect; never the bastion's key.
      const bastion = { securityGroupId: props.bastionSecurityGroupId, name: 'the bastion' };
      allowFlow(
        this,
        { egress: 'BastionSshToApp', ingress: 'AppSshFromBastion' },
        { from: bastion, to: app, port: SSH_PORT, what: 'SSH' },
      );
    }
    allowFlow(
      this,
      { egress: 'AppToDatabase', ingress: 'DatabaseFromApp' },
      { from: app, to: database, port: props.databasePort },
    );
    // Container images, packages, Secrets Manager, CloudWatch and Session Manager are all HTTPS: to the VPC endpoints
    // and S3 when the VPC has endpoints, and to the internet (through the NAT gateway) where a setting asks for it.
    allowHttpsEgress(this, {
      from: { ...app, idPrefix: 'App' },
      endpointSecurityGroupId: props.endpointSecurityGroupId,
      s3PrefixListId: props.s3PrefixListId,
      internet: props.app.internetEgress
        ? {
            what: 'images, packages, AWS APIs',
            reason: props.endpointSecurityGroupId
              ? "app.internetEgress is set: the image, or the application itself, needs an address outside AWS's endpoints (a registry outside ECR of this region, an external API); only HTTPS goes out, through the NAT gateway."
              : `This environment has no interface endpoints (network.interfaceEndpoints, off by default in development, ${INTERFACE_ENDPOINTS_COST}), so the app instances reach ECR, Secrets Manager, CloudWatch and Session Manager on HTTPS through the NAT gateway; nothing but port 443 goes out.`,
          }
        : undefined,
    });
  }
}
