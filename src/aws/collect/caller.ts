/**
 * Area "caller": where the call comes from. A `--lambda` function's configuration, an EC2
 * instance's metadata (IMDSv2), or the flags (`--vpc/--subnet/--caller-sg/--caller-ip`) give
 * the caller's network; its VPC id is what the network area's first reads wait for.
 */
import { notCollected, ok, valueOf, type CallerNetworkFacts, type Collected } from '../../doctor/snapshot.js'
import type { CollectContext } from './context.js'
import type { ImdsPort, LambdaPort } from './ports.js'

export type LambdaConfig = NonNullable<Awaited<ReturnType<LambdaPort['functionConfiguration']>>>
export type ImdsNetwork = Awaited<ReturnType<ImdsPort['network']>>

export interface CallerReads {
  /** GetFunctionConfiguration of `--lambda` (absent without the flag). */
  readonly lambda?: Promise<Collected<LambdaConfig>>
  /** The instance's network from IMDSv2 (absent without `--from-imds`). */
  readonly imds?: Promise<Collected<ImdsNetwork>>
  readonly callerNetwork: Promise<Collected<CallerNetworkFacts>>
  /** Known at once when `--vpc` is given; otherwise after the read that names it. */
  readonly callerVpcId: Promise<string | undefined>
}

export function startCaller({ req, ports, get }: CollectContext): CallerReads {
  const n = req.network
  const lambda = n.lambda
    ? get('lambda:GetFunctionConfiguration', () => ports.lambda.functionConfiguration(n.lambda!))
    : undefined
  const imds = n.fromImds ? get('ec2 instance metadata (IMDSv2)', () => ports.imds.network()) : undefined

  const callerNetwork: Promise<Collected<CallerNetworkFacts>> = (async () => {
    const lambdaCfg = lambda ? await lambda : undefined
    if (lambdaCfg) {
      if (lambdaCfg.status !== 'ok') return lambdaCfg
      const fn = lambdaCfg.value
      if (!fn.vpcId)
        return notCollected(
          `${fn.functionName} is not attached to a VPC: it cannot reach a private API`,
          'attach the function to the VPC (VpcConfig)',
        )
      return ok({
        source: 'lambda' as const,
        vpcId: fn.vpcId,
        subnetIds: fn.subnetIds,
        securityGroupIds: fn.securityGroupIds,
        privateIps: [...n.privateIps],
        lambda: { functionName: fn.functionName, functionArn: fn.functionArn, roleArn: fn.roleArn },
      })
    }
    if (imds) {
      const m = await imds
      if (m.status !== 'ok') return m
      return ok({
        source: 'imds' as const,
        ...(m.value.vpcId ? { vpcId: m.value.vpcId } : {}),
        subnetIds: m.value.subnetId ? [m.value.subnetId] : [],
        securityGroupIds: m.value.securityGroupIds,
        privateIps: m.value.privateIps,
        ...(m.value.instanceId ? { instanceId: m.value.instanceId } : {}),
      })
    }
    if (
      !n.vpcId &&
      n.subnetIds.length === 0 &&
      n.securityGroupIds.length === 0 &&
      n.privateIps.length === 0
    ) {
      return notCollected(
        "the caller's network was not given",
        '--lambda NAME, --from-imds, or --vpc/--subnet/--caller-sg/--caller-ip',
      )
    }
    // Flags: fill the VPC from the subnet when only the subnet was given.
    let vpcId = n.vpcId
    if (!vpcId && n.subnetIds.length > 0) {
      const sn = await get('ec2:DescribeSubnets', () => ports.ec2.subnets(n.subnetIds))
      vpcId = valueOf(sn)?.[0]?.vpcId
    }
    return ok({
      source: 'flags' as const,
      ...(vpcId ? { vpcId } : {}),
      subnetIds: [...n.subnetIds],
      securityGroupIds: [...n.securityGroupIds],
      privateIps: [...n.privateIps],
    })
  })()

  return {
    ...(lambda ? { lambda } : {}),
    ...(imds ? { imds } : {}),
    callerNetwork,
    callerVpcId: callerNetwork.then(c => valueOf(c)?.vpcId),
  }
}
