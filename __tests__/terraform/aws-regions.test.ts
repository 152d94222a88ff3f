// ELB_ACCOUNT_LOG_REGIONS against the AWS provider: its aws_elb_service_account data source (no API call) knows
// the ELB account of every region listed, and of no other known region (those use the log delivery service).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ELB_ACCOUNT_LOG_REGIONS, KNOWN_REGIONS } from '../../src/config/aws-regions';
import { diagnosticsOf, locateTerraform, parseJsonLines, TerraformDirectory } from '../../src/local-deploy/terraform';

jest.setTimeout(120_000);

it('the provider names an ELB log account exactly for the regions of ELB_ACCOUNT_LOG_REGIONS', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'elb-accounts-'));
  const name = (region: string) => region.replace(/-/g, '_');
  writeFileSync(
    join(dir, 'main.tf.json'),
    JSON.stringify({
      provider: {
        aws: {
          region: 'us-east-1',
          access_key: 'none',
          secret_key: 'none',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      },
      data: { aws_elb_service_account: Object.fromEntries(KNOWN_REGIONS.map((region) => [name(region), { region }])) },
    }),
  );
  const terraform = new TerraformDirectory(dir, await locateTerraform());
  await terraform.init();
  const plan = await terraform.run(['plan', '-input=false', '-json', '-no-color', '-lock=false']);
  const failing = diagnosticsOf(parseJsonLines(plan.stdout))
    .filter((d) => d.severity === 'error')
    .map((d) => /unsupported AWS Region: ([a-z0-9-]+)/.exec(d.summary)?.[1] ?? d.summary)
    .sort();
  expect(failing).toEqual(KNOWN_REGIONS.filter((region) => !ELB_ACCOUNT_LOG_REGIONS.includes(region)).sort());
});
