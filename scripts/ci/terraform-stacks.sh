#!/usr/bin/env bash
# The deploy half of .github/workflows/infrastructure.yml: plan an environment's stacks with the read-only role and
# save each plan, then apply exactly those saved plans with the deploy role. CDKTF's `cdktf deploy --auto-approve`
# plans again at apply time, so what a reviewer approved was not what ran; Terraform applies a saved plan as is, and
# refuses it ("Saved plan is stale") if the state changed after it was made.
#
#   scripts/ci/terraform-stacks.sh plan  <stack>...   in dependency order; writes cdktf.out/plans/{planned,deferred}
#   scripts/ci/terraform-stacks.sh apply              applies the planned stacks in order; fails if any was deferred
#
# A stack reads its upstream stacks' outputs from their state when it is planned. When a plan changes a cross-stack
# output (a new subnet, a replaced group), the stacks after it would be planned against the old value, or fail on an
# output that does not exist yet: they are deferred, not planned. The apply then stops after the upstream stack and
# fails, saying which stacks to plan again (re-run the workflow; in prod that asks for a second approval).
#
# Plans take no state lock (-lock=false): the plan role may not write the bucket, and the saved plan's staleness
# check does the lock's work. Applies wait for a lock held by someone else (-lock-timeout) instead of failing at once.
set -euo pipefail

OUT=${CDKTF_OUT:-cdktf.out}
PLANS="$OUT/plans"
LOCK_TIMEOUT=${LOCK_TIMEOUT:-15m}
SUMMARY=${GITHUB_STEP_SUMMARY:-/dev/null}

summarize() { # <stack> <plan text file>
  local stack=$1 text=$2 limit=60000 headline
  headline=$(grep -m1 -E '^(Plan: |No changes\.)' "$text" || echo 'see the plan')
  {
    echo "### \`$stack\`: $headline"
    echo
    echo "<details><summary>terraform show: $stack</summary>"
    echo
    echo '```'
    head -c "$limit" "$text"
    if [ "$(wc -c < "$text")" -gt "$limit" ]; then
      echo
      echo "[trimmed to $limit characters: the whole plan is in the job log]"
    fi
    echo '```'
    echo
    echo '</details>'
  } >> "$SUMMARY"
}

plan() {
  mkdir -p "$PLANS"
  : > "$PLANS/planned"
  : > "$PLANS/deferred"
  local deferring=''
  for stack in "$@"; do
    local dir="$OUT/stacks/$stack"
    if [ -n "$deferring" ]; then
      echo "$stack" >> "$PLANS/deferred"
      echo "### \`$stack\`: deferred (\`$deferring\` changes outputs it reads; the next run plans it)" >> "$SUMMARY"
      continue
    fi
    terraform -chdir="$dir" init -input=false -no-color -lockfile=readonly
    terraform -chdir="$dir" plan -input=false -no-color -lock=false -out=tfplan
    terraform -chdir="$dir" show -no-color tfplan > "$dir/plan.txt"
    cat "$dir/plan.txt"
    summarize "$stack" "$dir/plan.txt"
    echo "$stack" >> "$PLANS/planned"
    local changed
    changed=$(terraform -chdir="$dir" show -json tfplan \
      | jq '[(.output_changes // {}) | to_entries[] | select((.key | startswith("cross-stack-output-")) and .value.actions != ["no-op"])] | length')
    if [ "$changed" -gt 0 ]; then deferring=$stack; fi
  done
}

apply() {
  while read -r stack; do
    [ -n "$stack" ] || continue
    local dir="$OUT/stacks/$stack"
    terraform -chdir="$dir" init -input=false -no-color -lockfile=readonly
    terraform -chdir="$dir" apply -input=false -no-color -lock-timeout="$LOCK_TIMEOUT" tfplan
  done < "$PLANS/planned"
  if [ -s "$PLANS/deferred" ]; then
    echo "Deferred, not applied: $(tr '\n' ' ' < "$PLANS/deferred")- an upstream stack changed the outputs they read. Re-run this workflow to plan and apply them." >&2
    echo "**Deferred, not applied:** $(tr '\n' ' ' < "$PLANS/deferred")(re-run the workflow to plan them against the new outputs)" >> "$SUMMARY"
    exit 1
  fi
}

case "${1:-}" in
  plan) shift; plan "$@" ;;
  apply) apply ;;
  *) echo "usage: $0 plan <stack>... | apply" >&2; exit 2 ;;
esac
