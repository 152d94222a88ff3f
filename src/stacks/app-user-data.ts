// The app instances' boot script: Docker, then the container as a systemd service that reads the DB secret.
import { DatabaseEngine } from '../config/settings';

export interface UserDataProps {
  readonly region: string;
  readonly image: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`, to log in to before pulling; absent for public registries. */
  readonly ecrRegistry?: string;
  readonly ecrRegion?: string;
  readonly port: number;
  readonly secretArn: string;
  readonly databaseAddress: string;
  readonly databasePort: number;
  readonly databaseName: string;
  readonly engine: DatabaseEngine;
  readonly logGroupName: string;
  /** Extra, non-secret variables for the container. */
  readonly environment: Readonly<Record<string, string>>;
}

/** A CDKTF token inside a string: a reference Terraform fills in. */
const CDKTF_TOKEN = /(\$\{TfToken\[[A-Za-z0-9_.-]+\]\})/;

/**
 * Terraform reads `${...}` and `%{...}` in any string as template syntax. Literal text is escaped (`$${`, `%%{`);
 * CDKTF tokens (references to other resources) are left alone so Terraform fills them in.
 */
export function escapeTemplateLiterals(text: string): string {
  return text
    .split(CDKTF_TOKEN)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`)))
    .join('');
}

/** A tagged template whose literal text and values are passed through `escapeTemplateLiterals`. */
export function terraformTemplate(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return escapeTemplateLiterals(strings.reduce((out, text, index) => out + String(values[index - 1]) + text));
}

/** The JDBC URL with TLS required, which the parameter group enforces on the server side too. */
export function jdbcUrl(engine: DatabaseEngine, address: string, port: number, database: string): string {
  return engine === DatabaseEngine.MYSQL
    ? `jdbc:mysql://${address}:${port}/${database}?sslMode=REQUIRED`
    : `jdbc:postgresql://${address}:${port}/${database}?sslmode=require`;
}

/**
 * The script. The password is fetched on every start of the service (so a rotated secret needs only a restart),
 * written to a root-only file on tmpfs, and never appears in the user data, the launch template or a process list.
 */
export function renderUserData(p: UserDataProps): string {
  const variables = Object.entries(p.environment)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
  const login = p.ecrRegistry
    ? `aws ecr get-login-password --region ${p.ecrRegion ?? p.region} | docker login --username AWS --password-stdin ${p.ecrRegistry}`
    : '# public registry: no login';
  return terraformTemplate`#!/bin/bash
# App instance boot script, rendered by src/stacks/app-user-data.ts.
set -euo pipefail

dnf install -y docker
systemctl enable --now docker
install -d -m 0755 /opt/app

cat > /opt/app/app.env <<'VARIABLES'
SERVER_PORT=${p.port}
SPRING_DATASOURCE_URL=${jdbcUrl(p.engine, p.databaseAddress, p.databasePort, p.databaseName)}
${variables}
VARIABLES

cat > /opt/app/prepare <<'PREPARE'
#!/bin/bash
# Before every start: the database credentials from the RDS-managed secret, registry login, image pull.
set -euo pipefail
umask 077
install -d -m 0700 /run/app
aws secretsmanager get-secret-value --region ${p.region} --secret-id '${p.secretArn}' --query SecretString --output text \\
  | python3 -c 'import json, sys; s = json.load(sys.stdin); print("SPRING_DATASOURCE_USERNAME=" + s["username"]); print("SPRING_DATASOURCE_PASSWORD=" + s["password"])' \\
  > /run/app/secret.env
${login}
docker pull '${p.image}'
PREPARE
chmod 0700 /opt/app/prepare

cat > /etc/systemd/system/app.service <<'UNIT'
[Unit]
Description=Spring Boot application container
After=docker.service network-online.target
Requires=docker.service
Wants=network-online.target

[Service]
ExecStartPre=-/usr/bin/docker rm -f app
ExecStartPre=/opt/app/prepare
ExecStart=/usr/bin/docker run --rm --name app --env-file /opt/app/app.env --env-file /run/app/secret.env -p ${p.port}:${p.port} --log-driver awslogs --log-opt awslogs-region=${p.region} --log-opt awslogs-group=${p.logGroupName} '${p.image}'
ExecStop=/usr/bin/docker stop --time 30 app
Restart=on-failure
RestartSec=10
TimeoutStartSec=600

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
systemctl enable --now app.service
`;
}
