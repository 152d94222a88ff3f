// The app instances' user data as the instance runs it: Terraform's interpolations filled in with stand-ins, its
// escapes undone, and the files the script writes (`cat > <path> <<'TAG' ... TAG`) taken out, for real linters.

/** What Terraform does to the template: `${reference}` becomes a value, `$${` and `%%{` become `${` and `%{`. */
export function asTerraformRendersIt(template: string, value: (reference: string) => string = standIn): string {
  return template
    .replace(/(?<!\$)\$\{([^}]+)\}/g, (_, reference: string) => value(reference))
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

/** A plausible value for a reference: ARNs where an ARN goes, host names where a host goes. */
function standIn(reference: string): string {
  if (/secret_arn/.test(reference))
    return 'arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-0123-AbCdEf';
  if (/aws_lb_target_group\.[A-Za-z]+\.arn/.test(reference))
    return 'arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/prod-abc/0123456789abcdef';
  if (/address/.test(reference)) return 'devloop-prod-db.abcdefghij.ap-northeast-2.rds.amazonaws.com';
  if (/aws_cloudwatch_log_group\.[A-Za-z]+\.name/.test(reference)) return '/devloop/prod/app';
  return 'stand-in';
}

/** The files a boot script writes with quoted here-documents, by path. */
export function writtenFiles(script: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const match of script.matchAll(/^cat > (\S+) <<'(\w+)'\n([\s\S]*?)\n\2$/gm)) files[match[1]] = `${match[3]}\n`;
  return files;
}
