import { fail, pass, unknown, type Check, type Evidence } from '../finding.js'
import { addressFamily, endpointIpsOf } from '../ip-family.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 2 (dual-stack): the caller and the name it connects to share an address family, and
 * which one the connection uses. A private API is always dual-stack; the endpoint decides which
 * addresses exist (`IpAddressType`) and which records the names get (`DnsRecordIpType`). An
 * IPv4-only caller (a Lambda function without `Ipv6AllowedForDualStack`, an instance without an
 * IPv6 address) cannot use an AAAA-only name, nor an IPv6-only caller an A-only name.
 */
export const dnsAddressFamily: Check = {
  id: 'dns.address-family',
  hop: 2,
  title: "the caller and the endpoint's DNS records share an address family (IPv4, IPv6, dual-stack)",
  rows: [],
  run(s, d) {
    const fam = addressFamily(s, d)
    const ep = valueOf(d.endpoint)
    const api = valueOf(s.api.restApi)
    const evidence: Evidence[] = [
      ...(ep
        ? [
            {
              text: `${ep.id}: IpAddressType ${ep.ipAddressType ?? '(not read)'}, DnsRecordIpType ${ep.dnsRecordIpType ?? '(not read)'}; ENI IPv4 ${endpointIpsOf(d, 4).join(', ') || 'none'}, IPv6 ${endpointIpsOf(d, 6).join(', ') || 'none'}`,
              resource: ep.id,
            },
          ]
        : []),
      ...(api?.ipAddressType ? [{ text: `API ${api.id}: ipAddressType ${api.ipAddressType}` }] : []),
      ...(fam.records ? [{ text: `records: ${fam.records.source}` }] : []),
      ...(fam.caller ? [{ text: `caller: ${fam.caller.why}` }] : []),
    ]
    if (!fam.records || !fam.caller)
      // Stryker disable next-line ArrayDeclaration: addressFamily always names what is missing when records or caller are unknown
      return unknown(`could not tell the address family: ${fam.why}`, fam.missing ?? [], evidence)
    const r = s.target.region
    if (fam.mismatch) {
      const net = valueOf(d.callerNetwork)
      // Stryker disable next-line ConditionalExpression,OptionalChaining: the caller is known here (fam.caller), and only a Lambda caller carries .lambda
      const lambda = net?.source === 'lambda' ? net.lambda : undefined
      const fix: string[] = []
      // Stryker disable next-line LogicalOperator: a mismatch has exactly one record type (no caller lacks both families)
      if (fam.records.aaaa && !fam.records.a) {
        // The name has only AAAA records: give it A records too, or give the caller IPv6.
        if (ep)
          fix.push(
            `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.id}${ep.ipAddressType === 'ipv6' ? ' --ip-address-type dualstack' : ''} --dns-options DnsRecordIpType=dualstack --region ${r}`,
          )
        // The Lambda alternative stays prose: AWS CLI releases before 2.13 (Debian 12's 2.9) reject
        // Ipv6AllowedForDualStack in --vpc-config, so a printed command would not run everywhere.
        if (lambda && net)
          fix.push(
            `# or turn on Ipv6AllowedForDualStack in the VpcConfig of ${lambda.functionName} (lambda update-function-configuration; its subnets ${net.subnetIds.join(', ')} need IPv6 blocks)`,
          )
      } else if (ep) {
        // The name has only A records (or the ENIs no IPv6 address) and the caller is IPv6-only.
        fix.push(
          `# the endpoint's subnets need IPv6 blocks for a dual-stack endpoint:`,
          `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.id} --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack --region ${r}`,
        )
      }
      if (fix.length === 0)
        fix.push(
          `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${r}.execute-api --region ${r}`,
        )
      return fail(
        `the caller cannot reach ${s.target.connectHost}: ${fam.why}`,
        fix.join('\n'),
        evidence,
        ep?.id ?? s.target.connectHost,
      )
    }
    if (fam.family === undefined)
      return unknown(
        `could not tell which address family the caller uses: ${fam.why}`,
        // Stryker disable next-line ArrayDeclaration: without a mismatch, an undecided family always names what is missing
        fam.missing ?? [],
        evidence,
      )
    return pass(`the caller connects over ${fam.why}`, evidence)
  },
}
