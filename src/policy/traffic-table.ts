// The traffic table of docs/architecture.md as data: the only flows an environment's security groups may allow. It
// follows the settings: the access mode (a bastion or none), the interface endpoints, app.internetEgress.
import { HTTP_PORT, HTTPS_PORT, SSH_PORT } from '../config/ports';
import type { EnvironmentConfig } from '../config/resolved';
import { INTERNET, S3_PREFIX_LIST, type Flow } from './reachability';

/**
 * internet -> ALB 80/443 (443 only with a certificate), ALB -> app port, app -> database port; with a bastion, admin
 * CIDRs -> bastion 22 and bastion -> app 22; HTTPS out from the instances to the VPC endpoints and S3's prefix list
 * when the VPC has interface endpoints, and to the internet without them (or for the app, with app.internetEgress).
 */
export function expectedFlows(config: EnvironmentConfig): Flow[] {
  const tcp = (port: number) => `tcp/${port}`;
  const listenerPorts = config.app.listener.protocol === 'HTTPS' ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT];
  const endpoints = config.network.interfaceEndpoints;
  const https = (from: string, internet: boolean): Flow[] => [
    ...(endpoints
      ? [
          { from, to: 'endpoints', traffic: tcp(HTTPS_PORT) },
          { from, to: S3_PREFIX_LIST, traffic: tcp(HTTPS_PORT) },
        ]
      : []),
    ...(internet ? [{ from, to: INTERNET, traffic: tcp(HTTPS_PORT) }] : []),
  ];
  const bastion = config.access.bastion;
  return [
    ...listenerPorts.map((port) => ({ from: INTERNET, to: 'load-balancer', traffic: tcp(port) })),
    { from: 'load-balancer', to: 'app', traffic: tcp(config.app.port) },
    { from: 'app', to: 'database', traffic: tcp(config.database.port) },
    ...https('app', config.app.internetEgress),
    ...(bastion
      ? [
          ...bastion.adminIpv4Cidrs.map((cidr) => ({ from: `cidr:${cidr}`, to: 'bastion', traffic: tcp(SSH_PORT) })),
          { from: 'bastion', to: 'app', traffic: tcp(SSH_PORT) },
          ...https('bastion', !endpoints),
        ]
      : []),
  ];
}
