// The traffic table of docs/architecture.md as data: the only flows an environment's security groups may allow.
import { HTTP_PORT, HTTPS_PORT, SSH_PORT } from '../config/ports';
import type { EnvironmentConfig } from '../config/resolved';
import { INTERNET, type Flow } from './reachability';

/**
 * internet -> ALB 80/443 (443 only with a certificate), ALB -> app port, admin CIDRs -> bastion 22,
 * bastion -> app 22, app -> database port, app and bastion -> internet 443 (packages, images, AWS APIs).
 */
export function expectedFlows(config: EnvironmentConfig): Flow[] {
  const tcp = (port: number) => `tcp/${port}`;
  const admins = config.access.adminIpv4Cidrs;
  const listenerPorts = config.app.listener.protocol === 'HTTPS' ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT];
  return [
    ...listenerPorts.map((port) => ({ from: INTERNET, to: 'load-balancer', traffic: tcp(port) })),
    { from: 'load-balancer', to: 'app', traffic: tcp(config.app.port) },
    ...admins.map((cidr) => ({ from: `cidr:${cidr}`, to: 'bastion', traffic: tcp(SSH_PORT) })),
    { from: 'bastion', to: 'app', traffic: tcp(SSH_PORT) },
    { from: 'app', to: 'database', traffic: tcp(config.database.port) },
    { from: 'app', to: INTERNET, traffic: tcp(HTTPS_PORT) },
    { from: 'bastion', to: INTERNET, traffic: tcp(HTTPS_PORT) },
  ];
}
