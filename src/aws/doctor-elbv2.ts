/**
 * Elastic Load Balancing v2 reads for the front door's Network Load Balancer (account A):
 * DescribeLoadBalancers, DescribeLoadBalancerAttributes, DescribeListeners,
 * DescribeTargetGroups, DescribeTargetGroupAttributes, DescribeTargetHealth. Read-only
 * (`elasticloadbalancing:Describe*`). The SDK client is used rather than a hand-written
 * query-protocol reader: it adds about 35 kB (minified) to the aws-doctor lane, which shares
 * the SDK core with the other doctor clients, and brings XML parsing, pagination markers,
 * retries and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 with it.
 */
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { AwsCredentialIdentity } from '@smithy/types'
import { orMissing } from './collect/attempt.js'
import type { Elbv2Port } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits } from './doctor-client-config.js'

/** Follow `NextMarker` to the end (bounded). */
async function markers<T>(
  fetch: (marker: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
): Promise<T[]> {
  const all: T[] = []
  let marker: string | undefined
  for (let i = 0; i < 100; i++) {
    const out = await fetch(marker)
    all.push(...out.items)
    if (!out.next || out.next === marker) break
    marker = out.next
  }
  return all
}

const attributeMap = (list: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> = []) =>
  Object.fromEntries(list.filter(a => a.Key !== undefined).map(a => [a.Key!, a.Value ?? '']))

export function elbv2Port(
  region: string,
  credentials: AwsCredentialIdentity,
  limits?: DoctorLimits,
): Elbv2Port {
  const client = bounded(
    new ElasticLoadBalancingV2Client(clientConfig(region, credentials, limits)),
    limits?.signal,
  )
  return {
    loadBalancer: arn =>
      orMissing(async () => {
        const out = await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))
        const lb = out.LoadBalancers?.find(l => l.LoadBalancerArn === arn) ?? out.LoadBalancers?.[0]
        if (!lb) return undefined
        return {
          arn: lb.LoadBalancerArn ?? arn,
          ...(lb.LoadBalancerName ? { name: lb.LoadBalancerName } : {}),
          ...(lb.Type ? { type: String(lb.Type) } : {}),
          ...(lb.Scheme ? { scheme: String(lb.Scheme) } : {}),
          ...(lb.DNSName ? { dnsName: lb.DNSName } : {}),
          ...(lb.VpcId ? { vpcId: lb.VpcId } : {}),
          ...(lb.State?.Code ? { state: String(lb.State.Code) } : {}),
          zones: (lb.AvailabilityZones ?? []).map(z => ({
            ...(z.ZoneName ? { zoneName: z.ZoneName } : {}),
            ...(z.SubnetId ? { subnetId: z.SubnetId } : {}),
          })),
          securityGroupIds: lb.SecurityGroups ?? [],
        }
      }),
    async loadBalancerAttributes(arn) {
      const out = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))
      return attributeMap(out.Attributes)
    },
    listeners: arn =>
      markers(async marker => {
        const out = await client.send(
          new DescribeListenersCommand({ LoadBalancerArn: arn, ...(marker ? { Marker: marker } : {}) }),
        )
        return {
          items: (out.Listeners ?? []).map(l => ({
            arn: l.ListenerArn ?? '',
            ...(l.Port !== undefined ? { port: l.Port } : {}),
            ...(l.Protocol ? { protocol: String(l.Protocol) } : {}),
            targetGroupArns: [
              ...new Set(
                (l.DefaultActions ?? [])
                  .filter(a => String(a.Type) === 'forward')
                  .flatMap(a => [
                    ...(a.TargetGroupArn ? [a.TargetGroupArn] : []),
                    ...(a.ForwardConfig?.TargetGroups ?? []).flatMap(t =>
                      t.TargetGroupArn ? [t.TargetGroupArn] : [],
                    ),
                  ]),
              ),
            ],
            certificateArns: (l.Certificates ?? []).flatMap(c =>
              c.CertificateArn ? [c.CertificateArn] : [],
            ),
          })),
          next: out.NextMarker,
        }
      }),
    targetGroups: arn =>
      markers(async marker => {
        const out = await client.send(
          new DescribeTargetGroupsCommand({ LoadBalancerArn: arn, ...(marker ? { Marker: marker } : {}) }),
        )
        return {
          items: (out.TargetGroups ?? []).map(g => ({
            arn: g.TargetGroupArn ?? '',
            ...(g.TargetGroupName ? { name: g.TargetGroupName } : {}),
            ...(g.Protocol ? { protocol: String(g.Protocol) } : {}),
            ...(g.Port !== undefined ? { port: g.Port } : {}),
            ...(g.TargetType ? { targetType: String(g.TargetType) } : {}),
            ...(g.VpcId ? { vpcId: g.VpcId } : {}),
            healthCheck: {
              ...(g.HealthCheckProtocol ? { protocol: String(g.HealthCheckProtocol) } : {}),
              ...(g.HealthCheckPort ? { port: g.HealthCheckPort } : {}),
              ...(g.HealthCheckPath ? { path: g.HealthCheckPath } : {}),
              ...(g.Matcher?.HttpCode ? { matcher: g.Matcher.HttpCode } : {}),
            },
          })),
          next: out.NextMarker,
        }
      }),
    async targetGroupAttributes(arn) {
      const out = await client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))
      return attributeMap(out.Attributes)
    },
    async targetHealth(arn) {
      const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))
      return (out.TargetHealthDescriptions ?? []).map(d => ({
        id: d.Target?.Id ?? '',
        ...(d.Target?.Port !== undefined ? { port: d.Target.Port } : {}),
        ...(d.Target?.AvailabilityZone ? { availabilityZone: d.Target.AvailabilityZone } : {}),
        ...(d.TargetHealth?.State ? { state: String(d.TargetHealth.State) } : {}),
        ...(d.TargetHealth?.Reason ? { reason: String(d.TargetHealth.Reason) } : {}),
        ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
      }))
    },
  }
}
