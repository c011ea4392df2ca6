import type { TargetGroupFacts, TargetHealthFacts } from '../front-door-facts.js'
import { frontDoorOf, isOutcome, uriOf } from '../front-door-helpers.js'
import { fail, pass, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

const CROSS_ZONE = 'load_balancing.cross_zone.enabled'

/** Cross-zone load balancing as it applies to a target group (its own setting overrides the NLB's). */
function crossZone(
  g: TargetGroupFacts,
  lbAttributes: Readonly<Record<string, string>> | undefined,
): boolean | undefined {
  const own = valueOf(g.attributes)?.[CROSS_ZONE]
  if (own === 'true') return true
  if (own === 'false') return false
  const lb = lbAttributes?.[CROSS_ZONE]
  // NLBs default to off.
  return lb === undefined ? (lbAttributes ? false : undefined) : lb === 'true'
}

/**
 * Hop 5 (front door): the NLB listens on the URI's port and forwards to a target group whose
 * targets are exactly the endpoint's ENI addresses on 443, healthy, in every zone of the NLB
 * (with cross-zone load balancing off, a node whose zone has no healthy target fails its share
 * of the calls).
 */
export const frontdoorNlbTargets: Check = {
  id: 'frontdoor.nlb-targets',
  hop: 5,
  title: "the NLB forwards to the endpoint's ENI addresses on 443, healthy in every zone",
  rows: [],
  run(s, d) {
    const fd = frontDoorOf(s)
    if (isOutcome(fd)) return fd
    if (fd.loadBalancer.status !== 'ok') return unknownFrom('the NLB', fd.loadBalancer)
    const lb = fd.loadBalancer.value
    const r = fd.region
    const name = lb.name ?? lb.arn
    if (lb.type && lb.type !== 'network')
      return unknown(`${name} is an ${lb.type} load balancer: pvapi checks the NLB pattern only`, [
        'a VPC link to a Network Load Balancer',
      ])
    if (fd.listeners.status !== 'ok') return unknownFrom(`the listeners of ${name}`, fd.listeners)
    if (fd.targetGroups.status !== 'ok') return unknownFrom(`the target groups of ${name}`, fd.targetGroups)
    const uri = uriOf(valueOf(fd.integration))
    const port = uri ? (uri.port ? Number(uri.port) : uri.protocol === 'http:' ? 80 : 443) : 443
    const listener = fd.listeners.value.find(l => l.port === port)
    const groups = fd.targetGroups.value
    if (!listener)
      return fail(
        `${name} has no listener on port ${port}: the front door's connections are refused`,
        [
          `aws elbv2 create-listener --load-balancer-arn ${lb.arn} --protocol TCP --port ${port} --default-actions Type=forward,TargetGroupArn=${groups[0]?.arn ?? 'TARGET_GROUP_ARN'} --region ${r}`,
          ...(groups[0]
            ? []
            : [
                '# TARGET_GROUP_ARN: an ip target group on TCP 443 whose targets are the endpoint ENI addresses',
              ]),
        ].join('\n'),
        [
          `listeners: ${fd.listeners.value.map(l => `${l.protocol ?? '?'}:${l.port ?? '?'}`).join(', ') || 'none'}`,
        ],
        lb.arn,
      )
    const g = groups.find(x => listener.targetGroupArns.includes(x.arn))
    if (!g)
      return unknown(`the listener on ${port} forwards to no target group that was read`, [
        'elasticloadbalancing:DescribeTargetGroups',
      ])
    if (g.health.status !== 'ok') return unknownFrom(`the targets of ${g.name ?? g.arn}`, g.health)
    const addresses = d.endpointAddresses
    if (addresses.status !== 'ok') return unknownFrom("the endpoint's ENI addresses", addresses)
    // Stryker disable next-line OptionalChaining,StringLiteral: the ENI addresses were read, so the endpoint was
    const ep = valueOf(d.endpoint)?.id ?? 'the endpoint'
    const eni = addresses.value
    const targets = g.health.value
    const tg = g.name ?? g.arn
    const evidence = [
      `listener ${listener.protocol ?? '?'}:${port} → ${tg} (${g.targetType ?? '?'}, ${g.protocol ?? '?'}:${g.port ?? '?'})`,
      `targets: ${targets.map(t => `${t.id}:${t.port ?? '?'} ${t.state ?? '?'}${t.availabilityZone ? ` (${t.availabilityZone})` : ''}`).join(', ') || 'none'}`,
      `${ep} ENI addresses: ${eni.map(a => `${a.ip}${a.availabilityZone ? ` (${a.availabilityZone})` : ''}`).join(', ')}`,
    ]
    if (g.targetType && g.targetType !== 'ip')
      return fail(
        `${tg} has ${g.targetType} targets: the endpoint's ENIs can only be registered by IP address`,
        [
          `aws elbv2 create-target-group --name ${(g.name ?? 'front-door').slice(0, 28)}-ip --protocol TCP --port 443 --target-type ip --vpc-id ${g.vpcId ?? lb.vpcId ?? 'VPC_ID'} --region ${r}`,
          '# NEW_TARGET_GROUP_ARN: the TargetGroupArn create-target-group prints',
          ...((g.vpcId ?? lb.vpcId) ? [] : ["# VPC_ID: the NLB's VPC"]),
          `aws elbv2 register-targets --target-group-arn NEW_TARGET_GROUP_ARN --targets ${eni.map(a => `Id=${a.ip},Port=443`).join(' ')} --region ${r}`,
          `aws elbv2 modify-listener --listener-arn ${listener.arn} --default-actions Type=forward,TargetGroupArn=NEW_TARGET_GROUP_ARN --region ${r}`,
        ].join('\n'),
        evidence,
        g.arn,
      )
    const wanted = new Set(eni.map(a => a.ip))
    const on443 = (t: TargetHealthFacts) => (t.port ?? g.port) === 443
    const missing = eni.filter(a => !targets.some(t => t.id === a.ip && on443(t)))
    const extra = targets.filter(t => !wanted.has(t.id) || !on443(t))
    if (missing.length > 0 || extra.length > 0) {
      const lines = [
        ...(missing.length
          ? [
              `aws elbv2 register-targets --target-group-arn ${g.arn} --targets ${missing.map(a => `Id=${a.ip},Port=443`).join(' ')} --region ${r}`,
            ]
          : []),
        ...(extra.length
          ? [
              `aws elbv2 deregister-targets --target-group-arn ${g.arn} --targets ${extra.map(t => `Id=${t.id},Port=${t.port ?? g.port ?? 443}`).join(' ')} --region ${r}`,
            ]
          : []),
      ]
      const what = [
        ...(missing.length ? [`${missing.map(a => a.ip).join(', ')} (${ep}) not registered on 443`] : []),
        ...(extra.length
          ? // A target registered without a port uses the group's: name the port it is really on.
            [
              `${extra.map(t => `${t.id}:${t.port ?? g.port ?? '?'}`).join(', ')} not ${ep}'s ENI addresses on 443`,
            ]
          : []),
      ]
      return fail(
        `${tg}'s targets are not exactly ${ep}'s ENI addresses on 443: ${what.join('; ')}`,
        lines.join('\n'),
        evidence,
        g.arn,
      )
    }
    // Health: the health check itself can be what fails (an HTTP check gets 403 from the endpoint).
    const hc = g.healthCheck
    const hcBad =
      (hc.protocol !== undefined &&
        hc.protocol !== 'TCP' &&
        !(hc.matcher ?? '').split(',').includes('403')) ||
      (hc.port !== undefined && hc.port !== 'traffic-port' && hc.port !== '443')
    const bad = targets.filter(t => t.state !== 'healthy' && t.state !== 'initial')
    const hcFix = `aws elbv2 modify-target-group --target-group-arn ${g.arn} --health-check-protocol TCP --health-check-port traffic-port --region ${r}`
    const zoneOf = (t: TargetHealthFacts) =>
      t.availabilityZone && t.availabilityZone !== 'all'
        ? t.availabilityZone
        : eni.find(a => a.ip === t.id)?.availabilityZone
    const healthyZones = new Set(targets.filter(t => t.state === 'healthy').map(zoneOf))
    const cross = crossZone(g, valueOf(fd.loadBalancerAttributes))
    const lbZones = lb.zones.flatMap(z => (z.zoneName ? [z.zoneName] : []))
    const dark = lbZones.filter(z => !healthyZones.has(z))
    evidence.push(
      `cross-zone load balancing: ${cross === undefined ? 'unknown' : cross ? 'on' : 'off'}; NLB zones ${lbZones.join(', ') || '?'}`,
      `health check: ${hc.protocol ?? '?'} port ${hc.port ?? '?'}${hc.path ? ` ${hc.path}` : ''}`,
    )
    if (bad.length > 0 && (cross === false || bad.length === targets.length || hcBad)) {
      const zones =
        cross === false && dark.length
          ? ` and zone${dark.length === 1 ? '' : 's'} ${dark.join(', ')} ${dark.length === 1 ? 'has' : 'have'} no healthy target with cross-zone load balancing off`
          : ''
      return fail(
        `${bad.map(t => `${t.id} is ${t.state ?? '?'}${t.reason ? ` (${t.reason})` : ''}`).join(', ')}${zones}: calls through ${name} fail${hcBad ? `; the ${hc.protocol} health check on port ${hc.port} cannot pass against the endpoint` : ''}`,
        hcBad
          ? hcFix
          : [
              ...(cross === false && dark.length
                ? [
                    `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ${lb.arn} --attributes Key=${CROSS_ZONE},Value=true --region ${r}`,
                  ]
                : []),
              "# the health checks come from the NLB's addresses: frontdoor.nlb-security-groups and nacl.endpoint-subnet name the rule that drops them; watch them recover with:",
              `aws elbv2 describe-target-health --target-group-arn ${g.arn} --region ${r}`,
            ].join('\n'),
        evidence,
        g.arn,
      )
    }
    if (cross === false && dark.length > 0) {
      const fix =
        valueOf(g.attributes)?.[CROSS_ZONE] === 'false'
          ? `aws elbv2 modify-target-group-attributes --target-group-arn ${g.arn} --attributes Key=${CROSS_ZONE},Value=true --region ${r}`
          : `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ${lb.arn} --attributes Key=${CROSS_ZONE},Value=true --region ${r}`
      return fail(
        `zone${dark.length === 1 ? '' : 's'} ${dark.join(', ')} of ${name} ${dark.length === 1 ? 'has' : 'have'} no healthy target of ${ep} and cross-zone load balancing is off: the NLB node there fails its share of the calls`,
        [fix, `# or add a subnet in ${dark.join(', ')} to ${ep} and register its new ENI address`].join('\n'),
        evidence,
        lb.arn,
      )
    }
    if (bad.length > 0)
      return warn(
        `${bad.map(t => `${t.id} is ${t.state ?? '?'}`).join(', ')}: cross-zone load balancing sends the calls to the healthy targets, with less headroom`,
        hcBad ? hcFix : `aws elbv2 describe-target-health --target-group-arn ${g.arn} --region ${r}`,
        evidence,
        g.arn,
      )
    return pass(`${tg} forwards to ${ep}'s ENI addresses on 443, all healthy`, evidence)
  },
}
