// The app instances' boot script: Docker, then the container as a systemd service that reads the DB secret.
import { DatabaseEngine } from '../../config/settings';

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
 * The script. The password is fetched on every start of the service, written to a root-only file on tmpfs, and
 * never appears in the user data, the launch template or a process list; a timer restarts the service when RDS
 * has rotated the password.
 */
export function renderUserData(p: UserDataProps): string {
  const variables = Object.entries(p.environment)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
  const login = p.ecrRegistry
    ? `aws ecr get-login-password --region ${p.ecrRegion ?? p.region} | docker login --username AWS --password-stdin ${p.ecrRegistry}`
    : '# public registry: no login';
  return terraformTemplate`#!/bin/bash
# App instance boot script, rendered by the app tier of the infrastructure code (src/stacks/app/user-data.ts).
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
aws secretsmanager get-secret-value --region ${p.region} --secret-id '${p.secretArn}' --output json \\
  | python3 -c 'import json, sys; r = json.load(sys.stdin); s = json.loads(r["SecretString"]); open("/run/app/secret.version", "w").write(r["VersionId"]); print("SPRING_DATASOURCE_USERNAME=" + s["username"]); print("SPRING_DATASOURCE_PASSWORD=" + s["password"])' \\
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

# RDS rotates the master password (every 7 days by default); the app keeps the password it started with.
# Every few minutes, compare the secret's version with the one the app started with, and restart on change.
cat > /opt/app/restart-if-rotated <<'WATCH'
#!/bin/bash
set -euo pipefail
latest=$(aws secretsmanager get-secret-value --region ${p.region} --secret-id '${p.secretArn}' --query VersionId --output text)
if [ "$latest" != "$(cat /run/app/secret.version 2>/dev/null)" ]; then systemctl restart app.service; fi
WATCH
chmod 0700 /opt/app/restart-if-rotated

cat > /etc/systemd/system/app-secret-watch.service <<'UNIT'
[Unit]
Description=Restart the app when its database password has been rotated
[Service]
Type=oneshot
ExecStart=/opt/app/restart-if-rotated
UNIT

cat > /etc/systemd/system/app-secret-watch.timer <<'UNIT'
[Unit]
Description=Check for a rotated database password every 5 minutes
[Timer]
OnBootSec=10min
OnUnitActiveSec=5min
# Instances check at different moments, so they do not all restart together.
RandomizedDelaySec=3min
[Install]
WantedBy=timers.target
UNIT

systemctl daemon-reload
systemctl enable --now app.service app-secret-watch.timer
`;
}
