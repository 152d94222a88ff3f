// The database serves a certificate from a current RDS certificate authority, which clients can verify.
import type { PolicyRule } from '../../rule';

/** The RDS CAs that replaced rds-ca-2019 (expired August 2024); checkov CKV_AWS_211 accepts these. */
const CURRENT_CAS = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

export const databaseCaCertificate: PolicyRule = {
  id: 'RDS-CA-CERTIFICATE',
  title:
    'RDS instances name a current certificate authority (ca_cert_identifier = rds-ca-rsa2048-g1, -rsa4096-g1 or -ecc384-g1)',
  publicIds: { checkov: ['CKV_AWS_211'] },
  appliesTo: ['aws_db_instance'],
  check(resource) {
    const ca = resource.config.ca_cert_identifier;
    if (typeof ca === 'string' && CURRENT_CAS.includes(ca)) return undefined;
    const current =
      typeof ca === 'string'
        ? `ca_cert_identifier = "${ca}"`
        : 'ca_cert_identifier is not set, so the account default applies';
    return `may serve a certificate from a retired or unknown CA that verifying clients reject (${current}). Fix: set ca_cert_identifier = "rds-ca-rsa2048-g1" (or "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1") and give clients the RDS global CA bundle.`;
  },
};
