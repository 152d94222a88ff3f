"""The local AWS emulator for `npm run deploy:local` and the deploy tests: moto's server, with the gaps below closed.

Every gap is one entry of GAPS: what moto does differently from AWS, what that breaks for this project, the patch
that makes moto behave as AWS does, and a probe that shows the gap in unpatched moto. The deploy tests run the
probes and fail when a probe no longer finds its gap, so the list can only shrink as moto improves.

    python3 moto_server.py -H 127.0.0.1 -p 5000   serve, with every patch applied (moto_server's own options)
    python3 moto_server.py --list                 the gaps, as JSON
    python3 moto_server.py --probe                run each probe against unpatched moto, in-process; JSON
    python3 moto_server.py --probe-patched        the same with the patches applied: every gap must be gone
"""
import json
import sys
from dataclasses import dataclass
from typing import Callable

REGION = "ap-northeast-2"


@dataclass(frozen=True)
class Gap:
    id: str
    # What moto does differently from AWS, and what it breaks.
    reason: str
    # Makes moto behave as AWS does, for this process.
    patch: Callable[[], None]
    # Against unpatched moto (inside mock_aws): True while the gap is still there.
    probe: Callable[[], bool]


def client(service: str):
    import boto3

    return boto3.client(service, region_name=REGION, aws_access_key_id="probe", aws_secret_access_key="probe")


# --- S3: conditions in bucket policies -----------------------------------------------------------------------------


def patch_bucket_policy_conditions() -> None:
    from moto.iam import access_control, policy_conditions

    def bool_equals(expected, actual) -> bool:
        values = expected if isinstance(expected, list) else [expected]
        return str(actual).lower() in [str(v).lower() for v in values]

    policy_conditions.CONDITION_OPERATIONS.setdefault("Bool", bool_equals)
    original = access_control.IAMPolicyStatement.is_action_permitted

    def is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
        # Terraform and the AWS SDKs reach AWS over HTTPS only.
        values = {"aws:SecureTransport": "true", **(incoming_condition_values or {})}
        if self._statement.get("Condition") and not self._check_conditions(values):
            # A statement whose condition does not hold does not apply (moto made it an explicit deny).
            return access_control.PermissionResult.NEUTRAL
        return original(self, action, resource, principal, values)

    access_control.IAMPolicyStatement.is_action_permitted = is_action_permitted


def probe_bucket_policy_conditions() -> bool:
    s3 = client("s3")
    s3.create_bucket(Bucket="probe-tls-only", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_policy(
        Bucket="probe-tls-only",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::probe-tls-only", "arn:aws:s3:::probe-tls-only/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )
    try:
        s3.put_object(Bucket="probe-tls-only", Key="state", Body=b"{}")
        return False
    except Exception:  # AccessDenied over a (simulated) TLS connection: the gap
        return True


# --- EC2 -----------------------------------------------------------------------------------------------------------


def patch_monitor_instances() -> None:
    from moto.ec2.responses.monitoring import Monitoring

    def answer(self, state: str) -> str:
        ids = self._get_param("InstanceIds", [])
        items = []
        for instance in self.ec2_backend.get_multi_instances_by_id(ids):
            instance.monitoring_state = state
            items.append(
                f"<item><instanceId>{instance.id}</instanceId><monitoring><state>{state}</state></monitoring></item>"
            )
        tag = "MonitorInstancesResponse" if state == "enabled" else "UnmonitorInstancesResponse"
        return (
            f'<{tag} xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>moto</requestId>'
            f"<instancesSet>{''.join(items)}</instancesSet></{tag}>"
        )

    Monitoring.monitor_instances = lambda self: answer(self, "enabled")
    Monitoring.unmonitor_instances = lambda self: answer(self, "disabled")


def probe_monitor_instances() -> bool:
    ec2 = client("ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    try:
        ec2.monitor_instances(InstanceIds=[instance])
        return False
    except Exception:
        return True


def patch_referenced_group_rule_description() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(
        lambda self: self.ip_range.get("Description") or self.source_group.get("Description")
    )
    SecurityGroupRule.referenced_group_info = property(
        lambda self: {k: v for k, v in self.source_group.items() if k != "Description"} or None
    )


def probe_referenced_group_rule_description() -> bool:
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_security_group(GroupName="probe-a", Description="a", VpcId=vpc)["GroupId"]
    b = ec2.create_security_group(GroupName="probe-b", Description="b", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=a,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": b, "Description": "from b"}]}
        ],
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
    return not any(r.get("Description") == "from b" for r in rules if not r["IsEgress"])


def patch_prefix_list_rule_description() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    original_init = SecurityGroupRule.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        # prefix_list_id is the eighth parameter after self: {"PrefixListId": ..., "Description": ...}.
        prefix = kwargs["prefix_list_id"] if "prefix_list_id" in kwargs else (args[7] if len(args) > 7 else None)
        self.prefix_list_description = (prefix or {}).get("Description")

    SecurityGroupRule.__init__ = __init__
    previous = SecurityGroupRule.description
    SecurityGroupRule.description = property(lambda self: previous.fget(self) or getattr(self, "prefix_list_description", None))


def probe_prefix_list_rule_description() -> bool:
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="probe-prefix-list", Description="p", VpcId=vpc)["GroupId"]
    s3 = ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [f"com.amazonaws.{REGION}.s3"]}])["PrefixLists"][0]
    ec2.authorize_security_group_egress(
        GroupId=group,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": s3["PrefixListId"], "Description": "to s3"}]}
        ],
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])["SecurityGroupRules"]
    return not any(r.get("Description") == "to s3" for r in rules if r.get("PrefixListId"))


def patch_launch_template_own_tags() -> None:
    from moto.ec2.responses.launch_templates import LaunchTemplates

    original = LaunchTemplates.create_launch_template

    def create_launch_template(self):
        result = original(self)
        # The tags of the template itself (resource type launch-template) are not part of its launch data.
        template = self.ec2_backend.get_launch_template_by_name(self._get_param("LaunchTemplateName"))
        for version in template.versions:
            specs = [s for s in version.data.get("TagSpecifications", []) if s.get("ResourceType") != "launch-template"]
            if specs:
                version.data["TagSpecifications"] = specs
            else:
                version.data.pop("TagSpecifications", None)
        return result

    LaunchTemplates.create_launch_template = create_launch_template


def patch_launch_template_tags() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplate

    # moto copies the template's tags into an attribute when it creates it, and describes that copy ever after.
    LaunchTemplate.tags = property(lambda self: self.get_tags(), lambda self, value: None)


def probe_launch_template_tags() -> bool:
    ec2 = client("ec2")
    template = ec2.create_launch_template(LaunchTemplateName="probe-tags", LaunchTemplateData={"InstanceType": "t3.micro"})
    ec2.create_tags(Resources=[template["LaunchTemplate"]["LaunchTemplateId"]], Tags=[{"Key": "Team", "Value": "platform"}])
    tags = ec2.describe_launch_templates(LaunchTemplateNames=["probe-tags"])["LaunchTemplates"][0].get("Tags", [])
    return {"Key": "Team", "Value": "platform"} not in tags


def patch_launch_template_version_user_data() -> None:
    from moto.ec2.models.launch_templates import LaunchTemplate
    from moto.ec2.utils import parse_user_data

    original = LaunchTemplate.create_version

    def create_version(self, data, description):
        # CreateLaunchTemplate decodes the user data this way; CreateLaunchTemplateVersion did not.
        if isinstance(data.get("UserData"), (str, bytes)):
            data = {**data, "UserData": parse_user_data(data["UserData"])}
        return original(self, data, description)

    LaunchTemplate.create_version = create_version


def probe_launch_template_version_user_data() -> bool:
    ec2 = client("ec2")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    data = {"ImageId": image, "InstanceType": "t3.micro", "UserData": "IyEvYmluL2Jhc2g="}
    ec2.create_launch_template(LaunchTemplateName="probe-user-data", LaunchTemplateData=data)
    ec2.create_launch_template_version(LaunchTemplateName="probe-user-data", SourceVersion="1", LaunchTemplateData=data)
    autoscaling = client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="probe-user-data", MinSize=0, MaxSize=2, DesiredCapacity=0, VPCZoneIdentifier=subnet,
        LaunchTemplate={"LaunchTemplateName": "probe-user-data", "Version": "2"},
    )
    try:
        autoscaling.set_desired_capacity(AutoScalingGroupName="probe-user-data", DesiredCapacity=1)
        return False
    except Exception:  # an internal error in moto: the gap
        return True


def probe_launch_template_own_tags() -> bool:
    ec2 = client("ec2")
    ec2.create_launch_template(
        LaunchTemplateName="probe-template",
        LaunchTemplateData={"InstanceType": "t3.micro"},
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "Name", "Value": "probe"}]}],
    )
    tags = ec2.describe_launch_templates(LaunchTemplateNames=["probe-template"])["LaunchTemplates"][0].get("Tags", [])
    assert tags == [{"Key": "Name", "Value": "probe"}], tags
    data = ec2.describe_launch_template_versions(LaunchTemplateName="probe-template")["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    return any(s["ResourceType"] == "launch-template" for s in data.get("TagSpecifications", []))


# --- Auto Scaling --------------------------------------------------------------------------------------------------


def patch_instance_refresh() -> None:
    import uuid

    from moto.autoscaling.exceptions import AutoscalingClientError, ValidationError
    from moto.autoscaling.responses import AutoScalingResponse
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow

    refreshes: dict = {}

    def group_refreshes(self) -> list:
        name = self._get_param("AutoScalingGroupName")
        if not self.autoscaling_backend.describe_auto_scaling_groups([name]):
            raise ValidationError(f"AutoScalingGroup name not found - {name}")
        return refreshes.setdefault((self.current_account, self.region, name), [])

    def start_instance_refresh(self):
        now = utcnow()
        refresh = {
            "InstanceRefreshId": str(uuid.uuid4()),
            "AutoScalingGroupName": self._get_param("AutoScalingGroupName"),
            # The emulator boots no instances: there is nothing to wait for, so the refresh ends at once.
            "Status": "Successful",
            "StatusReason": "The emulator runs no instances; the refresh completed at once.",
            "StartTime": now,
            "EndTime": now,
            "PercentageComplete": 100,
            "InstancesToUpdate": 0,
            "Preferences": self._get_param("Preferences", {}),
        }
        group_refreshes(self).insert(0, refresh)
        return ActionResult({"InstanceRefreshId": refresh["InstanceRefreshId"]})

    def describe_instance_refreshes(self):
        return ActionResult({"InstanceRefreshes": list(group_refreshes(self))})

    def cancel_instance_refresh(self):
        group_refreshes(self)
        error = AutoscalingClientError("No in progress or pending Instance Refresh found.")
        error.code = "ActiveInstanceRefreshNotFound"
        raise error

    AutoScalingResponse.start_instance_refresh = start_instance_refresh
    AutoScalingResponse.describe_instance_refreshes = describe_instance_refreshes
    AutoScalingResponse.cancel_instance_refresh = cancel_instance_refresh


def probe_group(name: str, **extra):
    """An empty Auto Scaling group `name` (its launch template of the same name) for the Auto Scaling probes."""
    ec2 = client("ec2")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"})
    autoscaling = client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=name, MinSize=0, MaxSize=1, VPCZoneIdentifier=subnet,
        LaunchTemplate={"LaunchTemplateName": name, "Version": "$Latest"}, **extra,
    )
    return autoscaling


def probe_instance_refresh() -> bool:
    autoscaling = probe_group("probe")
    try:
        autoscaling.start_instance_refresh(AutoScalingGroupName="probe")
        return False
    except Exception:
        return True


def patch_instance_maintenance_policy() -> None:
    from moto.autoscaling.responses import AutoScalingResponse

    def keeping_policy(original):
        def handler(self):
            result = original(self)
            policy = self._get_param("InstanceMaintenancePolicy")
            if policy:
                name = self._get_param("AutoScalingGroupName")
                group = self.autoscaling_backend.describe_auto_scaling_groups([name])[0]
                # The serializer reads InstanceMaintenancePolicy from this attribute, as it does CapacityRebalance.
                group.instance_maintenance_policy = {key: int(value) for key, value in policy.items()}
            return result

        return handler

    AutoScalingResponse.create_auto_scaling_group = keeping_policy(AutoScalingResponse.create_auto_scaling_group)
    AutoScalingResponse.update_auto_scaling_group = keeping_policy(AutoScalingResponse.update_auto_scaling_group)


def probe_instance_maintenance_policy() -> bool:
    autoscaling = probe_group("probe", InstanceMaintenancePolicy={"MinHealthyPercentage": 100, "MaxHealthyPercentage": 200})
    group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["probe"])["AutoScalingGroups"][0]
    return group.get("InstanceMaintenancePolicy") != {"MinHealthyPercentage": 100, "MaxHealthyPercentage": 200}


def patch_scaling_policy_enabled() -> None:
    from moto.autoscaling.responses import AutoScalingResponse

    original = AutoScalingResponse.put_scaling_policy

    def put_scaling_policy(self):
        result = original(self)
        policy = self.autoscaling_backend.policies[self._get_param("PolicyName")]
        # AWS enables a policy unless told otherwise, and describes no predictive configuration on a policy of
        # another type; moto keeps neither, and the serializer reads these attributes by name.
        policy.enabled = self._get_param("Enabled", "true") in (True, "true")
        if not policy.predictive_scaling_configuration:
            policy.predictive_scaling_configuration = None
        return result

    AutoScalingResponse.put_scaling_policy = put_scaling_policy


def probe_scaling_policy_enabled() -> bool:
    autoscaling = probe_group("probe-policy")
    autoscaling.put_scaling_policy(
        AutoScalingGroupName="probe-policy", PolicyName="probe", PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0},
    )
    policy = autoscaling.describe_policies(AutoScalingGroupName="probe-policy")["ScalingPolicies"][0]
    return policy.get("Enabled") is not True or "PredictiveScalingConfiguration" in policy


# --- Elastic Load Balancing ----------------------------------------------------------------------------------------


def patch_load_balancer_default_scheme() -> None:
    from moto.elbv2.models import ELBv2Backend

    original = ELBv2Backend.create_load_balancer

    def create_load_balancer(self, *args, **kwargs):
        if kwargs.get("scheme") is None:
            kwargs["scheme"] = "internet-facing"
        return original(self, *args, **kwargs)

    ELBv2Backend.create_load_balancer = create_load_balancer


def patch_load_balancer_deletion_protection() -> None:
    from moto.elbv2.exceptions import ELBClientError
    from moto.elbv2.models import ELBv2Backend

    original = ELBv2Backend.delete_load_balancer

    def delete_load_balancer(self, arn: str) -> None:
        balancer = self.load_balancers.get(arn)
        if balancer is not None and balancer.attrs.get("deletion_protection.enabled") == "true":
            error = ELBClientError(f"Load balancer '{arn}' cannot be deleted because deletion protection is enabled")
            error.code = "OperationNotPermitted"
            raise error
        original(self, arn)

    ELBv2Backend.delete_load_balancer = delete_load_balancer


def probe_load_balancer_deletion_protection() -> bool:
    balancer = probe_balancer("probe-protected")
    elbv2 = client("elbv2")
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=balancer["LoadBalancerArn"], Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    try:
        elbv2.delete_load_balancer(LoadBalancerArn=balancer["LoadBalancerArn"])
        return True  # deleted although protected: the gap
    except Exception:
        return False


def probe_balancer(name: str) -> dict:
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"]
        for i, zone in enumerate("ac")
    ]
    return client("elbv2").create_load_balancer(Name=name, Subnets=subnets)["LoadBalancers"][0]


def probe_load_balancer_default_scheme() -> bool:
    return probe_balancer("probe-scheme").get("Scheme") != "internet-facing"


# --- RDS -----------------------------------------------------------------------------------------------------------


def patch_rds_default_ca() -> None:
    from moto.rds.models import DBInstance

    original = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("ca_certificate_identifier", "rds-ca-rsa2048-g1")
        original(self, *args, **kwargs)

    DBInstance.__init__ = __init__


def probe_rds_default_ca() -> bool:
    rds = client("rds")
    db = rds.create_db_instance(
        DBInstanceIdentifier="probe-ca", DBInstanceClass="db.t3.micro", Engine="mysql", AllocatedStorage=20,
        MasterUsername="probe", MasterUserPassword="probe-password",
    )["DBInstance"]
    return db.get("CACertificateIdentifier") != "rds-ca-rsa2048-g1"


def patch_rds_monitoring() -> None:
    from moto.rds.models import DBInstance

    original_init = DBInstance.__init__
    original_update = DBInstance.update

    def __init__(self, *args, **kwargs):
        interval = kwargs.get("monitoring_interval")
        role = kwargs.get("monitoring_role_arn")
        original_init(self, *args, **kwargs)
        self.monitoring_interval = int(interval or 0)
        self.monitoring_role_arn = role if self.monitoring_interval else None

    def update(self, *args, **kwargs):
        original_update(self, *args, **kwargs)
        if kwargs.get("monitoring_interval") is not None:
            self.monitoring_interval = int(kwargs["monitoring_interval"])

    DBInstance.__init__ = __init__
    DBInstance.update = update


def probe_rds_monitoring() -> bool:
    rds = client("rds")
    db = rds.create_db_instance(
        DBInstanceIdentifier="probe-monitoring", DBInstanceClass="db.t3.micro", Engine="mysql", AllocatedStorage=20,
        MasterUsername="probe", MasterUserPassword="probe-password", MonitoringInterval=60,
        MonitoringRoleArn="arn:aws:iam::123456789012:role/probe",
    )["DBInstance"]
    return db.get("MonitoringInterval") != 60


def patch_rds_port_change() -> None:
    from moto.rds.models import DBInstance

    original = DBInstance.update

    def update(self, *args, **kwargs):
        port = kwargs.pop("db_port_number", None)
        original(self, *args, **kwargs)
        if port is not None:
            self.port = int(port)

    DBInstance.update = update


def probe_rds_port_change() -> bool:
    rds = client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="probe-port", DBInstanceClass="db.t3.micro", Engine="mysql", AllocatedStorage=20,
        MasterUsername="probe", MasterUserPassword="probe-password",
    )
    db = rds.modify_db_instance(DBInstanceIdentifier="probe-port", DBPortNumber=3307, ApplyImmediately=True)["DBInstance"]
    return db.get("Endpoint", {}).get("Port") != 3307


def patch_rds_parameter_source() -> None:
    from moto.rds.responses import RDSResponse

    original = RDSResponse.describe_db_parameters

    def describe_db_parameters(self):
        result = original(self)
        for parameter in result.result["Parameters"]:
            # Every parameter moto stores was set by the user (moto keeps no engine defaults).
            if isinstance(parameter, dict):
                parameter.setdefault("Source", "user")
        return result

    RDSResponse.describe_db_parameters = describe_db_parameters


def probe_rds_parameter_source() -> bool:
    rds = client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="probe", DBParameterGroupFamily="mysql8.4", Description="probe")
    rds.modify_db_parameter_group(
        DBParameterGroupName="probe",
        Parameters=[{"ParameterName": "slow_query_log", "ParameterValue": "1", "ApplyMethod": "immediate"}],
    )
    parameters = rds.describe_db_parameters(DBParameterGroupName="probe")["Parameters"]
    return not any(p.get("Source") == "user" for p in parameters)


GAPS = [
    Gap(
        "s3-bucket-policy-conditions",
        "moto evaluates only StringEquals conditions in bucket policies and turns a statement whose condition does not "
        "hold into an explicit deny, so the state bucket's TLS-only statement (Deny unless aws:SecureTransport) denies "
        "every state read and write. Patched: Bool conditions are evaluated, requests count as HTTPS as Terraform's "
        "are, and a statement whose condition does not hold does not apply.",
        patch_bucket_policy_conditions,
        probe_bucket_policy_conditions,
    ),
    Gap(
        "ec2-monitor-instances",
        "moto does not implement MonitorInstances/UnmonitorInstances; the provider calls it for an instance with "
        "detailed monitoring and retries until its timeout. Patched: the calls switch the instance's monitoring state.",
        patch_monitor_instances,
        probe_monitor_instances,
    ),
    Gap(
        "ec2-referenced-group-rule-description",
        "moto drops the description of a security group rule whose peer is another group, so every such rule shows a "
        "description change in the next plan. Patched: the description is kept.",
        patch_referenced_group_rule_description,
        probe_referenced_group_rule_description,
    ),
    Gap(
        "ec2-prefix-list-rule-description",
        "moto drops the description of a security group rule whose peer is a prefix list (S3's, for the gateway "
        "endpoint), so every such rule shows a description change in the next plan. Patched: the description is kept.",
        patch_prefix_list_rule_description,
        probe_prefix_list_rule_description,
    ),
    Gap(
        "ec2-launch-template-own-tags",
        "moto copies a launch template's own tags (resource type launch-template) into its launch data, so the next "
        "plan wants to remove a tag specification the code never set. Patched: they stay tags of the template.",
        patch_launch_template_own_tags,
        probe_launch_template_own_tags,
    ),
    Gap(
        "ec2-launch-template-tags",
        "moto describes a launch template with the tags it had when it was created, so a tag added later (a new "
        "environment tag) never reads back and every plan adds it again. Patched: the template's current tags.",
        patch_launch_template_tags,
        probe_launch_template_tags,
    ),
    Gap(
        "ec2-launch-template-version-user-data",
        "moto stores the user data of a new launch template version undecoded, and its own Auto Scaling then fails with "
        "an internal error when the group scales out from that version (after any change of the app's template). "
        "Patched: the new version's user data is decoded as the template's first version's is.",
        patch_launch_template_version_user_data,
        probe_launch_template_version_user_data,
    ),
    Gap(
        "autoscaling-instance-refresh",
        "moto does not implement instance refreshes; the provider starts one whenever the app's launch template "
        "changes and retries until its timeout. Patched: a refresh starts and, as the emulator runs no instances, "
        "succeeds at once; it can be described and cancelled.",
        patch_instance_refresh,
        probe_instance_refresh,
    ),
    Gap(
        "autoscaling-instance-maintenance-policy",
        "moto ignores an Auto Scaling group's InstanceMaintenancePolicy, so the app's group (which launches a "
        "replacement before terminating an instance) reads back without it and every plan wants to set it again. "
        "Patched: the policy is kept and described.",
        patch_instance_maintenance_policy,
        probe_instance_maintenance_policy,
    ),
    Gap(
        "autoscaling-policy-enabled",
        "moto ignores a scaling policy's Enabled and describes an empty predictive configuration on every policy, so "
        "the app's target-tracking policy reads back disabled and predictive and every plan wants to change it. "
        "Patched: the policy is enabled as AWS does, with no predictive configuration.",
        patch_scaling_policy_enabled,
        probe_scaling_policy_enabled,
    ),
    Gap(
        "elbv2-default-scheme",
        "moto records no scheme for a load balancer created without one; AWS makes it internet-facing, and the "
        "provider sends no scheme for internet-facing balancers. Patched: AWS's default.",
        patch_load_balancer_default_scheme,
        probe_load_balancer_default_scheme,
    ),
    Gap(
        "elbv2-deletion-protection",
        "moto deletes a load balancer whose deletion protection is on; AWS refuses, which is what keeps a careless "
        "destroy of production from removing it. Patched: the deletion is refused as AWS does.",
        patch_load_balancer_deletion_protection,
        probe_load_balancer_deletion_protection,
    ),
    Gap(
        "rds-default-ca",
        "moto gives new DB instances the CA rds-ca-default; AWS gives them rds-ca-rsa2048-g1, the CA the project pins, "
        "so only on moto does the provider modify the instance after creating it (80 s of waiting). Patched: AWS's default.",
        patch_rds_default_ca,
        probe_rds_default_ca,
    ),
    Gap(
        "rds-monitoring-interval",
        "moto ignores MonitoringInterval and MonitoringRoleArn, so enhanced monitoring reads back as off and every "
        "plan wants to turn it on. Patched: both are kept.",
        patch_rds_monitoring,
        probe_rds_monitoring,
    ),
    Gap(
        "rds-port-change",
        "moto ignores DBPortNumber in ModifyDBInstance, so a change of database.port never reaches the instance and "
        "every later plan shows it again. Patched: the instance takes the new port.",
        patch_rds_port_change,
        probe_rds_port_change,
    ),
    Gap(
        "rds-parameter-source",
        "moto returns a parameter group's parameters without their Source; the provider keeps only those whose Source "
        "is user, so the TLS and logging parameters read back as missing. Patched: they carry Source user.",
        patch_rds_parameter_source,
        probe_rds_parameter_source,
    ),
]


def probe_all(patched: bool = False) -> list:
    from moto import mock_aws

    if patched:
        for gap in GAPS:
            gap.patch()
    results = []
    for gap in GAPS:
        with mock_aws():
            try:
                present = bool(gap.probe())
                error = None
            except Exception as exc:  # a probe that cannot run proves nothing: report it
                present, error = None, f"{type(exc).__name__}: {exc}"
        results.append({"id": gap.id, "present": present, "error": error})
    return results


def exit_with_parent() -> None:
    """Stops this server when the process that started it is gone, however it ended (even by SIGKILL)."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def record_requests(path: str) -> None:
    """
    Writes every request the server answers to `path`, one JSON object a line (EMULATOR_CALL_LOG): what IAM would
    authorize in AWS, read by src/local-deploy/calls.ts. The signing scope of the Authorization header names the
    service and region, the user agent the Terraform run (TF_APPEND_USER_AGENT), the query, the X-Amz-Target header
    and the body the operation and its parameters. Object bodies (state files, uploads) are left out: IAM reads
    their headers, not their content.
    """
    import threading
    import time

    import moto.server as server

    original = server.run_simple
    lock = threading.Lock()
    out = open(path, "a", encoding="utf-8")
    limit = 64 * 1024

    def run_simple(hostname, port, application, *args, **kwargs):
        def recorded(environ, start_response):
            from io import BytesIO

            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = BytesIO(body)
            status = []

            def capture(code, headers, *rest):
                status.append(int(code.split(" ", 1)[0]))
                return start_response(code, headers, *rest)

            chunks = list(application(environ, capture))
            content_type = environ.get("CONTENT_TYPE", "")
            authorization = environ.get("HTTP_AUTHORIZATION", "")
            segments = [part for part in environ.get("PATH_INFO", "").split("/") if part]
            # An S3 object's content (a state file) is data, not a parameter; a bucket's settings are parameters.
            s3_object = "/s3/aws4_request" in authorization and len(segments) > 1
            entry = {
                "time": round(time.time(), 3),
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO", ""),
                "query": environ.get("QUERY_STRING", ""),
                "authorization": authorization[:200],
                "userAgent": environ.get("HTTP_USER_AGENT", ""),
                "target": environ.get("HTTP_X_AMZ_TARGET"),
                "contentType": content_type,
                "amzHeaders": {k[5:].lower().replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_X_AMZ_") and k not in ("HTTP_X_AMZ_TARGET", "HTTP_X_AMZ_DATE", "HTTP_X_AMZ_CONTENT_SHA256", "HTTP_X_AMZ_SECURITY_TOKEN")},
                "body": "" if s3_object or "cbor" in content_type else body[:limit].decode("utf-8", "replace"),
                "status": status[0] if status else None,
            }
            with lock:
                out.write(json.dumps(entry) + "\n")
                out.flush()
            return chunks

        return original(hostname, port, recorded, *args, **kwargs)

    server.run_simple = run_simple


def serialize_requests() -> None:
    """
    Handles one request at a time, and answers an SDK's retry of a call that already succeeded with the answer it
    gave, instead of carrying the call out twice.

    One at a time: moto's backends are plain dictionaries without locks, and werkzeug serves each request in a thread
    of its own: two Terraform runs at once (the access and data stacks of one wave) could interleave inside a backend.

    Retries: the AWS SDKs retry a call whose answer they did not read (a connection reset, a timeout), and moto has
    carried it out by then. A call that is not idempotent then fails for real, as AWS's own idempotency would not
    let it (seen on a loaded machine: AddRoleToInstanceProfile answered LimitExceeded, the role already in the
    profile; CreateNatGateway answered Resource.AlreadyAssociated, its Elastic IP taken by the first attempt). Every
    attempt of one call carries the same `amz-sdk-invocation-id` header, so a successful answer is kept under it and
    given again to a later attempt. Only successes: a retried error must reach moto again.
    """
    import collections
    import sys
    import threading

    import moto.server as server

    original = server.run_simple
    lock = threading.Lock()
    answered: "collections.OrderedDict[str, tuple]" = collections.OrderedDict()
    kept = 4096

    def run_simple(hostname, port, application, *args, **kwargs):
        def one_at_a_time(environ, start_response):
            invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
            if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
                invocation = None  # reads are safe to repeat, and their answers (state files) are large
            with lock:
                if invocation and invocation in answered:
                    status, headers, body = answered[invocation]
                    attempt = environ.get("HTTP_AMZ_SDK_REQUEST", "")
                    sys.stderr.write(f"emulator: answered a retry of {invocation} ({attempt}) as the first attempt\n")
                    start_response(status, headers)
                    return [body]
                seen = {}

                def keep_status(status, headers, exc_info=None):
                    seen["status"], seen["headers"] = status, headers
                    return start_response(status, headers, exc_info)

                body = b"".join(application(environ, keep_status))
                if invocation and seen.get("status", "").startswith("2"):
                    answered[invocation] = (seen["status"], seen["headers"], body)
                    while len(answered) > kept:
                        answered.popitem(last=False)
                return [body]

        return original(hostname, port, one_at_a_time, *args, **kwargs)

    server.run_simple = run_simple


def main(argv: list) -> int:
    if argv[:1] == ["--list"]:
        print(json.dumps([{"id": g.id, "reason": g.reason} for g in GAPS], indent=2))
        return 0
    if argv[:1] in (["--probe"], ["--probe-patched"]):
        print(json.dumps(probe_all(patched=argv[0] == "--probe-patched"), indent=2))
        return 0
    import os

    if os.environ.get("EMULATOR_EXIT_WITH_PARENT") == "1":
        exit_with_parent()
    for gap in GAPS:
        gap.patch()
    serialize_requests()
    if os.environ.get("EMULATOR_CALL_LOG"):
        record_requests(os.environ["EMULATOR_CALL_LOG"])
    from moto.server import main as serve

    return serve(argv) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
