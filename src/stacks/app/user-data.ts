// The app instances' boot script: Docker, then the container as a systemd service that reads the DB secret into a
// config tree on tmpfs, and a timer that restarts the container on a rotated password, one instance at a time.
import { DatabaseEngine } from '../../config/settings';
import { APP_START_TIMEOUT_SECONDS, APP_STOP_TIMEOUT_SECONDS, CONTAINER_STOP_SECONDS, ROTATION } from './runtime';

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
  /** The path the load balancer probes (liveness); the unit waits on it before it counts as started. */
  readonly healthCheckPath: string;
  /** The target group the instance takes itself out of, and back into, around a restart for a new password. */
  readonly targetGroupArn: string;
  /** The instance's Auto Scaling group, whose InService instances take turns restarting. */
  readonly groupName: string;
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
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`),
    )
    .join('');
}

/** A tagged template whose literal text and values are passed through `escapeTemplateLiterals`. */
export function terraformTemplate(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return escapeTemplateLiterals(strings.reduce((out, text, index) => out + String(values[index - 1]) + text));
}

/** A word for bash, single-quoted: the text as it is, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Where the credentials live on the host (tmpfs: /run), and where the container sees them, read-only. */
export const SECRETS_DIR = '/run/app/secrets';
export const CONTAINER_SECRETS_DIR = '/run/secrets';

/**
 * The awslogs driver buffers in memory instead of blocking the app when CloudWatch Logs is slow or unreachable:
 * a stalled log call must not stall a request or a start. Past the buffer, lines are dropped (and counted by Docker).
 */
export const LOG_BUFFER = '4m';

/** The JDBC URL with TLS required, which the parameter group enforces on the server side too. */
export function jdbcUrl(engine: DatabaseEngine, address: string, port: number, database: string): string {
  return engine === DatabaseEngine.MYSQL
    ? `jdbc:mysql://${address}:${port}/${database}?sslMode=REQUIRED`
    : `jdbc:postgresql://${address}:${port}/${database}?sslmode=require`;
}

/**
 * The script. The password is fetched on every start of the service into a config tree on tmpfs that the container
 * mounts read-only, so it never appears in the user data, the launch template, the container's environment
 * (`docker inspect`, /proc/<pid>/environ), Docker's files on disk or a process list. A timer restarts the container
 * when RDS has rotated the password, one instance at a time (see runtime.ts ROTATION).
 */
export function renderUserData(p: UserDataProps): string {
  const variables = Object.entries(p.environment)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
  const login = p.ecrRegistry
    ? `aws ecr get-login-password --region ${p.ecrRegion ?? p.region} | docker login --username AWS --password-stdin ${p.ecrRegistry}`
    : '# public registry: no login';
  const liveness = shellQuote(`http://127.0.0.1:${p.port}${p.healthCheckPath}`);
  return terraformTemplate`#!/bin/bash
# App instance boot script, rendered by the app tier of the infrastructure code (src/stacks/app/user-data.ts).
# Needs, in order: the NAT gateway (packages, images, AWS APIs over HTTPS), the package repositories (Docker),
# Secrets Manager (the credentials), the registry (the image), CloudWatch Logs (non-blocking: never waited for).
set -euo pipefail

dnf install -y docker
systemctl enable --now docker
install -d -m 0755 /opt/app

# Not secret: the container's environment. The credentials come from the config tree below.
cat > /opt/app/app.env <<'VARIABLES'
SERVER_PORT=${p.port}
SPRING_DATASOURCE_URL=${jdbcUrl(p.engine, p.databaseAddress, p.databasePort, p.databaseName)}
SPRING_CONFIG_IMPORT=configtree:${CONTAINER_SECRETS_DIR}/
${variables}
VARIABLES

cat > /opt/app/prepare <<'PREPARE'
#!/bin/bash
# Before every start: the database credentials from the RDS-managed secret, registry login, image pull.
# The credentials become two files of a Spring Boot config tree on tmpfs (/run), named after the properties they
# set; /run/app is root's only, and the container sees the tree read-only.
set -euo pipefail
umask 077
install -d -m 0700 /run/app
install -d -m 0755 ${SECRETS_DIR}
aws secretsmanager get-secret-value --region ${p.region} --secret-id '${p.secretArn}' --output json \\
  | python3 -c '
import json, os, sys
response = json.load(sys.stdin)
secret = json.loads(response["SecretString"])
for name, value in (("spring.datasource.username", secret["username"]), ("spring.datasource.password", secret["password"])):
    path = os.path.join(sys.argv[1], name)
    with open(path + ".new", "w") as file:
        file.write(value)
    # Readable by the container user, whichever it is; the directory above it is root only on the host.
    os.chmod(path + ".new", 0o444)
    os.replace(path + ".new", path)
with open("/run/app/secret.version", "w") as file:
    file.write(response["VersionId"])
' ${SECRETS_DIR}
${login}
docker pull '${p.image}'
PREPARE
chmod 0700 /opt/app/prepare

# After docker run: the unit counts as started only once the app answers its liveness path.
cat > /opt/app/wait-ready <<'READY'
#!/bin/bash
set -uo pipefail
until curl -fsS -o /dev/null --max-time 5 ${liveness}; do sleep 2; done
READY
chmod 0700 /opt/app/wait-ready

cat > /etc/systemd/system/app.service <<'UNIT'
[Unit]
Description=Spring Boot application container
After=docker.service network-online.target
Requires=docker.service
Wants=network-online.target

[Service]
ExecStartPre=-/usr/bin/docker rm -f app
ExecStartPre=/opt/app/prepare
ExecStart=/usr/bin/docker run --rm --name app --env-file /opt/app/app.env -v ${SECRETS_DIR}:${CONTAINER_SECRETS_DIR}:ro -p ${p.port}:${p.port} --log-driver awslogs --log-opt awslogs-region=${p.region} --log-opt awslogs-group=${p.logGroupName} --log-opt mode=non-blocking --log-opt max-buffer-size=${LOG_BUFFER} '${p.image}'
ExecStartPost=/opt/app/wait-ready
ExecStop=/usr/bin/docker stop --time ${CONTAINER_STOP_SECONDS} app
Restart=on-failure
RestartSec=10
# The health check grace period of the Auto Scaling group is the boot plus this (src/stacks/app/runtime.ts).
TimeoutStartSec=${APP_START_TIMEOUT_SECONDS}
TimeoutStopSec=${APP_STOP_TIMEOUT_SECONDS}

[Install]
WantedBy=multi-user.target
UNIT

# RDS rotates the master password (every 7 days); the app keeps the password it started with, and its open
# connections keep working, but new ones need the new password. Each instance restarts its container on the new
# password in its own turn, out of the load balancer, and only while every other instance is healthy.
cat > /opt/app/rotate-credentials <<'ROTATE'
#!/bin/bash
set -euo pipefail
region=${p.region}
secret='${p.secretArn}'
target_group='${p.targetGroupArn}'
running=$(cat /run/app/secret.version 2>/dev/null || true)
# The app has not started yet (the instance is booting): it reads the current version when it does.
[ -n "$running" ] || exit 0
read -r latest created < <(aws secretsmanager get-secret-value --region "$region" --secret-id "$secret" --query '[VersionId,CreatedDate]' --output text)
[ "$latest" = "$running" ] && exit 0

token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)
self=$(curl -fsS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
group='${p.groupName}'
# Ranks come from the group's InService instances: one out for its own restart is missing from the target group,
# and must still count (as not healthy).
mapfile -t ids < <(aws autoscaling describe-auto-scaling-groups --region "$region" --auto-scaling-group-names "$group" \\
  --query "AutoScalingGroups[0].Instances[?LifecycleState=='InService'].InstanceId" --output text | tr '\\t' '\\n' | awk 'NF' | LC_ALL=C sort)
states=$(aws elbv2 describe-target-health --region "$region" --target-group-arn "$target_group" \\
  --query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]' --output text)
rank=-1
for index in "${'$'}{!ids[@]}"; do
  if [ "${'$'}{ids[$index]}" = "$self" ]; then rank=$index; fi
done
# Not in service: launching (it read the current version at start) or leaving the group.
[ "$rank" -ge 0 ] || exit 0

# Turn k of the rotation, counted from the new version's creation, belongs to rank k mod N.
since=$(( $(date +%s) - $(date -d "$created" +%s) ))
turn=$(( since / ${ROTATION.turnSeconds} ))
[ $(( turn % ${'$'}{#ids[@]} )) -eq "$rank" ] || exit 0
[ $(( since % ${ROTATION.turnSeconds} )) -lt ${ROTATION.startWindowSeconds} ] || exit 0
# Every other instance of the group is healthy in the target group: otherwise wait for the next turn.
for id in "${'$'}{ids[@]}"; do
  if [ "$id" != "$self" ] && ! printf '%s\\n' "$states" | awk -v id="$id" '$1 == id && $2 == "healthy" { found = 1 } END { exit !found }'; then exit 0; fi
done

echo "restarting on secret version $latest (turn $turn, rank $rank of ${'$'}{#ids[@]})"
register() { aws elbv2 register-targets --region "$region" --target-group-arn "$target_group" --targets "Id=$self"; }
aws elbv2 deregister-targets --region "$region" --target-group-arn "$target_group" --targets "Id=$self"
# Whatever fails from here on, the instance goes back into the target group (where a failing one is replaced).
trap register EXIT
aws elbv2 wait target-deregistered --region "$region" --target-group-arn "$target_group" --targets "Id=$self"
systemctl restart app.service
trap - EXIT
register
aws elbv2 wait target-in-service --region "$region" --target-group-arn "$target_group" --targets "Id=$self"
ROTATE
chmod 0700 /opt/app/rotate-credentials

cat > /etc/systemd/system/app-rotate-credentials.service <<'UNIT'
[Unit]
Description=Restart the app on a rotated database password, in this instance's turn
After=app.service

[Service]
Type=oneshot
ExecStart=/opt/app/rotate-credentials
# Draining, a full start of the app, and two health checks.
TimeoutStartSec=${APP_START_TIMEOUT_SECONDS + 300}
UNIT

cat > /etc/systemd/system/app-rotate-credentials.timer <<'UNIT'
[Unit]
Description=Check the database secret's version every ${ROTATION.pollSeconds} seconds

[Timer]
OnBootSec=${ROTATION.pollSeconds}
OnUnitActiveSec=${ROTATION.pollSeconds}
AccuracySec=1s

[Install]
WantedBy=timers.target
UNIT

systemctl daemon-reload
systemctl enable --now app.service app-rotate-credentials.timer
`;
}
