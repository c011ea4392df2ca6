/**
 * IMDSv2 on an EC2 instance (`--from-imds`): the instance's VPC, subnet, security groups and
 * private IPs (IPv4, then IPv6). Token first (PUT), then GETs with it. Honours AWS_EC2_METADATA_SERVICE_ENDPOINT
 * and AWS_EC2_METADATA_DISABLED like the SDK.
 */
import type { ImdsPort } from './collect/ports.js'

type Env = Readonly<Record<string, string | undefined>>

export function imdsPort(env: Env, timeoutMs = 2000, signal?: AbortSignal): ImdsPort {
  const base = (env.AWS_EC2_METADATA_SERVICE_ENDPOINT || 'http://169.254.169.254').replace(/\/+$/, '')
  const bound = () =>
    signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]) : AbortSignal.timeout(timeoutMs)
  const host = new URL(base).host
  return {
    network: () =>
      network().catch((err: unknown) => {
        throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
          $pvapiEndpoint: host,
          $pvapiTimeoutMs: timeoutMs,
        })
      }),
  }
  async function network() {
    if (env.AWS_EC2_METADATA_DISABLED === 'true')
      throw Object.assign(new Error('IMDS is disabled (AWS_EC2_METADATA_DISABLED=true)'), {
        name: 'ImdsDisabled',
      })
    const tokenRes = await fetch(`${base}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
      signal: bound(),
    })
    if (!tokenRes.ok)
      throw Object.assign(new Error(`IMDS token request failed: HTTP ${tokenRes.status}`), {
        name: 'ImdsError',
      })
    const token = (await tokenRes.text()).trim()
    const get = async (path: string): Promise<string | undefined> => {
      const res = await fetch(`${base}/latest/meta-data/${path}`, {
        headers: { 'x-aws-ec2-metadata-token': token },
        signal: bound(),
      })
      if (res.status === 404) return undefined
      if (!res.ok) throw Object.assign(new Error(`IMDS ${path}: HTTP ${res.status}`), { name: 'ImdsError' })
      return (await res.text()).trim()
    }
    const [instanceId, mac] = await Promise.all([get('instance-id'), get('mac')])
    if (!mac) throw Object.assign(new Error('IMDS has no primary MAC address'), { name: 'ImdsError' })
    const nic = `network/interfaces/macs/${mac}`
    const [vpcId, subnetId, sgs, ips, eniId, ipv6s] = await Promise.all([
      get(`${nic}/vpc-id`),
      get(`${nic}/subnet-id`),
      get(`${nic}/security-group-ids`),
      get(`${nic}/local-ipv4s`),
      get(`${nic}/interface-id`),
      // The instance's IPv6 addresses (404 when it has none): the doctor then evaluates the path
      // over the family the instance will use.
      get(`${nic}/ipv6s`),
    ])
    const lines = (t: string | undefined) => (t ?? '').split(/\s+/).filter(Boolean)
    return {
      ...(instanceId ? { instanceId } : {}),
      ...(vpcId ? { vpcId } : {}),
      ...(subnetId ? { subnetId } : {}),
      securityGroupIds: lines(sgs),
      privateIps: [...lines(ips), ...lines(ipv6s)],
      ...(eniId ? { eniId } : {}),
    }
  }
}
